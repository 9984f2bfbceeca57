import Foundation
import Testing
@testable import AppContainers

@Suite struct BuildCacheTests {
    @Test func keyIsStableAndCoversEveryPart() {
        let key = BuildCache.key(parent: "sha256:aa", step: "RUN [\"true\"]", extra: ["sources x"])
        #expect(key == BuildCache.key(parent: "sha256:aa", step: "RUN [\"true\"]", extra: ["sources x"]))
        #expect(key.count == 64)
        #expect(key != BuildCache.key(parent: "sha256:ab", step: "RUN [\"true\"]", extra: ["sources x"]))
        #expect(key != BuildCache.key(parent: "sha256:aa", step: "RUN [\"false\"]", extra: ["sources x"]))
        #expect(key != BuildCache.key(parent: "sha256:aa", step: "RUN [\"true\"]", extra: ["sources y"]))
        #expect(BuildCache.key(parent: nil, step: "ENV A=1") != BuildCache.key(parent: "sha256:aa", step: "ENV A=1"))
    }

    @Test func entriesSurviveInTheFile() throws {
        let directory = try BuildTestDirectory()
        defer { directory.remove() }
        let cache = BuildCache(path: directory.path + "/build-cache.json")
        #expect(try cache.lookup("k1") == nil)
        try cache.store("k1", digest: "sha256:11")
        try cache.store("k2", digest: "sha256:22")
        #expect(try BuildCache(path: cache.path).lookup("k1") == "sha256:11")
        #expect(try cache.lookup("k2") == "sha256:22")
        try "garbage".write(toFile: cache.path, atomically: false, encoding: .utf8)
        #expect(try cache.lookup("k1") == nil)
    }

    @Test func contextDigestChangesWithContentNameAndMode() throws {
        let directory = try BuildTestDirectory()
        defer { directory.remove() }
        try directory.write("app/main.txt", "one")
        try directory.write("app/sub/data.txt", "two")
        let context = BuildContext(directory: directory.path)
        let first = try context.digest(of: ["app"])
        #expect(try context.digest(of: ["app"]) == first)
        try directory.write("app/sub/data.txt", "changed")
        let changedContent = try context.digest(of: ["app"])
        #expect(changedContent != first)
        try directory.write("app/sub/data.txt", "changed", mode: 0o755)
        let changedMode = try context.digest(of: ["app"])
        #expect(changedMode != changedContent)
        try FileManager.default.moveItem(atPath: directory.path + "/app/main.txt", toPath: directory.path + "/app/renamed.txt")
        #expect(try context.digest(of: ["app"]) != changedMode)
    }

    @Test func sourcesMatchGlobsAndStayInTheContext() throws {
        let directory = try BuildTestDirectory()
        defer { directory.remove() }
        try directory.write("a.txt", "a")
        try directory.write("b.txt", "b")
        try directory.write("c.md", "c")
        try directory.write("dir/d.txt", "d")
        let context = BuildContext(directory: directory.path)
        #expect(try context.sources(matching: "*.txt") == ["a.txt", "b.txt"])
        #expect(try context.sources(matching: "./dir/*.txt") == ["dir/d.txt"])
        #expect(try context.sources(matching: "c.md") == ["c.md"])
        #expect(throws: CoreErrorDetail.self) { try context.sources(matching: "../etc/passwd") }
        #expect(throws: CoreErrorDetail.self) { try context.sources(matching: "missing.txt") }
        #expect(throws: CoreErrorDetail.self) { try context.sources(matching: "*.none") }
    }
}
