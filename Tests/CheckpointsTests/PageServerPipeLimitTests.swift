import Testing
@testable import Checkpoints

/// Post-copy between hosts: the page server's pipe against fs.pipe-max-size and
/// CAP_SYS_RESOURCE, from made-up /proc texts.
struct PageServerPipeLimitTests {
    static func limit(pipeMax: String?, capEff: String) -> PageServerPipeLimit {
        PageServerPipeLimit(pageSize: 4096) { path in
            switch path {
            case PageServerPipeLimit.pipeMaxSizePath: return pipeMax
            case PageServerPipeLimit.statusPath: return "Name:\tcbench\nCapInh:\t0000000000000000\nCapEff:\t\(capEff)\nCapBnd:\t\(capEff)\n"
            default: return nil
            }
        }
    }

    @Test func criuAsksFor819Pages() {
        #expect(PageServerPipeLimit.criuPipeBytes(pageSize: 4096) == 3_354_624)
    }

    @Test func theDefaultLimitWithoutSysResourceBlocksWithTheReasonAndTheFix() throws {
        let reason = try #require(Self.limit(pipeMax: "1048576\n", capEff: "000001fffeffffff").blocker())
        #expect(reason.contains("fs.pipe-max-size = 1048576"))
        #expect(reason.contains("splice: Bad file descriptor"))
        #expect(reason.contains(">= 3354624"))
    }

    @Test func sysResourceOrALargeEnoughLimitAllowsIt() {
        #expect(Self.limit(pipeMax: "1048576\n", capEff: "000001ffffffffff").blocker() == nil)
        #expect(Self.limit(pipeMax: "4194304\n", capEff: "000001fffeffffff").blocker() == nil)
        #expect(Self.limit(pipeMax: "3354624", capEff: "000001fffeffffff").blocker() == nil)
    }

    @Test func unreadableFilesAreNoVerdict() {
        #expect(Self.limit(pipeMax: nil, capEff: "000001fffeffffff").blocker() == nil)
        #expect(Self.limit(pipeMax: "many", capEff: "000001fffeffffff").blocker() == nil)
    }
}
