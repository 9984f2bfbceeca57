/// A `ResolvedImage` as length-prefixed fields (`COUNT:BYTES\n`), for the image store's cache
/// of resolutions: read by hand, so a start that hits the cache decodes no JSON (Codable and
/// its first-use type look-ups cost a `cbench app run` about a millisecond). The record also
/// holds what it was resolved from, the text asked for and the index's exact bytes, and
/// `decode` gives nil unless both match: any change of the index makes it stale.
enum ResolvedImageCodec {
    static let magic = "cbench-resolved-image 1"

    static func encode(_ image: ResolvedImage, text: String, index: [UInt8]) -> [UInt8] {
        var writer = Writer()
        writer.string(magic)
        writer.string(text)
        writer.bytes(index)
        writer.optional(image.reference) { writer, reference in
            writer.string(reference.name)
            writer.string(reference.tag)
        }
        writer.string(image.manifestDigest)
        writer.strings(image.layerDirectories)
        let configuration = image.configuration
        writer.optionalString(configuration.created)
        writer.optionalString(configuration.author)
        writer.string(configuration.architecture)
        writer.string(configuration.os)
        writer.optional(configuration.config) { writer, config in
            writer.optionalString(config.user)
            writer.optional(config.exposedPorts.map { $0.keys.sorted() }) { $0.strings($1) }
            writer.optional(config.env) { $0.strings($1) }
            writer.optional(config.entrypoint) { $0.strings($1) }
            writer.optional(config.cmd) { $0.strings($1) }
            writer.optional(config.volumes.map { $0.keys.sorted() }) { $0.strings($1) }
            writer.optionalString(config.workingDir)
            writer.optional(config.labels.map { labels in labels.keys.sorted().flatMap { [$0, labels[$0] ?? ""] } }) { $0.strings($1) }
            writer.optionalString(config.stopSignal)
        }
        writer.string(configuration.rootfs.type)
        writer.strings(configuration.rootfs.diffIDs)
        writer.optional(configuration.history) { writer, history in
            writer.count(history.count)
            for entry in history {
                writer.optionalString(entry.created)
                writer.optionalString(entry.createdBy)
                writer.optionalString(entry.comment)
                writer.optional(entry.emptyLayer) { $0.string($1 ? "1" : "0") }
            }
        }
        return writer.output
    }

    /// The image, or nil for a record of another text or index, or one that does not parse.
    static func decode(_ record: [UInt8], text: String, index: [UInt8]) -> ResolvedImage? {
        var reader = Reader(data: record)
        guard reader.string() == magic, reader.string() == text, reader.bytes() == index,
              let reference = reader.optional({ reader -> ImageReference? in
                  guard let name = reader.string(), let tag = reader.string() else { return nil }
                  return ImageReference(name: name, tag: tag)
              }),
              let manifestDigest = reader.string(), let layerDirectories = reader.strings(),
              let created = reader.optionalString(), let author = reader.optionalString(),
              let architecture = reader.string(), let os = reader.string(),
              let config = reader.optional(executionParameters),
              let rootfsType = reader.string(), let diffIDs = reader.strings(),
              let history = reader.optional(histories), reader.atEnd else { return nil }
        var configuration = ImageConfiguration(architecture: architecture, os: os, config: config,
                                               rootfs: .init(type: rootfsType, diffIDs: diffIDs), history: history, created: created)
        configuration.author = author
        return ResolvedImage(reference: reference, manifestDigest: manifestDigest, configuration: configuration,
                             layerDirectories: layerDirectories)
    }

    private static func executionParameters(_ reader: inout Reader) -> ImageConfiguration.ExecutionParameters? {
        guard let user = reader.optionalString(), let exposedPorts = reader.optional({ $0.strings() }),
              let env = reader.optional({ $0.strings() }), let entrypoint = reader.optional({ $0.strings() }),
              let cmd = reader.optional({ $0.strings() }), let volumes = reader.optional({ $0.strings() }),
              let workingDir = reader.optionalString(), let labels = reader.optional({ $0.strings() }),
              let stopSignal = reader.optionalString() else { return nil }
        var labelMap: [String: String]?
        if let labels {
            guard labels.count % 2 == 0 else { return nil }
            labelMap = Dictionary(uniqueKeysWithValues: stride(from: 0, to: labels.count, by: 2).map { (labels[$0], labels[$0 + 1]) })
        }
        return .init(user: user, exposedPorts: exposedPorts.map(emptyObjects), env: env, entrypoint: entrypoint, cmd: cmd,
                     volumes: volumes.map(emptyObjects), workingDir: workingDir, labels: labelMap, stopSignal: stopSignal)
    }

