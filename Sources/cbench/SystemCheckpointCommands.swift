import ArgumentParser
import NamespaceCore
import SystemContainers

/// `cbench system checkpoint` / `restore`, as `lxc-checkpoint -s` / `-r`: the checkpoint is
/// kept in the container's directory.
struct SystemCheckpoint: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "checkpoint", abstract: "Checkpoint a running container with CRIU (it stops).")
    @Argument(help: "Container name.") var name: String
    @Flag(name: .long, help: "Leave the container running after the checkpoint.") var leaveRunning = false
    @Flag(name: .long, help: "Checkpoint established TCP connections.") var tcpEstablished = false

    func run() throws {
        try SystemCommand.runtime().checkpoint(name: name, leaveRunning: leaveRunning, tcpEstablished: tcpEstablished)
        print("checkpointed \(name)")
    }
}

struct SystemRestore: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restore", abstract: "Restore a container from its checkpoint.")
    @Argument(help: "Container name.") var name: String
    @Flag(name: .long, help: "Restore established TCP connections.") var tcpEstablished = false
    @Flag(name: .shortAndLong, help: "Keep the checkpoint after the restore.") var keep = false

    func run() throws {
        let record = try SystemCommand.runtime().restore(name: name, tcpEstablished: tcpEstablished, keep: keep)
        print("restored \(name) (pid \(record.pid))")
    }
}
