import Foundation
import Results
import Testing
@testable import Scenarios

/// Which host limit a longer ramp meets first, from what the ramp used per container: the
/// arithmetic on snapshots, the key count of /proc/key-users, and the table and note a ramp
/// on the fake host records.
struct DensityHeadroomTests {
    static let limits = [
        HostLimit(name: "kernel.pid_max", value: "32768", source: .sysctl),
        HostLimit(name: "kernel.threads-max", value: "192726", source: .sysctl),
        HostLimit(name: "fs.file-max", value: "2466126", source: .sysctl),
        HostLimit(name: "kernel.keys.root_maxkeys", value: "1000000", source: .sysctl),
        HostLimit(name: "kernel.keys.maxkeys", value: "200", source: .sysctl),
        HostLimit(name: "fs.inotify.max_user_instances", value: "8192", source: .sysctl),
        HostLimit(name: "nofile", value: "20000/20000", source: .rlimit),
    ]

    @Test func eachLimitIsMetWhereTheRampsRateReachesIt() throws {
        // 1000 containers: one task, three file handles, one key and two runner descriptors
        // each, no inotify instance, 0.5 MiB of MemAvailable each.
        let baseline = HostSnapshot(memAvailable: 24 << 30, tasks: 300, openFiles: 2000, keys: 5, inotifyInstances: 10, runnerDescriptors: 8)
        let last = HostSnapshot(memAvailable: (24 << 30) - 1000 * (1 << 19), tasks: 1300, openFiles: 5000, keys: 1005, inotifyInstances: 10,
                                runnerDescriptors: 2008)
        let headroom = DensityHeadroom(baseline: baseline, last: last, containers: 1000, limits: Self.limits, memoryFloorBytes: 2 << 30,
                                       runsAsRoot: true)
        func entry(_ prefix: String) throws -> DensityHeadroom.Entry { try #require(headroom.entries.first { $0.limit.hasPrefix(prefix) }) }
        #expect(try entry("kernel.pid_max=").metAt == 1000 + 32768 - 1300)
        #expect(try entry("kernel.threads-max=").metAt == 1000 + 192_726 - 1300)
        #expect(try entry("fs.file-max=").metAt == 1000 + (2_466_126 - 5000) / 3)
        #expect(try entry("kernel.keys.root_maxkeys=").metAt == 1000 + 1_000_000 - 1005)
        #expect(try entry("fs.inotify.max_user_instances=").metAt == nil)
        #expect(try entry("nofile=").metAt == 1000 + (20000 - 2008) / 2)
        // 22 GiB of room above the floor at 0.5 MiB each.
        #expect(try entry("MemAvailable floor 2048 MiB").metAt == 45056)
        #expect(headroom.entries.contains { $0.limit.hasPrefix("kernel.keys.maxkeys") } == false)
        #expect(headroom.first?.limit == "nofile=20000/20000")
        #expect(headroom.summary == "first limit ahead: nofile=20000/20000, met at about 9996 containers (2.00 the runner's descriptors per container)")
    }

    @Test func nothingUsedMeansNoLimitAhead() {
        let snapshot = HostSnapshot(memAvailable: 1 << 30, tasks: 10)
        let headroom = DensityHeadroom(baseline: snapshot, last: snapshot, containers: 10, limits: Self.limits, memoryFloorBytes: 0, runsAsRoot: false)
        #expect(headroom.first == nil)
        #expect(headroom.summary.contains("none of the limited resources"))
        // Not root: the key quota is kernel.keys.maxkeys, here unread (no keys in the snapshot).
        #expect(headroom.entries.map(\.limit).contains { $0.hasPrefix("kernel.keys") } == false)
    }

    @Test func keysAreTheQuotasCountOfThisUser() {
        let text = "    0:    27 26/26 13/1000000 276/25000000\n 1000:     4 4/4 4/200 36/20000\n"
        #expect(ProcDensityHost.keys(of: 0, in: text) == 13)
        #expect(ProcDensityHost.keys(of: 1000, in: text) == 4)
        #expect(ProcDensityHost.keys(of: 7, in: text) == nil)
    }

    @Test func aRampRecordsItsLimitsAheadAndNamesTheFirst() throws {
        // The fake host: one task and 1 MiB of MemAvailable per container, 200 tasks before.
        let target = FakeDensityTarget()
        let tests = DensityKindTests()
        let document = tests.run(tests.kind(target, containers: 20), target: target)
        let table = try #require(document.tables.first { $0.name == "headroom" })
        let limit = try #require(table.columns.firstIndex(of: "limit"))
        let metAt = try #require(table.columns.firstIndex(of: "met at about (containers)"))
        let rows = Dictionary(uniqueKeysWithValues: table.rows.map { ($0[limit].description, $0[metAt]) })
        #expect(rows["kernel.pid_max=32768"] == .number(Double(20 + 32768 - 220)))
        #expect(rows["MemAvailable floor 2048 MiB"] == .number(22528))
        #expect(document.notes.contains { $0.text == "first limit ahead: MemAvailable floor 2048 MiB, met at about 22528 containers (1.00 MB of MemAvailable per container)" })
    }
}
