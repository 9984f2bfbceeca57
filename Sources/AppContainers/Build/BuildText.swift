/// Text helpers of the build, kept in a namespace so they clash with no other file's extensions.
enum BuildText {
    static func trimmed<S: StringProtocol>(_ text: S) -> String {
        String(text.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }

    static func trimmedTrailing<S: StringProtocol>(_ text: S) -> String {
        String(text.reversed().drop { $0.isWhitespace }.reversed())
    }

    static func replacing(_ target: String, with replacement: String, in text: String) -> String {
        text.split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
