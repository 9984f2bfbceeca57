import Glibc
import NamespaceCore
import SystemContainers

/// Files held in memory, for tests.
struct InMemoryLXCConfigSource: LXCConfigSource {
    var files: [String: String]
    init(files: [String: String]) { self.files = files }

    func read(_ path: String) throws(CoreError) -> String {
        guard let text = files[path] else { throw CoreError(stage: "open \(path)", errno: ENOENT) }
        return text
    }

    func isDirectory(_ path: String) -> Bool {
        files[path] == nil && files.keys.contains { $0.hasPrefix(path.hasSuffix("/") ? path : path + "/") }
    }

    func list(_ directory: String) throws(CoreError) -> [String] {
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        return files.keys.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
            .filter { !$0.contains("/") }
    }
}
