import Testing
import NamespaceCore
@testable import SystemContainers

@Suite struct SystemIDMapTests {
    func parse(_ text: String) throws -> LXCConfig {
        try LXCConfig.parse(text, source: InMemoryLXCConfigSource(files: [:]))
    }

    @Test func idmapsGiveAUserNamespaceWithTheMappings() throws {
        let config = try parse("lxc.idmap = u 0 100000 65536\nlxc.idmap = g 0 100000 65536")
        let spec = try config.launchSpec(name: "u", defaultRootfs: "/") { _ in nil }
        #expect(spec.namespaces.first?.kind == .user)
        #expect(spec.uidMappings == [IDMapping(containerID: 0, hostID: 100000, size: 65536)])
        #expect(spec.gidMappings == [IDMapping(containerID: 0, hostID: 100000, size: 65536)])
        #expect(config.rootOwner == SystemRootOwner(uid: 100000, gid: 100000))
        #expect(try parse("lxc.uts.name = a").rootOwner == .hostRoot)
    }

    @Test func incompleteIdmapsAreClearErrors() throws {
        for (text, expected) in [("lxc.idmap = u 0 100000 65536", "'g' line is missing"),
                                 ("lxc.idmap = u 1 100000 65536\nlxc.idmap = g 0 100000 65536", "maps container id 0")] {
            let error = #expect(throws: CoreError.self) { try parse(text).launchSpec(name: "u", defaultRootfs: "/") { _ in nil } }
            #expect(error?.description.contains(expected) == true, "\(String(describing: error))")
        }
    }

    @Test func shiftMovesOnlyIdsInTheRange() {
        let shift = RootfsOwnershipShift(from: .hostRoot, to: SystemRootOwner(uid: 100000, gid: 200000))
        #expect(shift.mapped(0, from: 0, to: 100000) == 100000)
        #expect(shift.mapped(65534, from: 0, to: 100000) == 165534)
        #expect(shift.mapped(65536, from: 0, to: 100000) == 65536)
        let back = RootfsOwnershipShift(from: SystemRootOwner(uid: 100000, gid: 100000), to: .hostRoot)
        #expect(back.mapped(100033, from: 100000, to: 0) == 33)
        #expect(back.mapped(5, from: 100000, to: 0) == 5)
    }

    @Test func idmappedRootsGetTheMapsAsProcWritesThem() {
        let maps = [IDMapping(containerID: 0, hostID: 100000, size: 65536), IDMapping(containerID: 65536, hostID: 300000, size: 10)]
        #expect(IdmappedMount.mapText(maps) == "0 100000 65536\n65536 300000 10\n")
    }
}
