import NIOPosix

/// Runs store work (synchronous SQLite calls) on NIO's blocking thread pool, off the event loops.
func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await NIOThreadPool.singleton.runIfActive(body)
}
