/// One device cgroup rule: allow or deny access to a device class, as in OCI
/// `linux.resources.devices` and v1 devices.allow / devices.deny.
public struct CgroupDeviceRule: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case all = "a", char = "c", block = "b"
    }

    public var allow: Bool
    public var kind: Kind
    /// nil is the `*` wildcard.
    public var major: Int64?
    public var minor: Int64?
    /// Any of `r`, `w`, `m`.
    public var access: String

    public init(allow: Bool, kind: Kind = .all, major: Int64? = nil, minor: Int64? = nil, access: String = "rwm") {
        self.allow = allow
        self.kind = kind
        self.major = major
        self.minor = minor
        self.access = access
    }

    /// `c 1:3 rwm`, `a *:* rwm`: the line v1's devices.allow / devices.deny take.
    public var v1Line: String {
        let majorText = major.map(String.init) ?? "*"
        let minorText = minor.map(String.init) ?? "*"
        return "\(kind.rawValue) \(majorText):\(minorText) \(access)"
    }
}

extension CgroupDeviceRule {
    /// The devices every container may use whatever its config says, as runc and crun allow
    /// them: mknod of any node, the standard /dev nodes, the console and the pseudo-terminals.
    public static let standardContainerDevices: [CgroupDeviceRule] = [
        CgroupDeviceRule(allow: true, kind: .char, access: "m"),
        CgroupDeviceRule(allow: true, kind: .block, access: "m"),
        CgroupDeviceRule(allow: true, kind: .char, major: 1, minor: 3),   // null
        CgroupDeviceRule(allow: true, kind: .char, major: 1, minor: 5),   // zero
        CgroupDeviceRule(allow: true, kind: .char, major: 1, minor: 7),   // full
        CgroupDeviceRule(allow: true, kind: .char, major: 1, minor: 8),   // random
        CgroupDeviceRule(allow: true, kind: .char, major: 1, minor: 9),   // urandom
        CgroupDeviceRule(allow: true, kind: .char, major: 5, minor: 0),   // tty
        CgroupDeviceRule(allow: true, kind: .char, major: 5, minor: 1),   // console
        CgroupDeviceRule(allow: true, kind: .char, major: 5, minor: 2),   // ptmx
        CgroupDeviceRule(allow: true, kind: .char, major: 136, minor: nil), // pts
    ]
}
