import Foundation

/// `count` threads running `body` at once, returning when all have: the density kind's
/// parallel starts and its teardown with several workers. Threads of their own (1 MiB stacks),
/// not the cooperative pool, because each body blocks in waitpid and reads for the length of
/// a container's start or removal.
enum WorkerThreads {
    static func run(_ count: Int, _ body: @escaping @Sendable () -> Void) {
        let group = DispatchGroup()
        for _ in 0..<count {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                body()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        group.wait()
    }
}
