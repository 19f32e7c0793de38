import BausteinCore
import BausteinTestSupport
import Foundation
import Testing

/// One JSON line from a channel becomes a message, or a clear error that says which field is wrong; a message
/// that is not worth storing (unknown channel, no text, far too long) is refused before it reaches the database.
@Suite("Incoming message")
struct IncomingMessageTests {
    static func parse(_ line: String) throws(IntakeError) -> IncomingMessage {
        try IncomingMessage.parse(jsonLine: Array(line.utf8))
    }

    @Test("a complete line keeps every field; the channel is read case-insensitively")
    func completeLine() throws {
        let message = try Self.parse(
            #"{"id":"fb-1","channel":"Facebook","author":"Erika M.","text":"Wann ist der Sperrmüll?","received_at":"2026-11-26T09:30:00Z","public":true,"reply_to":"comment-9"}"#
        )
        #expect(message.externalID == "fb-1")
        #expect(message.channel == "facebook")
        #expect(message.author == "Erika M.")
        #expect(message.text == "Wann ist der Sperrmüll?")
        #expect(message.receivedAt == Timestamp.parse("2026-11-26T09:30:00Z"))
        #expect(message.isPublic)
        #expect(message.replyTo == "comment-9")
    }

    @Test("only channel and text are required; public defaults to false")
    func minimalLine() throws {
        let message = try Self.parse(#"{"channel":"email","text":"Hallo","author":null,"id":null}"#)
        #expect(message.externalID == nil)
        #expect(message.author == nil)
        #expect(message.receivedAt == nil)
        #expect(!message.isPublic)
        #expect(message.replyTo == nil)
    }

    @Test("fields Baustein does not know are ignored, so platforms can send more")
    func unknownFieldsIgnored() throws {
        let message = try Self.parse(#"{"channel":"web","text":"Hallo","likes":3,"meta":{"a":[1,2]}}"#)
        #expect(message.text == "Hallo")
    }

    @Test("a numeric id (Telegram, X) and a numeric reply_to become text")
    func numericID() throws {
        let message = try Self.parse(#"{"id":1234567890123,"channel":"telegram","text":"Hallo","reply_to":42}"#)
        #expect(message.externalID == "1234567890123")
        #expect(message.replyTo == "42")
    }

    @Test("an id that is a fraction or a boolean is refused", arguments: [#"1.5"#, #"true"#, #"[1]"#])
    func badID(_ id: String) {
        #expect(throws: IntakeError.wrongType(field: "id", expected: "ein Text oder eine ganze Zahl")) {
            try Self.parse(#"{"id":\#(id),"channel":"x","text":"Hallo"}"#)
        }
    }

    @Test("broken JSON is refused with a hint at the expected form")
    func brokenJSON() {
        let error = caught { try Self.parse(#"{"channel":"x","text":"Hallo""#) }
        guard case .invalidJSON = error as? IntakeError else {
            Issue.record("expected invalidJSON, got \(String(describing: error))")
            return
        }
        #expect("\(error!)".contains("je Zeile genau ein Objekt"))
    }

    @Test("an empty line is broken JSON, not a crash")
    func emptyLine() {
        #expect(throws: IntakeError.self) { try Self.parse("") }
    }

    @Test("a line that is valid JSON but not an object is refused", arguments: [#"[1,2]"#, #""Hallo""#, "42", "null"])
    func notAnObject(_ line: String) {
        #expect(throws: IntakeError.notAnObject) { try Self.parse(line) }
    }

    @Test("a missing channel or text names the field")
    func missingFields() {
        #expect(throws: IntakeError.missingField("channel")) { try Self.parse(#"{"text":"Hallo"}"#) }
        #expect(throws: IntakeError.missingField("text")) { try Self.parse(#"{"channel":"x"}"#) }
        #expect(IntakeError.missingField("text").field == "text")
    }

    @Test("wrong types name the field and what it must be")
    func wrongTypes() {
        #expect(throws: IntakeError.wrongType(field: "text", expected: "ein Text")) { try Self.parse(#"{"channel":"x","text":5}"#) }
        #expect(throws: IntakeError.wrongType(field: "text", expected: "ein Text")) { try Self.parse(#"{"channel":"x","text":null}"#) }
        #expect(throws: IntakeError.wrongType(field: "channel", expected: "ein Text")) { try Self.parse(#"{"channel":7,"text":"Hallo"}"#) }
        #expect(throws: IntakeError.wrongType(field: "author", expected: "ein Text")) {
            try Self.parse(#"{"channel":"x","text":"Hallo","author":{"name":"Erika"}}"#)
        }
        #expect(throws: IntakeError.wrongType(field: "public", expected: "true oder false")) {
            try Self.parse(#"{"channel":"x","text":"Hallo","public":"yes"}"#)
        }
        #expect(throws: IntakeError.wrongType(field: "public", expected: "true oder false")) {
            try Self.parse(#"{"channel":"x","text":"Hallo","public":1}"#)
        }
        #expect(throws: IntakeError.wrongType(field: "reply_to", expected: "ein Text oder eine Zahl")) {
            try Self.parse(#"{"channel":"x","text":"Hallo","reply_to":false}"#)
        }
    }

    @Test("bytes that are not UTF-8 are refused before JSON parsing")
    func invalidUTF8() {
        var bytes = Array(#"{"channel":"x","text":"Gr"#.utf8)
        bytes += [0xFC, 0xDF]  // "üß" in Latin-1
        bytes += Array(#"e"}"#.utf8)
        #expect(throws: IntakeError.invalidUTF8) { try IncomingMessage.parse(jsonLine: bytes) }
        #expect("\(IntakeError.invalidUTF8)".contains("UTF-8"))
    }

    @Test("received_at accepts ISO 8601 with offsets and fractions, and refuses anything else")
    func receivedAt() throws {
        let withOffset = try Self.parse(#"{"channel":"x","text":"a","received_at":"2026-11-26T10:30:00+01:00"}"#)
        #expect(withOffset.receivedAt == Timestamp.parse("2026-11-26T09:30:00Z"))
        let withFraction = try Self.parse(#"{"channel":"x","text":"a","received_at":"2026-11-26T09:30:00.250Z"}"#)
        #expect(withFraction.receivedAt.map(Timestamp.format) == "2026-11-26T09:30:00Z")
        #expect(throws: IntakeError.invalidTimestamp("gestern")) {
            try Self.parse(#"{"channel":"x","text":"a","received_at":"gestern"}"#)
        }
        #expect(throws: IntakeError.invalidTimestamp("26.11.2026")) {
            try Self.parse(#"{"channel":"x","text":"a","received_at":"26.11.2026"}"#)
        }
        #expect(IntakeError.invalidTimestamp("x").field == "received_at")
    }

    // MARK: validate

    @Test("an unknown channel is refused with the list of known channels")
    func unknownChannel() throws {
        let configuration = WorkflowConfiguration()
        let message = IncomingMessage(channel: "myspace", text: "Hallo")
        let error = caught { try message.validate(configuration) }
        let expected = IntakeError.unknownChannel("myspace", known: configuration.channels.keys.sorted())
        #expect(error as? IntakeError == expected)
        let text = "\(expected)"
        #expect(text.contains("myspace") && text.contains("facebook") && text.contains("mastodon") && text.contains("baustein.yaml"))
    }

    @Test("a channel added in the configuration is accepted")
    func configuredChannel() throws {
        var configuration = WorkflowConfiguration()
        configuration.channels["sms"] = ChannelPolicy(maxLength: 160)
        try IncomingMessage(channel: "sms", text: "Hallo").validate(configuration)
    }

    @Test("empty or whitespace-only text is refused", arguments: ["", "   ", "\n\t \r\n"])
    func emptyText(_ text: String) {
        #expect(throws: IntakeError.emptyText) { try IncomingMessage(channel: "web", text: text).validate(WorkflowConfiguration()) }
    }

    @Test("a 1 MB message is refused with its size and the limit")
    func oneMegabyte() throws {
        let text = String(repeating: "a", count: 1_000_000)
        let line = #"{"channel":"email","text":"\#(text)"}"#
        let message = try Self.parse(line)
        #expect(throws: IntakeError.tooLong(bytes: 1_000_000, limit: 20_000)) { try message.validate(WorkflowConfiguration()) }
        #expect("\(IntakeError.tooLong(bytes: 1_000_000, limit: 20_000))".contains("max_message_bytes"))
    }

    @Test("the size limit counts UTF-8 bytes and is inclusive")
    func limitInBytes() throws {
        let configuration = WorkflowConfiguration()
        try IncomingMessage(channel: "web", text: String(repeating: "a", count: 20_000)).validate(configuration)
        try IncomingMessage(channel: "web", text: String(repeating: "ä", count: 10_000)).validate(configuration)
        #expect(throws: IntakeError.tooLong(bytes: 20_002, limit: 20_000)) {
            try IncomingMessage(channel: "web", text: String(repeating: "ä", count: 10_001)).validate(configuration)
        }
    }

    @Test("a smaller configured limit applies")
    func configuredLimit() {
        var configuration = WorkflowConfiguration()
        configuration.maxMessageBytes = 10
        #expect(throws: IntakeError.tooLong(bytes: 11, limit: 10)) {
            try IncomingMessage(channel: "web", text: "Hallo Welt!").validate(configuration)
        }
    }
}
