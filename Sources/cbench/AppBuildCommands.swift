import ArgumentParser

enum AppBuildCommands {
    static let all: [ParsableCommand.Type] = []
}
