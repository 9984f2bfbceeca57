#if canImport(Glibc)
import Glibc
#endif

/// Which architecture this host is, under each of the names the formats call it by:
/// the kernel's (`uname -m`, as LXD's metadata.yaml writes it), image-spec's and Go's
/// (`amd64`), and libseccomp's (`SCMP_ARCH_X86_64`, with the sub-architectures the same
/// kernel runs, as Docker's profile `archMap` lists them).
public struct HostArchitecture: Sendable, Equatable {
    /// `x86_64`, `aarch64`...
    public let kernelName: String

    public init(kernelName: String) {
        self.kernelName = kernelName
    }

    /// This machine, from uname(2).
    public static let current = HostArchitecture(kernelName: machineName())

    /// image-spec's `architecture` (GOARCH): `amd64`, `arm64`...; an unknown machine keeps its kernel name.
    public var imageName: String {
        Self.table[kernelName]?.image ?? kernelName
    }

    /// libseccomp's name of the native architecture (nil: a machine this table does not know).
    public var seccompName: String? {
        Self.table[kernelName]?.seccomp
    }

    /// The native seccomp architecture first, then those its kernel also runs (empty for an
    /// unknown machine: a filter always has the native one).
    public var seccompArchitectures: [String] {
        Self.table[kernelName].map { [$0.seccomp] + $0.seccompSub } ?? []
    }

    /// Every name a file may use for this architecture (a Docker profile's `includes.arches`).
    public var names: Set<String> {
        [kernelName, imageName]
    }

    private static let table: [String: (image: String, seccomp: String, seccompSub: [String])] = [
        "x86_64": ("amd64", "SCMP_ARCH_X86_64", ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]),
        "aarch64": ("arm64", "SCMP_ARCH_AARCH64", ["SCMP_ARCH_ARM"]),
        "armv7l": ("arm", "SCMP_ARCH_ARM", []),
        "i686": ("386", "SCMP_ARCH_X86", []),
        "ppc64le": ("ppc64le", "SCMP_ARCH_PPC64LE", []),
        "s390x": ("s390x", "SCMP_ARCH_S390X", ["SCMP_ARCH_S390"]),
        "riscv64": ("riscv64", "SCMP_ARCH_RISCV64", []),
    ]

    private static func machineName() -> String {
        var names = utsname()
        guard uname(&names) == 0 else { return "unknown" }
        return withUnsafeBytes(of: &names.machine) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
