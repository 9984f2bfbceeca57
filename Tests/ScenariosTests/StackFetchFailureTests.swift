import Foundation
import NamespaceCore
import Testing
@testable import Scenarios

/// A stack's package fetch against a fake mirror on disk (a `file:` archive, signed by a key
/// made for the test): a mirror that has no release, and one whose index lists a package it
/// does not have. Each is one error naming the step and apt's own words, and the cache holds
/// nothing half-built: no `debs`, no partial or work directory, no stamp; a complete `debs`
/// of an earlier fetch stays as it was, unstamped so the next run fetches again.
@Suite(.serialized) struct StackFetchFailureTests {
    /// A Debian archive in a directory: `dists/bookworm/InRelease` signed by a key of its own,
    /// `main/binary-amd64/Packages` listing `cbench-fake`, whose file is not in the pool.
    struct FakeMirror {
        let root: String
        var archive: String { root + "/mirror" }
        var key: String { root + "/key.gpg" }
        var gnupg: String { root + "/gnupg" }

        init(root: String, withRelease: Bool) throws {
            self.root = root
            let index = "\(archive)/dists/bookworm/main/binary-amd64"
            try FileManager.default.createDirectory(atPath: index, withIntermediateDirectories: true)
            guard withRelease else { return }
            try FileManager.default.createDirectory(atPath: gnupg, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try gpg(["--quick-gen-key", "cbench test mirror <mirror@example.org>", "ed25519", "sign", "never"])
            let exported = try gpg(["--export"])
            #expect(!exported.isEmpty)
            let packages = """
            Package: cbench-fake
            Version: 1.0
            Architecture: all
            Maintainer: Test <mirror@example.org>
            Filename: pool/cbench-fake_1.0_all.deb
            Size: 1000
            SHA256: \(String(repeating: "0", count: 64))
            Description: a package whose file the mirror lacks


            """
            try packages.write(toFile: index + "/Packages", atomically: false, encoding: .utf8)
            let hash = try StackFetchFailureTests.sha256(of: index + "/Packages")
            let release = """
            Suite: bookworm
            Codename: bookworm
            Components: main
            Architectures: amd64
            Date: Wed, 02 Dec 2026 12:00:00 UTC
            SHA256:
             \(hash) \(packages.utf8.count) main/binary-amd64/Packages

            """
            try release.write(toFile: "\(archive)/dists/bookworm/Release", atomically: false, encoding: .utf8)
            try gpg(["--yes", "--clearsign", "-o", "\(archive)/dists/bookworm/InRelease", "\(archive)/dists/bookworm/Release"])
        }

        var sources: HostAptSources {
            HostAptSources(entries: [.init(uri: "file:" + archive, suite: "bookworm", components: ["main"],
                                           signedBy: FileManager.default.fileExists(atPath: key) ? key : nil)])
        }

        @discardableResult
        func gpg(_ arguments: [String]) throws -> String {
            let output = arguments == ["--export"] ? Spawn.Output.file(key) : .capture
            let result = try Spawn(["gpg", "--batch", "--quiet", "--passphrase", ""] + arguments, environment: ["GNUPGHOME": gnupg],
                                   stdout: output).run()
            #expect(result.status == 0, "gpg \(arguments.first ?? ""): \(result.stderr)")
            return FileIO.contents(key)
        }

        /// The agent gpg started for the key goes with the test.
        func stopAgent() {
            guard FileManager.default.fileExists(atPath: gnupg) else { return }
            _ = try? Spawn(["gpgconf", "--kill", "all"], environment: ["GNUPGHOME": gnupg]).run()
        }
    }

    /// A stack `wiki` of `packages`, its cache and an empty base root beside the mirror.
    struct Setup {
        let fixture: ApplicationScenarioTests.Fixture
        let mirror: FakeMirror
        let cache: StackCache
        let base: (root: String, stamp: String)

        init(packages: String, withRelease: Bool) throws {
            fixture = try ApplicationScenarioTests.Fixture(stack: ApplicationScenarioTests.Fixture.stack
                .replacingOccurrences(of: "packages: [nginx, mariadb-server, php8.2-fpm]", with: "packages: [\(packages)]"))
            mirror = try FakeMirror(root: fixture.root + "/fake", withRelease: withRelease)
            cache = StackCache(stack: try StackDefinition.load(directory: fixture.stackDirectory), root: fixture.root + "/cache")
            let baseRoot = fixture.root + "/base"
            try FileManager.default.createDirectory(atPath: baseRoot + "/var/lib/dpkg", withIntermediateDirectories: true)
            try "".write(toFile: baseRoot + "/var/lib/dpkg/status", atomically: false, encoding: .utf8)
            base = (baseRoot, "test base")
            try FileManager.default.createDirectory(atPath: cache.root + "/logs", withIntermediateDirectories: true)
        }

        func fetch() throws -> Bool {
            let sources = mirror.sources
            let steps = StackBuildSteps(cache: cache, runRoot: fixture.root + "/run", say: { _ in }, stop: nil, aptSources: { sources })
            return try steps.fetchPackages(base: base)
        }

