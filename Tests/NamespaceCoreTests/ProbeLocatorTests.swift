import Testing
@testable import NamespaceCore

#if canImport(Glibc)
import Glibc
#endif

@Suite struct ProbeLocatorTests {
    /// A locator over an imaginary file system: `files` exist, `executables`
    /// are executable, `statics` are statically linked.
    private func locator(
        environment: [String: String] = [:],
        executable: String? = "/work/pkg/.build/debug/cbench",
        files: Set<String> = ["/work/pkg/Package.swift"],
        executables: Set<String> = [],
        statics: Set<String> = []
    ) -> ProbeLocator {
        ProbeLocator(
            environment: { environment[$0] },
            executablePath: executable,
            fileExists: { files.contains($0) },
            isExecutable: { executables.contains($0) },
            isStaticExecutable: { statics.contains($0) }
        )
    }

    @Test func environmentVariableWinsAndIsTakenAsGiven() {
        let custom = "/opt/probe/cbench-probe"
        let found = locator(environment: ["CBENCH_PROBE": custom], executables: [custom]).locate()
        #expect(found == custom)
        // Set but unusable: fail instead of silently taking another binary.
        let beside = "/work/pkg/.build/debug/cbench-probe"
        let missing = locator(environment: ["CBENCH_PROBE": custom], executables: [beside], statics: [beside])
        #expect(missing.locate() == nil)
    }

    @Test func emptyEnvironmentVariableIsIgnored() {
        let built = "/work/pkg/.build/cbench-probe"
        #expect(locator(environment: ["CBENCH_PROBE": ""], executables: [built], statics: [built]).locate() == built)
    }

    @Test func candidateOrder() {
        #expect(locator().candidates() == [
            "/work/pkg/.build/debug/cbench-probe",
            "/work/pkg/.build/cbench-probe",
            "/work/pkg/.build/release/cbench-probe",
        ])
    }

    @Test func staticBesideTheExecutableComesFirst() {
        let beside = "/usr/local/bin/cbench-probe"
        let built = "/work/pkg/.build/cbench-probe"
        let found = locator(executable: "/usr/local/bin/cbench", executables: [beside, built], statics: [beside, built])
        #expect(found.locate() == beside)
    }

    @Test func dynamicSwiftPMBuildIsSkippedForTheStaticOne() {
        let dynamic = "/work/pkg/.build/debug/cbench-probe"
        let built = "/work/pkg/.build/cbench-probe"
        let found = locator(executables: [dynamic, built], statics: [built])
        #expect(found.locate() == built)
        #expect(locator(executables: [dynamic]).locate() == nil)
    }

    /// From the program, never from the current directory: a cbench run from /tmp finds the
    /// probe of the package it was built in.
    @Test func packageRootIsFoundUpwardFromTheProgram() {
        #expect(locator().packageRoot() == "/work/pkg")
        #expect(locator(executable: "/work/pkg/.build/x86_64-unknown-linux-gnu/debug/cbench").packageRoot() == "/work/pkg")
        #expect(locator(executable: "/elsewhere/cbench", files: []).packageRoot() == nil)
        #expect(locator(executable: "/sub/cbench", files: ["/Package.swift"]).packageRoot() == "/")
        #expect(locator(executable: nil).packageRoot() == nil)
    }

    @Test func anInstallPrefixHasItsHelpersInLibexec() {
        let installed = "/usr/local/libexec/cbench/cbench-probe"
        let found = locator(executable: "/usr/local/bin/cbench", files: [], executables: [installed], statics: [installed])
        #expect(found.candidates() == ["/usr/local/bin/cbench-probe", installed])
        #expect(found.locate() == installed)
        #expect(found.layout.scenariosDirectory == "/usr/local/share/cbench/Scenarios")
        #expect(locator().layout.resultsDirectory == "/work/pkg/Results")
    }

    /// `make SCRATCH=.build-me` builds the helpers into `.build-me/`: found there first.
    @Test func helpersAreFoundInTheScratchDirectoryTheProgramWasBuiltIn() {
        let probe = "/work/pkg/.build-me/cbench-probe"
        let found = locator(executable: "/work/pkg/.build-me/x86_64-unknown-linux-gnu/debug/cbench", executables: [probe], statics: [probe])
        #expect(found.layout.scratchDirectory == "/work/pkg/.build-me")
        #expect(found.candidates().prefix(2) == ["/work/pkg/.build-me/x86_64-unknown-linux-gnu/debug/cbench-probe", probe])
        #expect(found.candidates().contains("/work/pkg/.build/cbench-probe"))
        #expect(found.locate() == probe)
        #expect(locator(executable: "/work/pkg/cbench").layout.scratchDirectory == nil)
    }

    @Test func withoutAProgramNothingIsFound() {
        let built = "/work/pkg/.build/release/cbench-probe"
        #expect(locator(executable: nil, executables: [built], statics: [built]).locate() == nil)
    }

    @Test func directoryOfPath() {
        #expect(ProbeLocator.directory(of: "/a/b/c") == "/a/b")
        #expect(ProbeLocator.directory(of: "/a") == "/")
        #expect(ProbeLocator.directory(of: "/a/b/") == "/a")
        #expect(ProbeLocator.directory(of: "name") == ".")
    }
}

