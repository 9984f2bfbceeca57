/// The fixed fio jobs of a file I/O workload, run one after the other on one file, each by
/// a fio of its own: sequential (128 KiB blocks) and random 4 KiB, write then read, through
/// the page cache and direct (O_DIRECT). Each job is bounded by an amount of data, not by
/// time, so every target and the host move the same bytes:
/// - the writes come first and write the file themselves (no layout by fio);
/// - a buffered write ends with fsync (`end_fsync`), inside the job's time, so what it
///   measures reaches the device as a direct write does, whatever the page cache holds;
/// - each job starts clean: `cbench-work sequence` runs sync(2) before each fio, so no job
///   writes back what an earlier one left dirty. On an overlay mounted `volatile` (the
///   roots of --rm cbench app and podman containers) a buffered job's closing fsync does
///   nothing, and in one fio for all jobs the direct job after it paid for that writeback;
///   sync(2) reaches the upper layer's file system where fsync and syncfs do not;
/// - every job drops the file from the page cache first (`invalidate`), so a buffered read
///   reads the device: the file is far smaller than the page cache, and without it the
///   read would measure whatever an earlier job left cached (after the sync nothing is
///   dirty, so all of it is dropped);
/// - the random jobs move a fixed part of the file at offsets from fio's fixed seed
///   (`randrepeat`, its default), the same offsets in every run.
/// A time cap per job only guards against a stuck device; a job that reaches it has not
/// moved its amount, and the step fails (`FioReport.result(of:bounds:)`).
public struct FioJob: Sendable, Equatable {
    public var name: String
    public var readWrite: String
    public var blockSize: String
    public var direct: Bool

    public var random: Bool { readWrite.hasPrefix("rand") }
    public var writes: Bool { readWrite.hasSuffix("write") }

    public static let all: [FioJob] = ["write", "read", "randwrite", "randread"].flatMap { mode in
        [false, true].map { direct in
            let random = mode.hasPrefix("rand")
            let pattern = (random ? "rand-" : "seq-") + (mode.hasSuffix("read") ? "read" : "write")
            return FioJob(name: pattern + (direct ? "-direct" : "-buffered"), readWrite: mode,
                          blockSize: random ? "4k" : "128k", direct: direct)
        }
    }

    /// The bytes the job moves: the whole file when sequential, `randomMegabytes` of it when random.
    public func expectedBytes(_ bounds: FioBounds) -> Int {
        (random ? bounds.randomMegabytes : bounds.fileMegabytes) << 20
    }

    /// Where a storage does not do what a job's name says, in words for the report.
    public static func note(on storage: FioStorage) -> String? {
        switch storage {
        case .tmpfs:
            return "fio on tmpfs: the file lives in memory. tmpfs accepts O_DIRECT (Linux 6.6 and later) and serves it from "
                + "memory as it does buffered I/O; fsync and the cache drop do nothing there, so its direct jobs are not device I/O."
        case .root:
            return "fio on the root: on an overlay root, O_DIRECT and fsync reach the upper layer's file system (the host's, here); "
                + "a directory root is that file system itself."
        case .bind, .volume:
            return nil
        }
    }

    /// fio's command line (after the program) for this job alone: the one file in
    /// `directory`, JSON on stdout.
    public func arguments(directory: String, bounds: FioBounds) -> [String] {
        ["--output-format=json", "--directory=\(directory)", "--filename=cbench-fio.data",
         "--size=\(bounds.fileMegabytes)M", "--ioengine=psync", "--invalidate=1", "--end_fsync=1",
         "--randrepeat=1", "--runtime=\(bounds.capSeconds)s",
         "--name=\(name)", "--rw=\(readWrite)", "--bs=\(blockSize)", "--direct=\(direct ? 1 : 0)"]
            + (random ? ["--io_size=\(bounds.randomMegabytes)M"] : [])
    }
}

/// How much each fio job moves, and the time cap that only a stuck device reaches.
public struct FioBounds: Sendable, Equatable {
    /// The file: written whole by each sequential write, read whole by each sequential read.
    public var fileMegabytes: Int
    /// What each random job moves, in 4 KiB blocks across the file.
    public var randomMegabytes: Int
    /// Each job's cap in seconds.
    public var capSeconds: Int

    public init(fileMegabytes: Int, randomMegabytes: Int, capSeconds: Int) {
        self.fileMegabytes = fileMegabytes
        self.randomMegabytes = min(randomMegabytes, fileMegabytes)
        self.capSeconds = capSeconds
    }
}
