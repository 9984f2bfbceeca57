import Foundation
import Glibc
import NamespaceCore

/// What the host shows, at one moment, of the kernel's asynchronous teardown of namespaces
/// and cgroups that earlier steps released.
public struct TeardownActivity: Sendable, Equatable {
    /// Teardown workqueues a kernel worker is executing an item of right now (`netns` for a
    /// network namespace's cleanup_net, `cgroup_release`...), one entry per busy worker.
    public var busyQueues: [String]
    /// `nr_dying_descendants` of the cgroup2 root: removed cgroups the kernel has not
    /// released yet. nil where no cgroup2 hierarchy is mounted or it cannot be read.
    public var dyingCgroups: Int?

    public init(busyQueues: [String], dyingCgroups: Int?) {
        self.busyQueues = busyQueues
        self.dyingCgroups = dyingCgroups
    }
}

/// Where `StepSettle` reads the teardown activity (the host's /proc and cgroup2 root, or a
/// script in tests).
public protocol TeardownActivitySource: Sendable {
    func read() -> TeardownActivity
}

/// Before each timed step of an interleaved plan, waits until the kernel has finished
/// tearing down what the previous steps released (a container's network namespace and
/// cgroups are freed by kernel workers after the runtime's command has returned), so one
/// target's teardown is not charged to the next target's timed span. The same for every
/// target. Quiet means: no kernel worker is executing an item of a teardown workqueue, and
/// the cgroup2 root has no more dying cgroups than just before the previous timed step, on
/// `quietPolls` readings in a row. The wait is bounded (`boundSeconds`); it is never part of
/// a metric, and what it took is recorded per target.
struct StepSettle {
    struct Outcome: Sendable, Equatable {
        enum End: Sendable, Equatable {
            /// `quietPolls` quiet readings in a row.
            case quiet
            /// The bound passed; `busy` says what was still busy at the last reading.
            case bound(busy: String)
            /// A stop was requested.
            case stopped
        }

        var end: End
        var seconds: Double
        var polls: Int

        var reachedBound: Bool {
            if case .bound = end { return true }
            return false
        }
    }

    let source: any TeardownActivitySource
    var boundSeconds = 2.0
    var pollSeconds = 0.002
    var quietPolls = 3
    var clock: () -> UInt64 = { MonotonicClock.now() }
    var pause: (Double) -> Void = { seconds in usleep(useconds_t(seconds * 1e6)) }
    /// Dying cgroups just before the last timed step began (nil until the first wait).
    private(set) var dyingBefore: Int?

    init(source: any TeardownActivitySource) {
        self.source = source
    }

    /// Takes the dying-cgroup count before the plan's first step as the first reference.
    mutating func begin() {
        dyingBefore = source.read().dyingCgroups
    }

    /// Waits until quiet, the bound passes or `stopped()` says to give up. Whatever the end,
    /// the dying count it ends with is the reference for the next wait, so a cgroup that
    /// stays dying (someone else's, or pinned) costs one bounded wait, not one per step.
    mutating func wait(stopped: () -> Bool = { false }) -> Outcome {
        let start = clock()
        let deadline = start + UInt64(boundSeconds * 1e9)
        var quiet = 0
        var polls = 0
        while true {
            let activity = source.read()
            polls += 1
            if dyingBefore == nil { dyingBefore = activity.dyingCgroups }
            let reference = dyingBefore
            var busy: [String] = []
            if !activity.busyQueues.isEmpty {
                busy.append("kernel workers busy on " + Array(Set(activity.busyQueues)).sorted().joined(separator: ", "))
            }
            if let dying = activity.dyingCgroups, let reference, dying > reference {
                busy.append("\(dying) dying cgroups (\(reference) before the last step)")
            }
            quiet = busy.isEmpty ? quiet + 1 : 0
            let now = clock()
            let seconds = Double(now - start) / 1e9
            let end: Outcome.End? = quiet >= quietPolls ? .quiet
                : now >= deadline ? .bound(busy: busy.joined(separator: "; ")) : stopped() ? .stopped : nil
            if let end {
                dyingBefore = activity.dyingCgroups
                return Outcome(end: end, seconds: seconds, polls: polls)
            }
            pause(pollSeconds)
        }
    }
}

/// The host's teardown activity: kernel workers whose name says they are executing an item
/// of a teardown workqueue (`kworker/1:2+netns`: the kernel shows `+queue` while a worker
/// runs an item, `-queue` for the last one it ran), and the cgroup2 root's cgroup.stat.
public struct HostTeardownActivity: TeardownActivitySource {
    /// The workqueues that free namespaces and cgroups: network namespace cleanup, IP
    /// fragment queues of a dying namespace, cgroup offline/release/free (one queue,
    /// `cgroup_destroy`, before Linux 6.13), and the shared `events` queue, where the tail of a
    /// namespace's teardown runs (fqdir_free_fn, the key garbage collector): after `unshare -n
    /// true` it was busy up to 24 ms after the netns worker had finished (6.18, 2026-12-03). Its
    /// items may be anyone's; an unrelated one only lengthens the bounded wait, for every target.
    public static let teardownQueues: Set<String> = [
        "netns", "inet_frag_wq", "cgroup_destroy", "cgroup_offline", "cgroup_release", "cgroup_free", "events",
    ]

    let statPath: String?

    /// `cgroup2Root`: where the cgroup2 hierarchy is mounted (from /proc/self/mountinfo), if anywhere.
    public init(cgroup2Root: String?) {
        statPath = cgroup2Root.map { $0 + "/cgroup.stat" }
    }

    public static func current() -> HostTeardownActivity {
        let layout = try? CgroupLayout(mountinfo: FileIO.contents("/proc/self/mountinfo"))
        return HostTeardownActivity(cgroup2Root: layout?.unified?.mountPoint)
    }

    public func read() -> TeardownActivity {
        var queues: [String] = []
        for name in (try? FileIO.names(in: "/proc")) ?? [] where name.first?.isNumber == true {
            let comm = FileIO.contents("/proc/\(name)/comm")
            if let queue = Self.busyTeardownQueue(comm: comm) { queues.append(queue) }
        }
        return TeardownActivity(busyQueues: queues, dyingCgroups: statPath.flatMap { Self.dyingDescendants(FileIO.contents($0)) })
    }

    /// The teardown queue a kernel worker named `comm` is executing an item of, if any.
    static func busyTeardownQueue(comm: String) -> String? {
        let name = comm.trimmingCharacters(in: .whitespacesAndNewlines)
        guard name.hasPrefix("kworker/"), let plus = name.firstIndex(of: "+") else { return nil }
        let queue = String(name[name.index(after: plus)...])
        return teardownQueues.contains(queue) ? queue : nil
    }

    /// `nr_dying_descendants` of a cgroup.stat text.
    static func dyingDescendants(_ stat: String) -> Int? {
        for line in stat.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 2, fields[0] == "nr_dying_descendants" { return Int(fields[1]) }
        }
        return nil
    }
}
