#if canImport(Glibc)
import Glibc
#endif

extension Cgroup {
    /// How long freeze, thaw and remove wait for the kernel: attempts and the pause between.
    static let waitAttempts = 500
    static let waitPauseMicroseconds: UInt32 = 2_000

    /// Whether `freeze()` can work: a v1 freezer hierarchy, or cgroup v2's built-in freezer.
    public var hasFreezer: Bool {
        if host.mode == .v2 { return unifiedDirectory != nil }
        return directory(for: "freezer") != nil
    }

    /// Whether the cgroup is frozen now (v1 freezer.state FROZEN, v2 `frozen 1` in cgroup.events).
    public func isFrozen() throws(CoreError) -> Bool {
        if host.mode == .v2 {
            guard let directory = unifiedDirectory else { return false }
            return try readState(directory.file("cgroup.events")).cgroupKeyedValues()["frozen"] == 1
        }
        guard let directory = directory(for: "freezer") else { return false }
        return try readState(directory.file("freezer.state")) == "FROZEN"
    }

    /// Stops every task and returns once the kernel reports them all frozen.
    public func freeze() throws(CoreError) {
        try setFrozen(true)
    }

    public func thaw() throws(CoreError) {
        try setFrozen(false)
    }

    func setFrozen(_ frozen: Bool) throws(CoreError) {
        let action = frozen ? "freeze" : "thaw"
        if host.mode == .v2 {
            guard let directory = unifiedDirectory else {
                throw CoreError(stage: "cgroup \(action)", errno: ENOENT, detail: "no cgroup2 directory")
            }
            try freezeV2(directory, frozen: frozen)
        } else {
            guard let directory = directory(for: "freezer") else {
                throw CoreError(stage: "cgroup \(action)", errno: ENOENT, detail: "no freezer hierarchy is mounted")
            }
            try freezeV1(directory, frozen: frozen)
        }
    }

    /// v1: a write of FROZEN may leave the cgroup FREEZING while a task is busy in the kernel;
    /// writing again retries the tasks left over.
    private func freezeV1(_ directory: CgroupDirectory, frozen: Bool) throws(CoreError) {
        let wanted = frozen ? "FROZEN" : "THAWED"
        let file = directory.file("freezer.state")
        for _ in 0..<Self.waitAttempts {
            do { try fs.write(file, wanted) } catch {
                throw CoreError(stage: "cgroup write freezer.state", errno: error.errno, detail: "'\(wanted)' to \(directory.path)")
            }
            if try readState(file) == wanted { return }
            usleep(Self.waitPauseMicroseconds)
        }
        throw CoreError(stage: "cgroup wait freezer.state", errno: ETIMEDOUT, detail: "\(directory.path) never reached \(wanted)")
    }

    /// v2: cgroup.freeze asks, `frozen 1` in cgroup.events confirms.
    private func freezeV2(_ directory: CgroupDirectory, frozen: Bool) throws(CoreError) {
        let wanted = frozen ? "1" : "0"
        do { try fs.write(directory.file("cgroup.freeze"), wanted) } catch {
            throw CoreError(stage: "cgroup write cgroup.freeze", errno: error.errno, detail: "'\(wanted)' to \(directory.path)")
        }
        let events = directory.file("cgroup.events")
        for _ in 0..<Self.waitAttempts {
            let state = try readState(events).cgroupKeyedValues()["frozen"]
            if state.map(String.init) == wanted { return }
            usleep(Self.waitPauseMicroseconds)
        }
        throw CoreError(stage: "cgroup wait cgroup.events", errno: ETIMEDOUT, detail: "\(directory.path) never reached frozen \(wanted)")
    }

    private func readState(_ file: String) throws(CoreError) -> String {
        do { return try fs.read(file).trimmingWhitespace() } catch {
            throw CoreError(stage: "cgroup read \(file)", errno: error.errno)
        }
    }
}
