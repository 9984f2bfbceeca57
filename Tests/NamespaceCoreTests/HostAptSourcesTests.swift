import Testing
@testable import NamespaceCore

/// The host's Debian archives from apt's sources, the only mirror the project may use.
@Suite struct HostAptSourcesTests {
    static let deb822 = """
        Types: deb
        URIs: http://mirror.example.org/debian
        Suites: bookworm bookworm-updates
        Components: main
        Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

        Types: deb
        URIs: http://mirror.example.org/debian-security
        Suites: bookworm-security
        Components: main

        Types: deb
        URIs: http://apt.example.com/vendor
        Suites: stable
        Components: main
        """

    @Test func readsBothFormatsAndKeepsDebianArchivesOnly() {
        let sources = HostAptSources.read(files: ["/a.list", "/b.sources"]) { path in
            path == "/a.list" ? "# comment\ndeb [arch=amd64 signed-by=/k.gpg] http://ftp.example.org/debian/ bookworm main contrib\ndeb-src http://ftp.example.org/debian bookworm main\n"
                : Self.deb822
        }
        #expect(sources.entries.map(\.line) == [
            "deb [signed-by=/k.gpg] http://ftp.example.org/debian/ bookworm main contrib",
            "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://mirror.example.org/debian bookworm main",
            "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://mirror.example.org/debian bookworm-updates main",
            "deb http://mirror.example.org/debian-security bookworm-security main",
        ])
        #expect(sources.mirror == "http://ftp.example.org/debian/")
    }

    @Test func theMirrorIsNeverTheSecurityArchive() {
        let sources = HostAptSources.parse("deb http://security.example.org/debian-security bookworm-security main\ndeb http://m.example.org/debian bookworm main\n")
        #expect(sources.mirror == "http://m.example.org/debian")
        #expect(HostAptSources.parse("deb http://apt.example.com/vendor stable main\n").mirror == nil)
    }

    @Test func anotherReleaseKeepsTheSuiteSuffixes() {
        let trixie = HostAptSources.parse(Self.deb822).entries(for: "trixie")
        #expect(trixie.map(\.suite) == ["trixie", "trixie-updates", "trixie-security"])
        #expect(trixie.allSatisfy { $0.uri.hasPrefix("http://mirror.example.org/") })
    }
}
