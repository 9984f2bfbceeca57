import Foundation
import NamespaceCore
import SystemContainers
import Testing

/// `cbench app run` of systemd (the Debian bookworm root's /sbin/init) with its defaults:
/// `--systemd=true` detects it, systemd boots to "running" with services active, `inspect`
/// shows the mode, and `cbench app stop` halts it with SIGRTMIN+3 (exit 0, not the SIGKILL
/// after the timeout), leaving no cgroup of systemd's behind.
@Suite(.hostLeakCheck, .serialized, .enabled(if: AppTestHarness.available && access(DebianRootfsCache().path(of: .bookworm) + "/sbin/init", X_OK) == 0,
                                             "needs root, a built cbench and the bookworm root make setup builds"))
struct AppSystemdBootTests {
    static let image = "debian:apptest"

    /// systemctl's answer once systemd's bus answers: until then it says "offline" or fails
    /// at once with "Failed to connect to bus" (a bounded number of asks, 0.2 s apart).
    func systemState(_ harness: AppTestHarness, _ name: String) throws -> String {
        var answer = ""
        for _ in 0..<150 {
            let outcome = try harness.app(["exec", name, "timeout", "60", "systemctl", "is-system-running", "--wait"])
            answer = (outcome.stdout + outcome.stderr).trimmingCharacters(in: .whitespacesAndNewlines)
            if !answer.contains("Failed to connect to bus") && answer != "offline" { return answer }
            usleep(200_000)
        }
        return answer
    }

    @Test func systemdBootsWithTheDefaultsAndStopsOnItsHaltSignal() throws {
        let harness = try AppTestHarness("systemd")
        defer { harness.tearDown() }
        try harness.ok(["import", DebianRootfsCache().path(of: .bookworm), Self.image])
        let name = harness.name("boot")
        try harness.ok(["run", "-d", "--name", name, Self.image, "/sbin/init"])
        let id = try harness.id(name)
        let inspected = try harness.inspect(name)
        let config = inspected["Config"] as? [String: Any]
        #expect(config?["SystemdMode"] as? Bool == true)
        #expect(config?["StopSignal"] as? String == "SIGRTMIN+3")
        #expect((config?["Env"] as? [String])?.contains("container=cbench") == true)
        #expect((inspected["HostConfig"] as? [String: Any])?["Systemd"] as? String == "true")

        #expect(try systemState(harness, name) == "running")
        #expect(try harness.ok(["exec", name, "cat", "/proc/1/comm"]) == "systemd\n")
        let units = try harness.ok(["exec", name, "systemctl", "list-units", "--type=service", "--state=active", "--no-legend", "--plain"])
        let services = units.split(separator: "\n").filter { $0.split(separator: " ").first?.hasSuffix(".service") == true }
        #expect(services.count >= 2, "\(units)")
        #expect(units.contains("systemd-journald.service"), "\(units)")

        try harness.ok(["stop", "-t", "30", name])
        let state = try harness.inspect(name)["State"] as? [String: Any]
        #expect(state?["Status"] as? String == "exited")
        #expect(state?["ExitCode"] as? Int == 0, "systemd halted by itself, not killed after the timeout: \(state ?? [:])")
        #expect(harness.leftovers(ids: [id]).filter { $0.hasPrefix("cgroup") } == [], "systemd's init.scope and slices go with the container")
    }

    @Test func theOptionTurnsTheModeOffOrOnForAnyCommandAndInspectSaysSo() throws {
        let harness = try AppTestHarness("systemdopt")
        defer { harness.tearDown() }
        let off = harness.name("off")
        try harness.ok(["create", "--systemd=false", "--name", off, harness.image, "/sbin/init"])
        let offConfig = try harness.inspect(off)["Config"] as? [String: Any]
        #expect(offConfig?["SystemdMode"] as? Bool == false)
        #expect(offConfig?["StopSignal"] as? String == "SIGTERM")
        let offMounts = try harness.inspect(off)["Mounts"] as? [[String: Any]] ?? []
        #expect(!offMounts.contains { $0["Destination"] as? String == "/run" })

        let always = harness.name("always")
        try harness.ok(["create", "--systemd", "always", "--name", always, harness.image, "/bin/sh"])
        let inspected = try harness.inspect(always)
        #expect((inspected["Config"] as? [String: Any])?["SystemdMode"] as? Bool == true)
        #expect((inspected["HostConfig"] as? [String: Any])?["Systemd"] as? String == "always")
        let mounts = inspected["Mounts"] as? [[String: Any]] ?? []
        for path in ["/run", "/run/lock", "/tmp", "/var/log/journal"] {
            #expect(mounts.contains { $0["Destination"] as? String == path && $0["Type"] as? String == "tmpfs" }, "\(path)")
        }

        let refused = try harness.app(["run", "--rm", "--systemd=maybe", harness.image, "true"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("--systemd") && refused.stderr.contains("true, false or always"), "\(refused.stderr)")
    }
}
