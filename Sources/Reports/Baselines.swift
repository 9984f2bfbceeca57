import Foundation
import NamespaceCore
import Results

/// Named baselines: whole results documents kept as
/// `Results/baselines/NAME.json`, for `cbench baseline save NAME` and
/// `cbench run --baseline NAME`.
public struct BaselineStore: Sendable {
    public var directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    /// `<resultsRoot>/baselines`, e.g. `Results/baselines`.
    public init(resultsRoot: URL) {
        self.directory = resultsRoot.appendingPathComponent("baselines", isDirectory: true)
    }

    /// Letters, digits, `.`, `_` and `-`, not starting with `.`: a name can
    /// never climb out of the directory or hide itself.
    public static func validate(name: String) throws {
        let allowed = name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                || $0 == "." || $0 == "_" || $0 == "-"
        }
        guard !name.isEmpty, name.count <= 100, allowed, !name.hasPrefix(".") else {
            throw ReportError(stage: "baseline name", detail: "'\(name)' must be 1-100 of [A-Za-z0-9._-], not starting with '.'")
        }
    }

    public func url(for name: String) throws -> URL {
        try BaselineStore.validate(name: name)
        return directory.appendingPathComponent("\(name).json")
    }

    /// Saves with summaries recomputed, replacing a baseline of the same name.
    @discardableResult
    public func save(_ document: ResultsDocument, as name: String) throws -> URL {
        let destination = try url(for: name)
        try document.summarized().write(to: destination)
        return destination
    }

    public func load(_ name: String) throws -> ResultsDocument {
        let source = try url(for: name)
        guard FileManager.default.fileExists(atPath: source.path) else {
            throw ReportError(stage: "load baseline \(name)", errno: ENOENT,
                              detail: "no \(source.path): save it with `cbench baseline save \(name) RESULTS.json` (`cbench baseline list` names the saved ones)")
        }
        return try ResultsDocument.load(from: source)
    }

    /// Names of the saved baselines, sorted; empty when none was saved yet.
    public func names() throws -> [String] {
        guard FileManager.default.fileExists(atPath: directory.path) else { return [] }
        do {
            return try FileIO.names(in: directory.path)
                .filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }
                .map { String($0.dropLast(".json".count)) }
                .sorted()
        } catch {
            throw ReportError.wrapping(error, stage: "list baselines in \(directory.path)")
        }
    }
}
