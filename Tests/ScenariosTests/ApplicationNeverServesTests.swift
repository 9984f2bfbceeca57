import Foundation
import NamespaceCore
import Results
import Synchronization
import Targets
import Testing
@testable import Scenarios

/// A layout that never serves its page within the ready time-out, through the runner: the step
/// is a failed cell at the stage `first page`, naming the page, the time-out and the last
/// answer, with the last log lines of every container; no figure is recorded for it, and the
/// deployment is removed. The target is a fake whose port nobody answers on.
@Suite struct ApplicationNeverServesTests {
    final class NeverServing: ApplicationTarget {
        let name = "never"
        let removed = Mutex<[String]>([])
        var operations: Set<TargetOperation> { [.run] }
        var applicationLayout: ApplicationLayout { .app }
        var applicationCoverage: String { "a fake whose containers never answer" }
        func availability() -> TargetAvailability { .available(version: "1") }
        // The single-container operations are never called by the application kind.
        func prepare(_ workload: ContainerWorkload, id: String) throws -> PreparedContainer { throw Self.unused }
        func run(_ container: PreparedContainer) throws -> ContainerRun { throw Self.unused }
        func startUntilRunning(_ container: PreparedContainer) throws -> ContainerRun { throw Self.unused }
        func stop(_ container: PreparedContainer) throws -> ContainerRun { throw Self.unused }
        func cleanup(_ container: PreparedContainer) {}
        static let unused = StepFailure(stage: "fake", "not an operation of the application kind")

        func deploy(_ stack: ApplicationStack, id: String) throws -> ApplicationDeployment {
            ApplicationDeployment(id: id, stack: stack, layout: .app, directory: "/nonexistent/\(id)",
                                  hostPort: try ApplicationDeployment.freeLoopbackPort())
        }
        func start(_ deployment: ApplicationDeployment) throws {}
        func stop(_ deployment: ApplicationDeployment) throws {}
        func remove(_ deployment: ApplicationDeployment) { removed.withLock { $0.append(deployment.id) } }
        func containers(_ deployment: ApplicationDeployment) -> [ApplicationContainerState] { [] }
        func logTails(_ deployment: ApplicationDeployment, lines: Int) -> [(container: String, text: String)] {
            deployment.stack.containers.map { container in
                (container.name, (1...40).suffix(lines).map { "\(container.name) line \($0)" }.joined(separator: "\n"))
            }
        }
        func storage(_ deployment: ApplicationDeployment) -> ApplicationStorage {
            ApplicationStorage(imagePaths: [], writablePaths: [], note: "none")
        }
    }

    /// The application kind's steps on a stack already built (no cache, no wrk needed).
    struct BuiltStackKind: ScenarioKind {
        static let name = "application"
        static let keys: Set<String> = []
        var kind: ApplicationKind?
        init(fields: ScenarioFields) throws {}
        init(kind: ApplicationKind) { self.kind = kind }
        var requirement: TargetRequirement { .operations([.run]) }
        func run(_ session: ScenarioSession) throws {
            guard let kind else { return }
            kind.measure(session, stack: ApplicationStack(name: kind.stack.name, port: kind.stack.port, systemRoot: "/nonexistent",
                                                          imageLayout: "/nonexistent", containers: kind.stack.containers))
        }
    }

    @Test func aLayoutThatNeverServesIsAFailedCellWithEachContainersLastLogLines() throws {
        let fixture = try ApplicationScenarioTests.Fixture()
        defer { fixture.remove() }
        let stack = try StackDefinition.load(directory: fixture.stackDirectory)
        let kind = ApplicationKind(stack: stack, readyTimeout: 1)
        let target = NeverServing()
        let work = NSTemporaryDirectory() + "cbench-never-serves-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let runner = ScenarioRunner(targets: [target], progress: Progress(verbosity: .quiet), stop: StopSignal(), workDirectory: work, probe: nil)
        runner.measurePerf = false
        runner.checkNoise = false
        let document = runner.run(ScenarioSuite(name: "t", scenarios: [
            Scenario(name: "wiki", kind: BuiltStackKind(kind: kind), iterations: 2, timeoutSeconds: 60),
        ]), environment: ScenarioRunnerTests.environment)

        #expect(document.failures.count == 2, "each iteration is a failed cell: \(document.failures)")
        let failure = try #require(document.failures.first)
        #expect(failure.target == "never" && failure.stage == "first page" && !failure.interrupted)
        #expect(failure.error.hasPrefix("no answer with 'Welcome' from /index.php?title=Main within 1 s (last: "), "\(failure.error)")
        for container in ["db", "web"] {
            #expect(failure.error.contains("--- \(container):\n\(container) line 26\n"), "\(container)'s lines from the 26th: \(failure.error)")
            #expect(failure.error.contains("\(container) line 40"), "\(container)'s last line")
            #expect(!failure.error.contains("\(container) line 25\n"), "only the last 15 lines")
        }
        #expect(!document.measurements.contains { $0.target == "never" && !$0.samples.isEmpty }, "no figure for a failed step")
        #expect(target.removed.withLock { $0.count } >= 2, "every deployment removed")
    }
}
