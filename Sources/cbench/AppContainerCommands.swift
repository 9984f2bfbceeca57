import ArgumentParser

enum AppContainerCommands {
    static let all: [ParsableCommand.Type] = []
}
