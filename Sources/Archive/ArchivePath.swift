import NamespaceCore

/// An entry name made relative to where the archive is unpacked. Leading `/` and `./` are
/// dropped (tars from many tools carry them, and tar itself strips the `/`); a `..`
/// component is refused, because after it the entry could land outside.
public struct ArchivePath: Equatable, Sendable {
    public let components: [Substring]
    /// The name began with `/`.
    public let wasAbsolute: Bool

    /// `what` names the archive in the error (`layer`, `archive`).
    public init(_ raw: String, what: String = "archive") throws(CoreError) {
        var kept: [Substring] = []
        for component in raw.split(separator: "/", omittingEmptySubsequences: true) {
            if component == "." { continue }
            if component == ".." {
                throw CoreError(kind: .invalidInput, stage: "\(what) entry '\(raw)'",
                                detail: "escapes the \(what) directory ('..'); the \(what) is refused")
            }
            kept.append(component)
        }
        components = kept
        wasAbsolute = raw.hasPrefix("/")
    }

    private init(components: [Substring]) {
        self.components = components
        wasAbsolute = false
    }

    public var isRoot: Bool { components.isEmpty }
    public var relative: String { components.joined(separator: "/") }
    public var baseName: Substring { components.last ?? "" }
    public var parent: [Substring] { Array(components.dropLast()) }

    /// The path below the directory `first` (`rootfs/etc` below `rootfs` is `etc`, `rootfs`
    /// itself is the root); nil when it is not below it.
    public func below(_ first: String) -> ArchivePath? {
        guard components.first.map(String.init) == first else { return nil }
        return ArchivePath(components: Array(components.dropFirst()))
    }
}
