import Foundation
import NamespaceCore
import NamespaceCoreTesting
import Targets
import Testing
@testable import AppContainers

/// The seed case of issue 3, through the CLI as a user types it: web, app and db containers
/// on one network reach each other by name, and web is published on 127.0.0.1.
@Suite(.hostLeakCheck, .serialized, .enabled(if: AppNetworkTestHost.available && OCITestHarness.builtExecutable("cbench") != nil,
                             "needs root, /bin/busybox and a built cbench"))
struct AppNetworkSeedTests {
    @Test func webAppAndDatabaseTalkByNameAndWebIsPublished() throws {
        let h = try AppNetworkTestHost()
        let cli = try CLITestHarness(.app, name: "seed", binary: nil)
        let network = "seed\(UInt32.random(in: 0...UInt32.max))"
        let names = ["db", "app", "web"]
        let linksBefore = AppNetworkTestHost.hostLinks()
        defer {
            _ = try? cli.run(["rm", "-f"] + names)
            _ = try? cli.run(["network", "rm", network])
            cli.expectNothingLeft("rm -f of its containers and network rm")
            cli.removeStore()
            h.tearDown()
        }
        try #require(try cli.run(["network", "create", network]).status == 0)
        let port = try LoopbackPort.free()
        for (name, command) in [("db", ["sleep", "120"]), ("app", ["sleep", "120"]), ("web", ["httpd", "-f", "-p", "80", "-h", "/www"])] {
            let published = name == "web" ? ["-p", "127.0.0.1:\(port):80"] : []
            let run = try cli.run(["run", "-d", "--name", name, "--network", network] + published + BusyboxPing.appOptions + [h.rootfs] + command)
            try #require(run.status == 0, "run \(name): \(run.stderr)")
        }
        for (from, to) in [("app", "db"), ("web", "app"), ("db", "web"), ("web", "db")] {
            let ping = try cli.run(["exec", from, "ping", "-c1", "-W2", to])
            #expect(ping.status == 0, "\(from) -> \(to): \(ping.stdout)\(ping.stderr)")
        }
        let fromApp = try cli.run(["exec", "app", "wget", "-qO-", "http://web/"])
        #expect(fromApp.stdout == "hello from the container\n", "\(fromApp.stdout)\(fromApp.stderr)")
        var answer = ""
        for _ in 0..<100 where !answer.contains("200 OK") {
            answer = AppPortTests.httpGet(port: port)
            if !answer.contains("200 OK") { usleep(50_000) }
        }
        #expect(answer.contains("hello from the container"), "\(answer)")

        #expect(try cli.run(["rm", "-f"] + names).status == 0)
        #expect(try cli.run(["network", "rm", network]).status == 0)
        #expect(AppNetworkTestHost.hostLinks() == linksBefore, "bridge and veths are gone")
    }
}
