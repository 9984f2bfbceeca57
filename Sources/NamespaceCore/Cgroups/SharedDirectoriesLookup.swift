import Synchronization

/// The shared directories of one `Cgroup` value: given at `create`, or looked up once, when
/// first asked (an opened cgroup: its first task's /proc/PID/cpuset), and kept. A class, so the
/// copies of the value share what the first ask found.
final class SharedDirectoriesLookup: Sendable {
    private let found: Mutex<[CgroupDirectory]?>

    init(known: [CgroupDirectory]?) {
        found = Mutex(known)
    }

    func value(_ lookUp: () -> [CgroupDirectory]) -> [CgroupDirectory] {
        found.withLock { found in
            if let found { return found }
            let value = lookUp()
            found = value
            return value
        }
    }
}
