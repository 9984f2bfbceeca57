import Glibc
import Testing
@testable import NamespaceCore

/// One launch of `LauncherTests.aSettingIsApplied`: a spec change, the exit it must give and
/// what the container must print (its words exactly, or substrings of it).
struct LaunchCase: Sendable, CustomTestStringConvertible {
    var name: String
    var args: [String]
    var configure: @Sendable (inout LaunchSpec) -> Void = { _ in }
    var status: NamespaceCore.ExitStatus = .exited(0)
    var words: [String]?
    var contains: [String] = []
    var testDescription: String { name }

    static let applied: [LaunchCase] = [
        LaunchCase(name: "the exit code passes through", args: ["sh", "-c", "exit 7"], status: .exited(7), words: []),
        LaunchCase(name: "the hostname is set", args: ["hostname"], configure: { $0.hostname = "cbench-launch" }, words: ["cbench-launch"]),
        LaunchCase(name: "a user namespace maps root to 100000", args: ["sh", "-c", "cat /proc/self/uid_map /proc/self/gid_map; id -u"],
                   configure: { spec in
                       spec.namespaces.append(.init(.user))
                       spec.uidMappings = [IDMapping(containerID: 0, hostID: 100000, size: 65536)]
                       spec.gidMappings = [IDMapping(containerID: 0, hostID: 100000, size: 65536)]
                   },
                   words: ["0", "100000", "65536", "0", "100000", "65536", "0"]),
        // CHOWN (bit 0) and KILL (bit 5): 0x21 in every set asked for.
        LaunchCase(name: "capabilities are dropped", args: ["grep", "-E", "^Cap(Eff|Bnd|Prm|Inh|Amb)", "/proc/self/status"],
                   configure: { spec in
                       let kept: Set<UInt32> = [0, 5]  // CAP_CHOWN, CAP_KILL
                       spec.capabilities = CapabilitySets(bounding: kept, effective: kept, inheritable: [], permitted: kept, ambient: [])
                   },
                   contains: ["CapEff:\t0000000000000021", "CapBnd:\t0000000000000021", "CapPrm:\t0000000000000021", "CapInh:\t0000000000000000"]),
        // NET_BIND_SERVICE (bit 10) survives the switch to uid 1000 as an ambient capability.
        LaunchCase(name: "a user switch keeps an ambient capability", args: ["sh", "-c", "id -u; id -g; id -G; grep -E '^Cap(Eff|Amb)' /proc/self/status"],
                   configure: { spec in
                       spec.user = UserSpec(uid: 1000, gid: 1000, additionalGids: [1001])
                       let net: Set<UInt32> = [10]  // CAP_NET_BIND_SERVICE
                       spec.capabilities = CapabilitySets(bounding: net, effective: net, inheritable: net, permitted: net, ambient: net)
                   },
                   words: ["1000", "1000", "1000", "1001", "CapEff:", "0000000000000400", "CapAmb:", "0000000000000400"]),
        LaunchCase(name: "no_new_privs is set", args: ["grep", "NoNewPrivs", "/proc/self/status"],
                   configure: { $0.noNewPrivileges = true }, words: ["NoNewPrivs:", "1"]),
        LaunchCase(name: "an rlimit is applied", args: ["sh", "-c", "ulimit -n; ulimit -Hn"],
                   configure: { $0.rlimits = [RlimitSpec(type: "RLIMIT_NOFILE", soft: 1000, hard: 2000)] }, words: ["1000", "2000"]),
        LaunchCase(name: "a working directory's .. stays inside", args: ["pwd"],
                   configure: { $0.workingDirectory = "/../../bin" }, words: ["/bin"]),
    ]
}

/// A spec the child must refuse, with the stage and errno of the error.
struct RefusedLaunchCase: Sendable, CustomTestStringConvertible {
    var name: String
    var args: [String]
    var configure: @Sendable (inout LaunchSpec) -> Void = { _ in }
    var stage: String
    var errno: Int32
    var testDescription: String { name }

    static let all: [RefusedLaunchCase] = [
        RefusedLaunchCase(name: "a program not in PATH", args: ["no-such-program"], stage: "exec no-such-program", errno: ENOENT),
        RefusedLaunchCase(name: "a program path that does not exist", args: ["/bin/nope"], stage: "exec /bin/nope", errno: ENOENT),
        RefusedLaunchCase(name: "something other than proc over /proc", args: ["true"],
                          configure: { $0.mounts.append(MountSpec(destination: "/proc", type: "tmpfs", source: "tmpfs")) },
                          stage: "mount /proc", errno: EINVAL),
    ]
}
