import ArgumentParser
import Testing
@testable import cbench_oci

/// The hand-read verbs (OCIFastPath) against swift-argument-parser: every line the fast path
/// takes, the library reads the same way; what it gives up on, the library still parses or refuses.
@Suite struct OCIFastPathTests {
    /// The library's reading of `arguments`, in the fast path's terms.
    static func library(_ arguments: [String]) throws -> OCIFastPath? {
        let command = try CbenchOCI.parseAsRoot(arguments)
        func base(_ verb: OCIFastPath.Verb, _ globals: GlobalOptions, _ id: String) -> OCIFastPath {
            OCIFastPath(verb: verb, root: globals.root, log: globals.log, logFormat: globals.logFormat, id: id)
        }
        switch command {
        case let create as Create:
            var parsed = base(.create, create.globals, create.id)
            parsed.bundle = create.bundle
            parsed.pidFile = create.pidFile
            parsed.consoleSocket = create.consoleSocket
            parsed.preserveFDs = create.preserveFDs
            return parsed
        case let start as Start: return base(.start, start.globals, start.id)
        case let state as State: return base(.state, state.globals, state.id)
        case let kill as Kill:
            var parsed = base(.kill, kill.globals, kill.id)
            parsed.signal = kill.signal
            parsed.all = kill.all
            return parsed
        case let delete as Delete:
            var parsed = base(.delete, delete.globals, delete.id)
            parsed.force = delete.force
            return parsed
        default: return nil
        }
    }

    static func words(_ line: String) -> [String] { line.split(separator: " ").map(String.init) }

    /// What conmon, containerd-shim and the benchmark write, and other spellings the library takes.
    @Test(arguments: [
        "--root /run/r create --bundle /b --pid-file /p ctr",
        "--root=/run/r --log /l.json --log-format json --systemd-cgroup create --bundle /b --pid-file /p --console-socket /s ctr",
        "create -b /b --no-pivot --no-new-keyring --preserve-fds 0 ctr",
        "create --root /run/r --bundle=/b ctr",
        "create ctr",
        "--root /run/r start ctr",
        "start --root /run/r ctr",
        "--root /run/r --log /l --log-format=text state ctr",
        "--root /run/r kill ctr",
        "--root /run/r kill ctr KILL",
        "kill --all ctr 9",
        "kill -a ctr TERM",
        "--root /run/r delete ctr",
        "--root /run/r delete --force ctr",
        "delete -f ctr",
        "--debug --criu /usr/sbin/criu delete ctr",
    ])
    func theFastPathReadsWhatTheLibraryReads(_ line: String) throws {
        let fast = try #require(OCIFastPath.parse(Self.words(line)), "the fast path gave up on \(line)")
        #expect(try Self.library(Self.words(line)) == fast, "\(line)")
    }

    /// Lines the fast path leaves to the library: help, other verbs, unknown, repeated or grouped
    /// flags, values that look like flags, missing or extra arguments.
    @Test(arguments: [
        "", "--help", "--version", "-v", "create --help", "help start", "run --bundle /b ctr", "exec ctr true", "list",
        "start", "start a b", "kill a b c", "delete --force --force ctr", "create --bundle /a -b /b ctr",
        "delete -fa ctr", "delete --force=yes ctr", "create --bundle ctr", "create --bundle --pid-file /p ctr",
        "--root", "--root /a --root /b start ctr", "--log-format xml state ctr", "create --preserve-fds x ctr",
        "start --bundle /b ctr", "delete --all ctr", "kill --force ctr", "--frob state ctr", "state -- ctr", "create - ctr",
        "bogus ctr",
    ])
    func theRestIsLeftToTheLibrary(_ line: String) {
        #expect(OCIFastPath.parse(Self.words(line)) == nil, "\(line)")
    }
}
