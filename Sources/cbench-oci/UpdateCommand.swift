import ArgumentParser
import NamespaceCore
import OCIRuntime

struct Update: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update", abstract: "Change a running container's cgroup limits (runc's flags, or -r FILE with linux.resources JSON).")
    @OptionGroup var globals: GlobalOptions
    @Option(name: [.short, .long], help: "linux.resources JSON file; - reads stdin.") var resources: String?
    @Option(name: .customLong("blkio-weight")) var blkioWeight: String?
    @Option(name: .customLong("cpu-period")) var cpuPeriod: String?
    @Option(name: .customLong("cpu-quota")) var cpuQuota: String?
    @Option(name: .customLong("cpu-share")) var cpuShare: String?
    @Option(name: .customLong("cpu-rt-period")) var cpuRTPeriod: String?
    @Option(name: .customLong("cpu-rt-runtime")) var cpuRTRuntime: String?
    @Option(name: .customLong("cpuset-cpus")) var cpusetCpus: String?
    @Option(name: .customLong("cpuset-mems")) var cpusetMems: String?
    @Option(name: .customLong("kernel-memory")) var kernelMemory: String?
    @Option(name: .customLong("kernel-memory-tcp")) var kernelMemoryTCP: String?
    @Option(help: "Memory limit (e.g. 512m, -1 for none).") var memory: String?
    @Option(name: .customLong("memory-reservation")) var memoryReservation: String?
    @Option(name: .customLong("memory-swap"), help: "Memory plus swap limit.") var memorySwap: String?
    @Option(name: .customLong("pids-limit")) var pidsLimit: String?
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
