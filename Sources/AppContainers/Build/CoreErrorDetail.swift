/// The reason part of a build error, before the builder adds where it happened.
public struct CoreErrorDetail: Error, Sendable, Equatable {
    public var text: String

    public init(_ text: String) {
        self.text = text
    }
}
