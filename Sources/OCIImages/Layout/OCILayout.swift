#if canImport(Glibc)
import Glibc
#endif
import JSONRecords
import NamespaceCore

/// An OCI image layout directory (image-spec image-layout.md): `oci-layout`, `index.json`
/// and `blobs/sha256/HEX`.
public struct OCILayout: Sendable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    static let layoutFileBytes = Array(#"{"imageLayoutVersion":"1.0.0"}"#.utf8)

    var indexPath: String { directory + "/index.json" }
    var blobsDirectory: String { directory + "/blobs/sha256" }

    func blobPath(_ digest: String) throws(CoreError) -> String {
        blobsDirectory + "/" + (try Digest.hexPart(of: digest))
    }

    /// Makes the directory a layout if it is not one yet (an existing index is kept).
    func create() throws(CoreError) {
        try FileIO.makeDirectories(blobsDirectory, mode: 0o755)
        if access(directory + "/oci-layout", F_OK) != 0 {
            try FileIO.write(directory + "/oci-layout", Self.layoutFileBytes)
        }
        if access(indexPath, F_OK) != 0 {
            try writeIndex(ImageIndex())
        }
    }

    /// Refuses a directory that is not a layout, with the fix.
    func checkIsLayout() throws(CoreError) {
        guard access(directory + "/oci-layout", F_OK) == 0, access(indexPath, F_OK) == 0 else {
            throw CoreError(stage: "load \(directory)",
                            detail: "not an OCI image layout (no oci-layout or index.json); write one with `skopeo copy ... oci:DIR:TAG`, `umoci` or `cbench app save`")
        }
    }

    func readIndex() throws(CoreError) -> ImageIndex {
        try decodeIndex(try FileIO.read(indexPath))
    }

    /// index.json's `bytes`, read already (the store's resolution records compare them).
    func decodeIndex(_ bytes: [UInt8]) throws(CoreError) -> ImageIndex {
        try JSONRecord.decode(ImageIndex.self, from: bytes, what: indexPath)
    }

    /// The digest of the config of the image named `refName` in the index: what podman and
    /// Docker give as the image's id, so an engine holds this very image when the ids match.
    public func configDigest(ofRefName refName: String) throws(CoreError) -> String {
        let digest = try manifestDigest(ofRefName: refName)
        let manifest = try JSONRecord.decode(ImageManifest.self, from: try FileIO.read(try blobPath(digest)), what: "manifest \(digest)")
        return manifest.config.digest
    }

    /// The digest of the manifest of the image named `refName` in the index.
    public func manifestDigest(ofRefName refName: String) throws(CoreError) -> String {
        try checkIsLayout()
        guard let entry = try readIndex().manifests.first(where: { $0.refName == refName }) else {
            throw CoreError(stage: "read \(indexPath)", errno: ENOENT, detail: "no image named \(refName) in the layout")
        }
        return entry.digest
    }

    /// Replaces index.json atomically (a reader sees the old or the new index).
    func writeIndex(_ index: ImageIndex) throws(CoreError) {
        try JSONRecord.write(index, to: indexPath)
    }
}
