import NamespaceCore

/// One thing wrong with a config.json: a single line that names the JSON path and the fix.
public struct SpecProblem: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(_ path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path) \(message)" }
}

extension RuntimeSpec {
    /// Throws every problem at once, one per line, when there is any.
    public func validate(bundle: String?, source: String = "config.json") throws(CoreError) {
        let found = problems(bundle: bundle)
        guard !found.isEmpty else { return }
        let lines = found.map(\.description)
        let detail = lines.count == 1 ? lines[0] : "\(lines.count) problems:\n  " + lines.joined(separator: "\n  ")
        throw CoreError(stage: "validate \(source)", detail: detail)
    }

    /// Everything that would stop this runtime from running the spec. With `bundle` nil the
    /// root directory is not looked for (a spec being written, not a bundle being run).
    public func problems(bundle: String?) -> [SpecProblem] {
        var found: [SpecProblem] = []
        found += versionProblems()
        found += rootProblems(bundle: bundle)
        found += processProblems()
        found += namespaceProblems()
        found += linuxProblems()
        found += seccompProblems()
        found += hookProblems()
        return found
    }

    /// The spec: a hook's path is absolute and its timeout, when set, above zero.
    private func hookProblems() -> [SpecProblem] {
        var found: [SpecProblem] = []
        for kind in HookKind.allCases {
            for (index, hook) in kind.entries(in: hooks).enumerated() {
                let path = "hooks.\(kind.rawValue)[\(index)]"
                if !hook.path.hasPrefix("/") {
                    found.append(SpecProblem("\(path).path", "'\(hook.path)' is not absolute; give the hook's full path"))
                }
                if let timeout = hook.timeout, timeout <= 0 {
                    found.append(SpecProblem("\(path).timeout", "\(timeout) is not above zero; give seconds or leave it out"))
                }
            }
        }
        return found
    }

    private func versionProblems() -> [SpecProblem] {
        if ociVersion.isEmpty {
            return [SpecProblem("ociVersion", "is missing; set it to \"\(Self.supportedVersion)\"")]
        }
        if !Self.understands(ociVersion: ociVersion) {
            return [SpecProblem("ociVersion", "'\(ociVersion)' is not a version this runtime understands (\(Self.understoodVersions)); this runtime implements runtime-spec \(Self.supportedVersion)")]
        }
        return []
    }

    private func rootProblems(bundle: String?) -> [SpecProblem] {
        guard let root else {
            return [SpecProblem("root", "is missing; add {\"path\": \"rootfs\"} naming the root filesystem directory")]
        }
        if root.path.isEmpty {
            return [SpecProblem("root.path", "is missing; set it to the root filesystem directory, relative to the bundle or absolute")]
        }
        if let bundle {
            let resolved = rootPath(bundle: bundle)
            if !BundlePath.isDirectory(resolved) {
                return [SpecProblem("root.path", "'\(root.path)' is not a directory (looked for \(resolved) in bundle \(BundlePath.absolute(bundle))); create it or fix the path")]
            }
        }
        return []
    }

    private func processProblems() -> [SpecProblem] {
        guard let process else {
            return [SpecProblem("process", "is missing; add the program to run ({\"args\": [...], \"cwd\": \"/\", \"user\": {\"uid\": 0, \"gid\": 0}})")]
        }
        var found: [SpecProblem] = []
        if process.args.isEmpty {
            found.append(SpecProblem("process.args", "is empty; name the program to run, e.g. [\"sh\"]"))
        }
        if !process.cwd.hasPrefix("/") {
            found.append(SpecProblem("process.cwd", "'\(process.cwd)' is not absolute; use a path starting with /"))
        }
        if let capabilities = process.capabilities {
            for (setName, names) in capabilities.namedSets {
                for (index, name) in (names ?? []).enumerated() where !Capability.names.contains(name) {
                    found.append(SpecProblem("process.capabilities.\(setName)[\(index)]",
                                             "'\(name)' is not a known capability; use names like CAP_CHOWN or CAP_NET_BIND_SERVICE (capabilities(7))"))
                }
            }
        }
        var seenRlimits: Set<String> = []
        for (index, rlimit) in (process.rlimits ?? []).enumerated() {
            let path = "process.rlimits[\(index)]"
            // Exact OCI names only: the core's parser also takes `nofile`, config.json does not.
            if !NamespaceCore.Rlimit.names.contains(rlimit.type) {
                found.append(SpecProblem("\(path).type", "'\(rlimit.type)' is not one of \(NamespaceCore.Rlimit.names.joined(separator: ", "))"))
            } else if !seenRlimits.insert(rlimit.type).inserted {
                found.append(SpecProblem("\(path).type", "'\(rlimit.type)' is set twice; keep one entry"))
            }
            if rlimit.soft > rlimit.hard {
                found.append(SpecProblem(path, "soft \(rlimit.soft) is above hard \(rlimit.hard); lower soft or raise hard"))
            }
        }
        return found
    }

