import CShim
#if canImport(Glibc)
import Glibc
#endif

/// The bpf(2) side of the device program, so the attach path runs against a recording fake
/// in unit tests (this host's devices controller is v1; only a v2 host runs it for real).
public protocol BPFDeviceProgramSystem: Sendable {
    /// Loads the program; returns its descriptor.
    func load(_ program: CgroupDeviceProgram) throws(CoreError) -> Int32
    /// Opens a cgroup2 directory; returns its descriptor.
    func openDirectory(_ path: String) throws(CoreError) -> Int32
    func attach(program: Int32, cgroup: Int32) throws(CoreError)
    func close(_ fd: Int32)
}

extension CgroupDeviceProgram {
    /// Builds the program for `rules` and attaches it to the cgroup2 directory `directory`
    /// (e.g. `cgroup.unifiedDirectory.path` on a v2 host), right after `Cgroup.create` and
    /// before the container starts. The attachment lives as long as the cgroup: removing the
    /// cgroup frees it, so there is nothing to detach.
    public static func attach(rules: [CgroupDeviceRule], toCgroupDirectory directory: String,
                              system: any BPFDeviceProgramSystem = RealBPFDeviceProgramSystem()) throws(CoreError) {
        let program = CgroupDeviceProgram(rules: rules)
        let cgroupFD = try system.openDirectory(directory)
        defer { system.close(cgroupFD) }
        let programFD = try system.load(program)
        defer { system.close(programFD) }
        try system.attach(program: programFD, cgroup: cgroupFD)
    }
}

public struct RealBPFDeviceProgramSystem: BPFDeviceProgramSystem {
    public init() {}

    public func load(_ program: CgroupDeviceProgram) throws(CoreError) -> Int32 {
        let bytes = program.bytes
        let count = UInt32(program.instructions.count)
        let fd = bytes.withUnsafeBytes { cshim_bpf_load_device_program($0.baseAddress, count, nil, 0) }
        if fd >= 0 { return fd }
        let code = errno
        // Again with the verifier's log, for an error that says why.
        var log = [CChar](repeating: 0, count: 1 << 16)
        _ = bytes.withUnsafeBytes { raw in
            log.withUnsafeMutableBufferPointer { cshim_bpf_load_device_program(raw.baseAddress, count, $0.baseAddress, UInt32($0.count)) }
        }
        let text = String(decoding: log.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // The verifier ends with a statistics line; the reason is the line before it.
        var reason: String?
        for line in text.split(separator: "\n") where !line.hasPrefix("processed ") { reason = String(line) }
        throw CoreError(stage: "bpf load cgroup device program", errno: code, detail: reason)
    }

    public func openDirectory(_ path: String) throws(CoreError) -> Int32 {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw CoreError(stage: "open \(path)", errno: errno) }
        return fd
    }

    public func attach(program: Int32, cgroup: Int32) throws(CoreError) {
        guard cshim_bpf_attach_device_program(program, cgroup) == 0 else {
            throw CoreError(stage: "bpf attach cgroup device program", errno: errno)
        }
    }

    public func close(_ fd: Int32) { _ = Glibc.close(fd) }
}
