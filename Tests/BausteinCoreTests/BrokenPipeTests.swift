import BausteinCore
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Writing to a child whose reader is gone")
struct BrokenPipeTests {
    @Test("a write to a pipe whose reader closed fails with EPIPE instead of ending the process with SIGPIPE")
    func readerGone() throws {
        let pipe = Pipe()
        try pipe.fileHandleForReading.close()
        // Without the blocked signal this process (the test runner) would end here.
        #expect(BrokenPipe.write(Data(count: 1 << 20), to: pipe.fileHandleForWriting) == false)
        var pending = sigset_t()
        sigpending(&pending)
        #expect(sigismember(&pending, SIGPIPE) == 0, "a SIGPIPE was left pending")
        var mask = sigset_t()
        pthread_sigmask(SIG_BLOCK, nil, &mask)
        #expect(sigismember(&mask, SIGPIPE) == 0, "SIGPIPE stayed blocked on the thread")
    }

    @Test("a reader that reads gets every byte")
    func readerReads() throws {
        let pipe = Pipe()
        let reader = pipe.fileHandleForReading
        let data = Data((0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0) })
        let group = DispatchGroup()
        nonisolated(unsafe) var read = Data()
        group.enter()
        Thread.detachNewThread {
            read = reader.readDataToEndOfFile()
            group.leave()
        }
        #expect(BrokenPipe.write(data, to: pipe.fileHandleForWriting))
        group.wait()
        #expect(read == data)
    }
}
