import Testing
@testable import Scenarios

/// systemctl's "Failed to connect to bus" while systemd boots is asked again; systemd's own
/// answers are not, and the budget ends the asking.
struct SystemdStateWaitTests {
    @Test func noBusYetIsAskedAgainUntilSystemdAnswers() {
        var answers = ["Failed to connect to bus: No such file or directory", "Failed to connect to bus: No such file or directory", "running"]
        var pauses = 0
        let (answer, asks) = SystemdStateWait.state(expired: { false }, pause: { pauses += 1 }) { answers.removeFirst() }
        #expect(answer == "running")
        #expect(asks == 3)
        #expect(pauses == 2)
    }

    @Test func systemdsOwnAnswerIsTakenAtOnce() {
        var asks = 0
        let (answer, count) = SystemdStateWait.state(expired: { false }, pause: {}) { asks += 1; return "degraded" }
        #expect(answer == "degraded")
        #expect(count == 1 && asks == 1)
        #expect(!SystemdStateWait.isBeforeSystemd("degraded") && !SystemdStateWait.isBeforeSystemd("running"))
    }

    /// Before systemd has made /run/systemd/system (a fresh tmpfs on /run), systemctl says
    /// "offline": asked again too, as the bare OCI runtimes' cells met right after `run --detach`.
    @Test func offlineBeforeSystemdIsUpIsAskedAgain() {
        var answers = ["offline\n", "Failed to connect to bus: No such file or directory", "running"]
        let (answer, asks) = SystemdStateWait.state(expired: { false }, pause: {}) { answers.removeFirst() }
        #expect(answer == "running" && asks == 3)
        var checks = 0
        let (last, count) = SystemdStateWait.state(expired: { checks += 1; return checks >= 3 }, pause: {}) { "offline" }
        #expect(last == "offline" && count == 3, "an init that never comes up is said after the budget")
    }

    @Test func theBudgetEndsTheAskingWithTheLastAnswer() {
        var checks = 0
        let (answer, asks) = SystemdStateWait.state(expired: { checks += 1; return checks >= 4 }, pause: {}) {
            "Failed to connect to bus: Connection refused"
        }
        #expect(asks == 4)
        #expect(SystemdStateWait.isBusMissing(answer))
    }
}
