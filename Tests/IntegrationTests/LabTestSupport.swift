#if canImport(Glibc)
import Glibc
#endif
import Testing
import NamespaceCore

/// Runs the built cbench (the debug build beside the test bundle) and other programs, and
/// makes sure a lab a failed test left up comes down.
enum LabTestSupport {
    static let shell = HostCommandRunner()

    static var canRun: Bool { getuid() == 0 && access("/usr/sbin/sshd", X_OK) == 0 }

    static func cbench(_ arguments: String...) throws -> HostCommandResult {
        try cbench(arguments)
    }

    static func cbench(_ arguments: [String]) throws -> HostCommandResult {
        let executable = try CBenchExecutable.locate()
        return shell.run([executable] + arguments) ?? HostCommandResult(status: 127, output: "cannot start \(executable)")
    }

    static func inLab(_ host: String, _ command: String...) throws -> HostCommandResult {
        try inLab(host, command)
    }

    static func inLab(_ host: String, _ command: [String]) throws -> HostCommandResult {
        try cbench(["lab", "exec", host, "--"] + command)
    }

    /// `lab up`, the body, then `lab down` whatever happened; the lab's objects must be gone.
    static func withLab(hosts: Int, _ body: () throws -> Void) throws {
        let up = try cbench("lab", "up", "--hosts", String(hosts))
        // A lab that did not come up is not ours to take down (lab up removes its own half).
        try #require(up.status == 0, "lab up: \(up.output)")
        defer {
            let down = (try? cbench("lab", "down")) ?? HostCommandResult(status: 127, output: "")
            #expect(down.status == 0, "lab down: \(down.output)")
        }
        try body()
    }

    static func temporaryDirectory(_ name: String) throws -> String {
        var template = Array("/tmp/cbench-\(name)-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> String? in
            guard let base = buffer.baseAddress, let result = mkdtemp(base) else { return nil }
            return String(cString: result)
        }
        guard let made else { throw CoreError.fromErrno("mkdtemp") }
        return made
    }

    static func remove(_ path: String) {
        _ = SystemLeftoverActions().removeTree(path)
    }
}
