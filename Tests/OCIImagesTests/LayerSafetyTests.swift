import Foundation
import Testing
@testable import OCIImages

@Suite("Layer application: path escapes and corrupt blobs")
struct LayerSafetyTests {
    func expectRefused(_ entries: [TarEntry], naming entry: String, outside: String? = nil) throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        if let outside { try? FileManager.default.removeItem(atPath: outside) }
        defer { if let outside { try? FileManager.default.removeItem(atPath: outside) } }
        try LayoutBuilder.write(scratch.path + "/layout", tag: "t:1", layers: [entries])
        #expect {
            try scratch.store.load(layout: scratch.path + "/layout")
        } throws: { error in
            "\(error)".contains(entry)
        }
        #expect(Probe.names(scratch.path + "/store/layers/sha256").isEmpty)
        #expect(try scratch.store.list().isEmpty)
        if let outside { #expect(!Probe.exists(outside)) }
    }

    @Test func dotDotIsRefused() throws {
        try expectRefused([.file("ok", "1"), .file("../imgtest-escape-dotdot", "x")], naming: "../imgtest-escape-dotdot")
    }

    @Test func writingThroughAnAbsoluteSymlinkIsRefused() throws {
        let outside = "/tmp/imgtest-escape-symlink"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: outside) }
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try LayoutBuilder.write(scratch.path + "/layout", tag: "t:1", layers: [[.symlink("link", to: outside), .file("link/evil", "x")]])
        #expect {
            try scratch.store.load(layout: scratch.path + "/layout")
        } throws: { error in
            "\(error)".contains("link/evil")
        }
        #expect(!Probe.exists(outside + "/evil"))
        #expect(Probe.names(scratch.path + "/store/layers/sha256").isEmpty)
    }

    @Test func whiteoutThroughASymlinkIsRefused() throws {
        try expectRefused([.symlink("link", to: "/tmp"), .file("link/.wh.imgtest-victim", "")], naming: "link/.wh.imgtest-victim")
    }

    @Test func hardLinkOutsideIsRefused() throws {
        try expectRefused([.hardlink("passwd", to: "../../../../etc/passwd")], naming: "../../../../etc/passwd")
    }

    @Test func hardLinkThroughASymlinkIsRefused() throws {
        let victim = "/tmp/imgtest-victim-\(getpid())"
        try "secret".write(toFile: victim, atomically: false, encoding: .utf8)
        defer { unlink(victim) }
        try expectRefused([.symlink("link", to: "/tmp"), .hardlink("stolen", to: "link/imgtest-victim-\(getpid())")], naming: "stolen")
        #expect(Probe.stat(victim)?.st_nlink == 1)
    }

    @Test func digestMismatchNamesTheBlob() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let made = try LayoutBuilder.write(scratch.path + "/layout", tag: "t:1", layers: [[.file("a", String(repeating: "z", count: 5000))]],
                                           compression: .none)
        let blob = try OCILayout(directory: made.directory).blobPath(made.layerDigests[0])
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: blob)))
        bytes[600] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: blob))
        #expect {
            try scratch.store.load(layout: made.directory)
        } throws: { error in
            "\(error)".contains(made.layerDigests[0]) && "\(error)".contains("corrupt")
        }
        #expect(Probe.names(scratch.path + "/store/layers/sha256").isEmpty)
    }

    @Test func truncatedBlobNamesTheBlob() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let made = try LayoutBuilder.write(scratch.path + "/layout", tag: "t:1", layers: [[.file("a", "content")]])
        let blob = try OCILayout(directory: made.directory).blobPath(made.layerDigests[0])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: blob))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: blob))
        #expect {
            try scratch.store.load(layout: made.directory)
        } throws: { error in
            "\(error)".contains(made.layerDigests[0]) && "\(error)".contains("truncated")
        }
    }

    @Test func wrongDiffIDIsRefused() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let wrong = "sha256:" + String(repeating: "0", count: 64)
        let made = try LayoutBuilder.write(scratch.path + "/layout", tag: "t:1", layers: [[.file("a", "b")]], diffIDsOverride: [wrong])
        #expect {
            try scratch.store.load(layout: made.directory)
        } throws: { error in
            "\(error)".contains(made.layerDigests[0]) && "\(error)".contains("diff ID")
        }
        #expect(Probe.names(scratch.path + "/store/layers/sha256").isEmpty)
    }
}
