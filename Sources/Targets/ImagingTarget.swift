/// A target that turns a stopped container into an image and runs that image elsewhere:
/// what "turning a container into an image" measures. `runElsewhere` makes the image with
/// the target's own commands, carries it as a file (`archive`) to a second store, and runs a
/// new container `id` from it there to its end; `removeElsewhere` removes everything that
/// made, whatever state it is in.
public protocol ImagingTarget: RestartingTarget {
    /// The commands, and what "elsewhere" is on this host, for the evidence.
    var imageMeans: String { get }
    /// What is carried: an image of the target's own format, or (a target without images) a
    /// copy of the container itself.
    var carries: ImagingCarrier { get }
    func runElsewhere(_ container: PreparedContainer, id: String, archive: String) throws -> ContainerRun
    func removeElsewhere(_ container: PreparedContainer, id: String, archive: String)
}

/// What an `ImagingTarget` carries elsewhere.
public enum ImagingCarrier: Sendable, Equatable {
    /// An image of the target's own format (committed, saved, loaded).
    case image
    /// The container itself, copied (a target with no image of its own).
    case containerCopy
}

extension ImagingTarget {
    public var carries: ImagingCarrier { .image }
}
