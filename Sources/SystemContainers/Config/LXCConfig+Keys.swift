import NamespaceCore

extension LXCConfigParser {
    /// Keys LXC knows that this project accepts without acting on them: security modules that
    /// are not active here, hooks, and terminal layout details.
    static let acceptedButIgnoredKeys: Set<String> = [
        "lxc.apparmor.profile", "lxc.apparmor.allow_incomplete",
        "lxc.apparmor.raw", "lxc.selinux.context", "lxc.seccomp.allow_nesting", "lxc.tty.dir",
        "lxc.arch", "lxc.start.delay", "lxc.start.order", "lxc.group", "lxc.console.size",
        "lxc.console.rotate", "lxc.ephemeral", "lxc.rootfs.options", "lxc.rootfs.mount",
    ]

    /// Applies one line (not `lxc.include`) to the model.
    mutating func apply(_ entry: LXCConfigEntry) throws(CoreError) {
        let key = entry.key
        let value = entry.value
        switch key {
        case "lxc.uts.name": config.utsName = value
        case "lxc.rootfs.path":
            if let overlay = try LXCRootfsOverlay(parsing: value) {
                config.rootfsOverlay = overlay
                config.rootfsPath = nil
            } else {
                config.rootfsOverlay = nil
                config.rootfsPath = value.hasPrefix("dir:") ? String(value.dropFirst(4)) : value
            }
        case "lxc.mount.entry":
            if value.isEmpty { config.mountEntries = [] } else { config.mountEntries.append(try Self.mountEntry(entry)) }
        case "lxc.mount.auto": try applyMountAuto(entry)
        case "lxc.idmap":
            if value.isEmpty { config.idmaps = [] } else { config.idmaps.append(try Self.idmap(entry)) }
        case "lxc.cap.drop":
            if value.isEmpty { config.capDrop = [] } else { config.capDrop += try Self.capabilities(entry) }
        case "lxc.cap.keep":
            if value.isEmpty { config.capKeep = [] } else { config.capKeep += try Self.capabilities(entry) }
        case "lxc.init.cmd": config.initCommand = value.isEmpty ? nil : LXCCommandLine.split(value)
        case "lxc.signal.halt": config.haltSignal = try Self.signal(entry)
        case "lxc.signal.stop": config.stopSignal = try Self.signal(entry)
        case "lxc.signal.reboot": config.rebootSignal = try Self.signal(entry)
        case "lxc.tty.max": config.ttyMax = try Self.integer(entry)
        case "lxc.pty.max": config.ptyMax = try Self.integer(entry)
        case "lxc.console.path": config.consolePath = value
        case "lxc.console.logfile": config.consoleLogFile = value
        case "lxc.environment":
            if value.isEmpty { config.environment = [] } else { config.environment.append(value) }
        case "lxc.start.auto": config.startAuto = try Self.boolean(entry)
        case "lxc.autodev": config.autodev = try Self.boolean(entry)
        case "lxc.seccomp.profile": config.seccompProfile = value
        case "lxc.apparmor.allow_nesting": config.allowNesting = try Self.boolean(entry)
        case "lxc.net": if value.isEmpty { config.networks = [:] } else { throw Self.error(entry, "lxc.net only takes an empty value (clears all networks)") }
        default:
            if key.hasPrefix("lxc.net.") {
                try applyNetwork(entry)
            } else if key.hasPrefix("lxc.cgroup2.") || key.hasPrefix("lxc.cgroup.") {
                try applyCgroup(entry)
            } else if key.hasPrefix("lxc.hook.") || Self.acceptedButIgnoredKeys.contains(key) {
                config.ignoredEntries.append(entry)
            } else {
                throw Self.error(entry, "unknown key '\(key)'")
            }
        }
    }

