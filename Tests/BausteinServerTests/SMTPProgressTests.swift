@testable import BausteinServer
import Testing

/// The one decision between an SMTP conversation and its deadline: whether the message's final dot goes out.
@Suite("SMTP deadline and the end of the message")
struct SMTPProgressTests {
    @Test("a deadline before the dot forbids it: the reply is 'not sent' and can never arrive later")
    func deadlineFirst() {
        let progress = SMTPClient.Progress()
        #expect(progress.expire() == false, "outcome known: nothing went out")
        #expect(progress.endMessage() == false, "the cancelled conversation must not send the dot afterwards")
    }

    @Test("a dot before the deadline makes the outcome unknown: handed to staff, never sent again")
    func dotFirst() {
        let progress = SMTPClient.Progress()
        #expect(progress.endMessage())
        #expect(progress.expire(), "the server may have the message")
    }
}
