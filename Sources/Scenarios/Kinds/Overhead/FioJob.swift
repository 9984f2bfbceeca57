/// The fixed fio jobs of a file I/O workload, run one after the other (stonewall) on one
/// file: sequential (128 KiB blocks) and random 4 KiB, read and write, through the page
/// cache and direct (O_DIRECT). Each is bounded by time, with the file laid out once first.
public struct FioJob: Sendable, Equatable {
    public var name: String
    public var readWrite: String
    public var blockSize: String
    public var direct: Bool

    public static let all: [FioJob] = ["read", "write", "randread", "randwrite"].flatMap { mode in
        [false, true].map { direct in
            let random = mode.hasPrefix("rand")
            let pattern = (random ? "rand-" : "seq-") + (mode.hasSuffix("read") ? "read" : "write")
            return FioJob(name: pattern + (direct ? "-direct" : "-buffered"), readWrite: mode,
                          blockSize: random ? "4k" : "128k", direct: direct)
        }
    }

    /// fio's command line (after the program): one file in `directory`, JSON on stdout.
    public static func arguments(directory: String, megabytes: Int, jobMilliseconds: Int) -> [String] {
        let global = ["--output-format=json", "--directory=\(directory)", "--filename=cbench-fio.data",
                      "--size=\(megabytes)M", "--ioengine=psync", "--time_based", "--runtime=\(jobMilliseconds)ms",
                      "--stonewall"]
        return global + all.flatMap { job in
            ["--name=\(job.name)", "--rw=\(job.readWrite)", "--bs=\(job.blockSize)", "--direct=\(job.direct ? 1 : 0)"]
        }
    }
}
