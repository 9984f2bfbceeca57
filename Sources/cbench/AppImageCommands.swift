import ArgumentParser

enum AppImageCommands {
    static let all: [ParsableCommand.Type] = []
}
