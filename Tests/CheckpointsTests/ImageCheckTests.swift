import Glibc
import Testing
import NamespaceCore
import NamespaceCoreTesting
@testable import Checkpoints

/// A checkpoint directory checked before a restore: missing, truncated and corrupt images
/// are named, with the stage. Uses temporary files only.
struct ImageCheckTests {
    static func makeImage() throws -> String {
        var template = Array("/tmp/cbench-ckimg-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw CheckpointError.fromErrno("mkdtemp") }
        let directory = String(cString: made)
        // CRIU images: inventory.img's magic, IMG_COMMON's then an image's own.
        try FileIO.write("\(directory)/inventory.img", [0x16, 0x31, 0x31, 0x58, 0x4e, 0, 0, 0, 8, 1])
        try FileIO.write("\(directory)/core-1.img", [0x19, 0x43, 0x56, 0x54, 0x47, 0x38, 0x05, 0x55, 7, 7, 7])
        try FileIO.write("\(directory)/pages-1.img", [UInt8](repeating: 0xaa, count: 8192))
        let layout = ContainerCheckpointLayout(rootfs: "/r", cgroupPath: "cbench/x")
        try CheckpointManifest(kind: "dump", container: "x", layout: layout, stdio: StdioDescriptors(entries: []),
                               tcpEstablished: false, lazyPages: false, files: try CheckpointImage.files(in: directory)).write(to: directory)
        return directory
    }

    static func remove(_ directory: String) {
        for name in ["inventory.img", "core-1.img", "pages-1.img", CheckpointManifest.fileName] { unlink("\(directory)/\(name)") }
        rmdir(directory)
    }

    @Test func aCompleteImagePasses() throws {
        let directory = try Self.makeImage()
        defer { Self.remove(directory) }
        let manifest = try CheckpointImage.validate(directory, stage: "restore")
        #expect(manifest?.files.map(\.name) == ["core-1.img", "inventory.img", "pages-1.img"])
        #expect(manifest?.files.last?.checksum == nil && manifest?.files.first?.checksum?.count == 16)
    }

    @Test func aFrontEndsTarBesideTheImagesIsListedAndChecked() throws {
        let directory = try Self.makeImage()
        defer {
            for name in ["cbench-tmpfs-0.tar", "notes.txt"] { unlink("\(directory)/\(name)") }
            Self.remove(directory)
        }
        try FileIO.write("\(directory)/cbench-tmpfs-0.tar", [UInt8](repeating: 1, count: 1024))
        try FileIO.write("\(directory)/notes.txt", [2])
        let files = try CheckpointImage.files(in: directory)
        #expect(files.map(\.name) == ["cbench-tmpfs-0.tar", "core-1.img", "inventory.img", "pages-1.img"])
        #expect(files.first?.checksum?.count == 16)
    }

    @Test func filesListedAsTheyStreamAreWhatAPassOverTheDirectoryGives() throws {
        let directory = try Self.makeImage()
        defer { Self.remove(directory) }
        var streamed = StreamedImageFiles()
        for name in ["inventory.img", "pre-dump-1/pages-1.img", "core-1.img", "notes.txt", "pages-1.img"] {
            streamed.begin(name)
            let bytes = (try? FileIO.read("\(directory)/\(name)")) ?? [1, 2, 3]
            bytes.withUnsafeBytes { streamed.add($0) }
        }
        #expect(streamed.files() == (try CheckpointImage.files(in: directory)))
        #expect(CheckpointManifest.completed(in: directory, files: [])?.container == "x")
        #expect(CheckpointManifest.completed(in: "/nonexistent", files: []) == nil)
    }

    @Test func filesAnImportReceivedAreCheckedByWhatArrivedNotReadAgain() throws {
        let directory = try Self.makeImage()
        defer { Self.remove(directory) }
        var arrived = try CheckpointImage.files(in: directory)
        // Altered on disk after the import wrote it: the bytes that arrived were the recorded ones.
        try FileIO.write("\(directory)/core-1.img", [0x19, 0x43, 0x56, 0x54, 0x47, 0x38, 0x05, 0x55, 7, 7, 8])
        #expect(try CheckpointImage.validate(directory, stage: "restore", received: arrived) != nil)
        #expect(throws: CheckpointError.self) { _ = try CheckpointImage.validate(directory, stage: "restore") }
        arrived[0].checksum = "0000000000000000"
        #expect(throws: CheckpointError.self) { _ = try CheckpointImage.validate(directory, stage: "restore", received: arrived) }
    }

    @Test func aMissingDirectoryIsNamed() {
        #expect(throws: CheckpointError(stage: "restore /nonexistent/images", errno: ENOENT, detail: "no checkpoint image directory there")) {
            _ = try CheckpointImage.validate("/nonexistent/images", stage: "restore")
        }
    }

    @Test func aMissingFileIsNamed() throws {
        let directory = try Self.makeImage()
        defer { Self.remove(directory) }
        unlink("\(directory)/core-1.img")
        let error = try #require(throws: CheckpointError.self) { _ = try CheckpointImage.validate(directory, stage: "restore") }
        #expect(error.stage == "restore \(directory)/core-1.img" && error.errno == ENOENT)
    }

    @Test func aTruncatedPageFileIsNamed() throws {
        let directory = try Self.makeImage()
        defer { Self.remove(directory) }
        #expect(truncate("\(directory)/pages-1.img", 4096) == 0)
        let error = try #require(throws: CheckpointError.self) { _ = try CheckpointImage.validate(directory, stage: "restore") }
        #expect(error.stage == "restore \(directory)/pages-1.img")
        #expect(error.detail?.contains("truncated") == true, "\(error)")
    }

