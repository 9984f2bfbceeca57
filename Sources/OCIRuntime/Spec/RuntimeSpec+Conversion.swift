import NamespaceCore

extension RuntimeSpec {
    /// The core's launch plan for this spec. Relative root and bind-mount sources are resolved
    /// against `bundle`; the seccomp section is compiled here, in the parent. Hooks are not run.
    /// Call `validate` first: this only throws for what it cannot convert.
    public func launchSpec(bundle: String) throws(CoreError) -> LaunchSpec {
        guard let process else {
            throw CoreError(stage: "convert config.json", detail: "process is missing; add the program to run")
        }
        var launch = LaunchSpec(args: process.args, environment: process.env ?? [])
        launch.workingDirectory = process.cwd
        launch.user = UserSpec(uid: process.user.uid, gid: process.user.gid,
                               additionalGids: process.user.additionalGids ?? [], umask: process.user.umask)
        launch.capabilities = try process.capabilities.map { caps throws(CoreError) in try Self.capabilitySets(caps) }
        launch.rlimits = (process.rlimits ?? []).map { RlimitSpec(type: $0.type, soft: $0.soft, hard: $0.hard) }
        launch.noNewPrivileges = process.noNewPrivileges ?? false
        launch.oomScoreAdj = process.oomScoreAdj
        // The pty slave becomes stdin/out/err at create; the process owns it as its terminal.
        launch.controllingTerminal = process.terminal == true
        launch.hostname = hostname
        launch.domainname = domainname

        let propagation = try Self.propagation(linux?.rootfsPropagation)
        launch.rootfs = RootfsSpec(.directory(rootPath(bundle: bundle)), readonly: root?.readonly ?? false,
                                   propagation: propagation)
        launch.mounts = (mounts ?? []).map { Self.mountSpec($0, bundle: bundle) }
        // Only a fresh tmpfs /dev needs the standard nodes; a bind-mounted /dev brings its own.
        launch.populateDev = (mounts ?? []).contains { Self.isDevRoot($0.destination) && $0.type == "tmpfs" }

        launch.namespaces = try (linux?.namespaces ?? []).enumerated().map { index, namespace throws(CoreError) in
            guard let kind = NamespaceKind(rawValue: namespace.type) else {
                throw CoreError(stage: "convert config.json", detail: "linux.namespaces[\(index)].type '\(namespace.type)' is not a namespace type")
            }
            return NamespaceSpec(kind, path: namespace.path)
        }
        launch.uidMappings = linux?.uidMappings ?? []
        launch.gidMappings = linux?.gidMappings ?? []
        launch.devices = try (linux?.devices ?? []).map { device throws(CoreError) in try Self.deviceNode(device) }
        launch.maskedPaths = linux?.maskedPaths ?? []
        launch.readonlyPaths = linux?.readonlyPaths ?? []
        if joinsMountNamespace {
            // Its owner made that root and those mounts; making them again would change the
            // other container's mount table (runc 1.1.5 and crun 1.8.1 try, and fail: README).
            launch.rootfs = nil
            launch.mounts = []
            launch.devices = []
            launch.populateDev = false
            launch.maskedPaths = []
            launch.readonlyPaths = []
        }
        launch.sysctl = linux?.sysctl ?? [:]
        launch.seccomp = try seccompProfile()?.compile()
        return launch
    }

    /// A mount namespace joined by path: the container takes that namespace's root and mount
    /// table as they are, like `nsenter --mount`.
    public var joinsMountNamespace: Bool {
        (linux?.namespaces ?? []).contains { $0.type == "mount" && $0.path != nil }
    }

    /// The core's seccomp model of `linux.seccomp`, nil when there is none.
    public func seccompProfile() throws(CoreError) -> SeccompProfile? {
        guard let seccomp = linux?.seccomp else { return nil }
        let rules = try (seccomp.syscalls ?? []).map { syscall throws(CoreError) in
            SeccompRule(
                syscalls: syscall.names,
                action: try SeccompAction(name: syscall.action, errnoRet: syscall.errnoRet),
                conditions: try (syscall.args ?? []).map { argument throws(CoreError) in
                    SeccompCondition(index: argument.index, value: argument.value, valueTwo: argument.valueTwo ?? 0,
                                     op: try SeccompOperator(name: argument.op))
                })
        }
        return SeccompProfile(
            defaultAction: try SeccompAction(name: seccomp.defaultAction, errnoRet: seccomp.defaultErrnoRet),
            architectures: seccomp.architectures ?? [],
            flags: try (seccomp.flags ?? []).map { flag throws(CoreError) in try SeccompFilterFlag(name: flag) },
            rules: rules)
    }

    static func capabilitySets(_ caps: Capabilities) throws(CoreError) -> CapabilitySets {
        func numbers(_ names: [String]?, _ setName: String) throws(CoreError) -> Set<UInt32> {
            var result: Set<UInt32> = []
            for name in names ?? [] {
                // Exact OCI names only (`CAP_KILL`); the core's lenient parser also takes `kill`.
                guard let index = Capability.names.firstIndex(of: name) else {
                    throw CoreError(stage: "convert config.json", detail: "process.capabilities.\(setName) '\(name)' is not a known capability")
                }
                result.insert(UInt32(index))
            }
            return result
        }
        return CapabilitySets(
            bounding: try numbers(caps.bounding, "bounding"), effective: try numbers(caps.effective, "effective"),
            inheritable: try numbers(caps.inheritable, "inheritable"), permitted: try numbers(caps.permitted, "permitted"),
            ambient: try numbers(caps.ambient, "ambient"))
    }

    private static func propagation(_ text: String?) throws(CoreError) -> MountPropagation {
        guard let text else { return .rprivate }
        guard let value = MountPropagation(rawValue: text) else {
            throw CoreError(stage: "convert config.json", detail: "linux.rootfsPropagation '\(text)' is not a propagation mode")
        }
        return value
    }

    /// Bind mounts get `bind` as type and a source resolved against the bundle; a mount typed
    /// `bind` without a bind option gets `bind` added, which is how runc reads it.
    /// A relative destination is taken from the container's root, as runc does.
    private static func mountSpec(_ mount: Mount, bundle: String) -> MountSpec {
        var options = mount.options ?? []
        let destination = mount.destination.hasPrefix("/") ? mount.destination : "/" + mount.destination
        guard mount.isBind else {
            return MountSpec(destination: destination, type: mount.type ?? "none",
                             source: mount.source ?? "none", options: options)
        }
        if !options.contains(where: { $0 == "bind" || $0 == "rbind" }) { options.insert("bind", at: 0) }
        let source = BundlePath.resolve(mount.source ?? "", against: bundle)
        return MountSpec(destination: destination, type: "bind", source: source, options: options)
    }

    private static func isDevRoot(_ destination: String) -> Bool {
        destination.droppingTrailingSlashes() == "/dev"
    }

    private static func deviceNode(_ device: Device) throws(CoreError) -> DeviceNode {
        let kind: DeviceNode.Kind
        switch device.type {
        case "c", "u": kind = .char
        case "b": kind = .block
        case "p": kind = .fifo
        default:
            throw CoreError(stage: "convert config.json", detail: "linux.devices \(device.path): type '\(device.type)' is not one of c, b, u, p")
        }
        return DeviceNode(path: device.path, kind: kind, major: device.major ?? 0, minor: device.minor ?? 0,
                          mode: device.fileMode ?? 0o666, uid: device.uid ?? 0, gid: device.gid ?? 0)
    }
}
