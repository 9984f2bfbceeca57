/// `NAME[:TAG]` as users type it (`busybox`, `app/web:1.0`); the tag defaults to `latest`.
/// Digests and registries are not part of the local store's names.
public struct ImageReference: Hashable, Sendable, CustomStringConvertible, Codable {
    public var name: String
    public var tag: String

    public init(name: String, tag: String = "latest") {
        self.name = name
        self.tag = tag
    }

    /// Parses `NAME[:TAG]`; the last `:` after the last `/` separates the tag.
    public init(parsing text: String) throws(ImageReferenceError) {
        guard !text.isEmpty else { throw ImageReferenceError(text: text, reason: "empty image name") }
        let lastSlash = text.lastIndex(of: "/")
        var name = text
        var tag = "latest"
        if let colon = text.lastIndex(of: ":"), lastSlash.map({ colon > $0 }) ?? true {
            name = String(text[..<colon])
            tag = String(text[text.index(after: colon)...])
        }
        guard name.utf8.count <= Self.maximumNameLength else {
            throw ImageReferenceError(text: text, reason: "name must not be more than \(Self.maximumNameLength) characters")
        }
        guard Self.isValidName(name) else {
            throw ImageReferenceError(text: text, reason: "name must be lowercase letters, digits and . _ - / (no leading or trailing separator)")
        }
        guard Self.isValidTag(tag) else {
            throw ImageReferenceError(text: text, reason: "tag must be 1-128 of letters, digits, . _ - and not start with . or -")
        }
        self.init(name: name, tag: tag)
    }

    /// The longest repository name docker's reference grammar allows.
    public static let maximumNameLength = 255

    /// `name:tag`, also the `org.opencontainers.image.ref.name` annotation of a saved layout.
    public var description: String { "\(name):\(tag)" }

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.first, let last = name.last, first.isLetterOrDigitASCII, last.isLetterOrDigitASCII else { return false }
        return name.allSatisfy { $0.isLetterOrDigitASCII && !$0.isUppercase || "._-/".contains($0) }
    }

    static func isValidTag(_ tag: String) -> Bool {
        guard let first = tag.first, tag.count <= 128, first != ".", first != "-" else { return false }
        return tag.allSatisfy { $0.isLetterOrDigitASCII || "._-".contains($0) }
    }
}

public struct ImageReferenceError: Error, Sendable, CustomStringConvertible {
    public let text: String
    public let reason: String
    public var description: String { "image reference '\(Self.shortened(text))': \(reason)" }

    /// A text too long for a one-line error, cut with its length named.
    static func shortened(_ text: String) -> String {
        text.count <= 80 ? text : "\(text.prefix(40))... (\(text.count) characters)"
    }
}

extension Character {
    var isLetterOrDigitASCII: Bool { isASCII && (isLetter || isNumber) }
}
