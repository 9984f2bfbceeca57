/// A target that unpacks an OCI image layout into what containers are made from: cbench's
/// image store (`cbench app load`, in process or through the CLI) or umoci's bundle. The
/// image-unpack scenario kind needs it.
public protocol ImageUnpackingTarget: ContainerTarget {
    /// Unpacks the image `reference` (`name:tag`) of the layout at `layout` into the empty
    /// directory `destination`, which the caller removes afterwards: one `unpack` phase.
    func unpack(layout: String, reference: String, into destination: String) throws -> ContainerRun
    /// What the unpack covers, in words (the report shows it next to the numbers).
    var unpackCoverage: String { get }
}
