import OCIImages

extension AppContainerTarget: ImageUnpackingTarget {
    public var unpackCoverage: String {
        "ImageStore.load in process: copy and sha256 check of every blob into a fresh store, decompression, diff-ID check and the layer directories"
    }

    public func unpack(layout: String, reference: String, into destination: String) throws -> ContainerRun {
        let phase = try RealTargetSupport.timed("unpack") { _ = try ImageStore(root: "\(destination)/store").load(layout: layout) }
        return ContainerRun(phases: [phase], exit: .exited(0))
    }
}
