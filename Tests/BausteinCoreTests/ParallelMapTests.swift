import Foundation
import Testing

@testable import BausteinCore

#if canImport(Glibc)
    import Glibc
#endif

/// Mapping on all cores: order kept, errors rethrown, and background work on threads of lower priority.
@Suite("Parallel map")
struct ParallelMapTests {
    struct Odd: Error, Equatable {
        var value: Int
    }

    @Test("results keep the order of the elements", arguments: [WorkPriority.normal, .background])
    func order(priority: WorkPriority) throws {
        let values = Array(0..<1_000)
        #expect(try values.parallelMap(priority: priority) { $0 * $0 } == values.map { $0 * $0 })
        #expect(try [Int]().parallelMap(priority: priority) { $0 }.isEmpty)
    }

    @Test("an error of any element is rethrown", arguments: [WorkPriority.normal, .background])
    func errors(priority: WorkPriority) throws {
        #expect(throws: Odd.self) {
            try [2, 4, 5, 6].parallelMap(priority: priority) { value in
                if value % 2 == 1 { throw Odd(value: value) }
                return value
            }
        }
    }

    #if os(Linux)
        @Test("background work runs 10 nice steps lower on threads of its own; the caller's priority is unchanged")
        func backgroundPriority() throws {
            let callerBefore = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
            let seen = try Array(0..<8).parallelMap(priority: .background) { _ in
                getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
            }
            // New threads inherit the nice value of the thread that starts them.
            #expect(Set(seen) == [min(callerBefore + 10, 19)])
            #expect(getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) == callerBefore)
            // Normal work keeps the priority the process runs with.
            let normal = try Array(0..<8).parallelMap(priority: .normal) { _ in
                getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
            }
            if min(callerBefore + 10, 19) > callerBefore { #expect(!normal.contains(min(callerBefore + 10, 19))) }
        }
    #endif
}
