import ArgumentParser
import Testing
@testable import cbench

/// `cbench system import` as a pre-copy move's source starts it on the destination
/// (`RemoteSystemDestination.importCommand` with `preCopy`, whose words these are): it takes
/// the page servers' requests and restores plainly; the flags that cannot go with it are refused.
@Suite struct SystemImportPreCopyTests {
    static let sourceWords = ["/dev/stdin", "web", "--restore", "--say-ready", "--root-first", "--json", "--tcp-established",
                              "--receive-pages", "--pre-copy"]

    @Test func theWordsAPreCopySourceSendsParseAsAPlainRestoreReceivingPages() throws {
        let command = try SystemImport.parse(Self.sourceWords)
        #expect(command.preCopy && command.receivePages && command.rootFirst && command.restore && command.sayReady)
        #expect(!command.lazyRestore && command.lazyPagesFrom == nil)
    }

    @Test func preCopyGoesWithReceivePagesAndNeverWithALazyRestore() {
        #expect(throws: (any Error).self) { try SystemImport.parse(["/dev/stdin", "web", "--root-first", "--pre-copy"]) }
        #expect(throws: (any Error).self) { try SystemImport.parse(Self.sourceWords + ["--lazy-restore"]) }
        #expect(throws: (any Error).self) { try SystemImport.parse(Self.sourceWords + ["--lazy-pages-from", "10.251.0.2:7000"]) }
        #expect(throws: Never.self) { try SystemImport.parse(Array(Self.sourceWords.dropLast())) }
    }
}
