import Foundation
import Glibc
import NamespaceCore

/// What the LXC, podman and Docker drivers share: timed phases, commands that must succeed,
/// version lines, and removal of what a runtime left below the directories we gave it.
enum RealTargetSupport {
    static func timed(_ phase: String, _ body: () throws -> Void) throws -> Phase {
        let start = MonotonicClock.now()
        try body()
        return Phase(name: phase, start: start, end: MonotonicClock.now())
    }

    /// Runs `arguments`; a non-zero exit becomes a `CoreError` naming the command and the
    /// first line the runtime printed.
    @discardableResult
    static func checked(_ arguments: [String], stage: String) throws -> SpawnResult {
        let outcome = try Spawn(arguments).run()
        guard outcome.status == 0 else {
            // The tool's own words are all there is to tell "already there" from other failures.
            let line = (outcome.stderr + outcome.stdout).firstLine()
            throw CoreError(kind: line.contains("already exists") ? .alreadyExists : .other, stage: stage,
                            detail: "exit \(outcome.status): \(line)")
        }
        return outcome
    }

    /// A tool that needs no smoke container (umoci, unshare): installed and answering
    /// `--version`, whose first version line is the target's version.
    static func toolAvailability(_ tool: String, package: String, environment: [String: String]) -> TargetAvailability {
        guard ExecutablePath.find(tool, environment: environment) != nil else {
            return .unavailable(reason: "\(tool) is not installed (\(package))")
        }
        guard let outcome = try? Spawn([tool, "--version"]).run(), outcome.status == 0 else {
            return .unavailable(reason: "\(tool) --version failed")
        }
        return .available(version: versionLine(outcome.stdout) ?? outcome.stdout.firstLine())
    }

    /// Runs a command that creates, starts, waits for and removes the container (`docker run
    /// --rm`), its output in the container's files: "create" marks when it was issued, "run"
    /// spans the whole command (not the "exit" wait of the OCI CLIs, a different quantity). 125 is the tool's own failure; 126 and 127 are the container's
    /// command not runnable, which the run reports as its exit.
    static func runWhole(_ command: Spawn, _ container: PreparedContainer, stage: String) throws -> ContainerRun {
        var command = command
        command.stdout = .file(container.stdoutPath)
        command.stderr = .file(container.stderrPath)
        let issued = MonotonicClock.now()
        let outcome = try command.run()
        let exited = MonotonicClock.now()
        guard outcome.status != 125 else { throw CoreError(stage: stage, detail: outcome.stderr.firstLine()) }
        return ContainerRun(phases: [Phase(name: "create", start: issued, end: issued), Phase(name: "run", start: issued, end: exited)],
                            exit: .exited(outcome.status), stdout: outcome.stdout, stderr: outcome.stderr,
                            memoryPeakBytes: container.cgroupPath.isEmpty ? nil : Cgroup.memoryPeak(path: container.cgroupPath))
    }

    /// The first line of a `--version` output that holds a version number, as printed.
    static func versionLine(_ text: String) -> String? {
        for line in text.split(separator: "\n") where ToolCheck.parseVersion(String(line)) != nil {
            return line.trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    /// Removes a directory tree we own after detaching any mount left inside it.
    static func removeOwnedTree(_ path: String) {
        HostMountTable.detachMounts(under: path)
        try? FileIO.removeTree(path)
    }
}
