import Foundation

/// A fresh /tmp/cbench-reports-test-UUID directory, removed by `remove()`
/// (call it in a `defer` so a failing test cleans up too).
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = URL(fileURLWithPath: "/tmp/cbench-reports-test-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}
