import Foundation
import JSONRecords
import NamespaceCore
import Testing

@Suite struct JSONRecordTests {
    struct Sample: Codable, Equatable {
        var path: String
        var count: Int
        var created: Date?
    }

    /// A fresh /tmp/jsonrecord-test-UUID directory; `remove()` in a `defer`.
    struct Scratch {
        let path = "/tmp/jsonrecord-test-\(UUID().uuidString)"
        init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false) }
        func remove() { try? FileManager.default.removeItem(atPath: path) }
    }

    @Test func bytesAreCompactSortedAndKeepSlashes() throws {
        let bytes = try JSONRecord.encode(Sample(path: "/a/b", count: 2, created: Date(timeIntervalSince1970: 1_700_000_000)))
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"count":2,"created":"2023-11-14T22:13:20Z","path":"/a/b"}"#)
    }

    @Test func aWriteReplacesTheWholeRecordAndLeavesNoTemporaryFile() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let file = scratch.path + "/record.json"
        try JSONRecord.write(Sample(path: "first", count: 1), to: file)
        try JSONRecord.write(Sample(path: "second", count: 2), to: file, mode: 0o600)
        #expect(try JSONRecord.read(Sample.self, from: file) == Sample(path: "second", count: 2))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == ["record.json"])
        let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func aMissingRecordIsNilOrNotFound() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        #expect(try JSONRecord.readIfPresent(Sample.self, from: scratch.path + "/none.json") == nil)
        let error = #expect(throws: CoreError.self) { try JSONRecord.read(Sample.self, from: scratch.path + "/none.json") }
        #expect(error?.kind == .notFound)
    }

    @Test func aDamagedRecordIsCorruptAndNamesTheFile() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let file = scratch.path + "/bad.json"
        try FileIO.write(file, Array("{\"path\":".utf8))
        let error = #expect(throws: CoreError.self) { try JSONRecord.readIfPresent(Sample.self, from: file) }
        #expect(error?.kind == .corrupt)
        #expect(error?.stage == "read \(file)")
    }

    /// Records written by the coders the codec replaced: pretty-printed with RFC 3339 dates
    /// (system metadata, networks, volumes) and numbers since 2001 (cbench-oci's state).
    @Test(arguments: [
        "{\n  \"count\" : 3,\n  \"created\" : \"2023-11-14T22:13:20Z\",\n  \"path\" : \"\\/x\"\n}",
        #"{"path":"/x","count":3,"created":721692800}"#,
    ])
    func recordsOfTheOlderCodersStillRead(text: String) throws {
        let sample = try JSONRecord.decode(Sample.self, from: Array(text.utf8), what: "old record")
        #expect(sample == Sample(path: "/x", count: 3, created: Date(timeIntervalSince1970: 1_700_000_000)))
    }

    @Test func fractionalSecondsRead() throws {
        let sample = try JSONRecord.decode(Sample.self, from: Array(#"{"path":"","count":0,"created":"2023-11-14T22:13:20.5Z"}"#.utf8), what: "x")
        #expect(sample.created == Date(timeIntervalSince1970: 1_700_000_000.5))
    }
}
