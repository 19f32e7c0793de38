/// How far a long piece of work has come (`done` of `total` units), for a progress line.
///
/// The core reports it through a closure; how it is shown (a line on a terminal, nothing in a pipe) is the caller's.
public struct WorkProgress: Sendable, Equatable {
    public var done: Int
    public var total: Int

    public init(done: Int, total: Int) {
        self.done = done
        self.total = total
    }
}
