import NamespaceCore

/// The runtime-spec features document (`features.md`) that `cbench-oci features` prints:
/// what this runtime supports, in runc's shape.
public struct FeaturesDocument: Encodable, Sendable {
    public struct Linux: Encodable, Sendable {
        public var namespaces: [String]
        public var capabilities: [String]
        public var cgroup: Cgroup
        public var seccomp: Seccomp
        public var apparmor: Enabled
        public var selinux: Enabled
    }

    public struct Cgroup: Encodable, Sendable {
        public var v1: Bool
        public var v2: Bool
        public var systemd: Bool
        public var systemdUser: Bool
    }

    public struct Seccomp: Encodable, Sendable {
        public var enabled: Bool
        public var actions: [String]
        public var operators: [String]
    }

    public struct Enabled: Encodable, Sendable {
        public var enabled: Bool
    }

    public var ociVersionMin: String
    public var ociVersionMax: String
    public var hooks: [String]
    public var mountOptions: [String]
    public var linux: Linux

    /// This runtime's document. AppArmor and SELinux are false: their settings are refused.
    /// SCMP_ACT_NOTIFY is left out: it is refused (no seccomp listener).
    public static func current() -> FeaturesDocument {
        FeaturesDocument(
            ociVersionMin: RuntimeSpec.oldestUnderstoodVersion,
            ociVersionMax: RuntimeSpec.newestUnderstoodVersion,
            hooks: RuntimeSpec.Hooks.supportedKinds,
            mountOptions: MountOptions.knownOptions,
            linux: Linux(
                namespaces: NamespaceKind.allCases.map(\.rawValue),
                capabilities: Capability.names,
                cgroup: Cgroup(v1: true, v2: true, systemd: false, systemdUser: false),
                seccomp: Seccomp(enabled: true, actions: SeccompAction.names.filter { $0 != "SCMP_ACT_NOTIFY" }.sorted(),
                                 operators: SeccompOperator.allCases.map(\.rawValue).sorted()),
                apparmor: Enabled(enabled: false),
                selinux: Enabled(enabled: false)))
    }
}
