extension HostFacts {
    /// Reads everything from /proc, /etc and the mount table under `root`.
    public static func read(from root: HostRoot = .system) -> HostFacts {
        let status = root.read("/proc/self/status") ?? ""
        let limits = parseProcessLimits(root.read("/proc/self/limits") ?? "")
        return HostFacts(
            kernelRelease: root.readValue("/proc/sys/kernel/osrelease"),
            distribution: parseOSRelease(root.read("/etc/os-release") ?? "")["PRETTY_NAME"],
            cgroups: HostCgroupLayout.detect(mounts: HostMountTable.read(from: root), root: root),
            limits: HostLimits(
                pidMax: root.readValue("/proc/sys/kernel/pid_max").flatMap { Int($0) },
                keysMaxKeys: root.readValue("/proc/sys/kernel/keys/maxkeys").flatMap { Int($0) },
                inotifyMaxUserInstances: root.readValue("/proc/sys/fs/inotify/max_user_instances").flatMap { Int($0) },
                openFiles: limits["Max open files"],
                processes: limits["Max processes"],
                sysctls: Dictionary(uniqueKeysWithValues: HostLimits.densitySysctls.compactMap { name in
                    root.readValue("/proc/sys/" + name.split(separator: ".").joined(separator: "/")).map { (name, $0) }
                })
            ),
            namespaces: root.list("/proc/self/ns") ?? [],
            filesystems: parseFilesystems(root.read("/proc/filesystems") ?? ""),
            seccompAvailable: statusField("Seccomp", in: status) != nil,
            effectiveCapabilities: statusField("CapEff", in: status).flatMap { UInt64($0, radix: 16) }
        )
    }

    /// `KEY=value` and `KEY="value"` lines of os-release(5).
    static func parseOSRelease(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "="), !line.hasPrefix("#") else { continue }
            var value = String(line[line.index(after: equals)...]).trimmingWhitespace()
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            values[String(line[..<equals])] = value
        }
        return values
    }

    /// The second column of /proc/filesystems (`nodev\toverlay` -> `overlay`).
    static func parseFilesystems(_ text: String) -> [String] {
        text.split(separator: "\n").compactMap { line in
            line.split(whereSeparator: { $0 == "\t" || $0 == " " }).last.map(String.init)
        }
    }

    /// The value after `Name:` in /proc/PID/status.
    static func statusField(_ name: String, in status: String) -> String? {
        for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
            return String(line.dropFirst(name.count + 1)).trimmingWhitespace()
        }
        return nil
    }

    /// /proc/PID/limits rows: `Max open files            1024                 20000                files`.
    /// The limit name is everything before the first run of two or more spaces.
    static func parseProcessLimits(_ text: String) -> [String: HostRlimit] {
        var limits: [String: HostRlimit] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let columns = line.split(separator: "  ", omittingEmptySubsequences: true)
                .map { $0.trimmingWhitespace() }
                .filter { !$0.isEmpty }
            guard columns.count >= 3 else { continue }
            func value(_ text: String) -> UInt64? { text == "unlimited" ? nil : UInt64(text) }
            limits[columns[0]] = HostRlimit(soft: value(columns[1]), hard: value(columns[2]))
        }
        return limits
    }
}
