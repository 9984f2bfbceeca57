import ArgumentParser

enum AppNetworkCommands {
    static let all: [ParsableCommand.Type] = []
}
