import Foundation
import Testing
@testable import AppContainers

@Suite struct BuildIgnoreTests {
    @Test func patternsAsDockerReadsThem() {
        let ignore = BuildContextIgnore("""
            # build output
            *.log
            /tmp
            **/cache
            secrets
            !secrets/public.pem
            """)
        #expect(ignore.excludes("debug.log"))
        #expect(!ignore.excludes("src/debug.log"))
        #expect(ignore.excludes("tmp/x/y"))
        #expect(ignore.excludes("cache"))
        #expect(ignore.excludes("a/b/cache/file"))
        #expect(ignore.excludes("secrets/private.key"))
        #expect(!ignore.excludes("secrets/public.pem"))
        #expect(!ignore.excludes("src/main.c"))
        #expect(BuildContextIgnore("").isEmpty)
    }

    @Test func ignoredFilesAreNeitherCopiedNorHashed() throws {
        let directory = try BuildTestDirectory()
        defer { directory.remove() }
        try directory.write("context/app/main.txt", "main")
        try directory.write("context/app/debug.log", "noise")
        try directory.write("context/top.log", "noise")
        try directory.write("context/.containerignore", "**/*.log\n")
        let context = BuildContext.loading(directory.path + "/context")
        let digest = try context.digest(of: ["app"])
        try directory.write("context/app/debug.log", "more noise")
        #expect(try context.digest(of: ["app"]) == digest)
        #expect(throws: CoreErrorDetail.self) { try context.sources(matching: "top.log") }

        try FileManager.default.createDirectory(atPath: directory.path + "/upper", withIntermediateDirectories: true)
        try CopyLayerWriter(upper: directory.path + "/upper", context: context, image: ImageLayerLookup(layerDirectories: []),
                            owner: (getuid(), getgid()), mode: nil)
            .write(sources: ["app"], destination: "/srv", endsWithSlash: false, extractArchives: false)
        #expect(FileManager.default.fileExists(atPath: directory.path + "/upper/srv/main.txt"))
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/upper/srv/debug.log"))
    }
}
