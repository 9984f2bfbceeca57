#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import ArgumentParser
import Glibc
import NamespaceCore
import OCIRuntime

struct Events: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events", abstract: "Print a container's stats as runc's JSON events: once (--stats) or every --interval until it stops.")
    @OptionGroup var globals: GlobalOptions
    @Flag(help: "Print one stats event and exit.") var stats = false
    @Option(help: "Time between stats events (a Go duration: 5s, 500ms).") var interval: String = "5s"
    @Argument var id: String

    func run() throws {
        let seconds = try globals.reporting { try EventInterval.seconds(interval) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var oomKills: UInt64?
        while true {
            // A container that stopped ends the stream. runc 1.1.5 goes on printing an event each
            // interval after its container is killed (seen on this host); ending is what a
            // reader of the stream can act on.
            guard let counters = try? globals.runtime.stats(id: id) else {
                if stats || oomKills == nil { _ = try globals.reporting { try globals.runtime.stats(id: id) } }
                return
            }
            if let before = oomKills, let now = counters.oomKills, now > before {
                try emit(ContainerEvent.oom(id: id), encoder)
            }
            oomKills = counters.oomKills ?? 0
            try emit(ContainerEvent.stats(id: id, counters), encoder)
            if stats { return }
            usleep(UInt32(min(seconds, 3600) * 1_000_000))
        }
    }

    private func emit(_ event: ContainerEvent, _ encoder: JSONEncoder) throws {
        print(String(decoding: try encoder.encode(event), as: UTF8.self))
        fflush(nil)  // every stream: a reader of the pipe sees each event as it comes
    }
}
