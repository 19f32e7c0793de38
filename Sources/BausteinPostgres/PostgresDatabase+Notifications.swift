extension PostgresDatabase {
    /// Starts listening on `channel` on a connection of its own (outside the pool's count), reconnecting after losses.
    ///
    /// `onEvent` first gets ``PostgresNotificationEvent/listening`` once subscribed, then each notification's payload;
    /// after a lost connection, `.listening` again. It runs on an event loop thread: return quickly, block nothing.
    ///
    /// ```swift
    /// let listener = try database.listen(channel: "snippets") { event in
    ///     if case .notification(let generation) = event { queue.async { reload(generation) } }
    /// }
    /// ```
    ///
    /// - Throws: ``PostgresStoreError/invalidChannelName(_:)`` or ``PostgresStoreError/closed``.
    public func listen(channel: String, onEvent: @escaping @Sendable (PostgresNotificationEvent) -> Void) throws -> PostgresListener {
        try Self.validate(channel: channel)
        guard !pool.isClosed else { throw PostgresStoreError.closed }
        let listener = PostgresListener(channel: channel, pool: pool, eventLoop: eventLoopGroup.next(), logger: logger, handler: onEvent)
        register(listener)
        listener.start()
        return listener
    }

    /// Sends `payload` to the listeners of `channel` in every process, in a transaction of its own.
    ///
    /// Inside a ``write(_:)``, `SELECT pg_notify(?, ?)` sends it with that transaction's commit instead.
    public func notify(channel: String, payload: String) throws {
        try Self.validate(channel: channel)
        try write { session in
            _ = try session.execute("SELECT pg_notify(?, ?)", [channel, payload])
        }
    }

    /// Channel names are identifiers that PostgresNIO puts in double quotes without escaping: letters, digits, underscores.
    private static func validate(channel: String) throws {
        let valid =
            (1...63).contains(channel.utf8.count)
            && channel.utf8.allSatisfy { byte in
                byte == UInt8(ascii: "_") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                    || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
            }
        guard valid else { throw PostgresStoreError.invalidChannelName(channel) }
    }
}
