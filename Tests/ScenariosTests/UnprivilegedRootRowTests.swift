import Foundation
import Results
import Testing
@testable import Scenarios

/// "Unprivileged operation: container root on an unprivileged host uid" from what the host
/// saw of the init with the defaults and with the target's option.
struct UnprivilegedRootRowTests {
    let row = UnprivilegedRootRow()
    static let root = UnprivilegedRootRow.Sighting(hostUID: 0, uidMap: "0 0 4294967295")
    static let mapped = UnprivilegedRootRow.Sighting(hostUID: 100_000, uidMap: "0 100000 65536")

    @Test func rootMappedByDefaultIsSupportedByDefault() {
        let cell = row.judge(target: "cbench-system", byDefault: Self.mapped, option: "lxc.idmap", withOption: nil)
        #expect(cell.outcome == .supported)
        #expect(cell.detail == "by default: container root is host uid 100000")
        #expect(cell.evidence == "with cbench-system's defaults: init's uid on the host 100000; uid_map 0 100000 65536")
    }

    @Test func rootMappedWithTheTargetsOptionSaysWhich() {
        let cell = row.judge(target: "podman-crun", byDefault: Self.root, option: "podman run --uidmap 0:100000:65536", withOption: Self.mapped)
        #expect(cell.outcome == .supported)
        #expect(cell.detail?.contains("with its own option (podman run --uidmap 0:100000:65536)") == true)
        #expect(cell.evidence.contains("with podman run --uidmap 0:100000:65536: init's uid on the host 100000"))
    }

    /// The check fails when root stays host root: no option, or an option that does not map.
    @Test func hostRootWithoutAnOptionIsNotSupported() {
        let cell = row.judge(target: "docker", byDefault: Self.root, option: nil, withOption: nil)
        #expect(cell.outcome == .notSupported)
        #expect(cell.evidence.contains("no per-container option"))
        let ignored = row.judge(target: "x", byDefault: Self.root, option: "--userns", withOption: Self.root)
        #expect(ignored.outcome == .notSupported)
        #expect(ignored.detail == "container root is host uid 0 with its option too")
    }

    @Test func anUnreadableInitFailsToMeasure() {
        let cell = row.judge(target: "x", byDefault: UnprivilegedRootRow.Sighting(hostUID: nil, uidMap: ""), option: nil, withOption: nil)
        #expect(cell.outcome == .failed)
    }
}
