import Foundation

/// The one JSON object `cbench-work` prints for a measuring mode: its numbers by key
/// (`getpid_ns`, `copy_mb_per_s`, `fault_ns`, `spawn_us`...).
public struct WorkReport: Sendable, Equatable {
    public var workload: String
    public var values: [String: Double]

    public init(json text: String) throws {
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("{") }),
              let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let workload = object["workload"] as? String else {
            throw StepFailure(stage: "parse cbench-work", "no JSON report in its output: \(text.prefix(200))")
        }
        self.workload = workload
        values = object.compactMapValues { ($0 as? NSNumber)?.doubleValue }
    }

    public func value(_ key: String) throws -> Double {
        guard let value = values[key] else { throw StepFailure(stage: "parse cbench-work", "its \(workload) report has no \(key)") }
        return value
    }
}
