import Foundation
import NamespaceCore
import Testing
@testable import Reports

let chromiumInstalled = ["chromium", "chromium-browser"].contains { ExecutablePath.find($0) != nil }

/// Renders the fixture report in headless Chromium through
/// Scripts/screenshot-report. Set CBENCH_KEEP_REPORT=/tmp/cbench-DIR to keep a
/// copy of the whole report and its screenshot (report.png) for a look by eye.
@Suite struct ScreenshotTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test(.enabled(if: chromiumInstalled && gnuplotInstalled)) func reportRendersInHeadlessChromium() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let results = directory.url.appendingPathComponent("results.json")
        try ReportFixture.document().write(to: results)
        try ReportWriter().write(resultsAt: results)
        let report = directory.url.appendingPathComponent("report.html")
        let screenshot = directory.url.appendingPathComponent("report.png")
        let script = Self.packageRoot.appendingPathComponent("Scripts/screenshot-report").path

        let result = try #require(HostCommandRunner().run([script, report.path, screenshot.path, "1400", "4200"], in: directory.url.path))
        #expect(result.status == 0, "\(result.output)")
        let png = try Data(contentsOf: screenshot)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        // A blank page compresses to a few kilobytes; tables and plots do not.
        #expect(png.count > 100_000, "\(png.count) bytes")
        if let keep = ProcessInfo.processInfo.environment["CBENCH_KEEP_REPORT"] {
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(at: directory.url, to: URL(fileURLWithPath: keep))
        }
    }
}
