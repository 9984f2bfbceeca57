#if canImport(Glibc)
import Glibc
#endif
import CShim

extension LaunchPlan {
    /// The most descriptors a spec may keep open for the container.
    static let maxPreservedFDs = 1024

    func fillProcess(_ plan: inout cshim_plan, _ spec: LaunchSpec) throws(CoreError) {
        plan.new_session = spec.newSession ? 1 : 0
        plan.controlling_terminal = spec.controllingTerminal ? 1 : 0
        if spec.controllingTerminal && !spec.newSession {
            throw CoreError(stage: "launch", errno: EINVAL, detail: "a controlling terminal needs a new session (newSession)")
        }
        plan.loopback_up = spec.loopbackUp ? 1 : 0
        switch spec.stdio {
        case .inherit:
            plan.stdio = (-1, -1, -1)
        case .fds(let stdin, let stdout, let stderr):
            guard stdin >= 0, stdout >= 0, stderr >= 0 else {
                throw CoreError(stage: "launch spec", errno: EBADF, detail: "stdio descriptors must be open fds")
            }
            plan.stdio = (stdin, stdout, stderr)
        }
        guard spec.preservedFDs.count <= Self.maxPreservedFDs, spec.preservedFDs.allSatisfy({ $0 >= 0 }) else {
            throw CoreError(stage: "launch spec", errno: EBADF,
                            detail: "preserved fds must be at most \(Self.maxPreservedFDs) open descriptors")
        }
        plan.preserved_fds = arena.array(spec.preservedFDs)
        plan.preserved_count = spec.preservedFDs.count
        plan.start_gate_fd = -1
        if spec.consoleSocket != nil && !spec.newSession {
            throw CoreError(stage: "launch", errno: EINVAL, detail: "a console socket needs a new session (newSession)")
        }
        plan.console_socket_fd = spec.consoleSocket ?? -1
        plan.clone_into_cgroup_fd = -1

        guard spec.workingDirectory.hasPrefix("/") else {
            throw CoreError(stage: "chdir \(spec.workingDirectory)", errno: EINVAL, detail: "working directory is not absolute")
        }
        try Self.refuseNUL([spec.workingDirectory], what: "working directory")
        plan.cwd = arena.string(spec.workingDirectory)
        plan.argv = arena.stringVector(spec.args)
        plan.exec_path = arena.optionalString(spec.executable)
        plan.hooks_pause = spec.pausesForHooks ? 1 : 0
        plan.envp = arena.stringVector(spec.environment)
        let path = spec.environment.last { $0.hasPrefix("PATH=") }.map { String($0.dropFirst(5)) }
        plan.path_env = arena.optionalString(path)
    }
}
