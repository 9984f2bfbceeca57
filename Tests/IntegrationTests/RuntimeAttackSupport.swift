import Foundation
import Testing
import NamespaceCore

/// A private copy of a built program (cbench or cbench-oci) for the CVE-2019-5736 attack
/// tests: the attack would overwrite the binary, so it never gets the build's own, and no
/// other process keeps the copy busy (ETXTBSY would hide a successful attack).
struct ExecutableCopy {
    let directory: String
    let path: String
    let name: String
    private let original: Data

    init(of program: String) throws {
        let source = try #require(OCITestHarness.builtExecutable(program), "build \(program) first")
        directory = "/tmp/cbench-exe-\(getpid())-\(String(UInt32.random(in: 0...UInt32.max), radix: 36))"
        name = program
        path = "\(directory)/\(program)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: source, toPath: path)
        original = try Data(contentsOf: URL(fileURLWithPath: path))
    }

    /// Device and inode: what a handle to this very file shows in fstat.
    var identity: (device: String, inode: UInt64) {
        var info = stat()
        _ = stat(path, &info)
        // glibc's major() and minor(), as the probe prints them.
        let device = UInt64(info.st_dev)
        let major = ((device >> 8) & 0xfff) | ((device >> 32) & ~UInt64(0xfff))
        let minor = (device & 0xff) | ((device >> 12) & ~UInt64(0xff))
        return ("\(major):\(minor)", UInt64(info.st_ino))
    }

    /// The bytes are still the ones copied.
    var isIntact: Bool { (try? Data(contentsOf: URL(fileURLWithPath: path))) == original }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }
}

/// A directory shared with the containers under attack: the probe that attacks, a script
/// `selfexe` ("#!/proc/self/exe": whoever execs it runs the executable of the process that
/// called execve, the runtime's child, which is how CVE-2019-5736 reached runc), and the
/// grabber's report. World-writable, for an unprivileged container's root.
struct AttackDirectory {
    let path: String

    init(at path: String) throws {
        self.path = path
        let probe = try #require(ProbeLocator.find(), "no static cbench-probe (make probe)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        chmod(path, 0o777)
        try? FileManager.default.removeItem(atPath: "\(path)/cbench-probe")
        try FileManager.default.copyItem(atPath: probe, toPath: "\(path)/cbench-probe")
        try "#!/proc/self/exe\n".write(toFile: "\(path)/selfexe", atomically: false, encoding: .utf8)
        chmod("\(path)/cbench-probe", 0o755)
        chmod("\(path)/selfexe", 0o755)
    }

    /// The grabber's shell command inside the container, with this directory at `inside`.
    func grabCommand(inside: String, seconds: Int) -> String {
        "\(inside)/cbench-probe --only none --grab-exe \(seconds) > \(inside)/grab.json 2>&1"
    }

    /// The report, once the grabber has written it (it writes the whole document at its end).
    func report(waitingUpTo seconds: Double = 60) throws -> GrabReport {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            if let data = FileManager.default.contents(atPath: "\(path)/grab.json"), !data.isEmpty {
                last = String(decoding: data, as: UTF8.self)
                if let report = try? JSONDecoder().decode(GrabReport.self, from: data) { return report }
            }
            usleep(100_000)
        }
        throw CoreError(stage: "grab report", detail: "none in \(path)/grab.json after \(seconds) s: \(last)")
    }
}

/// What `cbench-probe --grab-exe` saw (grab.c).
struct GrabReport: Decodable {
    struct Process: Decodable {
        let pid: Int
        let comm: String?
        let exe: String?
        let openErrno: String?
        let device: String?
        let inode: UInt64?
        let written: Bool?
        let writeErrno: String?
        enum CodingKeys: String, CodingKey {
            case pid, comm, exe, device, inode, written
            case openErrno = "open_errno", writeErrno = "write_errno"
        }
    }
    struct Grab: Decodable { let processes: [Process] }
    let exeGrab: Grab
    enum CodingKeys: String, CodingKey { case exeGrab = "exe_grab" }

    var processes: [Process] { exeGrab.processes }

    /// Handles whose fstat is the runtime binary itself.
    func handles(to copy: ExecutableCopy) -> [Process] {
        let identity = copy.identity
        return processes.filter { $0.device == identity.device && $0.inode == identity.inode }
    }

    /// The runtime's child was in sight: a process that still ran the runtime's program, or
    /// ran the `selfexe` script (whose interpreter is the runtime's executable).
    func sawRuntime(_ copy: ExecutableCopy) -> Bool {
        processes.contains { ($0.comm.map { copy.name.hasPrefix($0) } ?? false) || $0.comm == "selfexe" }
    }
}

/// The attack failed: no handle to the binary, nothing written through any handle, the
/// binary unchanged.
func expectAttackDefeated(_ report: GrabReport, on copy: ExecutableCopy, _ what: String) {
    #expect(report.handles(to: copy).isEmpty, "\(what): handles to the host binary: \(report.handles(to: copy).map { "\($0.pid) \($0.exe ?? "?")" })")
    let written = report.processes.filter { $0.written == true }
    #expect(written.isEmpty, "\(what): wrote through \(written.map { $0.exe ?? "?" })")
    #expect(copy.isIntact, "\(what): \(copy.path) changed")
}

/// What the grabber has done so far, as the host sees it: the events the attack tests wait for
/// instead of sleeping.
enum GrabberWatch {
    /// Waits until a `cbench-probe` in `member`'s pid namespace (the grabber) holds a descriptor
    /// of the file `target` executes, i.e. it has stopped `target` and taken its /proc/PID/exe;
    /// at most `seconds` (a cap against hanging). True once it does.
    static func waitUntilGrabbed(_ target: Int32, grabberNamespaceOf member: Int32, seconds: Double = 10) -> Bool {
        var exe = stat()
        guard stat("/proc/\(target)/exe", &exe) == 0, let namespace = link("/proc/\(member)/ns/pid") else { return false }
        let deadline = MonotonicDeadline(seconds: seconds)
        while !deadline.hasPassed {
            for pid in ((try? FileIO.names(in: "/proc")) ?? []).filter({ Int32($0) != nil })
            where link("/proc/\(pid)/ns/pid") == namespace && FileIO.contents("/proc/\(pid)/comm") == "cbench-probe\n" {
                for fd in (try? FileIO.names(in: "/proc/\(pid)/fd")) ?? [] {
                    var held = stat()
                    if stat("/proc/\(pid)/fd/\(fd)", &held) == 0 && held.st_dev == exe.st_dev && held.st_ino == exe.st_ino { return true }
                }
            }
            usleep(10_000)
        }
        return false
    }

    private static func link(_ path: String) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: path)
    }
}
