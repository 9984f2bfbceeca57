/// A yardstick rather than a runtime (the `unshare` floor, a no-op): it takes part only in
/// scenarios that name it, never in every scenario by default.
public protocol ReferenceTarget: ContainerTarget {}
