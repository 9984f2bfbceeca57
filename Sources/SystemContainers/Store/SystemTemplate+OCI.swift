#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore
import OCIImages

/// What runs as PID 1 in a container made from an OCI image. An image's Entrypoint/Cmd is an
/// application, not an init: the image's own /sbin/init wins when it has one.
public struct OCIInitChoice: Sendable, Equatable {
    public enum Kind: String, Sendable { case busyboxInit, systemd, otherInit, process }
    public var kind: Kind
    public var command: [String]
    /// The signal that halts it cleanly.
    public var haltSignal: String

    /// Looks at `rootfs/sbin/init` without following a link out of the root (lstat, readlink).
    public static func choose(rootfs: String, configuration: ImageConfiguration.ExecutionParameters?) throws(CoreError) -> OCIInitChoice {
        let initPath = rootfs + "/sbin/init"
        var status = stat()
        if lstat(initPath, &status) == 0 {
            let target = linkTarget(initPath) ?? ""
            let name = target.split(separator: "/").last.map(String.init) ?? ""
            if name == "busybox" { return OCIInitChoice(kind: .busyboxInit, command: ["/sbin/init"], haltSignal: "SIGPWR") }
            if target.contains("systemd") { return OCIInitChoice(kind: .systemd, command: ["/sbin/init"], haltSignal: "SIGRTMIN+3") }
            return OCIInitChoice(kind: .otherInit, command: ["/sbin/init"], haltSignal: "SIGPWR")
        }
        let command = (configuration?.entrypoint ?? []) + (configuration?.cmd ?? [])
        guard !command.isEmpty else {
            throw CoreError(stage: "template oci", detail: "the image has no /sbin/init and no Entrypoint or Cmd; give one with --config (lxc.init.cmd = ...)")
        }
        let stop = configuration?.stopSignal.flatMap { Signal.number(named: $0) }.map { Signal.name(of: $0) } ?? "SIGTERM"
        return OCIInitChoice(kind: .process, command: command, haltSignal: stop.hasPrefix("SIG") ? stop : "SIG" + stop)
    }

    static func linkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

extension SystemTemplate {
    /// LXC's security defaults as for busybox; the init command, halt signal and environment
    /// from the image.
    static func ociConfig(name: String, rootfs: String, image: String, choice: OCIInitChoice,
                          environment: [String]) throws(CoreError) -> String {
        guard let command = LXCCommandLine.join(choice.command) else {
            throw CoreError(stage: "template oci", detail: "an argument of the image's command holds both quote kinds; give lxc.init.cmd with --config")
        }
        let environmentLines = environment.filter { !$0.contains("\n") }.map { "lxc.environment = \($0)\n" }.joined()
        return configText(heading: "template oci from image \(image) (PID 1: \(choice.kind.rawValue))", name: name, rootfs: rootfs,
                          initCommand: command, haltSignal: choice.haltSignal) + environmentLines
    }

    /// A busybox init gets the readiness line in its inittab (when it has one) and a hostname.
    static func customizeOCI(rootfs: String, name: String, choice: OCIInitChoice) throws(CoreError) -> String? {
        guard choice.kind == .busyboxInit else { return nil }
        try FileIO.makeDirectories(rootfs + "/etc")
        try writeHostname(name, rootfs: rootfs)
        let inittab = rootfs + "/etc/inittab"
        var status = stat()
        // A link could point out of the root: only a plain file is edited.
        guard lstat(inittab, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        let text = String(decoding: try FileIO.read(inittab), as: UTF8.self)
        try FileIO.write(inittab, Array(addingReadinessLine(to: text).utf8))
        return busyboxReadinessMarker
    }
}
