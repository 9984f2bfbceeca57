import Checkpoints
import JSONRecords

extension CheckpointStatistics {
    /// The statistics `cbench app checkpoint|restore --print-stats` printed as the last line of
    /// `output` (here or on another host); nil when there are none (an older cbench prints the name).
    public init?(printedBy output: String) {
        guard let line = output.split(separator: "\n").last,
              let statistics = try? JSONRecord.decode(CheckpointStatistics.self, from: Array(line.utf8), what: "CRIU's statistics") else {
            return nil
        }
        self = statistics
    }
}
