/// A target whose containers share their image's files only when asked, its default being a
/// copy per container (`cbench system create --snapshot`, as LXC's `lxc-copy -s`): what
/// "layered images shared" measures of it, with the evidence naming the option.
public protocol LayerSharingTarget: DensityTarget {
    /// The option and what it shares, for the evidence.
    var layerSharingMeans: String { get }
    /// A container of `workload` whose root shares the image's files instead of a copy.
    /// `cleanup` removes it whatever state it is in.
    func prepareSharingLayers(_ workload: ContainerWorkload, id: String) throws -> PreparedContainer
}
