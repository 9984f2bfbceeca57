extension String {
    /// The first line of a program's output, cut to `limit` characters: a one-line reason.
    public func firstLine(limit: Int = 300) -> String {
        String((split(separator: "\n").first ?? "").prefix(limit))
    }
}
