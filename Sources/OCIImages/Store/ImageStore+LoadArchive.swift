#if canImport(Glibc)
import Glibc
#endif
import Archive
import NamespaceCore

extension ImageStore {
    /// An oci-archive (`podman save --format oci-archive`, `skopeo copy ... oci-archive:F`,
    /// `docker save` since it writes an OCI layout): a tar, plain or compressed, of an OCI
    /// layout. It is unpacked into the store's scratch directory through the project's one
    /// extraction policy (no entry outside it), loaded as a layout, and removed again.
    public func load(archive path: String) throws -> [ResolvedImage] {
        guard FileSystem.exists(path) else { throw CoreError(stage: "load \(path)", errno: ENOENT, detail: "no such file") }
        try FileIO.makeDirectories(root, mode: 0o711)
        let directory = try FileSystem.temporaryDirectory(in: scratchDirectory, prefix: "archive")
        defer { try? FileIO.removeTree(directory) }
        do throws(CoreError) {
            let reader = try ArchiveReader(path: path)
            try ArchiveDiskWriter(root: directory).extractAll(from: reader, what: "oci-archive") { _, path in path.isRoot ? nil : path }
        } catch {
            throw CoreError(kind: error.kind, stage: "load \(path)", errno: error.errno,
                            detail: "not a readable oci-archive (a tar of an OCI image layout): \(error.stage)\(error.detail.map { ": " + $0 } ?? "")",
                            cause: error)
        }
        guard FileSystem.exists(directory + "/oci-layout"), FileSystem.exists(directory + "/index.json") else {
            throw CoreError(stage: "load \(path)",
                            detail: "the archive holds no OCI image layout (no oci-layout or index.json); write one with `podman save --format oci-archive` or `skopeo copy ... oci-archive:FILE`")
        }
        return try load(layout: directory, baseName: path)
    }
}
