import Testing
@testable import NamespaceCore

@Suite struct CapabilityBoundingTests {
    /// This host's CapBnd (every capability but CAP_SYS_RESOURCE, number 24).
    @Test func theBoundingSetComesFromCapBnd() {
        let status = "Name:\tcbench\nCapInh:\t0000000000000000\nCapBnd:\t000001fffeffffff\nCapAmb:\t0000000000000000\n"
        let set = Capability.boundingSet(fromStatus: status)
        #expect(!set.contains(24))
        #expect(set.contains(21) && set.contains(40))
        #expect(set.count == Int(Capability.lastKnown))
    }

    @Test func bitsPastTheTableAndAMissingLineGiveNothingUnknown() {
        #expect(Capability.boundingSet(fromStatus: "CapBnd:\tffffffffffffffff\n").count == Int(Capability.lastKnown) + 1)
        #expect(Capability.boundingSet(fromStatus: "Name:\tx\n").isEmpty)
        #expect(Capability.boundingSet(fromStatus: "CapBnd:\tnot-hex\n").isEmpty)
    }
}
