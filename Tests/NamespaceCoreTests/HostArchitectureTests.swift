import NamespaceCore
import Testing

@Suite struct HostArchitectureTests {
    @Test func eachFormatGetsItsOwnName() {
        let x86 = HostArchitecture(kernelName: "x86_64")
        #expect(x86.imageName == "amd64")
        #expect(x86.seccompArchitectures == ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"])
        #expect(x86.names == ["x86_64", "amd64"])
        let arm = HostArchitecture(kernelName: "aarch64")
        #expect(arm.imageName == "arm64")
        #expect(arm.seccompName == "SCMP_ARCH_AARCH64")
    }

    @Test func anUnknownMachineKeepsItsKernelName() {
        let other = HostArchitecture(kernelName: "loongarch64")
        #expect(other.imageName == "loongarch64")
        #expect(other.seccompName == nil)
        #expect(other.seccompArchitectures.isEmpty)
    }

    @Test func thisHostIsKnown() {
        #expect(!HostArchitecture.current.kernelName.isEmpty)
        #expect(HostArchitecture.current.seccompName != nil)
    }
}

@Suite struct RFC3339Tests {
    @Test func secondsAndNanoseconds() {
        #expect(RFC3339.string(seconds: 1_700_000_000) == "2023-11-14T22:13:20Z")
        #expect(RFC3339.string(seconds: 1_700_000_000, nanoseconds: 1_234) == "2023-11-14T22:13:20.000001234Z")
        #expect(RFC3339.string(seconds: 0, nanoseconds: 0) == "1970-01-01T00:00:00.000000000Z")
    }

    @Test func nowHasTheShapeOfEither() {
        #expect(RFC3339.now().count == 20)
        let precise = RFC3339.now(nanoseconds: true)
        #expect(precise.count == 30)
        #expect(precise.hasSuffix("Z"))
        #expect(precise.dropFirst(10).first == "T")
    }
}