    private static func emptyObjects(_ keys: [String]) -> [String: EmptyObject] {
        Dictionary(uniqueKeysWithValues: keys.map { ($0, EmptyObject()) })
    }

    private static func histories(_ reader: inout Reader) -> [ImageConfiguration.History]? {
        guard let count = reader.count() else { return nil }
        var entries: [ImageConfiguration.History] = []
        for _ in 0..<count {
            guard let created = reader.optionalString(), let createdBy = reader.optionalString(),
                  let comment = reader.optionalString(),
                  let emptyLayer = reader.optional({ reader -> Bool? in
                      switch reader.string() {
                      case "1": true
                      case "0": false
                      default: nil
                      }
                  }) else { return nil }
            entries.append(.init(created: created, createdBy: createdBy, comment: comment, emptyLayer: emptyLayer))
        }
        return entries
    }

    /// Fields: a value is `COUNT:BYTES\n`; an optional is `-\n` (none) or `+\n` and the value;
    /// a list is its count as a value, then its items.
    struct Writer {
        var output: [UInt8] = []

        mutating func bytes(_ value: [UInt8]) {
            output += Array(String(value.count).utf8)
            output.append(UInt8(ascii: ":"))
            output += value
            output.append(UInt8(ascii: "\n"))
        }

        mutating func string(_ value: String) { bytes(Array(value.utf8)) }
        mutating func count(_ value: Int) { string(String(value)) }

        mutating func strings(_ values: [String]) {
            count(values.count)
            for value in values { string(value) }
        }

        mutating func optional<Value>(_ value: Value?, _ write: (inout Writer, Value) -> Void) {
            guard let value else {
                output += [UInt8(ascii: "-"), UInt8(ascii: "\n")]
                return
            }
            output += [UInt8(ascii: "+"), UInt8(ascii: "\n")]
            write(&self, value)
        }

        mutating func optionalString(_ value: String?) { optional(value) { $0.string($1) } }
    }

    struct Reader {
        let data: [UInt8]
        var position = 0

        var atEnd: Bool { position == data.count }

        mutating func bytes() -> [UInt8]? {
            var length = 0
            var digits = 0
            while position < data.count, data[position] != UInt8(ascii: ":") {
                let digit = Int(data[position]) - Int(UInt8(ascii: "0"))
                guard (0...9).contains(digit), digits < 9 else { return nil }
                length = length * 10 + digit
                digits += 1
                position += 1
            }
            guard digits > 0, position < data.count else { return nil }
            let start = position + 1
            let end = start + length
            guard end < data.count, data[end] == UInt8(ascii: "\n") else { return nil }
            position = end + 1
            return Array(data[start..<end])
        }

        mutating func string() -> String? {
            guard let value = bytes() else { return nil }
            return String(validating: value, as: UTF8.self)
        }

        mutating func count() -> Int? {
            guard let text = string(), let value = Int(text), value >= 0 else { return nil }
            return value
        }

        mutating func strings() -> [String]? {
            guard let count = count(), count <= data.count else { return nil }
            var values: [String] = []
            for _ in 0..<count {
                guard let value = string() else { return nil }
                values.append(value)
            }
            return values
        }

        /// `.some(nil)` for an absent value, `.some(value)`, or nil when the field does not parse.
        mutating func optional<Value>(_ read: (inout Reader) -> Value?) -> Value?? {
            guard position + 1 < data.count, data[position + 1] == UInt8(ascii: "\n") else { return nil }
            let marker = data[position]
            position += 2
            switch marker {
            case UInt8(ascii: "-"): return .some(nil)
            case UInt8(ascii: "+"): return read(&self).map { .some($0) }
            default: return nil
            }
        }

        mutating func optionalString() -> String?? { optional { $0.string() } }
    }
}
