#if canImport(Glibc)
import Glibc
#endif
import FoundationEssentials
import JSONRecords
import NamespaceCore

/// `cbench run --hosts INVENTORY`: the same suite on every host of an inventory, over the
/// system ssh (one ControlMaster connection per host). Per host: check that it answers and
/// that commands run as root (directly, or `sudo -n` with `ansible_become`), copy the static
/// cbench, its helper binaries and the scenario files into a fresh /tmp/cbench-remote-* there,
/// run `cbench run` as root, fetch `results/` back into OUT/hosts/NAME/ and remove the remote
/// directory. A host that fails gets one line naming it and the cause; the others go on.
public struct RemoteSuiteRun {
    public struct Request: Sendable {
        public var hosts: [InventoryHost]
        /// The cbench to copy (static in a release build) and helpers beside it (probe, init...).
        public var executable: String
        public var helpers: [String]
        public var scenarioFiles: [String]
        /// Extra `cbench run` arguments, e.g. ["--targets", "crun"].
        public var runArguments: [String]
        public var outDirectory: String

        public init(hosts: [InventoryHost], executable: String, helpers: [String], scenarioFiles: [String],
                    runArguments: [String], outDirectory: String) {
            self.hosts = hosts
            self.executable = executable
            self.helpers = helpers
            self.scenarioFiles = scenarioFiles
            self.runArguments = runArguments
            self.outDirectory = outDirectory
        }
    }

    /// One host's end: its results.json when it worked, the one-line cause when not.
    public struct Outcome: Codable, Sendable, Equatable {
        public var host: String
        public var address: String
        public var status: String
        public var results: String?
        public var error: String?
        public var seconds: Double

        public var failed: Bool { status != "ok" }
        public var line: String {
            failed ? "\(host) (\(address)): FAILED \(error ?? "")" : "\(host) (\(address)): ok, \(results ?? "")"
        }
    }

    public var commands: any HostCommandRunning
    public var progress: (String) -> Void

    public init(commands: any HostCommandRunning = HostCommandRunner(), progress: @escaping (String) -> Void = { print($0) }) {
        self.commands = commands
        self.progress = progress
    }

    /// Runs every host in turn (one suite at a time: the runs measure their hosts, and lab hosts
    /// share this machine's cores); writes OUT/hosts.json and returns the outcomes.
    public func run(_ request: Request) throws -> [Outcome] {
        try FileIO.makeDirectories(request.outDirectory + "/hosts", mode: 0o755)
        var control = Array("/tmp/cbench-ssh-XXXXXX".utf8CString)
        guard let made = control.withUnsafeMutableBufferPointer({ buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }) else {
            throw CoreError.fromErrno("mkdtemp /tmp/cbench-ssh-XXXXXX")
        }
        let controlDirectory = String(cString: made)
        defer { _ = SystemLeftoverActions(commands: commands).removeTree(controlDirectory) }
        var outcomes: [Outcome] = []
        for host in request.hosts {
            let started = MonotonicNanoseconds.now()
            let ssh = SSHCommand(host: host, controlDirectory: controlDirectory)
            var outcome = Outcome(host: host.name, address: host.address, status: "ok", results: nil, error: nil, seconds: 0)
            do {
                outcome.results = try RemoteHostSession(ssh: ssh, host: host, commands: commands, progress: progress)
                    .runSuite(request)
            } catch {
                outcome.status = "failed"
                outcome.error = "\(error)"
            }
            _ = commands.run(ssh.closeMaster)
            outcome.seconds = Double(MonotonicNanoseconds.now() - started) / 1e9
            progress(outcome.line)
            outcomes.append(outcome)
        }
        try JSONRecord.write(outcomes, to: request.outDirectory + "/hosts.json")
        return outcomes
    }
}

enum MonotonicNanoseconds {
    static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }
}
