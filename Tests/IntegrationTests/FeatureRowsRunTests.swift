import Foundation
import Glibc
import NamespaceCore
import Results
import Scenarios
import Testing

/// The rows beyond isolation for real: the shipped features.yaml's `distributions` scenario
/// (Debian bullseye and trixie beside the bookworm host, busybox, a Windows program) on
/// cbench-app and cbench-system, each cell decided by the probe inside, with its evidence.
@Suite(.hostLeakCheck, .serialized, .enabled(if: ScenarioTestSupport.available && ProbeLocator.find() != nil, "needs root, the busybox rootfs and the probe"))
struct FeatureRowsRunTests {
    static let targets = ["cbench-app", "cbench-system"]

    /// Runs the scenario `name` of the shipped features.yaml on `targets`, reports into `out`.
    static func run(_ name: String, targets: [String], into out: String) throws -> SuiteSession.Outcome {
        let parser = ScenarioParser(busyboxRootfs: ScenarioTestSupport.busyboxRootfs)
        let scenarios = try parser.parse(file: ScenarioTestSupport.scenarioFile("features.yaml")).scenarios.filter { $0.name == name }
        try #require(scenarios.count == 1, "features.yaml has no scenario \(name)")
        return try ScenarioTestSupport.execute(ScenarioSuite(name: name, scenarios: scenarios), targets: targets, into: out)
    }

    @Test func distributionsAndWindowsAreMeasuredOnBothModes() throws {
        let out = try ScenarioTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let cgroupsBefore = ScenarioTestSupport.engineCgroups()
        let outcome = try Self.run("distributions", targets: Self.targets, into: out)
        let cells = outcome.document.features
        func cell(_ feature: String, _ target: String) -> FeatureResult? { cells.first { $0.feature == feature && $0.target == target } }
        for target in Self.targets {
            for (feature, version) in [("another distribution: Debian bullseye (older)", "VERSION_ID=11"),
                                       ("another distribution: Debian trixie (newer)", "VERSION_ID=13")] {
                let result = cell(feature, target)
                #expect(result?.outcome == .supported, "\(feature) on \(target): \(result?.detail ?? "missing") \(result?.evidence ?? "")")
                #expect(result?.evidence.contains("inside: Debian GNU/Linux") == true && result?.evidence.contains(version) == true)
                #expect(result?.evidence.contains("Debian 'dpkg' package management program version") == true)
            }
            let busybox = cell("another distribution: busybox", target)
            #expect(busybox?.outcome == .supported, "busybox on \(target): \(busybox?.evidence ?? "missing")")
            #expect(busybox?.evidence.contains("BusyBox v") == true)
            let windows = cell("Windows as the container OS", target)
            #expect(windows?.outcome == .notSupported, "windows on \(target): \(windows?.evidence ?? "missing")")
            #expect(windows?.evidence.hasSuffix("console program: ENOEXEC") == true)
        }
        // The article's answers stand beside the rows, from its data file.
        let definition = outcome.document.scenarios.flatMap(\.features).first { $0.name == "Windows as the container OS" }
        #expect(definition?.group == "distributions" && definition?.references["article (2015): Docker"] == "no")
        let markdown = try String(contentsOfFile: out + "/features.md", encoding: .utf8)
        #expect(markdown.contains("| Windows as the container OS | no | no | [❌ not supported]"))
        #expect(ScenarioTestSupport.leftovers(ofSessionsBy: getpid(), cgroupsBefore: cgroupsBefore) == [])
    }

    /// Live migration, the article's row, from the migration kind: both modes move a running
    /// container with state from one lab host to another; runc, whose own commands only
    /// checkpoint and restore on one host, does that and is partial.
    @Test func liveMigrationIsAMoveBetweenLabHosts() throws {
        let out = try ScenarioTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let cgroupsBefore = ScenarioTestSupport.engineCgroups()
        let outcome = try Self.run("migration", targets: Self.targets + ["runc"], into: out)
        let cells = outcome.document.features.filter { $0.feature == "live migration" }
        for target in Self.targets {
            let cell = cells.first { $0.target == target }
            #expect(cell?.outcome == .supported, "\(target): \(cell?.detail ?? "missing") \(cell?.evidence ?? "")")
            #expect(cell?.evidence.contains("moved from one lab host to another (stop-and-copy, 16 MB touched): client-seen downtime") == true)
            #expect(cell?.evidence.contains("memory checksum intact; its TCP connection survived") == true)
        }
        let runc = cells.first { $0.target == "runc" }
        #expect(runc?.outcome == .partial, "runc: \(runc?.detail ?? "missing") \(runc?.evidence ?? "")")
        #expect(runc?.evidence.contains("checkpoint and restore on one host (stop-and-copy, 16 MB touched): client-seen downtime") == true)
        #expect(runc?.detail?.hasPrefix("checkpoint and restore on one host only: ") == true)
        let definition = outcome.document.scenarios.flatMap(\.features).first { $0.name == "live migration" }
        #expect(definition?.group == "migration" && definition?.references["article (2015): Docker"] == "via CRIU")
        #expect(ScenarioTestSupport.leftovers(ofSessionsBy: getpid(), cgroupsBefore: cgroupsBefore) == [])
    }

