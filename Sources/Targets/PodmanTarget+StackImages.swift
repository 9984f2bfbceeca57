import Glibc
import NamespaceCore
import OCIImages

/// The application stack's images for podman, in a storage of their own in the stack's cache
/// (`ApplicationStack.engineImageStores`/podman) that every run's podman, on any runtime,
/// reads as an additional read-only image store. They are pulled from the stack's OCI layout
/// once, and again only when the layout's images change: the stamp beside the store names
/// each image with its config digest, which is also the id podman gives it. Before this, each
/// podman target of each run pulled the three images into its own storage (43-109 s here).
extension PodmanTarget {
    /// The podman run directory used while the store is filled (below the run's own).
    static let imageStoreRunDirectory = "stack-images"

    /// The store's path, filled and stamped for `stack`'s current images.
    func stackImageStore(_ stack: ApplicationStack) throws -> String {
        let store = "\(stack.engineImageStores)/podman"
        let stampPath = "\(stack.engineImageStores)/podman.stamp"
        let wanted = try PodmanTarget.imageStamp(stack)
        if FileIO.contents(stampPath) == wanted, access(store, F_OK) == 0 { return store }
        let stage = "\(name): fill podman's image store \(store) from \(stack.imageLayout)"
        unlink(stampPath)
        RealTargetSupport.removeOwnedTree(store)
        do {
            try FileIO.makeDirectories(store, mode: 0o755)
            for image in stack.imageNames {
                let output = try RealTargetSupport.checked(podman(["pull", "--quiet", "oci:\(stack.imageLayout):\(image)"], root: store),
                                                           stage: "\(stage): pull \(image)").stdout
                guard let id = output.split(separator: "\n").last.map({ $0.trimmingCharacters(in: .whitespaces) }), !id.isEmpty else {
                    throw CoreError(stage: "\(stage): pull \(image)", detail: "podman pull printed no image id")
                }
                try RealTargetSupport.checked(podman(["tag", id, "localhost/\(image)"], root: store), stage: "\(stage): tag \(image)")
            }
            try FileIO.write(stampPath, Array(wanted.utf8))
        } catch {
            RealTargetSupport.removeOwnedTree(store)
            RealTargetSupport.removeOwnedTree("\(runRoot)/\(PodmanTarget.imageStoreRunDirectory)")
            throw error
        }
        RealTargetSupport.removeOwnedTree("\(runRoot)/\(PodmanTarget.imageStoreRunDirectory)")
        return store
    }

    /// One line per image of the stack: `NAME@CONFIG-DIGEST`, read from its OCI layout.
    static func imageStamp(_ stack: ApplicationStack) throws -> String {
        let layout = OCILayout(directory: stack.imageLayout)
        return try stack.imageNames.map { "\($0)@\(try layout.configDigest(ofRefName: $0))\n" }.joined()
    }
}
