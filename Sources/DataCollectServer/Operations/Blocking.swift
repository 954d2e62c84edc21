import NIOPosix

/// The threads that run store work (synchronous SQLite and PostgreSQL calls), off the event
/// loops and off Swift's cooperative pool, which has only as many threads as the machine has
/// cores: one slow query must not stall every other request.
enum StoreThreads {
    static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 16)
        pool.start()
        return pool
    }()
}

/// Runs store work on ``StoreThreads/pool``.
func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await StoreThreads.pool.runIfActive(body)
}
