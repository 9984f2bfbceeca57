import Testing
@testable import AppContainers

/// The word a monitor request and `_launch` / `_supervise` carry for each way a container
/// comes up: each reads back as itself, and a word nobody writes is refused.
@Suite struct AppBringUpTests {
    @Test(arguments: [AppBringUp.launch, .restore(tcpEstablished: false), .restore(tcpEstablished: true),
                      .restore(tcpEstablished: false, lazyPages: true), .restore(tcpEstablished: true, lazyPages: true)])
    func eachWordReadsBackAsItsBringUp(_ bringUp: AppBringUp) {
        #expect(AppBringUp(word: bringUp.word) == bringUp)
    }

    @Test func theWordsAreTheOnesTheMonitorKnows() {
        #expect([AppBringUp.launch, .restore(tcpEstablished: false), .restore(tcpEstablished: true)].map(\.word)
                == ["launch", "restore", "restore-tcp-established"])
        #expect(AppBringUp.restore(tcpEstablished: true, lazyPages: true).word == "restore-tcp-established-lazy")
    }

    @Test func anUnknownWordIsRefused() {
        #expect(AppBringUp(word: "--restore") == nil)
        #expect(AppBringUp(word: "") == nil)
        #expect(AppBringUp(word: "launch-lazy") == nil)
        #expect(AppBringUp(word: "-lazy") == nil)
    }
}
