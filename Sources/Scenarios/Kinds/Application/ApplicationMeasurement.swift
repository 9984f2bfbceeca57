import Foundation
import Glibc
import NamespaceCore
import OCIImages
import Results
import Synchronization
import Targets

/// One step of an application scenario on one target: deploy outside the timed part, then
/// start until the first page answers, settle, memory at idle, each request under wrk's load
/// (memory sampled meanwhile), disk, a write, stop, start again until the first page answers,
/// and the write read back. The deployment is removed afterwards, on a time-out and on Ctrl-C.
struct ApplicationMeasurement: Sendable {
    let kind: ApplicationKind
    let stack: ApplicationStack
    /// Where a step's phases and their seconds go (`cbench run --verbose`).
    var detail: @Sendable (String) -> Void = { _ in }

    /// How long the layout runs idle before its idle memory is read.
    static let settleSeconds = 3.0
    /// Between two tries of the first page.
    static let pollMicroseconds: useconds_t = 20_000

    func work(target: any ApplicationTarget, id: String) throws -> StepWork<ApplicationResult> {
        let clock = PhaseClock(target: target.name, detail: detail)
        let deployment = try target.deploy(stack, id: id)
        clock.lap("deploy")
        let cancel = StepCancellation()
        return StepWork(run: { [self] in
            try measure(target, deployment, cancel: cancel, clock: clock)
        }, abort: {
            cancel.cancel()
            target.remove(deployment)
        }, cleanup: {
            target.remove(deployment)
            clock.lap("remove")
            clock.report()
        })
    }

    func measure(_ target: any ApplicationTarget, _ deployment: ApplicationDeployment, cancel: StepCancellation,
                 clock: PhaseClock = PhaseClock(target: "", detail: { _ in })) throws -> ApplicationResult {
        let client = HTTPExchange(port: deployment.hostPort)
        let memory = LayoutMemory(target: target, deployment: deployment, baseline: EnvironmentCollector.memAvailableBytes() ?? 0)
        let firstPage = try startUntilServing(target, deployment, cancel: cancel, stage: "start")
        clock.lap("first page")
        try cancel.sleep(seconds: Self.settleSeconds)
        let idle = memory.read()
        let helpers = memory.helpers()
        let pageDigest = Self.digest(try client.send(kind.stack.firstPage.path).body)
        clock.lap("settle and idle memory")

        var loads: [(request: String, result: WrkResult)] = []
        var peak = idle
        let wrk = WrkRun(load: kind.load, port: deployment.hostPort, cancel: cancel)
        for request in kind.requests {
            if kind.load.warmupSeconds > 0 { _ = try wrk.run(request.path, seconds: kind.load.warmupSeconds, stage: "\(request.name) warm-up") }
            let sampler = MemorySampler(memory: memory)
            let result: WrkResult
            do {
                result = try wrk.run(request.path, seconds: kind.load.durationSeconds, stage: "\(request.name) load")
            } catch {
                _ = sampler.finish()
                throw error
            }
            peak = peak.maximum(sampler.finish())
            loads.append((request.name, result))
            clock.lap("\(request.name) load")
        }

        let storage = target.storage(deployment)
        let imageBytes = FileIO.diskUsage(of: storage.imagePaths)
        let writableBytes = FileIO.diskUsage(of: storage.writablePaths)
        clock.lap("disk")
        let token = "cbench-\(deployment.id)-\(UInt32.random(in: 0...UInt32.max))"
        let write = kind.stack.persistenceWrite.with(token: token)
        let written = try client.send(write.path, body: write.body ?? "")
        guard written.status == 200, written.text.contains(write.expect) else {
            throw StepFailure(stage: "persistence write", "POST \(write.path) answered HTTP \(written.status) without '\(write.expect)': \(written.text.prefix(200))")
        }
        let stopStart = MonotonicClock.now()
        do { try target.stop(deployment) } catch { throw StepFailure(stage: "stop", "\(error)") }
        let stopped = Double(MonotonicClock.now() - stopStart) / 1e6
        clock.lap("write and stop")
        let restart = try startUntilServing(target, deployment, cancel: cancel, stage: "restart")
        let read = kind.stack.persistenceRead.with(token: token)
        let persisted = (try? client.send(read.path))?.text.contains(read.expect) ?? false
        clock.lap("restart and read")
        return ApplicationResult(
            firstPage: firstPage, loads: loads, idle: idle, underLoad: peak, helpers: helpers,
            imageBytes: imageBytes, writableBytes: writableBytes,
            storageNote: storage.note, stop: stopped, restartFirstPage: restart, persisted: persisted, pageDigest: pageDigest)
    }