@Suite struct ProbeELFTests {
    /// A minimal ELF64 LE header with `count` program headers of the given types.
    private func image(type: UInt16 = 2, programTypes: [UInt32]) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 64)
        bytes[0...5] = [0x7F, 0x45, 0x4C, 0x46, 2, 1]
        bytes[16] = UInt8(type & 0xFF)
        bytes[32] = 64 // e_phoff
        bytes[54] = 56 // e_phentsize
        bytes[56] = UInt8(programTypes.count)
        for programType in programTypes {
            var entry = [UInt8](repeating: 0, count: 56)
            withUnsafeBytes(of: programType.littleEndian) { entry.replaceSubrange(0..<4, with: $0) }
            bytes += entry
        }
        return bytes
    }

    private func isStatic(_ bytes: [UInt8]) -> Bool {
        ELFInspector.isStaticExecutable(header: Array(bytes.prefix(64))) { offset, count in
            let start = Int(offset)
            guard start + count <= bytes.count else { return nil }
            return Array(bytes[start..<start + count])
        }
    }

    @Test func withoutInterpreterIsStatic() {
        #expect(isStatic(image(programTypes: [6, 1, 1, 4]))) // PHDR, LOAD, LOAD, NOTE
        #expect(isStatic(image(type: 3, programTypes: [1]))) // static-pie
    }

    @Test func withInterpreterIsDynamic() {
        #expect(!isStatic(image(programTypes: [6, 3, 1]))) // PT_INTERP
    }

    @Test func notAnExecutable() {
        #expect(!isStatic(image(type: 1, programTypes: [1]))) // ET_REL
        #expect(!isStatic([UInt8](repeating: 0, count: 64)))
        #expect(!isStatic(Array("#!/bin/sh\necho hi\n".utf8)))
        var truncated = image(programTypes: [1, 1])
        truncated.removeLast(10)
        #expect(!isStatic(truncated))
    }

    /// Real files of this host kind: busybox-static is static, /bin/sh is dynamic.
    @Test(.enabled(if: access("/bin/busybox", R_OK) == 0))
    func realBinaries() {
        #expect(ELFInspector.isStaticExecutable(atPath: "/bin/busybox"))
        #expect(!ELFInspector.isStaticExecutable(atPath: "/bin/sh"))
        #expect(!ELFInspector.isStaticExecutable(atPath: "/etc/passwd"))
        #expect(!ELFInspector.isStaticExecutable(atPath: "/nonexistent/cbench"))
    }
}
