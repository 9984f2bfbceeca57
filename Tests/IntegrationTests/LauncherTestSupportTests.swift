import Foundation
import Testing
@testable import NamespaceCore

/// A busybox root for launcher tests: the cached one when present, else (or when `owned`
/// is asked for, for a test that changes the root) a fresh one in a temp dir, removed by
/// `remove()`.
struct LauncherTestRootfs {
    let path: String
    let owned: Bool

    static let applets = ["sh", "true", "false", "cat", "ls", "echo", "hostname", "id", "sleep",
                          "readlink", "grep", "pwd", "kill", "mount", "ulimit", "env", "wc", "head", "mknod"]

    init(owned wantOwned: Bool = false) throws {
        let cached = ProcessInfo.processInfo.environment["CBENCH_BUSYBOX_ROOTFS"] ?? "/var/lib/cbench/rootfs/busybox"
        if !wantOwned && FileManager.default.fileExists(atPath: cached + "/bin/sh") {
            path = cached
            owned = false
            return
        }
        let dir = try LauncherTestRootfs.tempDir("rootfs")
        for sub in ["bin", "proc", "sys", "dev", "tmp", "etc"] {
            try FileManager.default.createDirectory(atPath: dir + "/" + sub, withIntermediateDirectories: true)
        }
        try FileManager.default.copyItem(atPath: "/bin/busybox", toPath: dir + "/bin/busybox")
        for applet in Self.applets {
            try FileManager.default.createSymbolicLink(atPath: dir + "/bin/" + applet, withDestinationPath: "busybox")
        }
        path = dir
        owned = true
    }

    func remove() {
        if owned { try? FileManager.default.removeItem(atPath: path) }
    }

    /// /tmp/cbench-launcher-NAME-XXXXXX, world-traversable so mapped users can enter it.
    static func tempDir(_ name: String) throws -> String {
        var template = Array("/tmp/cbench-launcher-\(name)-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> String? in
            guard let base = buffer.baseAddress, let result = mkdtemp(base) else { return nil }
            return String(cString: result)
        }
        guard let made else { throw CoreError.fromErrno("mkdtemp") }
        chmod(made, 0o755)
        return made
    }
}

/// Runs `spec` with stdout and stderr on a pipe; returns the status and what it printed.
func launchAndCollect(_ spec: LaunchSpec, launcher: Launcher = Launcher()) throws -> (NamespaceCore.ExitStatus, String) {
    var spec = spec
    var fds: [Int32] = [0, 0]
    guard pipe(&fds) == 0 else { throw CoreError.fromErrno("pipe") }
    let devNull = open("/dev/null", O_RDONLY | O_CLOEXEC)
    spec.stdio = .fds(stdin: devNull, stdout: fds[1], stderr: fds[1])
    let process: ContainerProcess
    do {
        process = try launcher.launch(spec)
    } catch {
        close(fds[0]); close(fds[1]); close(devNull)
        throw error
    }
    close(fds[1]); close(devNull)
    let output = readAll(fds[0])
    close(fds[0])
    return (try process.wait(), output)
}

/// What `fd` gives until its end (FileIO.readAll), as text; empty when a read fails.
func readAll(_ fd: Int32) -> String {
    String(decoding: (try? FileIO.readAll(fd: fd)) ?? [], as: UTF8.self)
}

/// A spec for a busybox container with new mount, pid, uts, ipc and net namespaces and /proc.
func busyboxSpec(_ rootfs: LauncherTestRootfs, _ args: [String]) -> LaunchSpec {
    var spec = LaunchSpec(args: args)
    spec.namespaces = [.init(.mount), .init(.pid), .init(.uts), .init(.ipc), .init(.network)]
    spec.rootfs = RootfsSpec(.directory(rootfs.path))
    spec.mounts = [
        MountSpec(destination: "/proc", type: "proc", source: "proc", options: ["nosuid", "noexec", "nodev"]),
        MountSpec(destination: "/dev", type: "tmpfs", source: "tmpfs", options: ["nosuid", "strictatime", "mode=755", "size=65536k"]),
    ]
    return spec
}

func hostMountinfo() -> String {
    (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
}
