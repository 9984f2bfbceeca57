import Foundation
import JSONRecords

/// The inputs of `cbench merge`: results files named by host, and the outcomes file of
/// `cbench run --hosts` (`hosts.json`), whose failed hosts have no results but must appear.
public enum HostResultsInput {
    /// `NAME=PATH`, or a PATH whose host is its directory: `OUT/hosts/NAME/results/results.json`
    /// (`cbench run --hosts`) and `FLEET/NAME/results.json` (the playbook) both give NAME.
    public static func parse(_ argument: String) -> (name: String, path: String) {
        if let equals = argument.firstIndex(of: "="), !argument[..<equals].contains("/") {
            return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
        }
        var directories = argument.split(separator: "/").dropLast().map(String.init)
        if directories.last == "results" { directories.removeLast() }
        return (directories.last ?? argument, argument)
    }

    /// The host's results, or the host marked failed with why the file could not be read.
    public static func load(name: String, path: String, address: String? = nil,
                            read: (String) throws -> ResultsDocument = { try ResultsDocument.load(from: URL(fileURLWithPath: $0)) })
        -> ResultsDocument.HostResults {
        do {
            return ResultsDocument.HostResults(name: name, address: address, outcome: .success(try read(path)))
        } catch {
            return ResultsDocument.HostResults(name: name, address: address, outcome: .failure(.init("cannot read \(path): \(error)")))
        }
    }

    /// One line of `hosts.json`, as `cbench run --hosts` writes it.
    public struct Outcome: Decodable, Sendable, Equatable {
        public var host: String
        public var address: String?
        public var status: String
        public var results: String?
        public var error: String?

        public init(host: String, address: String?, status: String, results: String?, error: String?) {
            self.host = host
            self.address = address
            self.status = status
            self.results = results
            self.error = error
        }
    }

    /// Every host of `outcomes` and of `arguments`, in that order, each once: a host the
    /// outcomes call failed is failed with its error; an argument for a host names its file.
    public static func collect(arguments: [String], outcomes: [Outcome],
                               read: (String) throws -> ResultsDocument = { try ResultsDocument.load(from: URL(fileURLWithPath: $0)) })
        -> [ResultsDocument.HostResults] {
        let given = arguments.map(parse)
        var inputs: [ResultsDocument.HostResults] = []
        for outcome in outcomes {
            if let explicit = given.first(where: { $0.name == outcome.host }) {
                inputs.append(load(name: outcome.host, path: explicit.path, address: outcome.address, read: read))
            } else if outcome.status == "ok", let path = outcome.results {
                inputs.append(load(name: outcome.host, path: path, address: outcome.address, read: read))
            } else {
                inputs.append(ResultsDocument.HostResults(name: outcome.host, address: outcome.address,
                                                          outcome: .failure(.init(outcome.error ?? "status \(outcome.status), no results"))))
            }
        }
        for (name, path) in given where !inputs.contains(where: { $0.name == name }) {
            inputs.append(load(name: name, path: path, read: read))
        }
        return inputs
    }

    /// `hosts.json`, read with the records codec it was written with.
    public static func outcomes(from path: String) throws -> [Outcome] {
        try JSONRecord.read([Outcome].self, from: path)
    }
}
