#if canImport(Glibc)
import Glibc
#endif
import CShim

extension Spawn {
    /// Above every descriptor a caller passes: each goes through here first, because dup2
    /// onto 3, 4, ... could otherwise overwrite a source not yet placed.
    static let stagingBase: Int32 = 200

    /// Starts the program; the caller waits for it (or, detached, may leave it).
    public func start() throws(CoreError) -> SpawnedProcess {
        guard let name = arguments.first else { throw CoreError(stage: "spawn", detail: "empty command") }
        let stage = "spawn \(name)"
        // PATH from the overlay when it sets one, else ours.
        guard let program = ExecutablePath.find(name, environment: environment["PATH"] == nil ? nil : environment) else {
            throw CoreError(stage: stage, errno: ENOENT, detail: "\(name) is not an executable file on PATH")
        }
        let captures = try openCaptures(stage: stage)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        try arrangeDescriptors(&actions, captures: captures)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        setAttributes(&attributes)

        let cArguments = arguments.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        let cEnvironment = environment.isEmpty ? nil : environmentEntries().map { strdup($0) } + [nil]
        defer { cEnvironment?.forEach { free($0) } }
        var pid: pid_t = 0
        let rc: Int32
        if let networkNamespace {
            rc = cEnvironment.map { cshim_spawn_in_netns(networkNamespace, &pid, program, &actions, &attributes, cArguments, $0) }
                ?? cshim_spawn_in_netns(networkNamespace, &pid, program, &actions, &attributes, cArguments, environ)
        } else {
            rc = cEnvironment.map { posix_spawn(&pid, program, &actions, &attributes, cArguments, $0) }
                ?? posix_spawn(&pid, program, &actions, &attributes, cArguments, environ)
        }
        guard rc == 0 else {
            captures.closeAll()
            throw CoreError(stage: stage, errno: rc)
        }
        return SpawnedProcess(pid: pid, stdout: stdout, stderr: stderr, captures: captures)
    }

    /// Default dispositions for every signal, an empty mask, and the session asked for.
    private func setAttributes(_ attributes: inout posix_spawnattr_t) {
        var all = sigset_t()
        sigfillset(&all)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        var flags = Int32(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)
        switch session {
        case .inherited: break
        case .ownGroup:
            posix_spawnattr_setpgroup(&attributes, 0)
            flags |= Int32(POSIX_SPAWN_SETPGROUP)
        case .detached: flags |= CSHIM_SPAWN_SETSID
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))
    }

    /// stdin, stdout, stderr, the passed and placed descriptors and no other, the working directory.
    private func arrangeDescriptors(_ actions: inout posix_spawn_file_actions_t, captures: Captures) throws(CoreError) {
        let placed = self.placed
        // Every source is staged first: one may be a number another lands on (our own stdio
        // placed as a restored tree's, a low descriptor passed at 3).
        for (offset, entry) in placed.enumerated() {
            posix_spawn_file_actions_adddup2(&actions, entry.source, Self.stagingBase + Int32(offset))
        }
        if placing[0] == nil { posix_spawn_file_actions_addopen(&actions, 0, stdinPath, O_RDONLY, 0) }
        for (fd, output, capture) in [(Int32(1), stdout, captures.stdout), (Int32(2), stderr, captures.stderr)] where placing[fd] == nil {
            switch output {
            case .null: posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", O_WRONLY, 0)
            case .capture: posix_spawn_file_actions_adddup2(&actions, capture, fd)
            case .file(let path): posix_spawn_file_actions_addopen(&actions, fd, path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            case .appending(let path): posix_spawn_file_actions_addopen(&actions, fd, path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
            case .stdout: break
            }
        }
        for (offset, entry) in placed.enumerated() {
            posix_spawn_file_actions_adddup2(&actions, Self.stagingBase + Int32(offset), entry.number)
            posix_spawn_file_actions_addclose(&actions, Self.stagingBase + Int32(offset))
        }
        // After the placements: stdout may be one of them.
        if stderr == .stdout && placing[2] == nil { posix_spawn_file_actions_adddup2(&actions, 1, 2) }
        // Only what is asked for: descriptors our caller left without close-on-exec stay here.
        let closing = cshim_spawn_addclosefrom(&actions, max(3, (placed.map(\.number).max() ?? 2) + 1))
        guard closing == 0 else { throw CoreError(stage: "spawn \(arguments[0]): close inherited descriptors", errno: closing) }
        if let directory {
            let rc = cshim_spawn_addchdir(&actions, directory)
            guard rc == 0 else { throw CoreError(stage: "spawn \(arguments[0]) in \(directory)", errno: rc) }
        }
    }

    /// Where each passed or placed descriptor lands in the child, by number: `passing` at 3,
    /// 4, ..., then `placing`, which wins for a number both name.
    var placed: [(number: Int32, source: Int32)] {
        var numbers: [Int32: Int32] = [:]
        for (offset, fd) in passing.enumerated() { numbers[3 + Int32(offset)] = fd }
        numbers.merge(placing) { _, chosen in chosen }
        return numbers.sorted { $0.key < $1.key }.map { (number: $0.key, source: $0.value) }
    }

    private func openCaptures(stage: String) throws(CoreError) -> Captures {
        var captures = Captures()
        if stdout == .capture { captures.stdout = cshim_memfd_create("stdout") }
        if stderr == .capture { captures.stderr = cshim_memfd_create("stderr") }
        guard (stdout != .capture || captures.stdout >= 0) && (stderr != .capture || captures.stderr >= 0) else {
            let code = errno
            captures.closeAll()
            throw CoreError(stage: "\(stage): capture its output", errno: code)
        }
        return captures
    }

    /// `KEY=VALUE` entries: this process's environment with `environment` laid over it.
    func environmentEntries() -> [String] {
        var entries: [String] = []
        var index = 0
        while let entry = environ[index] {
            let text = String(cString: entry)
            let key = text.split(separator: "=", maxSplits: 1).first.map(String.init) ?? text
            if environment[key] == nil { entries.append(text) }
            index += 1
        }
        return entries + environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
    }
}

/// The anonymous files that hold captured output, -1 where nothing is captured.
struct Captures: Sendable {
    var stdout: Int32 = -1
    var stderr: Int32 = -1

    func closeAll() {
        if stdout >= 0 { close(stdout) }
        if stderr >= 0 { close(stderr) }
    }
}
