import NamespaceCore

/// A foreground container killed because this process got one of `AppRuntime.stoppingSignals`.
public struct AppRunStopped: Error, Sendable, Equatable, CustomStringConvertible {
    public var signal: Int32

    public init(signal: Int32) {
        self.signal = signal
    }

    public var description: String { "stopped by \(Signal.name(of: signal))" }
}
