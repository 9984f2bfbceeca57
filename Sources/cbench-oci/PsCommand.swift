import ArgumentParser
import NamespaceCore
import OCIRuntime

struct Ps: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ps", abstract: "List a container's processes: host `ps` lines (default -ef), or their pids as JSON.")
    @OptionGroup var globals: GlobalOptions
    @Option(name: [.short, .long], help: "table or json.") var format: String = "table"
    @Argument var id: String
    @Argument(parsing: .captureForPassthrough, help: "Arguments for ps (default -ef).") var psArguments: [String] = []

    func run() throws {
        let text = try globals.reporting { () throws -> String in
            let pids = try globals.runtime.pids(id: id)
            switch format {
            case "json": return ProcessTable.json(pids)
            case "table":
                let arguments = psArguments.first == "--" ? Array(psArguments.dropFirst()) : psArguments
                let result = try Spawn(["ps"] + (arguments.isEmpty ? ["-ef"] : arguments)).run()
                guard result.exit == .exited(0) else {
                    throw CoreError(stage: "ps \(id)", detail: "ps \(arguments.joined(separator: " ")): \(result.exit) \(result.stderr.firstLine())")
                }
                return try ProcessTable.filter(psOutput: result.stdout, pids: pids)
            default:
                throw CoreError(stage: "ps \(id)", detail: "--format '\(format)' is not table or json")
            }
        }
        print(text)
    }
}
