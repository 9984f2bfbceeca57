import Foundation
import Targets
import Testing
@testable import Scenarios

/// The application kind's model: the stack file and the scenario's own keys, each mistake
/// rejected with its file, line and key before anything runs.
struct ApplicationScenarioTests {
    /// A scenario directory with a stack `wiki` beside it; removed by `remove()`.
    struct Fixture {
        let root = NSTemporaryDirectory() + "stacktest-\(UUID().uuidString)"
        var stackDirectory: String { root + "/stacks/wiki" }
        var scenarioFile: String { root + "/s.yaml" }

        init(stack: String = Fixture.stack) throws {
            try FileManager.default.createDirectory(atPath: stackDirectory, withIntermediateDirectories: true)
            for name in ["Containerfile.system", "Containerfile.db", "Containerfile.web"] {
                try "FROM scratch\n".write(toFile: "\(stackDirectory)/\(name)", atomically: false, encoding: .utf8)
            }
            try stack.write(toFile: stackDirectory + "/stack.yaml", atomically: false, encoding: .utf8)
        }

        func remove() { try? FileManager.default.removeItem(atPath: root) }

        static let stack = """
        name: wiki
        release: bookworm
        packages: [nginx, mariadb-server, php8.2-fpm]
        images:
          - {name: system, containerfile: Containerfile.system}
          - {name: db, containerfile: Containerfile.db}
          - {name: web, containerfile: Containerfile.web}
        port: 80
        system: system
        containers:
          - {name: db, image: db, volumes: {data: /var/lib/mysql}}
          - {name: web, image: web, publish: true}
        requests:
          - {name: page, path: "/index.php?title=Main", expect: "Welcome"}
          - {name: search, path: "/index.php?search=x", expect: "Results"}
        persistence:
          write: {path: /api.php, body: "text={token}", expect: "Success"}
          read: {path: "/raw", expect: "{token}"}
        """
    }

    let scenario = """
    name: wiki
    kind: application
    stack: stacks/wiki
    timeout: 600
    """

    func parse(_ text: String, in fixture: Fixture) throws -> ApplicationKind {
        let suite = try ScenarioParser(busyboxRootfs: "/fake").parse(text: text, file: fixture.scenarioFile, defaultName: "s")
        return try #require(suite.scenarios.first?.kind as? ApplicationKind)
    }

    func error(_ text: String, stack: String = Fixture.stack) throws -> ScenarioError {
        let fixture = try Fixture(stack: stack)
        defer { fixture.remove() }
        do {
            _ = try parse(text, in: fixture)
        } catch let error as ScenarioError {
            return error
        }
        Issue.record("parsed: \(text)")
        return ScenarioError(file: "", message: "")
    }

