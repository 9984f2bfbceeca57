import Foundation
import Testing
import NamespaceCore
import OCIImages
@testable import AppContainers

/// The builder against a fake executor: which containers and commits each step asks for,
/// what the cache reuses, and how failures are reported.
@Suite struct BuildPlanTests {
    static let containerfile = """
        FROM base
        ENV GREETING=hello
        WORKDIR /app
        RUN echo $GREETING > /app/out
        COPY conf.txt ./
        CMD ["cat", "/app/out"]
        """

    struct Fixture {
        let directory: BuildTestDirectory
        let context: String
        let executor: FakeBuildExecutor
        let cache: BuildCache

        init() throws {
            directory = try BuildTestDirectory()
            context = directory.path + "/context"
            try directory.write("context/conf.txt", "v1")
            try directory.write("base/bin/sh", "#!", mode: 0o755)
            try FileManager.default.createDirectory(atPath: directory.path + "/scratch", withIntermediateDirectories: true)
            executor = FakeBuildExecutor(scratch: directory.path + "/scratch", baseLayer: directory.path + "/base",
                                         baseConfiguration: ImageConfiguration.ExecutionParameters(env: ["PATH=/bin"]))
            cache = BuildCache(path: directory.path + "/build-cache.json")
        }

        func build(_ text: String = BuildPlanTests.containerfile, useCache: Bool = true, tag: String? = "app:1") throws -> (BuildResult, [String]) {
            var lines: [String] = []
            let file = try ContainerfileParser().parse(text, path: "Containerfile")
            let builder = ImageBuilder(executor: executor, cache: cache) { lines.append($0) }
            let result = try builder.build(BuildRequest(containerfile: file, context: BuildContext(directory: context),
                                                        tag: try tag.map { try ImageReference(parsing: $0) }, useCache: useCache))
            return (result, lines)
        }
    }

    @Test func stepsBecomeContainersAndCommits() throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        let (result, lines) = try fixture.build()
        #expect(lines.first == "STEP 1/6: FROM base")
        #expect(lines.contains("STEP 4/6: RUN echo $GREETING > /app/out"))
        #expect(lines.suffix(2) == ["Successfully built \(result.image.shortID)", "Successfully tagged app:1"])
        #expect(!lines.contains(" ---> Using cache"))
        #expect(fixture.executor.tags == ["app:1"])

        let run = try #require(fixture.executor.runs.first)
        #expect(run.arguments == ["/bin/sh", "-c", "echo $GREETING > /app/out"])
        #expect(run.environment == ["PATH=/bin", "GREETING=hello"])
        #expect(run.workingDirectory == "/app")
        #expect(fixture.executor.removed == ["c1"])

