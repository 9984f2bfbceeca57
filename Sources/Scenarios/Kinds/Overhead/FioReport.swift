import Foundation

/// What fio's JSON output (`--output-format=json`) says about each job: its bandwidth in
/// bytes per second for the direction it ran (`read.bw_bytes` or `write.bw_bytes`). Text fio
/// prints before the JSON (notes, warnings) is skipped.
public struct FioReport: Sendable, Equatable {
    public struct Job: Sendable, Equatable {
        public var name: String
        public var bytesPerSecond: Double
        public var operationsPerSecond: Double
    }

    public var jobs: [Job]

    public init(json text: String) throws {
        guard let start = text.firstIndex(of: "{") else { throw Self.failure("no JSON object in fio's output: \(text.prefix(200))") }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(text[start...].utf8))
        } catch {
            throw Self.failure("fio's JSON does not parse: \(error)")
        }
        guard let root = object as? [String: Any], let jobs = root["jobs"] as? [[String: Any]] else {
            throw Self.failure("fio's JSON has no jobs array")
        }
        self.jobs = try jobs.map { job in
            guard let name = job["jobname"] as? String else { throw Self.failure("a fio job without jobname") }
            if let error = job["error"] as? Int, error != 0 { throw Self.failure("fio job \(name) failed with error \(error)") }
            let read = job["read"] as? [String: Any] ?? [:], write = job["write"] as? [String: Any] ?? [:]
            let readBytes = Self.number(read["bw_bytes"]), writeBytes = Self.number(write["bw_bytes"])
            let side = writeBytes > readBytes ? write : read
            return Job(name: name, bytesPerSecond: max(readBytes, writeBytes), operationsPerSecond: Self.number(side["iops"]))
        }
    }

    public func job(_ name: String) -> Job? { jobs.first { $0.name == name } }

    static func number(_ value: Any?) -> Double {
        (value as? NSNumber)?.doubleValue ?? 0
    }

    static func failure(_ message: String) -> StepFailure { StepFailure(stage: "parse fio", message) }
}
