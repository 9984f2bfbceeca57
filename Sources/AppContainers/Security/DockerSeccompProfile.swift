#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NamespaceCore
#if canImport(Glibc)
import Glibc
#endif

/// A seccomp profile in Docker's JSON format (`--security-opt seccomp=FILE`), resolved for
/// one container: `includes`/`excludes` are decided here against its capabilities, the host
/// architecture and the kernel version, so the result is a plain `SeccompProfile`.
public struct DockerSeccompProfile: Sendable {

    /// Reads and resolves `path`. Every problem is one line naming the file and the key.
    public static func load(path: String, capabilities: Set<UInt32>,
                            kernelVersion: (Int, Int)? = hostKernelVersion()) throws(CoreError) -> SeccompProfile {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw CoreError(stage: "seccomp profile \(path)", errno: ENOENT,
                            detail: "cannot read the file; give a readable Docker seccomp JSON file")
        }
        return try parse(data, source: path, capabilities: capabilities, kernelVersion: kernelVersion)
    }

    /// Resolves a profile held in memory; `source` names it in errors.
    public static func parse(_ data: Data, source: String, capabilities: Set<UInt32>,
                             kernelVersion: (Int, Int)?) throws(CoreError) -> SeccompProfile {
        let file: ProfileFile
        do { file = try JSONDecoder().decode(ProfileFile.self, from: data) } catch {
            throw CoreError(stage: "seccomp profile \(source)", detail: describe(error))
        }
        func fail(_ key: String, _ problem: String) -> CoreError {
            CoreError(stage: "seccomp profile \(source)", detail: "\(key): \(problem)")
        }
        let defaultAction: SeccompAction
        do { defaultAction = try SeccompAction(name: file.defaultAction, errnoRet: file.defaultErrnoRet) } catch {
            throw fail("defaultAction", error.detail ?? error.description)
        }
        var flags: [SeccompFilterFlag] = []
        for (index, name) in (file.flags ?? []).enumerated() {
            do { flags.append(try SeccompFilterFlag(name: name)) } catch {
                throw fail("flags[\(index)]", error.detail ?? error.description)
            }
        }
        let context = Context(capabilities: Set(capabilities.map { Capability.name(of: $0) }),
                              kernelVersion: kernelVersion)
        var rules: [SeccompRule] = []
        for (index, entry) in (file.syscalls ?? []).enumerated() {
            let key = "syscalls[\(index)]"
            guard try context.includes(entry, key: key, fail: fail) else { continue }
            let names = (entry.names ?? []) + (entry.name.map { [$0] } ?? [])
            guard !names.isEmpty else { throw fail(key, "has neither 'names' nor 'name'") }
            let action: SeccompAction
            do { action = try SeccompAction(name: entry.action, errnoRet: entry.errnoRet) } catch {
                throw fail(key + ".action", error.detail ?? error.description)
            }
            var conditions: [SeccompCondition] = []
            for (argIndex, arg) in (entry.args ?? []).enumerated() {
                let op: SeccompOperator
                do { op = try SeccompOperator(name: arg.op) } catch {
                    throw fail("\(key).args[\(argIndex)].op", error.detail ?? error.description)
                }
                guard arg.index < 6 else { throw fail("\(key).args[\(argIndex)].index", "\(arg.index) is not in 0...5") }
                conditions.append(SeccompCondition(index: arg.index, value: arg.value, valueTwo: arg.valueTwo ?? 0, op: op))
            }
            rules.append(SeccompRule(syscalls: names, action: action, conditions: conditions))
        }
        return SeccompProfile(defaultAction: defaultAction, architectures: architectures(of: file),
                              flags: flags, rules: rules)
    }

    /// `archMap` entries for this host give the native arch and its sub-architectures;
    /// otherwise the plain `architectures` list is used.
    static func architectures(of file: ProfileFile) -> [String] {
        if let map = file.archMap, let entry = map.first(where: { $0.architecture == HostArchitecture.current.seccompName }) {
            return [entry.architecture] + (entry.subArchitectures ?? [])
        }
        return file.architectures ?? []
    }

    /// The kernel's major.minor from uname(2).
    public static func hostKernelVersion() -> (Int, Int)? {
        var info = utsname()
        guard uname(&info) == 0 else { return nil }
        let release = withUnsafeBytes(of: &info.release) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        return parseKernelVersion(release)
    }

    static func parseKernelVersion(_ text: String) -> (Int, Int)? {
        let parts = text.split(whereSeparator: { !$0.isNumber }).prefix(2).compactMap { Int($0) }
        guard parts.count == 2 else { return nil }
        return (parts[0], parts[1])
    }

    /// `syscalls[2].names: expected an array` from a DecodingError.
    static func describe(_ error: any Error) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            var text = ""
            for key in keys {
                if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
            }
            return text.isEmpty ? "top level" : text
        }
        switch error as? DecodingError {
        case .typeMismatch(let type, let context)?:
            return "\(path(context.codingPath)): expected \(type); fix the value"
        case .valueNotFound(_, let context)?:
            return "\(path(context.codingPath)): missing value"
        case .keyNotFound(let key, let context)?:
            return "\(path(context.codingPath + [key])): required key is missing"
        case .dataCorrupted(let context)?:
            return "\(path(context.codingPath)): not valid JSON"
        default:
            return "not a Docker seccomp profile (\(error))"
        }
    }
}

extension DockerSeccompProfile {
    struct Context {
        var capabilities: Set<String>
        var kernelVersion: (Int, Int)?

        /// Docker's rule: every `includes` condition must hold and no `excludes` one.
        func includes(_ entry: SyscallEntry, key: String,
                      fail: (String, String) -> CoreError) throws(CoreError) -> Bool {
            if let filter = entry.includes {
                if let caps = filter.caps, !caps.isEmpty, !caps.allSatisfy({ capabilities.contains(Self.canonical($0)) }) { return false }
                if let arches = filter.arches, !arches.isEmpty, arches.allSatisfy({ !HostArchitecture.current.names.contains($0) }) { return false }
                if let minimum = filter.minKernel, !minimum.isEmpty {
                    guard let wanted = DockerSeccompProfile.parseKernelVersion(minimum) else {
                        throw fail(key + ".includes.minKernel", "'\(minimum)' is not a kernel version like 4.8")
                    }
                    if let kernelVersion, kernelVersion < wanted { return false }
                }
            }
            if let filter = entry.excludes {
                if let caps = filter.caps, caps.contains(where: { capabilities.contains(Self.canonical($0)) }) { return false }
                if let arches = filter.arches, arches.contains(where: { HostArchitecture.current.names.contains($0) }) { return false }
            }
            return true
        }

        static func canonical(_ name: String) -> String {
            let upper = name.uppercased()
            return upper.hasPrefix("CAP_") ? upper : "CAP_" + upper
        }
    }

    struct ProfileFile: Decodable {
        var defaultAction: String
        var defaultErrnoRet: UInt32?
        var architectures: [String]?
        var archMap: [ArchMapEntry]?
        var flags: [String]?
        var syscalls: [SyscallEntry]?
    }

    struct ArchMapEntry: Decodable {
        var architecture: String
        var subArchitectures: [String]?
    }

    struct SyscallEntry: Decodable {
        var names: [String]?
        var name: String?
        var action: String
        var errnoRet: UInt32?
        var args: [Argument]?
        var includes: Filter?
        var excludes: Filter?
    }

    struct Argument: Decodable {
        var index: UInt32
        var value: UInt64
        var valueTwo: UInt64?
        var op: String
    }

    struct Filter: Decodable {
        var caps: [String]?
        var arches: [String]?
        var minKernel: String?
    }
}
