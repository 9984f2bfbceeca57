import ArgumentParser

/// `cbench app ...`: Docker-style application containers, shaped after the docker/podman verbs.
/// Each group of verbs lives in its own file.
struct AppCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "app",
        abstract: "Docker-style application containers: one process from a layered OCI image.",
        subcommands: AppImageCommands.all + AppContainerCommands.all + AppNetworkCommands.all + AppBuildCommands.all
            + AppCheckpointCommands.all
    )
}
