#if canImport(Glibc)
import Glibc
#endif
import CShim
import Testing
@testable import NamespaceCore

/// The plan carries what `-t`, `--console-socket` and LXC's `optional` mounts need into the C child.
@Suite struct LaunchPlanTerminalTests {
    private func plan(_ spec: LaunchSpec) throws -> LaunchPlan {
        try LaunchPlan(spec, privileged: true, capLast: 40, overlayMountpoint: "/run/cbench/launcher/test")
    }

    @Test func aControllingTerminalIsAskedOfTheChild() throws {
        var spec = LaunchSpec(args: ["sh"])
        #expect(try plan(spec).raw.pointee.controlling_terminal == 0)
        spec.controllingTerminal = true
        #expect(try plan(spec).raw.pointee.controlling_terminal == 1)
    }

    /// TIOCSCTTY works only for a session leader: without setsid the spec is refused here,
    /// not with a confusing EPERM from the child.
    @Test func aControllingTerminalNeedsANewSession() {
        var spec = LaunchSpec(args: ["sh"])
        spec.controllingTerminal = true
        spec.newSession = false
        #expect { try plan(spec) } throws: { error in
            (error as? CoreError)?.errno == EINVAL && "\(error)".contains("new session")
        }
    }

    /// --console-socket: the child opens the pty inside and makes it its terminal, so the
    /// socket reaches it only with a new session; without one there is no cost (-1).
    @Test func aConsoleSocketReachesTheChildOnlyWithANewSession() throws {
        var spec = LaunchSpec(args: ["sh"])
        #expect(try plan(spec).raw.pointee.console_socket_fd == -1)
        spec.consoleSocket = 9
        #expect(try plan(spec).raw.pointee.console_socket_fd == 9)
        spec.newSession = false
        #expect { try plan(spec) } throws: { error in
            (error as? CoreError)?.errno == EINVAL && "\(error)".contains("console socket needs a new session")
        }
    }

    @Test func optionalMountsAreMarkedForTheChild() throws {
        var spec = LaunchSpec(args: ["sh"])
        spec.namespaces = [.init(.mount)]
        spec.mounts = [MountSpec(destination: "/run/x", type: "tmpfs", source: "tmpfs", options: ["size=bogus"], optional: true),
                       MountSpec(destination: "/run/y", type: "tmpfs", source: "tmpfs")]
        let built = try plan(spec)
        let mounts = try #require(built.raw.pointee.mounts)
        #expect(mounts[0].optional == 1)
        #expect(mounts[1].optional == 0)
    }
}
