import Testing
import NamespaceCore
@testable import SystemContainers

@Suite struct SystemExportFormatTests {
    @Test func metadataYamlRoundTripsAsLXDWritesIt() throws {
        let metadata = SystemImageMetadata(architecture: "x86_64", creationDate: 1_700_000_000, os: "debian",
                                           release: "bookworm", description: "a \"quoted\" box")
        let yaml = try metadata.yaml
        #expect(yaml.contains("architecture: \"x86_64\"\n"))
        #expect(yaml.contains("creation_date: 1700000000\n"))
        #expect(yaml.contains("properties:\n  description: "))
        #expect(yaml.contains("templates: {}\n"))
        #expect(try SystemImageMetadata.parse(yaml) == metadata)
    }

    @Test func metadataWrittenByOthersParses() throws {
        let text = "architecture: x86_64\ncreation_date: 1600000000\nproperties:\n  os: 'Alpine'\n  release: \"3.18\"\ntemplates:\n  /etc/hostname:\n    when:\n    - create\n"
        let parsed = try SystemImageMetadata.parse(text)
        #expect(parsed.os == "Alpine")
        #expect(parsed.release == "3.18")
        #expect(parsed.creationDate == 1_600_000_000)
    }

    @Test func metadataWithoutArchitectureOrDateIsRefused() {
        #expect(throws: CoreError.self) { try SystemImageMetadata.parse("creation_date: 1\n") }
        #expect(throws: CoreError.self) { try SystemImageMetadata.parse("architecture: x86_64\n") }
        #expect(throws: CoreError.self) { try SystemImageMetadata.parse("\u{1f}\u{8b}binary") }
    }

    @Test func entryNamesMayNotLeadOut() throws {
        #expect(try SystemArchiveReader.normalized("./rootfs/etc/") == "rootfs/etc")
        #expect(try SystemArchiveReader.normalized("metadata.yaml") == "metadata.yaml")
        #expect(throws: CoreError.self) { try SystemArchiveReader.normalized("/etc/passwd") }
        #expect(throws: CoreError.self) { try SystemArchiveReader.normalized("rootfs/../../x") }
    }

    @Test func aShiftedRootfsIsExportedWithContainerIDs() {
        #expect(SystemRuntime.unshifted(100_000, base: 100_000, span: 65536) == 0)
        #expect(SystemRuntime.unshifted(101_000, base: 100_000, span: 65536) == 1000)
        #expect(SystemRuntime.unshifted(5, base: 100_000, span: 65536) == 5, "outside the range: kept")
        #expect(SystemRuntime.unshifted(0, base: 0, span: 65536) == 0)
    }

    @Test func initCommandsKeepQuotedWords() throws {
        #expect(LXCCommandLine.split("/bin/sh -c 'sleep 1000'") == ["/bin/sh", "-c", "sleep 1000"])
        #expect(LXCCommandLine.split("a \"b c\"  ''") == ["a", "b c", ""])
        let words = ["/bin/sh", "-c", "echo 'hi' there", "plain"]
        let joined = try #require(LXCCommandLine.join(words))
        #expect(LXCCommandLine.split(joined) == words)
        #expect(LXCCommandLine.join(["it's \"both\""]) == nil)
        let config = try LXCConfig.parse("lxc.init.cmd = /bin/sh -c 'sleep 1000'", source: InMemoryLXCConfigSource(files: [:]))
        #expect(config.initCommand == ["/bin/sh", "-c", "sleep 1000"])
    }
}