    private func namespaceProblems() -> [SpecProblem] {
        var found: [SpecProblem] = []
        let known = NamespaceKind.allCases.map(\.rawValue)
        var firstIndex: [String: Int] = [:]
        for (index, namespace) in (linux?.namespaces ?? []).enumerated() {
            let path = "linux.namespaces[\(index)].type"
            if !known.contains(namespace.type) {
                found.append(SpecProblem(path, "'\(namespace.type)' is not one of \(known.joined(separator: ", "))"))
            } else if let first = firstIndex[namespace.type] {
                found.append(SpecProblem(path, "'\(namespace.type)' is listed twice (also at linux.namespaces[\(first)]); keep one"))
            } else {
                firstIndex[namespace.type] = index
            }
        }
        if linux != nil && firstIndex["mount"] == nil {
            found.append(SpecProblem("linux.namespaces", Self.noMountNamespaceReason))
        }
        let hasUserNamespace = firstIndex["user"] != nil
        if !hasUserNamespace {
            if !(linux?.uidMappings ?? []).isEmpty {
                found.append(SpecProblem("linux.uidMappings", "is set without a user namespace; add {\"type\": \"user\"} to linux.namespaces or drop the mappings"))
            }
            if !(linux?.gidMappings ?? []).isEmpty {
                found.append(SpecProblem("linux.gidMappings", "is set without a user namespace; add {\"type\": \"user\"} to linux.namespaces or drop the mappings"))
            }
        }
        return found
    }

    /// The spec allows a container without its own mount namespace (config-linux.md,
    /// "Namespaces": a type not listed is inherited from the runtime); cbench-oci refuses it,
    /// because its root, mounts and masked paths would then be made in the host's mount table.
    static let noMountNamespaceReason = "has no mount namespace: the container would inherit the runtime's (runtime-spec config-linux.md, Namespaces: \"If a namespace type is not specified in the namespaces array, the container MUST inherit the runtime namespace of that type\") and cbench-oci would then make its root, mounts and masked paths in the host's mount table, which it refuses; add {\"type\": \"mount\"}, or join one with {\"type\": \"mount\", \"path\": \"/proc/PID/ns/mnt\"}"

    private func linuxProblems() -> [SpecProblem] {
        guard let linux else { return [] }
        var found: [SpecProblem] = []
        if let propagation = linux.rootfsPropagation, MountPropagation(rawValue: propagation) == nil {
            found.append(SpecProblem("linux.rootfsPropagation",
                                     "'\(propagation)' is not one of private, rprivate, slave, rslave, shared, rshared, unbindable, runbindable"))
        }
        for (index, device) in (linux.devices ?? []).enumerated() {
            let path = "linux.devices[\(index)]"
            if !["c", "b", "u", "p"].contains(device.type) {
                found.append(SpecProblem("\(path).type", "'\(device.type)' is not one of c, b, u, p"))
            }
            if !device.path.hasPrefix("/") {
                found.append(SpecProblem("\(path).path", "'\(device.path)' is not absolute; use e.g. /dev/fuse"))
            }
            if device.type != "p" && (device.major == nil || device.minor == nil) {
                found.append(SpecProblem(path, "needs major and minor numbers for a \(device.type) device"))
            }
        }
        for (index, rule) in (linux.resources?.devices ?? []).enumerated() {
            let path = "linux.resources.devices[\(index)]"
            if let type = rule.type, CgroupDeviceRule.Kind(rawValue: type) == nil {
                found.append(SpecProblem("\(path).type", "'\(type)' is not one of a, c, b"))
            }
            if let access = rule.access, access.isEmpty || !access.allSatisfy({ "rwm".contains($0) }) {
                found.append(SpecProblem("\(path).access", "'\(access)' is not made of r, w and m"))
            }
        }
        return found
    }

    private func seccompProblems() -> [SpecProblem] {
        guard let seccomp = linux?.seccomp else { return [] }
        var found: [SpecProblem] = []
        func checkAction(_ name: String, at path: String) {
            if !SeccompAction.names.contains(name) {
                found.append(SpecProblem(path, "'\(name)' is not one of \(SeccompAction.names.joined(separator: ", "))"))
            } else if name == "SCMP_ACT_NOTIFY" {
                found.append(SpecProblem(path, "SCMP_ACT_NOTIFY is not supported (no seccomp listener); use SCMP_ACT_ERRNO or SCMP_ACT_LOG"))
            }
        }
        checkAction(seccomp.defaultAction, at: "linux.seccomp.defaultAction")
        for (index, flag) in (seccomp.flags ?? []).enumerated() where SeccompFilterFlag(rawValue: flag) == nil {
            let known = SeccompFilterFlag.allCases.map(\.rawValue).joined(separator: ", ")
            found.append(SpecProblem("linux.seccomp.flags[\(index)]", "'\(flag)' is not one of \(known)"))
        }
        for (index, syscall) in (seccomp.syscalls ?? []).enumerated() {
            let path = "linux.seccomp.syscalls[\(index)]"
            checkAction(syscall.action, at: "\(path).action")
            for (argIndex, argument) in (syscall.args ?? []).enumerated() {
                if SeccompOperator(rawValue: argument.op) == nil {
                    let known = SeccompOperator.allCases.map(\.rawValue).joined(separator: ", ")
                    found.append(SpecProblem("\(path).args[\(argIndex)].op", "'\(argument.op)' is not one of \(known)"))
                }
                if argument.index > 5 {
                    found.append(SpecProblem("\(path).args[\(argIndex)].index", "\(argument.index) is out of range; syscalls have arguments 0 to 5"))
                }
            }
        }
        return found
    }
}
