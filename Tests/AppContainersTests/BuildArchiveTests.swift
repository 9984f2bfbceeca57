import Foundation
import Testing
import OCIImages
import NamespaceCore
@testable import AppContainers

/// ADD's local archives and the other step details that need real files.
@Suite struct BuildArchiveTests {
    /// A ustar archive built by hand: (name, type flag, mode, contents).
    static func tar(_ entries: [(String, Character, Int, String)]) -> Data {
        var data = Data()
        func field(_ text: String, _ length: Int) -> [UInt8] {
            var bytes = Array(text.utf8.prefix(length))
            bytes += [UInt8](repeating: 0, count: length - bytes.count)
            return bytes
        }
        func octal(_ value: Int, _ length: Int) -> [UInt8] {
            field(String(repeating: "0", count: max(0, length - 1 - String(value, radix: 8).count)) + String(value, radix: 8), length)
        }
        for (name, type, mode, contents) in entries {
            var header = field(name, 100) + octal(mode, 8) + octal(0, 8) + octal(0, 8) + octal(contents.utf8.count, 12)
                + octal(1_700_000_000, 12) + [UInt8](repeating: 0x20, count: 8) + Array(String(type).utf8) + field("", 100)
                + field("ustar", 6) + Array("00".utf8) + field("root", 32) + field("root", 32) + octal(0, 8) + octal(0, 8) + field("", 155)
            header += [UInt8](repeating: 0, count: 512 - header.count)
            let checksum = header.reduce(0) { $0 + Int($1) }
            let checksumField = octal(checksum, 7) + [0x20]
            header.replaceSubrange(148..<156, with: checksumField)
            data.append(contentsOf: header)
            var body = Array(contents.utf8)
            body += [UInt8](repeating: 0, count: (512 - body.count % 512) % 512)
            data.append(contentsOf: body)
        }
        data.append(Data(count: 1024))
        return data
    }

    @Test func addUnpacksLocalTarArchives() throws {
        let directory = try BuildTestDirectory()
        defer { directory.remove() }
        let archive = Self.tar([("pkg/", "5", 0o755, ""), ("pkg/run.sh", "0", 0o750, "echo hi\n"), ("./pkg/data.txt", "0", 0o644, "data")])
        try FileManager.default.createDirectory(atPath: directory.path + "/context", withIntermediateDirectories: true)
        try archive.write(to: URL(fileURLWithPath: directory.path + "/context/pkg.tar"))
        #expect(LocalArchive.isArchive(directory.path + "/context/pkg.tar"))
        try directory.write("context/plain.txt", "not an archive")
        #expect(!LocalArchive.isArchive(directory.path + "/context/plain.txt"))

        try FileManager.default.createDirectory(atPath: directory.path + "/upper", withIntermediateDirectories: true)
        let writer = CopyLayerWriter(upper: directory.path + "/upper", context: BuildContext(directory: directory.path + "/context"),
                                     image: ImageLayerLookup(layerDirectories: []), owner: (getuid(), getgid()), mode: nil)
        try writer.write(sources: ["pkg.tar", "plain.txt"], destination: "/opt/", endsWithSlash: true, extractArchives: true)
        #expect(try String(contentsOfFile: directory.path + "/upper/opt/pkg/run.sh", encoding: .utf8) == "echo hi\n")
        #expect(try String(contentsOfFile: directory.path + "/upper/opt/pkg/data.txt", encoding: .utf8) == "data")
        #expect(try String(contentsOfFile: directory.path + "/upper/opt/plain.txt", encoding: .utf8) == "not an archive")
        let mode = try FileManager.default.attributesOfItem(atPath: directory.path + "/upper/opt/pkg/run.sh")[.posixPermissions] as? Int
        #expect(mode == 0o750)
        // COPY never unpacks.
        try writer.write(sources: ["pkg.tar"], destination: "/copied/", endsWithSlash: true, extractArchives: false)
        #expect(FileManager.default.fileExists(atPath: directory.path + "/upper/copied/pkg.tar"))
    }

