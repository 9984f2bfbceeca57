import Foundation
import Results
import Testing
@testable import Reports

/// The fio goal, job by job against podman's intervals: within, faster (said as such, not a
/// miss), slower (a miss, whatever else is faster).
@Suite struct OverheadFioGoalTests {
    static let root = OverheadSectionTests.root
    static let metrics = ["fio seq-write-buffered", "fio seq-read-direct"].map { MetricDefinition(name: $0, unit: "MiB/s", better: .higher) }

    /// Host at 100 MiB/s on both jobs; podman-crun at 2.0-2.2× on the write and 0.9-1.1× on the read.
    static func markdown(write ours: Double, read oursRead: Double, podmanRunc: [Double]? = nil) throws -> String {
        var measurements = [
            OverheadSectionTests.samples("fio seq-write-buffered", "MiB/s", "host", root, [100, 100, 100]),
            OverheadSectionTests.samples("fio seq-read-direct", "MiB/s", "host", root, [100, 100, 100]),
            OverheadSectionTests.samples("fio seq-write-buffered", "MiB/s", "podman-crun", root, [200, 210, 220]),
            OverheadSectionTests.samples("fio seq-read-direct", "MiB/s", "podman-crun", root, [90, 100, 110]),
            OverheadSectionTests.samples("fio seq-write-buffered", "MiB/s", "cbench-app", root, [ours, ours, ours]),
            OverheadSectionTests.samples("fio seq-read-direct", "MiB/s", "cbench-app", root, [oursRead, oursRead, oursRead]),
        ]
        if let podmanRunc {
            measurements.append(OverheadSectionTests.samples("fio seq-write-buffered", "MiB/s", "podman-runc", root, podmanRunc))
        }
        return try OverheadSectionTests.markdown(measurements, targets: ["host", "cbench-app", "podman-crun"] + (podmanRunc == nil ? [] : ["podman-runc"]),
                                                 metrics: metrics)
    }

    @Test func insideEveryIntervalIsMet() throws {
        let markdown = try Self.markdown(write: 210, read: 100)
        #expect(markdown.contains("file I/O on cbench app's overlay within podman's interval: met on all 2 fio jobs."))
    }

    @Test func aboveTheIntervalOfAThroughputIsSaidToBeFasterNotMissed() throws {
        let markdown = try Self.markdown(write: 300, read: 100)
        #expect(markdown.contains("file I/O on cbench app's overlay within podman's interval: ours faster than podman's on 1 of 2 fio jobs "
                                  + "(fio seq-write-buffered 3.00× against podman-crun 2.00× – 2.20×), within its interval on the other 1, slower on none."))
        #expect(!markdown.contains("missed"))
    }

    @Test func belowTheIntervalIsAMissEvenWhenAnotherJobIsFaster() throws {
        let markdown = try Self.markdown(write: 300, read: 50)
        #expect(markdown.contains("file I/O on cbench app's overlay within podman's interval: missed: ours slower than podman's on 1 of 2 fio jobs "
                                  + "(fio seq-read-direct 0.50× against podman-crun 0.90× – 1.10×); ours faster than podman's on 1 of 2 fio jobs "
                                  + "(fio seq-write-buffered 3.00× against podman-crun 2.00× – 2.20×); within it on 0."))
    }

    /// Above podman-runc's interval but below podman-crun's: not faster than podman, so slower.
    @Test func betweenTwoPodmanIntervalsIsSlower() throws {
        let markdown = try Self.markdown(write: 150, read: 100, podmanRunc: [100, 105, 110])
        #expect(markdown.contains("missed: ours slower than podman's on 1 of 2 fio jobs (fio seq-write-buffered 1.50× against "
                                  + "podman-crun 2.00× – 2.20×, podman-runc 1.00× – 1.10×)"))
    }

    /// Beside the root's fio table, not beside another storage's.
    @Test func theRootsTableSaysWhyTheVolatileRootsBufferedWritesBeatTheHost() throws {
        let markdown = try Self.markdown(write: 300, read: 100)
        let root = try #require(markdown.range(of: "## storage=root workload=fio"))
        let note = try #require(markdown.range(of: OverheadTable.volatileRootNote))
        #expect(root.upperBound < note.lowerBound)
        let bind = ["workload": "fio", "storage": "bind"]
        let elsewhere = try OverheadSectionTests.markdown([
            OverheadSectionTests.samples("fio seq-write-buffered", "MiB/s", "host", bind, [100, 100, 100]),
            OverheadSectionTests.samples("fio seq-write-buffered", "MiB/s", "cbench-app", bind, [100, 100, 100]),
            OverheadSectionTests.samples("fio seq-write-buffered", "MiB/s", "podman-crun", bind, [100, 100, 100]),
        ], targets: ["host", "cbench-app", "podman-crun"], metrics: Self.metrics)
        #expect(!elsewhere.contains(OverheadTable.volatileRootNote))
    }

    /// For a time (lower is better) faster is below the interval.
    @Test func forATimeFasterIsBelowTheInterval() throws {
        let time = MetricDefinition(name: "fio seq-write-buffered", unit: "ms", better: .lower)
        let markdown = try OverheadSectionTests.markdown([
            OverheadSectionTests.samples("fio seq-write-buffered", "ms", "host", Self.root, [100, 100, 100]),
            OverheadSectionTests.samples("fio seq-write-buffered", "ms", "podman-crun", Self.root, [80, 90, 100]),
            OverheadSectionTests.samples("fio seq-write-buffered", "ms", "cbench-app", Self.root, [50, 50, 50]),
        ], targets: ["host", "cbench-app", "podman-crun"], metrics: [time])
        #expect(markdown.contains("ours faster than podman's on 1 of 1 fio jobs (fio seq-write-buffered 0.50× against podman-crun 0.80× – 1.00×)"))
    }
}
