extension StringProtocol {
    /// The path without trailing slashes; `/` (or `///`) stays `/`. The project's one.
    public func droppingTrailingSlashes() -> String {
        var text = Substring(self)
        while text.count > 1 && text.hasSuffix("/") { text = text.dropLast() }
        return String(text)
    }
}

/// Joins an absolute directory and a name.
public func hostJoin(_ directory: String, _ name: String) -> String {
    directory.hasSuffix("/") ? directory + name : directory + "/" + name
}
