import Checkpoints
import NamespaceCore

/// Whether a target can checkpoint here; the reason when not, shown as a skip.
public enum CheckpointSupport: Sendable, Equatable {
    case supported(criu: String)
    case unsupported(reason: String)

    public var isSupported: Bool {
        if case .supported = self { return true }
        return false
    }

    public var reason: String? {
        if case .unsupported(let reason) = self { return reason }
        return nil
    }

    /// The criu that runtimes run: on their PATH, else the criu 4 Scripts/setup provisions
    /// (Debian's 3.17 fails on this kernel).
    public static func findCRIU(environment: [String: String]) -> String? {
        CRIUService.find(environment: environment)
    }

    /// Support of an OCI runtime judged from its `--version` output: crun lists `+CRIU` among
    /// its build features when it has it (Debian 12's crun 1.8.1 does not); runc and cbench-oci
    /// always checkpoint through an external criu; anything else has no checkpoint.
    public static func ociRuntime(_ name: String, versionText: String, criu: String?) -> CheckpointSupport {
        let firstLine = versionText.firstLine()
        if versionText.contains("crun version") && !versionText.contains("+CRIU") {
            return .unsupported(reason: "\(firstLine) is built without CRIU support (no +CRIU in its --version features)")
        }
        let viaCRIU = versionText.contains("crun version") || versionText.contains("runc version") || name == "cbench-oci"
        guard viaCRIU else {
            return .unsupported(reason: "\(name) has no checkpoint/restore")
        }
        guard let criu else {
            return .unsupported(reason: "\(name) checkpoints through CRIU and criu is not installed (Scripts/setup provisions criu 4)")
        }
        return .supported(criu: criu)
    }
}
