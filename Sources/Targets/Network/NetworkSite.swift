import Foundation
import NamespaceCore

/// Where a command of a network placement runs: this machine, or a lab host (through
/// `cbench lab exec HOST --`, so it sees that host's own cbench state, /run and network).
public struct NetworkSite: Sendable, Equatable {
    public var name: String
    /// The lab host's name; nil for this machine.
    public var labHost: String?
    /// The lab host's address on the underlay.
    public var underlayAddress: String?

    public init(name: String, labHost: String? = nil, underlayAddress: String? = nil) {
        self.name = name
        self.labHost = labHost
        self.underlayAddress = underlayAddress
    }

    public static let local = NetworkSite(name: "this host")

    public static func lab(_ host: String, address: String) -> NetworkSite {
        NetworkSite(name: host, labHost: host, underlayAddress: address)
    }

    /// The command line that runs `words` here, with `environment` set for it.
    public func commandLine(_ words: [String], environment: [String: String] = [:]) throws -> [String] {
        let assignments = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let command = assignments.isEmpty ? words : ["env"] + assignments + words
        guard let labHost else { return command }
        return [try CBenchExecutable.locate(), "lab", "exec", labHost, "--"] + command
    }

    /// `cbench ARGUMENTS` as a command of this site: the running cbench, which lab hosts see
    /// at the same path.
    public static func cbench(_ arguments: [String]) throws -> [String] {
        [try CBenchExecutable.locate()] + arguments
    }

    /// Runs `words` here, its output captured.
    public func run(_ words: [String], environment: [String: String] = [:]) throws -> SpawnResult {
        try Spawn(try commandLine(words, environment: environment)).run()
    }

    /// Runs `words` here and returns its stdout; a non-zero exit is an error naming the site,
    /// `stage` and the first line the command printed.
    @discardableResult
    public func checked(_ words: [String], stage: String, environment: [String: String] = [:]) throws -> String {
        let outcome = try run(words, environment: environment)
        guard outcome.status == 0 else {
            throw CoreError(stage: "\(name): \(stage)", detail: "exit \(outcome.status): \((outcome.stderr + outcome.stdout).firstLine())")
        }
        return outcome.stdout
    }

    /// Writes a small text file here (a lab host's /run and /tmp are its own).
    public func write(_ text: String, to path: String) throws {
        guard labHost != nil else {
            try FileIO.makeDirectories((path as NSString).deletingLastPathComponent, mode: 0o755)
            return try FileIO.write(path, Array(text.utf8))
        }
        try checked(["sh", "-c", "mkdir -p \"$(dirname \"$1\")\" && printf '%s' \"$2\" > \"$1\"", "sh", path, text],
                    stage: "write \(path)")
    }
}
