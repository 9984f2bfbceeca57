import ArgumentParser
import Testing
@testable import cbench

/// The hand-written parser of `app run` must read every command line it takes exactly as
/// swift-argument-parser reads it, and leave every other one to the library.
@Suite struct AppRunFastPathTests {
    /// What the library makes of the same arguments.
    func library(_ arguments: [String]) throws -> AppRunFastPath.Parsed {
        let command = try AppRun.parse(arguments)
        return AppRunFastPath.Parsed(autoRemove: command.rm, detach: command.detach, flags: command.options.flags)
    }

    static let accepted: [[String]] = [
        ["busybox"],
        ["--rm", "busybox", "true"],
        ["--rm", "--name", "cbench-x-1", "rootfs-1a2b:latest", "true"],
        ["--rm", "--name=web", "busybox", "sh", "-c", "echo hi; exit 3"],
        ["-d", "--name", "web", "-p", "127.0.0.1:8080:80", "busybox", "httpd", "-f", "-p", "80"],
        ["-t", "busybox", "sh"], ["-i", "busybox", "cat"], ["-dt", "busybox", "sh"], ["--tty", "--detach", "busybox"],
        ["-e", "A=1", "--env", "B=2", "--env=C", "-w", "/tmp", "-u", "1000:1000", "--hostname", "h", "busybox", "env"],
        ["--entrypoint", "", "busybox", "ls"], ["--entrypoint=/bin/sh", "busybox", "-c", "true"],
        ["-v", "/tmp:/data:ro", "--volume", "data:/d", "--tmpfs", "/scratch:size=64m", "--network", "backend", "--network=front", "busybox"],
        ["-m", "64m", "--pids-limit", "-1", "--cpus", "0.5", "--read-only", "busybox"],
        ["--memory=1g", "--pids-limit=20", "--cpus=2", "busybox"],
        ["--cap-add", "ALL", "--cap-drop", "NET_RAW", "--cap-add=SYS_ADMIN", "--security-opt", "seccomp=unconfined", "busybox"],
        ["--userns", "remap", "--init", "busybox", "sleep", "1"],
        ["--systemd", "always", "debian", "/bin/sh"], ["--systemd=false", "debian", "/sbin/init"],
        // After the image everything is the command's, flags included.
        ["busybox", "--rm", "-d", "--name", "x"], ["--rm", "busybox", "--", "a"],
    ]

    @Test(arguments: accepted)
    func theFastPathReadsWhatTheLibraryReads(arguments: [String]) throws {
        let fast = try #require(AppRunFastPath.parse(arguments), "declined \(arguments)")
        #expect(fast == (try library(arguments)))
    }

    /// `-it` is checked for a terminal by the library's validation, so it is compared by hand.
    @Test func groupedFlagsInAnyOrder() throws {
        for spelling in ["-it", "-ti", "-dit"] {
            let parsed = try #require(AppRunFastPath.parse([spelling, "busybox", "sh"]))
            #expect(parsed.flags.interactive && parsed.flags.tty && parsed.flags.image == "busybox" && parsed.flags.command == ["sh"])
            #expect(parsed.detach == spelling.contains("d"))
        }
    }

    static let declined: [[String]] = [
        [], ["--help"], ["-h"], ["--rm"], ["--rm", "--rm", "busybox"], ["--bogus", "busybox"], ["-x", "busybox"],
        ["--name"], ["--name", "a", "--name", "b", "busybox"], ["--name", "-a", "busybox"], ["-eA=1", "busybox"],
        ["--pids-limit", "lots", "busybox"], ["--cpus", "half", "busybox"], ["--", "busybox"], ["--rm=true", "busybox"],
        ["-e"], ["-dd", "busybox"], ["-it"], ["--memory", "64m", "--memory", "1g", "busybox"],
        ["--systemd", "true", "--systemd=always", "busybox"], ["--systemd"],
    ]

    @Test(arguments: declined)
    func everythingElseGoesToTheLibrary(arguments: [String]) {
        #expect(AppRunFastPath.parse(arguments) == nil)
    }

    /// A few of the declined ones, to show the library answers them itself.
    @Test func theLibraryGivesItsOwnErrors() {
        #expect(throws: (any Error).self) { try AppRun.parse(["--bogus", "busybox"]) }
        #expect(throws: (any Error).self) { try AppRun.parse(["--rm"]) }
        #expect(throws: (any Error).self) { try AppRun.parse(["--pids-limit", "lots", "busybox"]) }
    }
}
