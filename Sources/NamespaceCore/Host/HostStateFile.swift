/// A process recorded in a state file under /run/cbench.
struct HostRecordedProcess: Sendable, Equatable {
    var pid: Int32
    var startTime: UInt64?
    var stateFile: String
}

/// Reads `"pid": N` and `"pidStartTime": T` from the JSON state files components write
/// (e.g. cbench-oci's /run/cbench/oci/ID/state.json). A plain key scan, not a JSON parser:
/// it takes the first occurrence of each key, which is all these flat records hold.
enum HostStateFile {
    static let startTimeKeys = ["pidStartTime", "startTime", "start_time"]

    static func recordedProcess(in text: String, file: String) -> HostRecordedProcess? {
        guard let pid = integer(forKey: "pid", in: text).flatMap({ Int32(exactly: $0) }), pid > 0 else { return nil }
        let startTime = startTimeKeys.lazy.compactMap { integer(forKey: $0, in: text) }.first
        return HostRecordedProcess(pid: pid, startTime: startTime, stateFile: file)
    }

    /// The unsigned integer after `"key"` and a colon, or nil.
    static func integer(forKey key: String, in text: String) -> UInt64? {
        let needle = Array("\"\(key)\"".utf8)
        let bytes = Array(text.utf8)
        guard bytes.count >= needle.count else { return nil }
        var start = 0
        while start + needle.count <= bytes.count {
            if bytes[start..<(start + needle.count)].elementsEqual(needle) {
                var index = start + needle.count
                func skipSpaces() { while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0a { index += 1 } }
                skipSpaces()
                if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
                    index += 1
                    skipSpaces()
                    let digitsStart = index
                    while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
                    if index > digitsStart {
                        return UInt64(String(decoding: bytes[digitsStart..<index], as: UTF8.self))
                    }
                }
            }
            start += 1
        }
        return nil
    }

    /// JSON files up to `depth` levels below `directory`, not following symlinks.
    static func jsonFiles(below directory: String, root: HostRoot, depth: Int = 4) -> [String] {
        guard depth > 0, let names = root.list(directory) else { return [] }
        var files: [String] = []
        for name in names {
            let path = hostJoin(directory, name)
            if root.isDirectory(path) {
                files += jsonFiles(below: path, root: root, depth: depth - 1)
            } else if name.hasSuffix(".json") {
                files.append(path)
            }
        }
        return files
    }
}
