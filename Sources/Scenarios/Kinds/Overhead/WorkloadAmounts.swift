/// How much work each workload does: fixed amounts, bounded in time on this kind of machine,
/// all multiplied by the scenario's `scale` (0.1 for a smoke run, 1 for the full scenario).
public struct WorkloadAmounts: Sendable, Equatable {
    /// sysbench cpu events (primes up to `cpuMaxPrime` each): about 0.4 s at scale 1 here.
    public var cpuEvents: Int
    public var cpuMaxPrime = 10_000
    /// Calls of each of the three system calls.
    public var syscalls: Int
    /// The working set of the memory workload, in MiB, and how often it is copied and faulted.
    public var memoryMegabytes: Int
    public var memoryPasses: Int
    /// Processes forked and executed.
    public var spawns: Int
    /// What each fio job moves (the file, and the random jobs' share of it) and its time cap.
    public var fio: FioBounds

    public init(scale: Double) {
        func scaled(_ amount: Double, minimum: Int) -> Int { max(minimum, Int((amount * scale).rounded())) }
        cpuEvents = scaled(600, minimum: 10)
        syscalls = scaled(100_000, minimum: 1000)
        memoryMegabytes = scaled(32, minimum: 4)
        memoryPasses = 6
        spawns = scaled(200, minimum: 10)
        // 128 MiB, not 32: fio times a job in whole milliseconds, and a buffered write of 32 MiB
        // to a volatile overlay (no writeback at its fsync) took 6-7 ms, so its bandwidth could
        // only be 5333, 4571 or 4000 MiB/s and a one-tick difference read as 15% (2026-12-03).
        // The random jobs move 16 MiB, not 4, for the same reason: 4 MiB of buffered random
        // writes to a volatile overlay took 5-7 ms, so each result was 800, 667 or 571 MiB/s,
        // and in one run of 10 rounds podman's ten 5 ms against cbench app's mix read as
        // "outside podman's interval" where a 128 MiB write showed the two alike (2026-12-03).
        fio = FioBounds(fileMegabytes: scaled(128, minimum: 4), randomMegabytes: scaled(16, minimum: 1), capSeconds: 10)
    }

    /// The size of the tmpfs a file I/O workload gets: room for fio's file.
    public var tmpfsMegabytes: Int { fio.fileMegabytes * 2 }
}
