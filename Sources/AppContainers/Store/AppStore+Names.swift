#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension AppStore {
    /// A new random ID: 64 hex digits.
    static func newID() -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef")
        var text = ""
        text.reserveCapacity(64)
        // Four 64-bit draws (one getrandom each), not 32 of a byte: 16 hex digits from each.
        for _ in 0..<4 {
            var bits = generator.next()
            for _ in 0..<16 {
                text.append(digits[Int(bits >> 60)])
                bits <<= 4
            }
        }
        return text
    }

    /// Docker's rule for names: a letter or digit, then letters, digits, `_`, `.`, `-`.
    public static func validate(name: String) throws(CoreError) {
        let allowed = name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)
                || byte == 0x5f || byte == 0x2e || byte == 0x2d
        }
        guard let first = name.utf8.first, allowed, name.utf8.count <= 128, first != 0x5f, first != 0x2e, first != 0x2d else {
            throw CoreError(stage: "container name '\(name)'", errno: EINVAL,
                            detail: "use letters, digits, _ . - with a letter or digit first (--name web-1)")
        }
    }

    /// Takes `requested` (or a generated name) for `id` under the store lock: the name link
    /// is made by symlink(2), which fails when the name is taken.
    func allocateName(_ requested: String?, for id: String) throws -> String {
        if let requested { try Self.validate(name: requested) }
        return try FileLock(path: lockPath).withLock { () throws -> String in
            if let requested {
                guard symlink(id, "\(namesDirectory)/\(requested)") == 0 else {
                    if errno == EEXIST {
                        let holder = containerID(named: requested).map { " by container \($0.prefix(12))" } ?? ""
                        throw CoreError(stage: "container name \(requested)", errno: EEXIST,
                                        detail: "already in use\(holder); remove it (cbench app rm \(requested)) or choose another --name")
                    }
                    throw CoreError(stage: "name link \(requested)", errno: errno)
                }
                return requested
            }
            for attempt in 0..<100 {
                let name = AppNameGenerator.name(attempt: attempt)
                if symlink(id, "\(namesDirectory)/\(name)") == 0 { return name }
                guard errno == EEXIST else { throw CoreError(stage: "name link \(name)", errno: errno) }
            }
            throw CoreError(stage: "container name", errno: EEXIST, detail: "no free generated name; give one with --name")
        }
    }

    func releaseName(_ name: String, of id: String) {
        // Only our own link: a name reused since by another container stays.
        if containerID(named: name) == id { unlink("\(namesDirectory)/\(name)") }
    }

    func containerID(named name: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        let count = readlink("\(namesDirectory)/\(name)", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Every container ID in the store (an abandoned import's is removed: `AppStore+Importing`).
    public func ids() -> [String] {
        ((try? FileIO.names(in: containersDirectory)) ?? []).filter { $0.utf8.count == 64 && !removeIfImportAbandoned($0) }.sorted()
    }

    /// A container by name, full ID or unique ID prefix, as Docker resolves them.
    public func resolve(_ reference: String) throws(CoreError) -> String {
        if let id = containerID(named: reference), access(recordPath(of: id), F_OK) == 0, !removeIfImportAbandoned(id) { return id }
        if reference.utf8.count == 64, access(recordPath(of: reference), F_OK) == 0, !removeIfImportAbandoned(reference) { return reference }
        let matches = reference.isEmpty ? [] : ids().filter { $0.hasPrefix(reference) }
        if matches.count == 1 { return matches[0] }
        if matches.count > 1 {
            throw CoreError(stage: "container \(reference)", detail: "the ID prefix is ambiguous; give more digits or the name")
        }
        throw CoreError(stage: "container \(reference)", errno: ENOENT, detail: "no such container (see cbench app ps -a)")
    }
}

/// Docker-style generated names: adjective_noun, with a number once the plain ones are taken.
enum AppNameGenerator {
    static let adjectives = ["brave", "calm", "eager", "fond", "gentle", "happy", "keen", "lucid", "merry", "nimble",
                             "quiet", "quick", "sharp", "steady", "sunny", "tender", "vivid", "wise", "zen", "bold"]
    static let nouns = ["ada", "babbage", "curie", "dijkstra", "euler", "fermat", "gauss", "hopper", "knuth", "lovelace",
                        "maxwell", "noether", "pascal", "ritchie", "shannon", "thompson", "turing", "wirth", "yalow", "zuse"]

    static func name(attempt: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let base = "\(adjectives.randomElement(using: &generator) ?? "calm")_\(nouns.randomElement(using: &generator) ?? "turing")"
        return attempt < 10 ? base : "\(base)\(attempt)"
    }
}