        let commits = fixture.executor.commits
        #expect(commits.count == 5)
        #expect(commits[0].createdBy == "/bin/sh -c #(nop) ENV GREETING=hello")
        #expect(commits[0].parent == fixture.executor.base.manifestDigest)
        // WORKDIR of a directory the base lacks creates it in its layer.
        #expect(commits[1].files["app"] == "<dir>")
        #expect(commits[2].files.keys.contains("run-1"))
        #expect(commits[3].files["app/conf.txt"] == "v1")
        #expect(commits[4].configuration.cmd == ["cat", "/app/out"])
        #expect(result.image.configuration.config?.workingDir == "/app")
        #expect(result.image.configuration.config?.env == ["PATH=/bin", "GREETING=hello"])
        #expect(result.cachedSteps == 0)
    }

    @Test func rebuildHitsTheCacheAtEveryStep() throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        let (first, _) = try fixture.build()
        let (second, lines) = try fixture.build()
        #expect(second.cachedSteps == 5)
        #expect(lines.filter { $0 == " ---> Using cache" }.count == 5)
        #expect(fixture.executor.runs.count == 1)
        #expect(fixture.executor.commits.count == 5)
        #expect(second.image.manifestDigest == first.image.manifestDigest)
    }

    @Test func changedSourceMissesFromTheCopyOn() throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        _ = try fixture.build()
        try fixture.directory.write("context/conf.txt", "v2")
        let (result, lines) = try fixture.build()
        #expect(result.cachedSteps == 3)
        let copyIndex = try #require(lines.firstIndex(of: "STEP 5/6: COPY conf.txt ./"))
        #expect(!lines[copyIndex...].contains(" ---> Using cache"))
        #expect(fixture.executor.commits.count == 7)
        #expect(fixture.executor.commits[5].files["app/conf.txt"] == "v2")
    }

    @Test func noCacheRebuildsEverything() throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        _ = try fixture.build()
        let (result, lines) = try fixture.build(useCache: false)
        #expect(result.cachedSteps == 0)
        #expect(!lines.contains(" ---> Using cache"))
        #expect(fixture.executor.runs.count == 2)
    }

    @Test func staleCacheEntryIsRebuilt() throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        _ = try fixture.build()
        fixture.executor.images = [fixture.executor.base.manifestDigest: fixture.executor.base]
        let (result, _) = try fixture.build()
        #expect(result.cachedSteps == 0)
    }

    @Test func failingRunNamesTheStepAndRemovesItsContainer() throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        fixture.executor.runExitCode = 3
        do {
            _ = try fixture.build()
            Issue.record("the build should fail")
        } catch let error as CoreError {
            #expect(error.stage == "Containerfile:4 RUN")
            #expect(error.detail?.contains("step 4/6") == true)
            #expect(error.detail?.contains("non-zero code: 3") == true)
        }
        #expect(fixture.executor.removed == ["c1"])
        #expect(fixture.executor.tags.isEmpty)
    }

    @Test func argumentsAndSubstitution() throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        let text = """
            ARG IMAGE=base
            FROM $IMAGE
            ARG TARGET=/srv
            ENV DIR=${TARGET}/data SUFFIX=${UNSET:-txt}
            ENV DIR=/ignored OLD=$DIR
            COPY conf.txt $DIR/conf.$SUFFIX
            RUN true
            """
        _ = try fixture.build(text, tag: nil)
        #expect(fixture.executor.commits[2].files["ignored/conf.txt"] == "v1")
        #expect(fixture.executor.runs.first?.environment == ["PATH=/bin", "DIR=/ignored", "SUFFIX=txt", "OLD=/srv/data", "TARGET=/srv"])
        #expect(fixture.executor.tags.isEmpty)
    }

    @Test func copyPlacesFilesAndDirectoriesAsDocker() throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        try fixture.directory.write("context/tree/a.txt", "a")
        try fixture.directory.write("context/tree/sub/b.sh", "b", mode: 0o750)
        try fixture.directory.write("context/one.txt", "1")
        try fixture.directory.write("context/two.txt", "2")
        let text = """
            FROM base
            COPY tree /opt/tree
            COPY *.txt /multi/
            COPY one.txt /renamed
            COPY one.txt /bin
            """
        _ = try fixture.build(text, tag: nil)
        let commits = fixture.executor.commits
        #expect(commits[0].files["opt/tree/a.txt"] == "a")
        #expect(commits[0].files["opt/tree/sub/b.sh"] == "b")
        #expect(commits[0].files["opt/tree/tree"] == nil)
        #expect(Set(commits[1].files.keys) == ["multi", "multi/conf.txt", "multi/one.txt", "multi/two.txt"])
        #expect(commits[2].files["renamed"] == "1")
        // /bin is a directory of the image, so the file goes inside it.
        #expect(commits[3].files["bin/one.txt"] == "1")
    }

    @Test func copyWholeContextAndThroughImageLinks() throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        try FileManager.default.createDirectory(atPath: fixture.directory.path + "/base/usr/bin", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: fixture.directory.path + "/base/sbin", withDestinationPath: "usr/bin")
        try fixture.directory.write("context/sub/inner.txt", "inner")
        _ = try fixture.build("FROM base\nCOPY . /app\nCOPY conf.txt /sbin/\nCOPY conf.txt /sbin/../etc/", tag: nil)
        let commits = fixture.executor.commits
        #expect(commits[0].files["app/conf.txt"] == "v1")
        #expect(commits[0].files["app/sub/inner.txt"] == "inner")
        #expect(commits[1].files["usr/bin/conf.txt"] == "v1")
        #expect(commits[1].files["sbin"] == nil)
        // The path is cleaned before links are followed, as Go's filepath.Clean does for Docker.
        #expect(commits[2].files["etc/conf.txt"] == "v1")
    }

    @Test func multiStageCopiesFromEarlierStages() throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        let text = """
            FROM base AS build
            COPY conf.txt /out/conf.txt
            CMD ["not", "kept"]
            FROM build AS again
            RUN true
            FROM base
            COPY --from=build /out/conf.txt /final.txt
            COPY --from=0 /out /copied/
            COPY --from=again /run-* /
            """
        let (first, _) = try fixture.build(text, tag: "multi")
        let commits = fixture.executor.commits
        #expect(commits.count == 6)
        #expect(fixture.executor.runs.first?.image.layerDirectories.count == 2)
        #expect(commits[3].files["final.txt"] == "v1")
        #expect(commits[4].files["copied/conf.txt"] == "v1")
        #expect(commits[5].files["run-1"] == "ran")
        #expect(first.image.configuration.config?.cmd == nil)
        #expect(first.image.configuration.config?.env == ["PATH=/bin"])

        let (second, _) = try fixture.build(text, tag: "multi")
        #expect(second.cachedSteps == 6)
        try fixture.directory.write("context/conf.txt", "v2")
        let (third, _) = try fixture.build(text, tag: "multi")
        #expect(third.cachedSteps == 0)
        #expect(fixture.executor.commits.last(where: { $0.files["final.txt"] != nil })?.files["final.txt"] == "v2")
        #expect(throws: CoreError.self) { try fixture.build("FROM base AS me\nCOPY --from=me /x /y", tag: nil) }
    }

    @Test func badStepsNameTheirLine() throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        #expect(throws: CoreError(stage: "Containerfile:2 COPY",
                                  detail: "missing.txt: no such file or directory in the build context \(fixture.context)")) {
            try fixture.build("FROM base\nCOPY missing.txt /x", tag: nil)
        }
        #expect(throws: CoreError(stage: "Containerfile:2 RUN",
                                  detail: "RUN needs a base image with the command in it; FROM scratch has none")) {
            try fixture.build("FROM scratch\nRUN true", tag: nil)
        }
        #expect(throws: CoreError(stage: "Containerfile:3 STOPSIGNAL",
                                  detail: "SIGNOPE is not a signal name or number (SIGTERM, TERM, 15)")) {
            try fixture.build("FROM base\nARG SIG\nSTOPSIGNAL ${SIG-SIGNOPE}", tag: nil)
        }
        #expect(fixture.executor.commits.isEmpty)
    }

    @Test func scratchImageFromCopyAlone() throws {
        let fixture = try Fixture()
        defer { fixture.directory.remove() }
        let (result, _) = try fixture.build("FROM scratch\nCOPY conf.txt /\nCMD [\"/conf.txt\"]", tag: "mini")
        #expect(fixture.executor.commits.first?.parent == nil)
        #expect(fixture.executor.commits.first?.files["conf.txt"] == "v1")
        #expect(result.image.configuration.config?.cmd == ["/conf.txt"])
        #expect(fixture.executor.tags == ["mini:latest"])
    }
}
