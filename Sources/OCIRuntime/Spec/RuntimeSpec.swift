import NamespaceCore

/// The `config.json` of an OCI bundle (runtime-spec 1.x), as decoded; `validate` checks it and
/// `launchSpec(bundle:)` turns it into the core's plan. Unknown keys are ignored, since the spec
/// allows extensions; a missing required field is named in the error.
public struct RuntimeSpec: Codable, Sendable, Equatable {
    /// The runtime-spec version this runtime implements and reports in `state`.
    public static let supportedVersion = "1.0.2"
    /// The oldest and newest `ociVersion` accepted (features' ociVersionMin/Max).
    public static let oldestUnderstoodVersion = "1.0.0"
    public static let newestUnderstoodVersion = "1.1.0"
    static let understoodVersions = "1.0.x or 1.1.x"

    /// The spec lets a runtime refuse versions it does not understand (crun refuses any but
    /// 1.0 and 1.1). 1.1 configs only add fields this runtime ignores or refuses by name, so
    /// they are accepted: containerd and podman write 1.1.0-rc and 1.0.2-dev.
    static func understands(ociVersion: String) -> Bool {
        let core = ociVersion.prefix { $0 != "-" && $0 != "+" }
        let parts = core.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else { return false }
        return parts[0] == "1" && (parts[1] == "0" || parts[1] == "1")
    }

    /// Required. Empty when the key is absent, so that validation can report it with the rest.
    public var ociVersion: String
    public var process: Process?
    public var root: Root?
    public var hostname: String?
    public var domainname: String?
    public var mounts: [Mount]?
    public var hooks: Hooks?
    public var annotations: [String: String]?
    public var linux: Linux?

    public init(ociVersion: String = RuntimeSpec.supportedVersion, process: Process? = nil, root: Root? = nil,
                hostname: String? = nil, domainname: String? = nil, mounts: [Mount]? = nil,
                hooks: Hooks? = nil, annotations: [String: String]? = nil, linux: Linux? = nil) {
        self.ociVersion = ociVersion
        self.process = process
        self.root = root
        self.hostname = hostname
        self.domainname = domainname
        self.mounts = mounts
        self.hooks = hooks
        self.annotations = annotations
        self.linux = linux
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        ociVersion = try container.decodeIfPresent(String.self, forKey: .ociVersion) ?? ""
        process = try container.decodeIfPresent(Process.self, forKey: .process)
        root = try container.decodeIfPresent(Root.self, forKey: .root)
        hostname = try container.decodeIfPresent(String.self, forKey: .hostname)
        domainname = try container.decodeIfPresent(String.self, forKey: .domainname)
        mounts = try container.decodeIfPresent([Mount].self, forKey: .mounts)
        hooks = try container.decodeIfPresent(Hooks.self, forKey: .hooks)
        annotations = try container.decodeIfPresent([String: String].self, forKey: .annotations)
        linux = try container.decodeIfPresent(Linux.self, forKey: .linux)
    }
}