    @Test func archiveEntriesMayNotLeaveTheDestination() throws {
        let directory = try BuildTestDirectory()
        defer { directory.remove() }
        let archive = Self.tar([("../escaped.txt", "0", 0o644, "x")])
        try archive.write(to: URL(fileURLWithPath: directory.path + "/evil.tar"))
        try FileManager.default.createDirectory(atPath: directory.path + "/into", withIntermediateDirectories: true)
        #expect(throws: CoreErrorDetail.self) { try LocalArchive.extract(directory.path + "/evil.tar", into: directory.path + "/into") }
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/escaped.txt"))
    }

    @Test func runThatChangedNothingIsAnEmptyLayerStep() throws {
        let directory = try BuildTestDirectory()
        defer { directory.remove() }
        try directory.write("base/bin/sh", "#!", mode: 0o755)
        try FileManager.default.createDirectory(atPath: directory.path + "/scratch", withIntermediateDirectories: true)
        let executor = QuietRunExecutor(scratch: directory.path + "/scratch", baseLayer: directory.path + "/base")
        let file = try ContainerfileParser().parse("FROM base\nRUN true\nRUN true again", path: "Containerfile")
        _ = try ImageBuilder(executor: executor, cache: BuildCache(path: directory.path + "/cache.json")) { _ in }
            .build(BuildRequest(containerfile: file, context: BuildContext(directory: directory.path)))
        #expect(executor.uppers == [nil, nil])
        #expect(executor.removed.count == 2)
    }

    @Test func commitChangesAreConfigInstructions() throws {
        let base = ImageConfigurationFixture.parameters(env: ["PATH=/bin"], cmd: ["sh"])
        let changed = try ContainerCommit.configuration(applying: ["CMD [\"cat\", \"/x\"]", "ENV A=1 B=$PATH", "WORKDIR data",
                                                                  "EXPOSE 8080", "LABEL k=v", "USER 10:10"], to: base)
        #expect(changed.cmd == ["cat", "/x"])
        #expect(changed.env == ["PATH=/bin", "A=1", "B=/bin"])
        #expect(changed.workingDir == "/data")
        #expect(changed.exposedPorts?.keys.sorted() == ["8080/tcp"])
        #expect(changed.labels == ["k": "v"])
        #expect(changed.user == "10:10")
        #expect(throws: CoreError.self) { try ContainerCommit.configuration(applying: ["RUN true"], to: base) }
        #expect(throws: CoreError.self) { try ContainerCommit.configuration(applying: ["ENV"], to: base) }
    }
}

/// A fake whose RUN containers write nothing, recording what each commit got as upper.
final class QuietRunExecutor: BuildStepExecutor {
    let inner: FakeBuildExecutor
    var uppers: [String?] = []
    var removed: [String] { inner.removed }

    init(scratch: String, baseLayer: String) {
        inner = FakeBuildExecutor(scratch: scratch, baseLayer: baseLayer)
    }

    func resolveImage(_ text: String) throws -> ResolvedImage { try inner.resolveImage(text) }
    func existingImage(digest: String) -> ResolvedImage? { inner.existingImage(digest: digest) }
    func run(_ request: BuildRunRequest) throws -> BuildContainerRun {
        BuildContainerRun(containerID: "quiet\(uppers.count)", exitCode: 0, upperDirectory: try inner.makeScratchDirectory())
    }
    func removeContainer(_ run: BuildContainerRun) { inner.removeContainer(run) }
    func commit(upperDirectory: String?, parent: ResolvedImage?, configuration: ImageConfiguration.ExecutionParameters, createdBy: String) throws -> ResolvedImage {
        uppers.append(upperDirectory)
        return try inner.commit(upperDirectory: upperDirectory, parent: parent, configuration: configuration, createdBy: createdBy)
    }
    func tag(_ image: ResolvedImage, as reference: ImageReference) throws -> ResolvedImage { try inner.tag(image, as: reference) }
    func makeScratchDirectory() throws -> String { try inner.makeScratchDirectory() }
    func unpackFlattened(_ image: ResolvedImage, into directory: String) throws { try inner.unpackFlattened(image, into: directory) }
}
