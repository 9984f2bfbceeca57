import Foundation
import NamespaceCore
import OCIImages
import Results

/// The image an unpack scenario unpacks: a root of half random bytes (1 MiB files, which
/// gzip cannot shrink) and half text (20 kB files of words, which it can), imported as one
/// layer and saved as an OCI layout that cbench and umoci both read.
struct TestImage: Sendable {
    var layout: String
    /// The image's `name:tag` (the layout's ref name is its tag, the full name beside it).
    var reference: String
    var files: Int
    var blobBytes: UInt64

    static func make(megabytes: Int, in directory: String, seed: UInt64 = Statistics.defaultSeed) throws -> TestImage {
        let rootfs = "\(directory)/rootfs", store = "\(directory)/store", layout = "\(directory)/layout"
        defer {
            try? FileIO.removeTree(rootfs)
            try? FileIO.removeTree(store)
        }
        let files = try writeRoot(rootfs, megabytes: megabytes, seed: seed)
        let reference = ImageReference(name: "bench", tag: "1")
        let images = ImageStore(root: store)
        _ = try images.importRootfs(from: rootfs, as: reference)
        try images.save([reference], to: layout)
        let blobs = "\(layout)/blobs/sha256"
        let blobBytes = try FileIO.names(in: blobs).reduce(UInt64(0)) { total, name in
            let size = (try? FileManager.default.attributesOfItem(atPath: "\(blobs)/\(name)"))?[.size] as? UInt64 ?? 0
            return total + size
        }
        return TestImage(layout: layout, reference: reference.description, files: files, blobBytes: blobBytes)
    }

    /// Writes the root and returns how many files it holds.
    static func writeRoot(_ root: String, megabytes: Int, seed: UInt64) throws -> Int {
        var generator = SplitMix64(seed: seed)
        let randomFiles = megabytes / 2
        let mebibyte = 1 << 20
        try FileIO.makeDirectories("\(root)/data/random", mode: 0o755)
        for index in 0..<randomFiles {
            var bytes = [UInt8](repeating: 0, count: mebibyte)
            bytes.withUnsafeMutableBytes { buffer in
                for offset in stride(from: 0, to: mebibyte, by: 8) {
                    buffer.storeBytes(of: generator.next(), toByteOffset: offset, as: UInt64.self)
                }
            }
            try FileIO.write("\(root)/data/random/blob\(index)", bytes)
        }
        let words = (0..<4000).map { "word\($0)" }
        let textBytes = (megabytes - randomFiles) * mebibyte
        var written = 0, index = 0
        while written < textBytes {
            let directory = "\(root)/usr/share/doc/pkg\(index / 100)"
            if index % 100 == 0 { try FileIO.makeDirectories(directory, mode: 0o755) }
            var text = ""
            while text.utf8.count < 20_000 { text += words[generator.index(below: words.count)] + " " }
            text += "\n"
            try FileIO.write("\(directory)/file\(index).txt", Array(text.utf8))
            written += text.utf8.count
            index += 1
        }
        return randomFiles + index
    }
}