    @Test func stackAndDefaults() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let kind = try parse(scenario, in: fixture)
        #expect(kind.stack.name == "wiki")
        #expect(kind.stack.images.map(\.name) == ["system", "db", "web"])
        #expect(kind.stack.containers.map(\.image) == ["cbench-wiki/db:1", "cbench-wiki/web:1"])
        #expect(kind.stack.containers[0].volumes == [ApplicationVolume(name: "data", path: "/var/lib/mysql")])
        #expect(kind.stack.containers.map(\.publishesPort) == [false, true])
        #expect(kind.stack.baseReference == "cbench-wiki/base:bookworm")
        #expect(kind.stack.firstPage.path == "/index.php?title=Main")
        #expect(kind.layouts == [.system, .app])
        #expect(kind.requests.map(\.name) == ["page", "search"])
        #expect(kind.load == ApplicationKind.Load())
        #expect(kind.stack.persistenceWrite.with(token: "T1").body == "text=T1")
        #expect(kind.stack.persistenceRead.with(token: "T1").expect == "T1")
        #expect(kind.requirement.isDeclared(by: SystemContainerTarget(context: Self.context)))
        #expect(kind.requirement.isDeclared(by: AppCLITarget(context: Self.context)))
        #expect(!kind.requirement.isDeclared(by: AppContainerTarget(context: Self.context)))
    }

    static let context = TargetContext(workDirectory: "/tmp/stacktest-work", stateRoot: "/tmp/stacktest-state", smokeRootfs: "/fake")

    @Test func ownKeys() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let kind = try parse(scenario + "\nlayouts: [app]\nrequests: [search]\nready-timeout: 60\nload: {connections: 8, threads: 1, warmup: 0, duration: 10}",
                             in: fixture)
        #expect(kind.layouts == [.app])
        #expect(kind.requests.map(\.name) == ["search"])
        #expect(kind.readyTimeout == 60)
        #expect(kind.load.connections == 8 && kind.load.threads == 1 && kind.load.warmupSeconds == 0 && kind.load.durationSeconds == 10)
        #expect(!kind.requirement.isDeclared(by: SystemContainerTarget(context: Self.context)))
    }

    @Test func timeoutMustCoverALayout() throws {
        let short = try error(scenario.replacingOccurrences(of: "timeout: 600", with: "timeout: 30"))
        #expect(short.key == "timeout")
        #expect(short.message.contains("set timeout: 470"))
        let missing = try error(scenario.replacingOccurrences(of: "\ntimeout: 600", with: ""))
        #expect(missing.message.contains("set timeout"))
    }

    @Test func scenarioMistakes() throws {
        #expect(try error(scenario.replacingOccurrences(of: "stacks/wiki", with: "stacks/none")).message.contains("no stack.yaml"))
        #expect(try error(scenario + "\nlayouts: [vm]").message.contains("unknown layout 'vm'"))
        #expect(try error(scenario + "\nrequests: [login]").message.contains("unknown request of stack wiki 'login'"))
        let threads = try error(scenario + "\nload: {connections: 2, threads: 4}")
        #expect(threads.key == "load.threads")
        #expect(try error(scenario + "\nload: {rate: 5}").message.contains("unknown key"))
    }

    @Test func stackMistakesNameTheStackFileAndLine() throws {
        func stackError(_ replace: String, _ with: String) throws -> ScenarioError {
            try error(scenario, stack: Fixture.stack.replacingOccurrences(of: replace, with: with))
        }
        let image = try stackError("{name: web, image: web, publish: true}", "{name: web, image: www, publish: true}")
        #expect(image.file.hasSuffix("stacks/wiki/stack.yaml"))
        #expect(image.key == "containers[1].image")
        #expect(image.line == 12)
        #expect(image.message.contains("'www' is not one of the images"))
        #expect(try stackError("Containerfile.web}", "Containerfile.nope}").message.contains("no file Containerfile.nope"))
        #expect(try stackError("release: bookworm", "release: sid").message.contains("'sid' is not one of"))
        #expect(try stackError("[nginx,", "[Nginx!,").message.contains("not a Debian package name"))
        #expect(try stackError(", publish: true}", "}").message.contains("exactly one container publishes"))
        #expect(try stackError("system: system", "system: db2").key == "system")
        #expect(try stackError("path: /api.php", "path: api.php").message.contains("not a request path"))
        #expect(try stackError("port: 80", "port: 70000").message.contains("not a TCP port"))
        #expect(try stackError("name: wiki\n", "name: wiki\ncolour: red\n").key == "colour")
        #expect(try stackError("  read: {path: \"/raw\", expect: \"{token}\"}", "").key == "persistence.read")
    }
}

/// The build progress shows the steps that run, not those the cache answers.
@Suite struct BuildProgressTests {
    @Test func cachedStepsAndFromAreNotShown() {
        var progress = BuildProgress()
        let lines = ["STEP 1/4: FROM base", " ---> 7d46", "STEP 2/4: COPY a /a", " ---> Using cache", " ---> 0fd7",
                     "STEP 3/4: RUN install-packages nginx", "Unpacking nginx ...", "Setting up nginx ...", " ---> 25e1",
                     "STEP 4/4: CMD [\"nginx\"]", " ---> 14c5"]
        #expect(lines.compactMap { progress.stepRunning(after: $0) } == ["STEP 3/4: RUN install-packages nginx", "STEP 4/4: CMD [\"nginx\"]"])
    }
}
