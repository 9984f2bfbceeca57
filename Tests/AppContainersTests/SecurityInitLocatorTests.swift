import Testing
import NamespaceCore

/// `InitLocator` over an imaginary file system (the probe locator's seams).
@Suite struct SecurityInitLocatorTests {
    private func locator(environment: [String: String] = [:], executables: Set<String>, statics: Set<String>) -> InitLocator {
        InitLocator(base: ProbeLocator(
            environment: { environment[$0] }, executablePath: "/work/pkg/.build/debug/cbench",
            fileExists: { $0 == "/work/pkg/Package.swift" },
            isExecutable: { executables.contains($0) }, isStaticExecutable: { statics.contains($0) }))
    }

    @Test func findsTheStaticBuildBesideTheProbe() {
        let built = "/work/pkg/.build/cbench-init"
        #expect(locator(executables: [built], statics: [built]).locate() == built)
        let scratch = "/work/pkg/.build-me/cbench-init"
        let viaProbe = locator(environment: ["CBENCH_PROBE": "/work/pkg/.build-me/cbench-probe"],
                               executables: [scratch, built], statics: [scratch, built])
        #expect(viaProbe.locate() == scratch)
    }

    @Test func environmentWinsAndDynamicBuildsDoNotCount() {
        #expect(locator(environment: ["CBENCH_INIT": "/opt/init"], executables: ["/opt/init"], statics: []).locate() == "/opt/init")
        #expect(locator(environment: ["CBENCH_INIT": "/opt/missing"], executables: [], statics: []).locate() == nil)
        let dynamic = "/work/pkg/.build/debug/cbench-init"
        #expect(locator(executables: [dynamic], statics: []).locate() == nil)
    }
}
