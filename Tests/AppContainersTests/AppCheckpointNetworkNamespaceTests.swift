import Testing
import Checkpoints
import NamespaceCore
@testable import AppContainers

/// A move's dump runs CRIU inside the container's network namespace (saving none of it) only
/// when the destination said it makes and wires that namespace itself, only for a dump that
/// leaves the tree held here, and only for a namespace of the tree's own.
@Suite struct AppCheckpointNetworkNamespaceTests {
    static let receiver = PageServerAddress(address: "10.251.0.3", port: 27001)
    static let serving = AppLazyPageServing(address: PageServerAddress(address: "10.251.0.2", port: 27000), connection: 5, statusFD: nil)

    static func spec(_ namespaces: [NamespaceSpec]) -> LaunchSpec {
        var spec = LaunchSpec(args: ["/cbench-probe"])
        spec.namespaces = namespaces
        return spec
    }

    static let ownNetwork = spec([NamespaceSpec(.mount), NamespaceSpec(.pid), NamespaceSpec(.network)])

    @Test func aMoveWhoseDestinationWiresTheNamespaceDumpsInsideIt() {
        #expect(AppCheckpointOptions(imagesPassThrough: true, sendPages: Self.receiver, networkOutsideImages: true)
            .dumpRunsInNetworkNamespace(of: Self.ownNetwork))
        #expect(AppCheckpointOptions(lazyPages: Self.serving, imagesPassThrough: true, networkOutsideImages: true)
            .dumpRunsInNetworkNamespace(of: Self.ownNetwork))
    }

    /// The destination of main's protocol restores the namespace from the images: it stays in them.
    @Test func aMoveNotToldSoKeepsTheNamespaceInTheImages() {
        #expect(!AppCheckpointOptions(imagesPassThrough: true, sendPages: Self.receiver).dumpRunsInNetworkNamespace(of: Self.ownNetwork))
        #expect(!AppCheckpointOptions(lazyPages: Self.serving, imagesPassThrough: true).dumpRunsInNetworkNamespace(of: Self.ownNetwork))
    }

    /// A checkpoint restored on this host (`cbench app restore`) needs its namespace in the images.
    @Test func aDumpThatHoldsNothingKeepsTheNamespaceInTheImages() {
        #expect(!AppCheckpointOptions(networkOutsideImages: true).dumpRunsInNetworkNamespace(of: Self.ownNetwork))
        #expect(!AppCheckpointOptions(leaveRunning: true, sendPages: Self.receiver, networkOutsideImages: true)
            .dumpRunsInNetworkNamespace(of: Self.ownNetwork))
    }

    @Test func aJoinedOrSharedNamespaceIsNeverEntered() {
        let options = AppCheckpointOptions(imagesPassThrough: true, sendPages: Self.receiver, networkOutsideImages: true)
        #expect(!options.dumpRunsInNetworkNamespace(of: Self.spec([NamespaceSpec(.mount), NamespaceSpec(.network, path: "/proc/1/ns/net")])))
        #expect(!options.dumpRunsInNetworkNamespace(of: Self.spec([NamespaceSpec(.mount), NamespaceSpec(.pid)])))
        #expect(!options.dumpRunsInNetworkNamespace(of: Self.spec([NamespaceSpec(.user), NamespaceSpec(.network)])))
    }
}

/// The network lock of a dump: ours (links down) inside the namespace, nftables for a move's
/// dump whose namespace goes in the images, CRIU's default for a checkpoint kept here.
@Suite struct AppCheckpointNetworkLockTests {
    @Test func aDumpInsideTheNamespaceSkipsCRIUsLock() {
        #expect(AppCheckpointOptions(imagesPassThrough: true).networkLock(insideNamespace: true) == .skip)
    }

    @Test func aMovesDumpLocksWithNftables() {
        #expect(AppCheckpointOptions(imagesPassThrough: true, sendPages: AppCheckpointNetworkNamespaceTests.receiver)
            .networkLock(insideNamespace: false) == .nftables)
        #expect(AppCheckpointOptions(lazyPages: AppCheckpointNetworkNamespaceTests.serving, imagesPassThrough: true)
            .networkLock(insideNamespace: false) == .nftables)
    }

    @Test func aCheckpointKeptHereKeepsCRIUsDefault() {
        #expect(AppCheckpointOptions().networkLock(insideNamespace: false) == nil)
        #expect(AppCheckpointOptions(export: "/tmp/c.tar.gz").networkLock(insideNamespace: false) == nil)
    }
}
