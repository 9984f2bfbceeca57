import NamespaceCore

/// Answers commands from a table; anything not in it is "not installed".
public struct HostCannedCommands: HostCommandRunning {
    public var answers: [[String]: HostCommandResult]

    public init(answers: [[String]: HostCommandResult]) {
        self.answers = answers
    }

    public func run(_ arguments: [String], in directory: String?) -> HostCommandResult? { answers[arguments] }
}
