import Foundation
import AppContainers
import NamespaceCore
import Targets
import Testing

/// Drives the built `cbench app` against a private store (/tmp/cbench-apptest-*) and run root
/// (/run/cbench/apptest-*), as a user of the CLI would. `tearDown` removes every container it
/// made with `rm -f`, even after a failed expectation, checks that nothing is left on the whole
/// host, and only then removes the store. Other helpers' app tests may use it.
struct AppTestHarness {
    var cli: CLITestHarness
    var binary: String { cli.binary }
    var root: String { cli.store }
    var runRoot: String { cli.runRoot }
    var suffix: String { cli.suffix }
    var environmentOverrides: [String: String] {
        get { cli.environmentOverrides }
        set { cli.environmentOverrides = newValue }
    }

    typealias Outcome = SpawnResult

    static var busyboxRootfs: String { CLITestHarness.busyboxRootfs }
    static var available: Bool { CLITestHarness.available }

    /// The image the tests run: the busybox root file system imported into the private store.
    let image = "busybox:apptest"

    /// `binary`: another cbench than the one built beside the tests (a copy an attack may hit).
    init(_ name: String, binary: String? = nil) throws {
        cli = try CLITestHarness(.app, name: name, binary: binary)
        let imported = try app(["import", Self.busyboxRootfs, image])
        guard imported.status == 0 else {
            cli.removeStore()
            throw CoreError(stage: "import busybox", detail: imported.stderr)
        }
    }

    /// A container name unique to this harness.
    func name(_ base: String) -> String { "\(base)-\(suffix)" }

    /// Runs `cbench app ARGS`; `wrapper` goes in front of the command (e.g. strace and its options).
    @discardableResult
    func app(_ arguments: [String], under wrapper: [String] = []) throws -> Outcome {
        try cli.run(arguments, under: wrapper)
    }

    var environment: [String: String] { cli.environment }

    /// `cbench app ARGS`, expecting exit 0; returns stdout.
    @discardableResult
    func ok(_ arguments: [String]) throws -> String {
        let outcome = try app(arguments)
        #expect(outcome.status == 0, "cbench app \(arguments.joined(separator: " ")): \(outcome.stderr)")
        return outcome.stdout
    }

    /// The full ID of a container.
    func id(_ container: String) throws -> String {
        try inspect(container)["Id"] as? String ?? ""
    }

    /// What `inspect` says (docker's shape: an array of one object), as a dictionary.
    func inspect(_ container: String) throws -> [String: Any] {
        let text = try ok(["inspect", container])
        let array = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]]
        #expect(array?.count == 1, "inspect \(container) printed \(text)")
        return array?.first ?? [:]
    }

    /// Everything of the store still on the host: containers, names, run state, cgroups
    /// named after IDs seen, mounts below the store.
    func leftovers(ids: [String] = []) -> [String] {
        var found: [String] = []
        let fm = FileManager.default
        for entry in (try? fm.contentsOfDirectory(atPath: "\(root)/containers")) ?? [] { found.append("container \(entry)") }
        for entry in (try? fm.contentsOfDirectory(atPath: "\(root)/names")) ?? [] { found.append("name \(entry)") }
        for entry in (try? fm.contentsOfDirectory(atPath: runRoot)) ?? [] { found.append("run state \(entry)") }
        for id in ids { found += cli.cgroupLeftovers(AppStore(root: root, runRoot: runRoot).cgroupPath(of: id)) }
        found += cli.mountLeftovers()
        return found
    }

    func tearDown() {
        let ids = ((try? app(["ps", "-a", "-q"]))?.stdout ?? "").split(separator: "\n").map(String.init)
        for id in ids { _ = try? app(["rm", "-f", id]) }
        cli.expectNothingLeft("rm -f of its containers")
        cli.removeStore()
        if let host = try? CgroupHost.current() { Cgroup.removeEmptyProjectParents(host: host) }
    }
}
