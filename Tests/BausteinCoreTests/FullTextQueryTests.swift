import Testing

@testable import BausteinCore

/// The MATCH expression builder: every term becomes one quoted FTS5 string, whatever it contains.
@Suite("Full-text query")
struct FullTextQueryTests {
    @Test("terms are quoted and joined with OR; empty terms are left out")
    func quotedAlternatives() {
        #expect(FullTextQuery.anyOf(["sperrmull", "", "abhol"]) == "\"sperrmull\" OR \"abhol\"")
    }

    @Test("quotes inside a term are doubled, so no term can end its string early")
    func embeddedQuotes() {
        #expect(FullTextQuery.anyOf(["a\"b"]) == "\"a\"\"b\"")
        #expect(FullTextQuery.anyOf(["\""]) == "\"\"\"\"")
        #expect(FullTextQuery.anyOf(["\"NEAR(x y)\"*"]) == "\"\"\"NEAR(x y)\"\"*\"")
    }

    @Test("nothing to search gives no expression")
    func empty() {
        #expect(FullTextQuery.anyOf([]) == nil)
        #expect(FullTextQuery.anyOf(["", ""]) == nil)
    }
}
