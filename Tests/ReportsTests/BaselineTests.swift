import Foundation
import Testing
@testable import Reports

@Suite struct BaselineTests {
    @Test func saveListAndLoad() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = BaselineStore(resultsRoot: directory.url)
        #expect(try store.names().isEmpty)
        let document = ReportFixture.document()
        let url = try store.save(document, as: "before-shim")
        #expect(url.path == directory.url.path + "/baselines/before-shim.json")
        try store.save(document, as: "v0.1")
        #expect(try store.names() == ["before-shim", "v0.1"])
        let loaded = try store.load("before-shim")
        #expect(loaded == document.summarized())
        #expect(loaded.measurements.allSatisfy { $0.summary != nil })
    }

    @Test func badNamesAndMissingBaselinesAreErrors() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = BaselineStore(resultsRoot: directory.url)
        for name in ["", "../escape", ".hidden", "a/b", "with space"] {
            #expect(throws: ReportError.self, "\(name)") { try store.save(ReportFixture.document(), as: name) }
        }
        do {
            _ = try store.load("never-saved")
            Issue.record("loading a missing baseline succeeded")
        } catch let error as ReportError {
            #expect(error.description.hasPrefix("load baseline never-saved: ENOENT"), "\(error)")
        }
    }
}
