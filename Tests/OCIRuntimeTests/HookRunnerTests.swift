import Foundation
import Testing
import NamespaceCore
@testable import OCIRuntime

/// Records invocations; fails the hooks whose path is in `failing`.
final class HookRecorder: @unchecked Sendable {
    let lock = NSLock()
    var invocations: [HookInvocation] = []
    var warnings: [String] = []
    let failing: Set<String>

    init(failing: Set<String> = []) { self.failing = failing }

    var runner: HookRunner {
        HookRunner(execute: { invocation throws(CoreError) in
            self.lock.withLock { self.invocations.append(invocation) }
            if self.failing.contains(invocation.hook.path) { throw CoreError(stage: "run", detail: "exited 1") }
        }, warn: { message in self.lock.withLock { self.warnings.append(message) } })
    }

    var paths: [String] { lock.withLock { invocations.map(\.hook.path) } }
}

@Suite struct HookRunnerTests {
    static let state = OCIStateDocument(ociVersion: "1.0.2", id: "c1", status: .creating, pid: 4242, bundle: "/b",
                                        rootfs: "/b/rootfs", created: "2026-12-02T00:00:00Z", annotations: nil)
    static let hooks = RuntimeSpec.Hooks(
        prestart: [.init(path: "/pre1"), .init(path: "/pre2")], createRuntime: [.init(path: "/cr")],
        createContainer: [.init(path: "/cc")], startContainer: [.init(path: "/sc")],
        poststart: [.init(path: "/ps1"), .init(path: "/ps2")], poststop: [.init(path: "/stop")])

    @Test func createRunsPrestartThenCreateRuntimeThenCreateContainerInOrder() throws {
        let recorder = HookRecorder()
        for kind in HookKind.atCreate { try recorder.runner.run(kind, of: Self.hooks, state: Self.state) }
        #expect(recorder.paths == ["/pre1", "/pre2", "/cr", "/cc"])
    }

    @Test func onlyContainerHooksEnterTheContainersNamespaces() throws {
        let recorder = HookRecorder()
        for kind in HookKind.allCases { try recorder.runner.run(kind, of: Self.hooks, state: Self.state) }
        let entering = recorder.invocations.filter { $0.containerPID == 4242 }.map(\.hook.path)
        #expect(entering == ["/cc", "/sc"])
    }

    @Test func eachHookReadsTheStateWithItsPointsStatus() throws {
        let recorder = HookRecorder()
        for kind in HookKind.allCases { try recorder.runner.run(kind, of: Self.hooks, state: Self.state) }
        let statuses = try recorder.invocations.map { invocation in
            try JSONDecoder().decode(OCIStateDocument.self, from: Data(invocation.state)).status.rawValue
        }
        #expect(statuses == ["creating", "creating", "creating", "creating", "created", "running", "running", "stopped"])
        let first = try JSONDecoder().decode(OCIStateDocument.self, from: Data(recorder.invocations[0].state))
        #expect(first.id == "c1" && first.pid == 4242 && first.bundle == "/b")
    }

    @Test(arguments: [HookKind.prestart, .createRuntime, .createContainer, .startContainer])
    func aFailingFatalHookStopsAtOnceWithItsName(kind: HookKind) throws {
        let hooks = RuntimeSpec.Hooks(prestart: [.init(path: "/bad"), .init(path: "/never")],
                                      createRuntime: [.init(path: "/bad"), .init(path: "/never")],
                                      createContainer: [.init(path: "/bad"), .init(path: "/never")],
                                      startContainer: [.init(path: "/bad"), .init(path: "/never")])
        let recorder = HookRecorder(failing: ["/bad"])
        let message = coreErrorText { try recorder.runner.run(kind, of: hooks, state: Self.state) }
        #expect(message == "\(kind.rawValue) hook [0] /bad: exited 1")
        #expect(recorder.paths == ["/bad"])
    }

    @Test(arguments: [HookKind.poststart, .poststop])
    func aFailingLateHookOnlyWarnsAndTheRestRun(kind: HookKind) throws {
        let hooks = RuntimeSpec.Hooks(poststart: [.init(path: "/bad"), .init(path: "/next")],
                                      poststop: [.init(path: "/bad"), .init(path: "/next")])
        let recorder = HookRecorder(failing: ["/bad"])
        try recorder.runner.run(kind, of: hooks, state: Self.state)
        #expect(recorder.paths == ["/bad", "/next"])
        #expect(recorder.warnings == ["warning: \(kind.rawValue) hook [0] /bad: exited 1 (the container goes on)"])
    }

    @Test func noHooksNoWork() throws {
        let recorder = HookRecorder()
        for kind in HookKind.allCases { try recorder.runner.run(kind, of: nil, state: Self.state) }
        #expect(recorder.invocations.isEmpty)
        #expect(RuntimeSpec.Hooks().has(HookKind.atCreate) == false)
        #expect(Self.hooks.has([.poststop]))
    }

    @Test func theHookProcessGetsPathArgsAndExactlyItsEnv() throws {
        let hook = RuntimeSpec.Hook(path: "/usr/bin/hook", args: ["hook-name", "--flag"], env: ["A=1"], timeout: 5)
        let spec = try HookProcess.launchSpec(for: HookInvocation(kind: .prestart, hook: hook, state: [], containerPID: nil))
        #expect(spec.executable == "/usr/bin/hook")
        #expect(spec.args == ["hook-name", "--flag"])
        #expect(spec.environment == ["A=1"])
        #expect(spec.namespaces.isEmpty)
        let bare = try HookProcess.launchSpec(for: HookInvocation(kind: .poststop, hook: .init(path: "/h"), state: [], containerPID: nil))
        #expect(bare.args == ["/h"] && bare.environment.isEmpty)
    }

    @Test func aContainerHookSkipsTheNamespacesItAlreadyShares() throws {
        // Our own pid stands in for the container: every namespace is shared, none is joined.
        let spec = try HookProcess.launchSpec(for: HookInvocation(kind: .createContainer, hook: .init(path: "/h"), state: [],
                                                                   containerPID: getpid()))
        #expect(spec.namespaces.isEmpty)
    }

    @Test func hooksAreValidated() {
        var spec = RuntimeSpec.defaultSpec()
        spec.hooks = RuntimeSpec.Hooks(prestart: [.init(path: "relative", timeout: 0)])
        #expect(spec.problems(bundle: nil).map(\.description) == [
            "hooks.prestart[0].path 'relative' is not absolute; give the hook's full path",
            "hooks.prestart[0].timeout 0 is not above zero; give seconds or leave it out",
        ])
    }
}
