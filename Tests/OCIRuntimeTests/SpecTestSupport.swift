import Foundation
import Glibc
import NamespaceCore
@testable import OCIRuntime

/// A scratch directory under /tmp/cbench-*, removed by `remove()` (call it in a defer).
struct ScratchDirectory {
    let path: String

    init() throws {
        var template = Array("/tmp/cbench-ocispec-test-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw POSIXError(.EIO) }
        path = String(cString: made)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: "\(path)/\(name)"))
    }

    func makeDirectory(_ name: String) throws {
        try FileManager.default.createDirectory(atPath: "\(path)/\(name)", withIntermediateDirectories: true)
    }

    func read(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: "\(path)/\(name)")))
    }
}

enum Tools {
    static func installed(_ path: String) -> Bool { access(path, X_OK) == 0 }

    /// Runs `tool spec` in `directory`, which writes config.json there.
    static func writeSpec(with tool: String, in directory: String) throws {
        let result = try Spawn([tool, "spec"], directory: directory).run()
        guard result.status == 0 else { throw CoreError(stage: "\(tool) spec", detail: "exit \(result.status): \(result.stderr.firstLine())") }
    }
}

/// The message of a CoreError thrown by `body`, or nil when nothing was thrown.
func coreErrorText<T>(_ body: () throws -> T) -> String? {
    do {
        _ = try body()
        return nil
    } catch {
        return "\(error)"
    }
}
