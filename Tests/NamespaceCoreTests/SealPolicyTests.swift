import CShim
import Glibc
import Testing

/// The verb-to-seal decision of the programs' start-up hook (CShim seal_policy.c): only what puts
/// a process into a container or lets a container near the binary re-executes itself sealed.
struct SealPolicyTests {
    /// The decision for `program ARGS`, through the C function the constructor calls.
    static func seals(_ decide: @convention(c) (Int32, UnsafePointer<UnsafeMutablePointer<CChar>?>?) -> Int32,
                      _ arguments: [String]) -> Bool {
        var argv: [UnsafeMutablePointer<CChar>?] = (["program"] + arguments).map { strdup($0) }
        defer { argv.forEach { free($0) } }
        argv.append(nil)
        return decide(Int32(arguments.count + 1), argv) == 1
    }

    static func oci(_ arguments: String) -> Bool {
        seals(cshim_oci_seals_at_start, arguments.split(separator: " ").map(String.init))
    }

    @Test(arguments: ["create --bundle /b --pid-file /p c1", "exec --process p.json c1", "restore --image-path i c1"])
    func ociVerbsThatReachIntoAContainerSeal(_ line: String) {
        #expect(Self.oci(line), "\(line)")
        #expect(Self.oci("--root /run/x --log /l --log-format json --systemd-cgroup " + line), "\(line) after globals")
        #expect(Self.oci("--root=/run/x --criu=/c " + line), "\(line) after --name=value globals")
    }

    /// podman and the benchmark call start and delete on every container: no seal for them, nor
    /// for anything else that only signals, reads or writes from the host.
    @Test(arguments: ["start c1", "delete c1", "delete --force c1", "kill c1 KILL", "state c1", "list", "pause c1", "resume c1",
                      "ps c1", "events --stats c1", "update --memory 1 c1", "checkpoint c1", "spec", "features", "help",
                      "run --bundle /b c1", "--version", "-v", "--help", ""])
    func ociVerbsThatStayOnTheHostDoNotSeal(_ line: String) {
        #expect(!Self.oci(line), "\(line)")
        #expect(!Self.oci("--root /run/x --debug " + line), "\(line) after globals")
    }

    /// What cannot be told apart seals: erring that way costs time, never safety.
    @Test(arguments: ["frobnicate c1", "--unknown create c1", "CREATE c1", "--root /x --bogus=1 start c1"])
    func unknownCommandLinesSeal(_ line: String) {
        #expect(Self.oci(line), "\(line)")
    }

    /// A verb's own flags never decide: the first non-option argument after the globals does.
    @Test func theVerbIsTheFirstArgumentAfterTheGlobals() {
        #expect(!Self.oci("--root create start c1"), "create is --root's value")
        #expect(Self.oci("--log start create c1"), "start is --log's value; create is the verb")
        #expect(!Self.oci("start create"), "create is start's container id")
    }

    @Test func cbenchSealsEverythingButAppRunWithoutAPortAndTheHostOnlyRemovals() {
        let cbench = { (line: String) in Self.seals(cshim_cbench_seals_at_start, line.split(separator: " ").map(String.init)) }
        #expect(!cbench("app run --rm busybox true"))
        #expect(cbench("app run --rm -p 8080:80 busybox true"))
        #expect(cbench("app run -dp 8080:80 busybox true"))
        #expect(cbench("app run --publish=8080:80 busybox true"))
        #expect(cbench("app exec c1 true"))
        #expect(!cbench("app rm -f c1"), "signals and removes from the host")
        #expect(!cbench("app _finish 0123abcd 9"), "after the container's init ended")
        #expect(cbench("app stop c1") && cbench("app start c1") && cbench("app _launch 0123abcd launch"))
        #expect(cbench("system rm s1"), "only app's verbs")
        #expect(cbench("system attach s1"))
        #expect(cbench("run Scenarios/quick.yaml"))
        #expect(cbench("app"))
    }
}
