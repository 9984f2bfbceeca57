import NamespaceCore

/// Docker-style application containers: one process from a layered image, ephemeral, wired
/// to other containers by networks, ports and volumes. Persistent data lives under
/// `AppDirectories.persistent`, run state under `AppDirectories.runtime`.
public enum AppDirectories {
    public static let persistent = ProjectDirectories.persistent + "/app"
    public static let runtime = ProjectDirectories.runtime + "/app"
}
