import Foundation
import Testing
import NamespaceCore

/// `cbench doctor` on the real host, as make test's machine kind is set up: every check OK or
/// WARN (exit 0), the JSON form the same checks with facts that match what the test itself
/// reads from the kernel.
@Suite(.hostLeakCheck, .serialized, .enabled(if: getuid() == 0 && OCITestHarness.builtExecutable("cbench") != nil, "needs root and a built cbench"))
struct DoctorCLITests {
    @Test func textAndJSONAgreeWithTheHost() throws {
        let json = try BuiltCLI.cbench(["doctor", "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let facts = try #require(report["facts"] as? [String: Any])
        var names = utsname()
        uname(&names)
        let release = withUnsafeBytes(of: &names.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        #expect(facts["kernelRelease"] as? String == release)
        let cgroups = try #require(facts["cgroups"] as? [String: Any])
        let mode: String = switch try CgroupHost.current().mode {
        case .v1: "v1"
        case .v2: "v2"
        case .hybrid: "hybrid"
        }
        #expect(cgroups["mode"] as? String == mode)
        let checks = try #require(report["checks"] as? [[String: Any]])
        #expect(!checks.isEmpty)
        #expect(checks.allSatisfy { ["OK", "WARN"].contains($0["status"] as? String ?? "") }, "\(checks.filter { $0["status"] as? String == "FAIL" })")

        let text = try BuiltCLI.cbench(["doctor"])
        #expect(text.status == 0, "\(text.stderr)")
        let ok = checks.filter { $0["status"] as? String == "OK" }.count
        #expect(text.stdout.hasSuffix("doctor: \(ok) OK, \(checks.count - ok) WARN, 0 FAIL\n"), "\(text.stdout)")
        // The two calls measure the host twice: figures that move between them (a kdamond's CPU
        // seconds, the memory cgroups held, an empty cgroup's slab) are compared by shape only.
        let textShape = Self.withoutFigures(text.stdout)
        for check in checks {
            let line = "\(check["name"] as? String ?? "?"): \(check["detail"] as? String ?? "?")"
            #expect(textShape.contains(Self.withoutFigures(line)), "\(line) missing from the text form")
        }
    }

    /// `text` with each number (a sign, digits and the points between them) as `#`.
    static func withoutFigures(_ text: String) -> String {
        text.replacing(/-?[0-9]+(\.[0-9]+)*/, with: "#")
    }
}
