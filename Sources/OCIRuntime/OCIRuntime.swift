/// OCI bundles run on the namespace core.
public enum OCIRuntime {}
