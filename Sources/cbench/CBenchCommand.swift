import ArgumentParser

/// `cbench`: the ContainerBench command line. Subcommands only parse arguments and print;
/// the work lives in the library targets. `CBenchMain` runs it.
struct CBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cbench",
        abstract: "Compare system and application containers on one namespace core.",
        subcommands: [DoctorCommand.self, CleanupCommand.self, SystemCommand.self, AppCommand.self, LabCommand.self, RunCommand.self, MergeCommand.self, ReportCommand.self, CompareCommand.self, BaselineCommand.self]
    )
}
