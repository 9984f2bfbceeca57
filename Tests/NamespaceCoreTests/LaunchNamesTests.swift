import CShim
import Testing
@testable import NamespaceCore

@Suite struct LaunchNamesTests {
    @Test func capabilityNames() {
        #expect(Capability.number(named: "CAP_CHOWN") == 0)
        #expect(Capability.number(named: "net_admin") == 12)
        #expect(Capability.number(named: "cap_sys_admin") == 21)
        #expect(Capability.number(named: "CAP_CHECKPOINT_RESTORE") == 40)
        #expect(Capability.number(named: "CAP_FLY") == nil)
        #expect(Capability.name(of: 21) == "CAP_SYS_ADMIN")
        #expect(Capability.name(of: 50) == "CAP_50")
        #expect(Capability.set(fromMask: 0x21) == [0, 5])
        #expect(Capability.mask([0, 5]) == 0x21)
    }

    @Test func signalNames() {
        #expect(Signal.number(named: "TERM") == 15)
        #expect(Signal.number(named: "SIGTERM") == 15)
        #expect(Signal.number(named: "sigkill") == 9)
        #expect(Signal.number(named: "15") == 15)
        #expect(Signal.number(named: "RTMIN") == 34)
        #expect(Signal.number(named: "RTMIN+3") == 37)
        #expect(Signal.number(named: "SIGRTMAX-1") == 63)
        #expect(Signal.number(named: "RTMAX+1") == nil)
        #expect(Signal.number(named: "0") == nil)
        #expect(Signal.number(named: "NOPE") == nil)
        #expect(Signal.number(named: "IOT") == 6)
        #expect(Signal.name(of: 15) == "SIGTERM")
        #expect(Signal.name(of: 37) == "SIGRTMIN+3")
        #expect(Signal.name(of: 64) == "SIGRTMAX")
        #expect(throws: CoreError.self) { try Signal.parse("HUPP") }
    }

    @Test func rlimitNames() {
        #expect(Rlimit.resource(named: "RLIMIT_NOFILE") == 7)
        #expect(Rlimit.resource(named: "nproc") == 6)
        #expect(Rlimit.resource(named: "RLIMIT_RTTIME") == 15)
        #expect(Rlimit.resource(named: "RLIMIT_FLY") == nil)
        #expect(Rlimit.name(of: 7) == "RLIMIT_NOFILE")
    }

    @Test func stageNamesCoverEveryStage() {
        for stage in 0..<CSHIM_STAGE_COUNT.rawValue {
            #expect(String(cString: cshim_stage_name(stage)) != "", "stage \(stage)")
        }
        #expect(String(cString: cshim_stage_name(CSHIM_STAGE_MOUNT.rawValue)) == "mount")
        #expect(String(cString: cshim_stage_name(999)) == "launch")
    }
}
