#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore
import Testing
@testable import Scenarios

/// A stack build names the step that failed once: an error a step already named passes
/// through the outer step's wrapper as it is, any other error is named for the step. Decided by
/// the error's cause, so a foreign error whose text happens to start with the step is named too.
struct StackStepErrorTests {
    @Test func anErrorAStepNamedPassesThroughTheOuterStep() {
        let inner = StackCache.stepError("stack wiki: fetch packages: apt-get update", detail: "apt-get exit 100")
        let outer = StackCache.failure("stack wiki: fetch packages", inner)
        #expect(outer.stage == "stack wiki: fetch packages: apt-get update")
        #expect(outer.detail == "apt-get exit 100")
    }

    @Test func anyOtherErrorIsNamedForTheStepOnce() {
        let foreign = CoreError(stage: "stack wiki: fetch packages: rename /x", errno: EXDEV)
        let named = StackCache.failure("stack wiki: fetch packages", foreign)
        #expect(named.stage == "stack wiki: fetch packages")
        #expect(named.detail == "\(foreign)")
        let again = StackCache.failure("stack wiki", named)
        #expect(again.stage == "stack wiki: fetch packages")
    }
}
