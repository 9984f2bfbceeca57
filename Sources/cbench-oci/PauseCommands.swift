import ArgumentParser
import OCIRuntime

struct Pause: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pause", abstract: "Freeze every process of a running container.")
    @OptionGroup var globals: GlobalOptions
    @Argument var id: String
    func run() throws { try globals.reporting { try globals.runtime.pause(id: id) } }
}

struct Resume: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resume", abstract: "Thaw a paused container.")
    @OptionGroup var globals: GlobalOptions
    @Argument var id: String
    func run() throws { try globals.reporting { try globals.runtime.resume(id: id) } }
}