    mutating func applyMountAuto(_ entry: LXCConfigEntry) throws(CoreError) {
        if entry.value.isEmpty {
            config.mountAuto = LXCMountAuto()
            return
        }
        for word in entry.value.words {
            // `:force` asks LXC to mount even with CAP_SYS_ADMIN kept; here mounts always happen.
            let token = word.hasSuffix(":force") ? String(word.dropLast(6)) : word
            switch token {
            case "proc": config.mountAuto.proc = .mixed
            case "sys": config.mountAuto.sys = .mixed
            case "cgroup": config.mountAuto.cgroup = .mixed
            default:
                if let proc = LXCMountAuto.Proc(rawValue: token) {
                    config.mountAuto.proc = proc
                } else if let sys = LXCMountAuto.Sys(rawValue: token) {
                    config.mountAuto.sys = sys
                } else if let cgroup = LXCMountAuto.CgroupMount(rawValue: token) {
                    config.mountAuto.cgroup = cgroup
                } else {
                    throw Self.error(entry, "lxc.mount.auto: unknown value '\(word)' (use proc:mixed|rw, sys:mixed|ro|rw, cgroup:mixed|ro|rw)")
                }
            }
        }
    }

    mutating func applyCgroup(_ entry: LXCConfigEntry) throws(CoreError) {
        let version: LXCCgroupSetting.Version = entry.key.hasPrefix("lxc.cgroup2.") ? .v2 : .v1
        let file = String(entry.key.dropFirst(version.rawValue.count + 1))
        // `lxc.cgroup.dir` and friends name places, not controller files.
        if version == .v1, file == "dir" || file.hasPrefix("dir.") || file == "relative" {
            config.ignoredEntries.append(entry)
            return
        }
        guard file.contains("."), !file.hasPrefix("."), !file.hasSuffix("."), !file.contains("/") else {
            throw Self.error(entry, "\(entry.key): expected a controller file such as \(version.rawValue).memory.max")
        }
        if entry.value.isEmpty {
            config.cgroupSettings.removeAll { $0.version == version && $0.key == file }
        } else {
            config.cgroupSettings.append(LXCCgroupSetting(version: version, key: file, value: entry.value, entry: entry))
        }
    }

    static func mountEntry(_ entry: LXCConfigEntry) throws(CoreError) -> LXCMountEntry {
        let fields = entry.value.words
        guard (3...6).contains(fields.count) else {
            throw error(entry, "lxc.mount.entry: expected 'SOURCE TARGET TYPE [OPTIONS [DUMP [PASS]]]'")
        }
        let options = fields.count > 3 ? fields[3].split(separator: ",").map(String.init) : []
        return LXCMountEntry(source: fields[0], target: fields[1], type: fields[2], options: options)
    }

    static func idmap(_ entry: LXCConfigEntry) throws(CoreError) -> LXCIDMap {
        let fields = entry.value.words
        guard fields.count == 4, let kind = LXCIDMap.Kind(rawValue: fields[0]),
              let container = UInt32(fields[1]), let host = UInt32(fields[2]), let count = UInt32(fields[3]), count > 0 else {
            throw error(entry, "lxc.idmap: expected 'u|g CONTAINER-ID HOST-ID COUNT', got '\(entry.value)'")
        }
        return LXCIDMap(kind: kind, containerID: container, hostID: host, count: count)
    }

    static func capabilities(_ entry: LXCConfigEntry) throws(CoreError) -> [String] {
        try entry.value.words.map { word throws(CoreError) in
            let name = word.lowercased()
            guard name == "none" || Capability.number(named: name) != nil else {
                throw error(entry, "\(entry.key): unknown capability '\(word)'")
            }
            return name.hasPrefix("cap_") ? String(name.dropFirst(4)) : name
        }
    }

    static func signal(_ entry: LXCConfigEntry) throws(CoreError) -> Int32 {
        guard let number = Signal.number(named: entry.value) else {
            throw error(entry, "\(entry.key): unknown signal '\(entry.value)'")
        }
        return number
    }

    static func integer(_ entry: LXCConfigEntry) throws(CoreError) -> Int {
        guard let number = Int(entry.value), number >= 0 else {
            throw error(entry, "\(entry.key): expected a number, got '\(entry.value)'")
        }
        return number
    }

    static func boolean(_ entry: LXCConfigEntry) throws(CoreError) -> Bool {
        switch entry.value {
        case "0": return false
        case "1": return true
        default: throw error(entry, "\(entry.key): expected 0 or 1, got '\(entry.value)'")
        }
    }
}
