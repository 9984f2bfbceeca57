import Synchronization

/// The removals of what a placement made, in the order it was made; run last first, once.
final class PairUndo: Sendable {
    private let steps = Mutex<[@Sendable () -> Void]>([])

    func add(_ step: @escaping @Sendable () -> Void) {
        steps.withLock { $0.append(step) }
    }

    func run() {
        let taken = steps.withLock { steps in
            defer { steps = [] }
            return steps
        }
        for step in taken.reversed() { step() }
    }

    /// `body` builds a pair with this undo list; when it throws, what it made goes first.
    func building<Value>(_ body: () throws -> Value) throws -> Value {
        do {
            return try body()
        } catch {
            run()
            throw error
        }
    }
}
