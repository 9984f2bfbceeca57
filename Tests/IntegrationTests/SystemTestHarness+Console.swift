import Foundation
import Testing

extension SystemTestHarness {
    /// Creates busybox container `name` with a console and one tty, whose init keeps a shell
    /// on the console (respawned when it ends) and runs `inittab` lines too, then starts it
    /// and waits for its boot.
    func startWithShellOnConsole(_ name: String, inittab extra: String = "") throws {
        let config = "\(store)/.console.conf"
        try "lxc.console.path =\nlxc.tty.max = 1\n".write(toFile: config, atomically: false, encoding: .utf8)
        try #require(try system(["create", name, "--template", "busybox", "--config", config]).status == 0)
        let inittab = "\(store)/\(name)/rootfs/etc/inittab"
        let lines = try String(contentsOfFile: inittab, encoding: .utf8) + "::respawn:/bin/sh\n" + extra
        try lines.write(toFile: inittab, atomically: false, encoding: .utf8)
        try startBooted(name)
    }
}
