import Foundation

/// What fio's JSON output (`--output-format=json`) says about each job: per direction, the
/// bytes it moved (`io_bytes`), its bandwidth in bytes per second (`bw_bytes`) and its
/// operations per second. Text fio prints before the JSON (notes, warnings) is skipped; a
/// job fio marks with an error is an error.
public struct FioReport: Sendable, Equatable {
    public struct Direction: Sendable, Equatable {
        public var bytes: Double
        public var bytesPerSecond: Double
        public var operationsPerSecond: Double
    }

    public struct Job: Sendable, Equatable {
        public var name: String
        public var read: Direction
        public var write: Direction
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
            if let error = job["error"] as? Int, error != 0 {
                let hint = error == Int(EINVAL) ? " (EINVAL: this file system refuses O_DIRECT for a direct job)" : ""
                throw Self.failure("fio job \(name) failed with error \(error)\(hint)")
            }
            return Job(name: name, read: Self.direction(job["read"]), write: Self.direction(job["write"]))
        }
    }

    /// The jobs of several fio runs, in order: what each printed, as `cbench-work sequence`
    /// ran them one by one (`WorkSequence.outputs`).
    public init(outputs: [String]) throws {
        jobs = try outputs.flatMap { try FioReport(json: $0).jobs }
    }

    public func job(_ name: String) -> Job? { jobs.first { $0.name == name } }

    /// The direction `job` ran, checked: it moved all of its bytes (a job stopped by its time
    /// cap, or one that moved nothing, did not do the work the other runs did).
    public func result(of job: FioJob, bounds: FioBounds) throws -> Direction {
        guard let found = self.job(job.name) else { throw Self.failure("fio reported no job \(job.name)") }
        let side = job.writes ? found.write : found.read
        let expected = Double(job.expectedBytes(bounds))
        guard side.bytes >= expected, side.bytesPerSecond > 0 else {
            throw Self.failure("fio job \(job.name) moved \(Int(side.bytes)) of its \(Int(expected)) bytes within its "
                               + "\(bounds.capSeconds) s cap: the storage is slower than the bound assumes (lower the scenario's scale)")
        }
        return side
    }

    static func direction(_ value: Any?) -> Direction {
        let side = value as? [String: Any] ?? [:]
        return Direction(bytes: number(side["io_bytes"]), bytesPerSecond: number(side["bw_bytes"]),
                         operationsPerSecond: number(side["iops"]))
    }

    static func number(_ value: Any?) -> Double {
        (value as? NSNumber)?.doubleValue ?? 0
    }

    static func failure(_ message: String) -> StepFailure { StepFailure(stage: "parse fio", message) }
}