    /// Starts the layout and polls the first page until it answers 200 with its expected
    /// text; the milliseconds from the start. Past the ready time-out the step fails with
    /// the last answer and the last lines of every container's log.
    func startUntilServing(_ target: any ApplicationTarget, _ deployment: ApplicationDeployment, cancel: StepCancellation,
                           stage: String) throws -> Double {
        let page = kind.stack.firstPage
        let client = HTTPExchange(port: deployment.hostPort, timeout: 30)
        let start = MonotonicClock.now()
        do { try target.start(deployment) } catch { throw StepFailure(stage: stage, "\(error)") }
        let deadline = start + UInt64(kind.readyTimeout * 1e9)
        var last = "no answer yet"
        while MonotonicClock.now() < deadline {
            try cancel.check()
            do {
                let answer = try client.send(page.path)
                if answer.status == 200, answer.text.contains(page.expect) { return Double(MonotonicClock.now() - start) / 1e6 }
                last = "HTTP \(answer.status)"
            } catch {
                last = "\(error)"
            }
            usleep(Self.pollMicroseconds)
        }
        let logs = target.logTails(deployment, lines: 15).map { "--- \($0.container):\n\($0.text)" }.joined(separator: "\n")
        throw StepFailure(stage: stage == "start" ? "first page" : "\(stage) first page",
                          "no answer with '\(page.expect)' from \(page.path) within \(Int(kind.readyTimeout)) s (last: \(last)); the containers' last log lines:\n\(logs)")
    }

    /// SHA-256 of a page with what changes per request masked: the request id and the
    /// backend's response time MediaWiki puts in its script, and HTML comments (the parser
    /// cache's timestamp). Equal digests mean equal pages.
    static func digest(_ body: [UInt8]) -> String {
        var text = String(decoding: body, as: UTF8.self)
        text = text.replacing(#/<!--.*?-->/#.dotMatchesNewlines(), with: "")
        text = text.replacing(#/"wgRequestId":"[^"]*"/#, with: "\"wgRequestId\":\"\"")
        text = text.replacing(#/"wgBackendResponseTime":[0-9]+/#, with: "\"wgBackendResponseTime\":0")
        return Digest.of(Array(text.utf8))
    }
}

/// Lets an aborted step's own thread stop waiting: polls, sleeps and wrk check it.
final class StepCancellation: Sendable {
    private let state = Mutex<(cancelled: Bool, pid: pid_t?)>((false, nil))

    func cancel() {
        let pid = state.withLock { state -> pid_t? in
            state.cancelled = true
            return state.pid
        }
        if let pid { kill(-pid, SIGTERM) }
    }

    func check() throws {
        if state.withLock({ $0.cancelled }) { throw StepFailure(stage: "run", "stopped") }
    }

    func sleep(seconds: Double) throws {
        var left = seconds
        while left > 0 {
            try check()
            usleep(useconds_t(min(left, 0.1) * 1e6))
            left -= 0.1
        }
    }

    /// The program the step waits for now (killed with its group on cancel).
    func running(_ pid: pid_t?) { state.withLock { $0.pid = pid } }
}
