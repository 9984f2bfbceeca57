import ArgumentParser
import NamespaceCore
import OCIRuntime

struct Update: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update", abstract: "Change a running container's cgroup limits (runc's flags, or -r FILE with linux.resources JSON).")
    @OptionGroup var globals: GlobalOptions
    @Option(name: [.short, .long], help: "linux.resources JSON file; - reads stdin.") var resources: String?
    // Every value is taken as it comes, as runc's flags take theirs: -1 (unlimited, no quota)
    // would otherwise read as an option and leave the flag without a value.
    @Option(name: .customLong("blkio-weight"), parsing: .unconditional) var blkioWeight: String?
    @Option(name: .customLong("cpu-period"), parsing: .unconditional) var cpuPeriod: String?
    @Option(name: .customLong("cpu-quota"), parsing: .unconditional) var cpuQuota: String?
    @Option(name: .customLong("cpu-share"), parsing: .unconditional) var cpuShare: String?
    @Option(name: .customLong("cpu-rt-period"), parsing: .unconditional) var cpuRTPeriod: String?
    @Option(name: .customLong("cpu-rt-runtime"), parsing: .unconditional) var cpuRTRuntime: String?
    @Option(name: .customLong("cpuset-cpus"), parsing: .unconditional) var cpusetCpus: String?
    @Option(name: .customLong("cpuset-mems"), parsing: .unconditional) var cpusetMems: String?
    @Option(name: .customLong("kernel-memory"), parsing: .unconditional) var kernelMemory: String?
    @Option(name: .customLong("kernel-memory-tcp"), parsing: .unconditional) var kernelMemoryTCP: String?
    @Option(parsing: .unconditional, help: "Memory limit (e.g. 512m, -1 for none).") var memory: String?
    @Option(name: .customLong("memory-reservation"), parsing: .unconditional) var memoryReservation: String?
    @Option(name: .customLong("memory-swap"), parsing: .unconditional, help: "Memory plus swap limit.") var memorySwap: String?
    @Option(name: .customLong("pids-limit"), parsing: .unconditional) var pidsLimit: String?
    @Argument var id: String

    func run() throws {
        try globals.reporting {
            var update = ResourceUpdate()
            if let resources {
                let bytes = try resources == "-" ? FileIO.readAll(fd: 0) : FileIO.read(resources)
                update.resources = try RuntimeSpec.decodeResources(bytes, what: resources == "-" ? "--resources (stdin)" : resources)
            }
            for (flag, value) in flags { if let value { try update.apply(flag: flag, value: value) } }
            try globals.runtime.update(id: id, update)
        }
    }

    private var flags: [(String, String?)] {
        [("blkio-weight", blkioWeight), ("cpu-period", cpuPeriod), ("cpu-quota", cpuQuota), ("cpu-share", cpuShare),
         ("cpu-rt-period", cpuRTPeriod), ("cpu-rt-runtime", cpuRTRuntime), ("cpuset-cpus", cpusetCpus),
         ("cpuset-mems", cpusetMems), ("kernel-memory", kernelMemory), ("kernel-memory-tcp", kernelMemoryTCP),
         ("memory", memory), ("memory-reservation", memoryReservation), ("memory-swap", memorySwap), ("pids-limit", pidsLimit)]
    }
}
