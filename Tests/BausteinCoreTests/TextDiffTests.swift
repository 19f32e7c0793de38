import BausteinCore
import Testing

/// The word diff the press office sees in the audit trail: what staff changed in an approved text, in the
/// `[-removed-]{+added+}` form of `git diff --word-diff`.
@Suite("Text diff")
struct TextDiffTests {
    @Test("texts that differ only in whitespace are the same")
    func sameIgnoringWhitespace() {
        #expect(TextDiff.isSame("Guten Tag, Frau Roth.", "Guten  Tag,\nFrau Roth.\n"))
        #expect(TextDiff.isSame("a\tb\r\nc", " a b c "))
        #expect(TextDiff.describe(from: "Guten Tag", to: "Guten\n\nTag ") == nil)
    }

    @Test("a changed word, a changed case or punctuation is a difference")
    func differences() {
        #expect(!TextDiff.isSame("Guten Tag", "Guten Abend"))
        #expect(!TextDiff.isSame("Guten Tag", "guten Tag"))
        #expect(!TextDiff.isSame("Guten Tag", "Guten Tag!"))
    }

    @Test("a replaced word shows as removed then added, with the unchanged words around it")
    func replacement() {
        #expect(TextDiff.describe(from: "Die Abholung dauert drei Wochen.", to: "Die Abholung dauert zwei Wochen.")
            == "Die Abholung dauert [-drei-] {+zwei+} Wochen.")
    }

    @Test("words added at the end or removed at the start")
    func additionsAndRemovals() {
        #expect(TextDiff.describe(from: "Vielen Dank.", to: "Vielen Dank. Ihr Team") == "Vielen Dank. {+Ihr Team+}")
        #expect(TextDiff.describe(from: "Hallo, vielen Dank.", to: "vielen Dank.") == "[-Hallo,-] vielen Dank.")
    }

    @Test("consecutive changes are grouped into one removal and one addition")
    func grouping() {
        #expect(TextDiff.describe(from: "a b c d", to: "a x y d") == "a [-b c-] {+x y+} d")
        #expect(TextDiff.describe(from: "alt", to: "neu ganz") == "[-alt-] {+neu ganz+}")
    }

    @Test("from or to an empty text")
    func empty() {
        #expect(TextDiff.describe(from: "", to: "Neuer Text") == "{+Neuer Text+}")
        #expect(TextDiff.describe(from: "Alter Text", to: "") == "[-Alter Text-]")
    }
}
