import Synchronization

/// Images a target loaded into its engine during a run (the application stack's), removed
/// together when the target finishes.
final class LoadedImages: Sendable {
    private let references = Mutex<[String]>([])

    /// `load(reference)` unless loaded already in this run (or `present` says the engine has it).
    func ensure(_ reference: String, present: () -> Bool, load: () throws -> Void) throws {
        try references.withLock { loaded in
            guard !loaded.contains(reference) else { return }
            if !present() { try load() }
            loaded.append(reference)
        }
    }

    /// Forgets every image, handing each to `remove`.
    func removeAll(_ remove: (String) -> Void) {
        references.withLock { loaded -> [String] in
            defer { loaded = [] }
            return loaded
        }.forEach(remove)
    }
}
