import Foundation

/// How far a ramp was from each host limit when it ended, and at about what count it would
/// meet each one at the rate its containers used them: which limit stops a longer ramp
/// first (the path to 10,000 containers), before any ramp gets there.
struct DensityHeadroom: Sendable, Equatable {
    struct Entry: Sendable, Equatable {
        /// The limit with its value, as a stop reason names it (`kernel.pid_max=32768`).
        var limit: String
        /// What it bounds (`tasks`, `file handles`...).
        var resource: String
        /// In use at the end of the ramp, and used per container since before it.
        var inUse: Double
        var perContainer: Double
        /// The container count at which the limit is met at that rate; nil when the
        /// containers used none of it.
        var metAt: Int?
    }

    var entries: [Entry]

    /// The limit a longer ramp meets first, if the containers used any.
    var first: Entry? {
        entries.filter { $0.metAt != nil }.min { ($0.metAt ?? .max) < ($1.metAt ?? .max) }
    }

    /// From the host before the ramp and at its last checkpoint (`containers` running), the
    /// host's limits and the ramp's MemAvailable floor. Limits the host does not report are
    /// left out.
    init(baseline: HostSnapshot, last: HostSnapshot, containers: Int, limits: [HostLimit], memoryFloorBytes: UInt64,
         runsAsRoot: Bool) {
        func limit(_ name: String) -> HostLimit? { limits.first { $0.name == name } }
        var entries: [Entry] = []
        func add(_ limit: HostLimit?, _ resource: String, before: Int?, now: Int?) {
            guard let limit, let maximum = limit.number, let before, let now, containers > 0 else { return }
            entries.append(Self.entry(limit.setting, resource, before: Double(before), now: Double(now),
                                      maximum: Double(maximum), containers: containers))
        }
        add(limit("kernel.pid_max"), "tasks", before: baseline.tasks, now: last.tasks)
        add(limit("kernel.threads-max"), "tasks", before: baseline.tasks, now: last.tasks)
        add(limit("fs.file-max"), "file handles", before: baseline.openFiles, now: last.openFiles)
        add(limit(runsAsRoot ? "kernel.keys.root_maxkeys" : "kernel.keys.maxkeys"), "keys", before: baseline.keys, now: last.keys)
        add(limit("fs.inotify.max_user_instances"), "inotify instances", before: baseline.inotifyInstances, now: last.inotifyInstances)
        add(limit("nofile"), "the runner's descriptors", before: baseline.runnerDescriptors, now: last.runnerDescriptors)
        if containers > 0 {
            // MemAvailable falls toward the floor: count the floor as the limit of what is used.
            let used = { (snapshot: HostSnapshot) in Double(baseline.memAvailable) - Double(snapshot.memAvailable) }
            let room = Double(baseline.memAvailable) - Double(memoryFloorBytes)
            entries.append(Self.entry("MemAvailable floor \(memoryFloorBytes >> 20) MiB", "MB of MemAvailable",
                                      before: 0, now: used(last) / 1_048_576, maximum: max(room, 0) / 1_048_576, containers: containers))
        }
        self.entries = entries
    }

    init(entries: [Entry]) {
        self.entries = entries
    }

    static func entry(_ limit: String, _ resource: String, before: Double, now: Double, maximum: Double, containers: Int) -> Entry {
        let perContainer = (now - before) / Double(containers)
        let metAt: Int? = perContainer > 0 ? containers + max(0, Int(((maximum - now) / perContainer).rounded(.down))) : nil
        return Entry(limit: limit, resource: resource, inUse: now, perContainer: perContainer, metAt: metAt)
    }

    /// One line for the note: the first limit ahead and when the ramp's rate meets it.
    var summary: String {
        guard let first, let metAt = first.metAt else { return "the containers used none of the limited resources read" }
        return "first limit ahead: \(first.limit), met at about \(metAt) containers (\(DensityHeadroom.format(first.perContainer)) \(first.resource) per container)"
    }

    static func format(_ value: Double) -> String {
        String(format: abs(value) >= 10 ? "%.0f" : "%.2f", value)
    }
}
