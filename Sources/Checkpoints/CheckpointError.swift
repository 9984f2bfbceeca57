import NamespaceCore

/// Errors of checkpoint and restore are the core's error: the stage that failed and its errno
/// or cause, as one line (`restore /var/lib/x/images: criu restore: ...`).
public typealias CheckpointError = CoreError
