import NamespaceCore

/// Reports fail with the core's one error, `CoreError` (stage and errno or cause, printed as
/// `read results.json: ENOENT (No such file or directory)`); the name says where it came from.
public typealias ReportError = CoreError
