#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// The steps on one remote host, each an ssh or scp through the host's shared connection.
struct RemoteHostSession {
    let ssh: SSHCommand
    let host: InventoryHost
    let commands: any HostCommandRunning
    let progress: (String) -> Void

    /// Returns the local path of the fetched results.json.
    func runSuite(_ request: RemoteSuiteRun.Request) throws -> String {
        let sudo = try rootPrefix()
        let directory = try remote(["mktemp", "-d", "/tmp/cbench-remote-XXXXXX"], step: "make a directory").trimmingWhitespace()
        guard directory.hasPrefix("/tmp/cbench-remote-") else {
            throw CoreError(stage: name, detail: "mktemp answered '\(directory)'")
        }
        defer { _ = try? remote(sudo + ["rm", "-rf", "--one-file-system", directory], step: "remove \(directory)") }
        try local(ssh.upload([request.executable] + request.helpers + request.scenarioFiles, to: directory), step: "copy cbench and the scenarios")
        let scenarios = request.scenarioFiles.map { "\(directory)/\(Self.baseName($0))" }
        progress("\(host.name): running \(scenarios.map(Self.baseName).joined(separator: " ")) in \(directory)")
        let executable = "\(directory)/\(Self.baseName(request.executable))"
        let run = sudo + ["env", "CBENCH_EXECUTABLE=\(executable)", "CBENCH_PROBE=\(directory)/cbench-probe", executable, "run"] + scenarios
            + request.runArguments + ["--out", "\(directory)/results", "--quiet"]
        let runResult = commands.run(ssh.run(["sh", "-c", "cd \(directory) && exec \"$@\"", "sh"] + run))
        let localDirectory = "\(request.outDirectory)/hosts/\(host.name)"
        try FileIO.makeDirectories(localDirectory, mode: 0o755)
        // Fetched even after a failed run: a partial results.json is kept with its failure.
        let fetched = commands.run(ssh.download("\(directory)/results", to: localDirectory))
        if let runResult, runResult.status != 0 {
            throw CoreError(stage: name, detail: "cbench run " + SSHFailure.describe(status: runResult.status, output: runResult.output))
        }
        guard let fetched, fetched.status == 0 else {
            throw CoreError(stage: name, detail: "fetch results: " + SSHFailure.describe(status: fetched?.status ?? 127, output: fetched?.output ?? "scp not found"))
        }
        return "\(localDirectory)/results/results.json"
    }

    var name: String { "\(host.name) (\(host.address))" }

    /// [] when the login user is root; `sudo -n` with `ansible_become` when sudo works without
    /// a password; otherwise the host is refused.
    func rootPrefix() throws -> [String] {
        let uid = try remote(["id", "-u"], step: "connect").trimmingWhitespace()
        if uid == "0" { return [] }
        guard host.become else {
            throw CoreError(stage: name, errno: EPERM, detail: "commands run as uid \(uid), not root: log in as root (ansible_user=root) or set ansible_become=true with passwordless sudo")
        }
        _ = try remote(["sudo", "-n", "true"], step: "sudo -n (ansible_become)")
        return ["sudo", "-n"]
    }

    @discardableResult
    func remote(_ words: [String], step: String) throws -> String {
        try local(ssh.run(words), step: step)
    }

    @discardableResult
    func local(_ arguments: [String], step: String) throws -> String {
        guard let result = commands.run(arguments) else {
            throw CoreError(stage: name, errno: ENOENT, detail: "\(arguments[0]) not found: apt-get install openssh-client")
        }
        guard result.status == 0 else {
            throw CoreError(stage: name, detail: "\(step): " + SSHFailure.describe(status: result.status, output: result.output))
        }
        return result.output
    }

    static func baseName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
