import Foundation
import Results
import Yams

/// Published answers set beside the measured matrix (the 2015 article's, from
/// `Scenarios/article-2015.yaml`): per matrix row its group, each column's answer, and what
/// that answer claims about the target the column speaks for. Read from the data file, never
/// typed into code, so the report can show them as answers and mark disagreements.
public struct ReferenceAnswers: Sendable, Equatable {
    public struct Column: Decodable, Sendable, Equatable {
        public var title: String
        public var target: String
    }

    public struct Row: Decodable, Sendable, Equatable {
        public var article: String
        public var group: String
        public var answers: [String: String]
        public var features: [String]
    }

    private struct File: Decodable {
        var source: String
        var columns: [String: Column]
        var means: [String: String]
        var rows: [Row]
    }

    public var source: String
    public var columns: [String: Column]
    /// The keys of `columns` in the order the file lists them.
    public var columnOrder: [String]
    public var rows: [Row]
    /// An answer's words to the outcome it claims.
    public var means: [String: FeatureOutcome]

    /// The file a scenario names in `references` (relative to the scenario file), nil when
    /// it names none; an error names the key's line and the file's problem.
    public static func load(fields: ScenarioFields) throws -> ReferenceAnswers? {
        guard let path = try fields.string("references") else { return nil }
        let file = path.hasPrefix("/") ? path : ((fields.file as NSString).deletingLastPathComponent as NSString).appendingPathComponent(path)
        do {
            return try load(file)
        } catch {
            throw fields.error("references", String(describing: error))
        }
    }

    /// The file's answers; an error names the file and what is wrong in it.
    public static func load(_ path: String) throws -> ReferenceAnswers {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScenarioError(file: path, message: "cannot read the reference answers")
        }
        return try parse(String(decoding: data, as: UTF8.self), file: path)
    }

    public static func parse(_ text: String, file: String) throws -> ReferenceAnswers {
        let decoded: File
        do {
            decoded = try YAMLDecoder().decode(File.self, from: text)
        } catch {
            throw ScenarioError(file: file, message: "not a reference answers file (source, columns, means, rows): \(error)")
        }
        var means: [String: FeatureOutcome] = [:]
        for (answer, words) in decoded.means {
            guard let outcome = FeatureOutcome.allCases.first(where: { Self.words($0) == words }), outcome.isVerdict else {
                throw ScenarioError(file: file, message: "means.\(answer): '\(words)' is not supported, partial or not supported")
            }
            means[answer] = outcome
        }
        for row in decoded.rows {
            for (column, answer) in row.answers {
                guard decoded.columns[column] != nil else {
                    throw ScenarioError(file: file, message: "row '\(row.article)': unknown column '\(column)' (columns: \(decoded.columns.keys.sorted().joined(separator: ", ")))")
                }
                guard means[answer] != nil else {
                    throw ScenarioError(file: file, message: "row '\(row.article)': answer '\(answer)' has no entry in means")
                }
            }
        }
        // The decoder's dictionary forgets the file's order of the columns; the composed node keeps it.
        let listed = (try? Yams.compose(yaml: text))?["columns"]?.mapping?.keys.compactMap(\.string) ?? []
        let order = listed.filter { decoded.columns[$0] != nil } + decoded.columns.keys.filter { !listed.contains($0) }.sorted()
        return ReferenceAnswers(source: decoded.source, columns: decoded.columns, columnOrder: order, rows: decoded.rows, means: means)
    }

    /// How the data file spells an outcome.
    static func words(_ outcome: FeatureOutcome) -> String {
        switch outcome {
        case .notSupported: return "not supported"
        case .notApplicable: return "not applicable"
        default: return outcome.rawValue
        }
    }

    /// The row measured by `feature`, if the answers cover it.
    public func row(of feature: String) -> Row? { rows.first { $0.features.contains(feature) } }

    /// The definition of a matrix row: the answers' group and answers where they cover it,
    /// else `fallbackGroup` and no answers.
    public func definition(_ feature: String, fallbackGroup: String) -> FeatureDefinition {
        guard let row = row(of: feature) else { return FeatureDefinition(name: feature, group: fallbackGroup) }
        var references: [String: String] = [:]
        var claims: [String: ReferenceClaim] = [:]
        for (key, answer) in row.answers {
            guard let column = columns[key], let outcome = means[answer] else { continue }
            references[column.title] = answer
            claims[column.title] = ReferenceClaim(target: column.target, outcome: outcome)
        }
        return FeatureDefinition(name: feature, group: row.group, references: references, claims: claims,
                                 referenceOrder: columnOrder.compactMap { columns[$0]?.title })
    }

    /// The group order of the answers (the article's), for rows the answers cover.
    public var groups: [String] {
        var seen: [String] = []
        for row in rows where !seen.contains(row.group) { seen.append(row.group) }
        return seen
    }
}
