/// cbench-system's default `create` copies the template's root into each container;
/// `create --snapshot` puts an overlay over the template's root instead.
extension SystemContainerTarget: LayerSharingTarget {
    public var layerSharingMeans: String {
        "cbench system create --snapshot --privileged: an overlay over the template's root (the default create copies the root)"
    }

    public func prepareSharingLayers(_ workload: ContainerWorkload, id: String) throws -> PreparedContainer {
        try prepare(workload, id: id, configLines: [], snapshot: true)
    }
}
