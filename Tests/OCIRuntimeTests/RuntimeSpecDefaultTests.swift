import Testing
@testable import OCIRuntime

@Suite struct RuntimeSpecDefaultTests {
    @Test func roundTripsThroughJSON() throws {
        let spec = RuntimeSpec.defaultSpec()
        let bytes = try spec.encodedJSON()
        #expect(try RuntimeSpec.decode(bytes) == spec)
    }

    @Test func encodingIsStableAndSorted() throws {
        let first = try RuntimeSpec.defaultSpec().encodedJSON()
        let second = try RuntimeSpec.defaultSpec().encodedJSON()
        #expect(first == second)
        let text = String(decoding: first, as: UTF8.self)
        // Sorted keys: hostname before linux before mounts before ociVersion before process before root.
        let order = ["\"hostname\"", "\"linux\"", "\"mounts\"", "\"ociVersion\"", "\"process\"", "\"root\""]
        let positions = order.compactMap { text.range(of: $0)?.lowerBound }
        #expect(positions.count == order.count)
        #expect(positions == positions.sorted())
        #expect(text.contains("\"/proc\""))  // slashes are not escaped
        #expect(text.contains("\"terminal\" : false"))
    }

    @Test(.enabled(if: Tools.installed("/usr/sbin/runc") || Tools.installed("/usr/bin/runc")))
    func matchesRuncSpecSemantically() throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        try Tools.writeSpec(with: Tools.installed("/usr/sbin/runc") ? "/usr/sbin/runc" : "/usr/bin/runc", in: dir.path)
        var runc = try RuntimeSpec.decode(try dir.read("config.json"))
        let ours = RuntimeSpec.defaultSpec()
        // The intended differences: our version string, hostname and no terminal.
        #expect(runc.process?.terminal == true && ours.process?.terminal == false)
        runc.ociVersion = ours.ociVersion
        runc.hostname = ours.hostname
        runc.process?.terminal = false
        #expect(runc == ours)
    }
}
