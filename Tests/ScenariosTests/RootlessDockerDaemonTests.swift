import Testing
@testable import NamespaceCore
@testable import Targets

/// The rootless dockerd's command line and the records `cbench cleanup` finds it by.
struct RootlessDockerDaemonTests {
    let daemon = RootlessDockerDaemon(user: RootlessUser(name: "cbench-rootless", uid: 995, gid: 995, subordinateUIDs: (first: 300_000, count: 65_536)),
                                      directory: "/tmp/cbench-rootless-cbench-run7-3", client: "/usr/bin/docker")

    /// No network plumbing: rootlesskit on the host's network with no port driver, dockerd with
    /// no bridge, iptables, NAT, forwarding or proxy; everything it writes in the user's directory.
    @Test func theDaemonHasNoNetworkPlumbingAndKeepsItsFilesInTheUsersDirectory() {
        let arguments = daemon.startArguments(script: "/usr/share/docker.io/contrib/dockerd-rootless.sh")
        for word in ["TMPDIR=/tmp/cbench-rootless-cbench-run7-3", "DOCKERD_ROOTLESS_ROOTLESSKIT_NET=host", "DOCKERD_ROOTLESS_ROOTLESSKIT_PORT_DRIVER=none",
                     "--bridge=none", "--iptables=false", "--ip-masq=false", "--ip-forward=false", "--userland-proxy=false"] {
            #expect(arguments.contains(word), "\(word)")
        }
        #expect(arguments.firstIndex(of: "DOCKERD_ROOTLESS_ROOTLESSKIT_NET=host")! < arguments.firstIndex(of: "/usr/share/docker.io/contrib/dockerd-rootless.sh")!)
        for flag in ["--data-root", "--exec-root", "--pidfile", "--host"] {
            let value = arguments.firstIndex(of: flag).map { arguments[$0 + 1] }
            #expect(value?.contains("/tmp/cbench-rootless-cbench-run7-3/") == true, "\(flag) \(String(describing: value))")
        }
        #expect(daemon.host == "unix:///tmp/cbench-rootless-cbench-run7-3/docker.sock")
    }

    /// The record is a state file cleanup reads (pid and start time), under /run/cbench in a
    /// directory named for the run's, so a live run's owner tag spares it and a crashed run's
    /// daemon is ended.
    @Test func itsRecordsAreStateFilesThatARunsOwnerTagSpares() {
        let file = "\(daemon.recordDirectory)/dockerd.json"
        #expect(file == "/run/cbench/rootless-docker/cbench-rootless-cbench-run7-3/dockerd.json")
        #expect(HostStateFile.recordedProcess(in: RootlessDockerDaemon.record(pid: 4321, startTime: 987), file: file)
                == HostRecordedProcess(pid: 4321, startTime: 987, stateFile: file))
        let leftover = Leftover(kind: .process, target: "4321", evidence: file, pid: 4321, startTime: 987)
        #expect(Leftovers.sparing([leftover], owners: [OwnerRecord(pid: 1, pidStartTime: 2, role: "run", tags: ["cbench-run7"])]).isEmpty)
        #expect(Leftovers.sparing([leftover], owners: [OwnerRecord(pid: 1, pidStartTime: 2, role: "run", tags: ["cbench-run8"])]) == [leftover])
    }
}
