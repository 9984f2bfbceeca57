#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension ImageStore {
    /// Removes the half-written blobs (`tmp/.blob-*`) and half-unpacked layers
    /// (`layers/sha256/.unpack-*`) a writer killed midway left, under the writer lock. Only
    /// for a store no other process writes at the same time (a stack's build store, which its
    /// cache lock guards): a live writer's temporaries look the same. The names removed.
    @discardableResult
    public func removeAbandonedTemporaries() throws(CoreError) -> [String] {
        try writing { () throws(CoreError) -> [String] in
            var removed: [String] = []
            for (directory, prefix) in [(scratchDirectory, ".blob-"), (layers.directory, ".unpack-")] {
                for name in (try? FileIO.names(in: directory)) ?? [] where name.hasPrefix(prefix) {
                    try FileIO.removeTree("\(directory)/\(name)")
                    removed.append(name)
                }
            }
            return removed
        }
    }
}