    @Test func aCorruptImageIsNamed() throws {
        let directory = try Self.makeImage()
        defer { Self.remove(directory) }
        var bytes = try FileIO.read("\(directory)/core-1.img")
        bytes[bytes.count - 1] ^= 0xff
        try FileIO.write("\(directory)/core-1.img", bytes)
        let error = try #require(throws: CheckpointError.self) { _ = try CheckpointImage.validate(directory, stage: "restore") }
        #expect(error.stage == "restore \(directory)/core-1.img" && error.detail?.contains("corrupt") == true, "\(error)")
    }

    @Test func imagesWithoutAManifestAreCheckedByCRIUsMagic() throws {
        let directory = try Self.makeImage()
        defer { Self.remove(directory) }
        unlink(CheckpointManifest.path(in: directory))
        #expect(try CheckpointImage.validate(directory, stage: "restore") == nil)
        try FileIO.write("\(directory)/inventory.img", [0, 0, 0, 0, 1])
        let magic = try #require(throws: CheckpointError.self) { _ = try CheckpointImage.validate(directory, stage: "restore") }
        #expect(magic.detail?.contains("magic") == true, "\(magic)")
    }

    @Test func aDirectoryWithoutAFinishedDumpIsRefused() throws {
        let directory = try Self.makeImage()
        defer { Self.remove(directory) }
        unlink(CheckpointManifest.path(in: directory))
        unlink("\(directory)/inventory.img")
        let error = try #require(throws: CheckpointError.self) { _ = try CheckpointImage.validate(directory, stage: "restore") }
        #expect(error.detail?.contains("not a finished checkpoint") == true)
    }
}

/// What a journal left by a killed command means.
struct JournalRecoveryTests {
    let journal = CheckpointJournal(stage: .dumping, container: "web", imagePath: "/i", sourcePid: 9, sourceStartTime: 1)

    @Test func aDumpCutShortWithTheSourceAliveLeavesItRunning() {
        #expect(CheckpointRecovery.judge(journal, sourceAlive: true, restoredAlive: false) == .sourceRunning)
    }

    @Test func aDumpWhoseSourceIsGoneIsRestorable() {
        #expect(CheckpointRecovery.judge(journal, sourceAlive: false, restoredAlive: false) == .restorable(imagePath: "/i"))
    }

    @Test func aRestoreCutShortIsHalfRestoredOrDone() {
        var restoring = journal
        restoring.stage = .restoring
        #expect(CheckpointRecovery.judge(restoring, sourceAlive: false, restoredAlive: false) == .halfRestored(imagePath: "/i"))
        #expect(CheckpointRecovery.judge(restoring, sourceAlive: false, restoredAlive: true) == .restored)
    }
}

/// CRIU's answers about this host's kernel, as text.
struct HostCheckTests {
    @Test func noSoftDirtyMeansNoPreCopyWithCRIUsReason() {
        let criu = "/usr/local/sbin/criu"
        let runner = HostCannedCommands(answers: [
            [criu, "check", "--feature", "mem_dirty_track"]:
                HostCommandResult(status: 1, output: "Warn  (criu/cr-check.c:824): Dirty tracking is OFF. Memory snapshot will not work.\n"),
            [criu, "check", "--feature", "uffd-noncoop"]: HostCommandResult(status: 0, output: "uffd-noncoop is supported\n"),
        ])
        let features = MigrationHostCheck(criu: criu, runner: runner).features()
        #expect(!features.memoryTracking && features.lazyPages)
        #expect(features.unsupportedReason(.stopAndCopy) == nil && features.unsupportedReason(.postCopy) == nil)
        let reason = features.unsupportedReason(.preCopy) ?? ""
        #expect(reason.contains("soft-dirty") && reason.contains("Dirty tracking is OFF") && reason.contains("criu check --feature mem_dirty_track"), "\(reason)")
    }

    @Test func aKernelWithTrackingAllowsPreCopy() {
        let runner = HostCannedCommands(answers: [
            ["criu", "check", "--feature", "mem_dirty_track"]: HostCommandResult(status: 0, output: "mem_dirty_track is supported\n"),
            ["criu", "check", "--feature", "uffd-noncoop"]: HostCommandResult(status: 1, output: "Error (criu/cr-check.c:1): UFFD is not supported\n"),
        ])
        let features = MigrationHostCheck(criu: "criu", runner: runner).features()
        #expect(features.unsupportedReason(.preCopy) == nil)
        #expect(features.unsupportedReason(.postCopy)?.contains("UFFD is not supported") == true)
    }
}

/// CRIU's statistics image: two magics, a size, a protobuf entry.
struct StatisticsTests {
    @Test func aDumpStatisticsEntryDecodes() throws {
        var entry = Criu_Statistics()
        entry.dump.frozenTime = 51_000
        entry.dump.freezingTime = 300
        entry.dump.pagesWritten = 4096
        let body: [UInt8] = try entry.serializedBytes()
        let size = UInt32(body.count)
        let bytes: [UInt8] = [0x40, 0x59, 0x10, 0x55, 0x06, 0x33, 0x09, 0x57]
            + [UInt8(size & 0xff), UInt8((size >> 8) & 0xff), UInt8((size >> 16) & 0xff), UInt8(size >> 24)] + body
        let decoded = try #require(CheckpointStatistics.decode(bytes))
        #expect(decoded.dump.frozenTime == 51_000 && decoded.dump.pagesWritten == 4096)
        #expect(CheckpointStatistics.decode([1, 2, 3]) == nil)
    }
}