        /// What the cache root holds besides its logs.
        var leftovers: [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: cache.root)) ?? []).filter { $0 != "logs" && $0 != "stamps" }.sorted()
        }

        func remove() {
            mirror.stopAgent()
            fixture.remove()
        }
    }

    @Test func aMirrorWithoutAReleaseFailsAtTheUpdateNamingIt() throws {
        let setup = try Setup(packages: "cbench-fake", withRelease: false)
        defer { setup.remove() }
        let error = try #require(throws: CoreError.self) { try setup.fetch() }
        #expect(error.stage == "stack wiki: fetch packages: apt-get update")
        #expect(error.detail?.contains("does not have a Release file") == true, "\(error)")
        #expect(error.detail?.contains(setup.mirror.archive) == true, "the mirror is named: \(error)")
        #expect(setup.leftovers == [], "half-built: \(setup.leftovers)")
        #expect(!FileManager.default.fileExists(atPath: setup.cache.stampPath("debs")))
    }

    @Test func aPackageTheMirrorLacksFailsTheDownloadNamingItAndKeepsTheEarlierRepository() throws {
        let setup = try Setup(packages: "cbench-fake", withRelease: true)
        defer { setup.remove() }
        // A complete repository of an earlier fetch, stamped for other packages.
        try FileManager.default.createDirectory(atPath: setup.cache.debs, withIntermediateDirectories: true)
        try "earlier".write(toFile: setup.cache.debs + "/Packages", atomically: false, encoding: .utf8)
        try setup.cache.writeStamp("nginx on test base", at: setup.cache.stampPath("debs"))

        let error = try #require(throws: CoreError.self) { try setup.fetch() }
        #expect(error.stage == "stack wiki: fetch packages: apt-get install --download-only")
        #expect(error.detail?.contains("cbench-fake_1.0_all.deb") == true, "apt's words name the file: \(error)")
        #expect(error.detail?.contains("E: Failed to fetch") == true && error.detail?.contains("No such file or directory") == true, "\(error)")
        #expect("\(error)".hasPrefix("stack wiki: fetch packages: apt-get install --download-only"), "one line naming the step first")
        #expect(setup.leftovers == ["debs"], "half-built: \(setup.leftovers)")
        #expect(FileIO.contents(setup.cache.debs + "/Packages") == "earlier", "the earlier repository is untouched")
        #expect(!FileManager.default.fileExists(atPath: setup.cache.stampPath("debs")), "unstamped: the next run fetches again")
        #expect(setup.cache.stamp(of: setup.cache.debs) == nil)
    }

    @Test func theSameMirrorWithThePackageInItFillsTheRepository() throws {
        let setup = try Setup(packages: "cbench-fake", withRelease: true)
        defer { setup.remove() }
        // The control case: the fake mirror is a working archive once the file is there, and
        // its package lands in the repository (a `file:` archive is read through apt's `copy:`).
        let deb = try Self.buildDeb(in: setup.fixture.root)
        let pool = setup.mirror.archive + "/pool/cbench-fake_1.0_all.deb"
        try FileManager.default.createDirectory(atPath: setup.mirror.archive + "/pool", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: deb, toPath: pool)
        try Self.republish(setup.mirror, deb: pool)

        #expect(try setup.fetch())
        #expect(FileManager.default.fileExists(atPath: setup.cache.debs + "/cbench-fake_1.0_all.deb"))
        #expect(FileIO.contents(setup.cache.debs + "/Packages").contains("Package: cbench-fake"))
        #expect(setup.leftovers == ["debs"])
        #expect(try setup.fetch() == false, "a second fetch finds the stamp")
    }

    /// A minimal `cbench-fake` package (dpkg-deb of a control file).
    static func buildDeb(in directory: String) throws -> String {
        let tree = directory + "/deb/DEBIAN"
        try FileManager.default.createDirectory(atPath: tree, withIntermediateDirectories: true)
        try "Package: cbench-fake\nVersion: 1.0\nArchitecture: all\nMaintainer: Test <mirror@example.org>\nDescription: test\n"
            .write(toFile: tree + "/control", atomically: false, encoding: .utf8)
        let output = directory + "/cbench-fake_1.0_all.deb"
        let result = try Spawn(["dpkg-deb", "--root-owner-group", "--build", directory + "/deb", output]).run()
        #expect(result.status == 0, "\(result.stderr)")
        return output
    }

    /// A file's SHA-256 as apt's indexes write it (hex).
    static func sha256(of path: String) throws -> String {
        let result = try Spawn(["sha256sum", path]).run()
        #expect(result.status == 0, "\(result.stderr)")
        return String(result.stdout.prefix(64))
    }

    /// The index and release rewritten for the real file.
    static func republish(_ mirror: FakeMirror, deb: String) throws {
        let bytes = try FileIO.read(deb)
        let index = "\(mirror.archive)/dists/bookworm/main/binary-amd64/Packages"
        let debHash = try sha256(of: deb)
        let packages = FileIO.contents(index)
            .replacingOccurrences(of: "Size: 1000", with: "Size: \(bytes.count)")
            .replacingOccurrences(of: String(repeating: "0", count: 64), with: debHash)
        try packages.write(toFile: index, atomically: false, encoding: .utf8)
        let releasePath = "\(mirror.archive)/dists/bookworm/Release"
        let indexHash = try sha256(of: index)
        let release = FileIO.contents(releasePath).split(separator: "\n").dropLast().joined(separator: "\n")
            + "\n \(indexHash) \(packages.utf8.count) main/binary-amd64/Packages\n"
        try release.write(toFile: releasePath, atomically: false, encoding: .utf8)
        try mirror.gpg(["--yes", "--clearsign", "-o", "\(mirror.archive)/dists/bookworm/InRelease", releasePath])
    }
}