    /// Checkpoint and restore on one host, the row beyond the article: both modes and runc
    /// count on after their restore, and stopped counting while checkpointed.
    @Test func checkpointAndRestoreOnOneHostCountOn() throws {
        let out = try ScenarioTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let cgroupsBefore = ScenarioTestSupport.engineCgroups()
        let outcome = try Self.run("checkpoint-restore", targets: Self.targets + ["runc"], into: out)
        let cells = outcome.document.features.filter { $0.feature == "checkpoint/restore on one host" }
        for target in Self.targets + ["runc"] {
            let cell = cells.first { $0.target == target }
            #expect(cell?.outcome == .supported, "\(target): \(cell?.detail ?? "missing") \(cell?.evidence ?? "")")
            #expect(cell?.evidence.contains("after the checkpoint: the container ran no more") == true)
        }
        #expect(ScenarioTestSupport.leftovers(ofSessionsBy: getpid(), cgroupsBefore: cgroupsBefore) == [])
    }

    /// The row "containers on different servers talking" from the lab hosts: both modes
    /// reach across, and so does a bare OCI runtime (crun, run inside each lab host) on a
    /// network namespace wired for it by hand, as its users give it one.
    @Test func serversTalkingIsMeasuredOnTheLabHosts() throws {
        let out = try ScenarioTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let cgroupsBefore = ScenarioTestSupport.engineCgroups()
        let outcome = try Self.run("servers-talking", targets: Self.targets + ["crun"], into: out)
        let cells = outcome.document.features.filter { $0.feature == "containers on different servers talking" }
        for target in Self.targets + ["crun"] {
            let cell = cells.first { $0.target == target }
            #expect(cell?.outcome == .supported, "\(target): \(cell?.evidence ?? "missing")")
            #expect(cell?.evidence.contains("200 of 200 TCP round trips answered") == true)
        }
        let crun = cells.first { $0.target == "crun" }
        #expect(crun?.evidence.contains("joining a network namespace by path") == true, "\(crun?.evidence ?? "missing")")
        #expect(ScenarioTestSupport.leftovers(ofSessionsBy: getpid(), cgroupsBefore: cgroupsBefore) == [])
    }

    /// Security defaults on both modes: every attempt measured by the probe (no cell failed
    /// to measure), the host's core_pattern the same after the run as before.
    @Test func securityDefaultsAreMeasuredOnBothModes() throws {
        let out = try ScenarioTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let cgroupsBefore = ScenarioTestSupport.engineCgroups()
        let corePattern = FileIO.contents(HostCorePattern.path)
        let outcome = try Self.run("security-defaults", targets: Self.targets, into: out)
        let cells = outcome.document.features.filter { $0.feature.hasPrefix("security defaults block: ") }
        #expect(cells.count == 12 * Self.targets.count)
        for cell in cells {
            #expect(cell.outcome != .failed, "\(cell.feature) on \(cell.target): \(cell.evidence)")
            #expect(cell.evidence.hasPrefix("cbench-probe --escape "))
        }
        for target in Self.targets {
            // No default lets a container load a kernel module or read the kernel's memory.
            for feature in ["security defaults block: loading a kernel module", "security defaults block: reading /proc/kcore"] {
                let cell = cells.first { $0.feature == feature && $0.target == target }
                #expect(cell?.outcome == .supported, "\(feature) on \(target): \(cell?.evidence ?? "missing")")
            }
        }
        #expect(FileIO.contents(HostCorePattern.path) == corePattern)
        #expect(ScenarioTestSupport.leftovers(ofSessionsBy: getpid(), cgroupsBefore: cgroupsBefore) == [])
    }
}
