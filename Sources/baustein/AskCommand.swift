import ArgumentParser
import BausteinCore
import Foundation

struct AskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask", abstract: "Zeigt die drei besten freigegebenen Antworten auf eine Bürgerfrage.")

    @Argument(help: "Die Frage der Bürgerin oder des Bürgers.")
    var question: String

    @OptionGroup var options: DatabaseOptions

    @Option(name: .long, help: "Wie viele Vorschläge gezeigt werden.")
    var limit: Int = 3

    @Flag(name: .long, help: "Das Ergebnis als JSON ausgeben.")
    var json = false

    func validate() throws {
        guard (1...20).contains(limit) else { throw ValidationError("--limit muss zwischen 1 und 20 liegen.") }
    }

    func run() throws {
        try reportingErrors {
            let knowledgeBase = try options.openKnowledgeBase()
            guard try knowledgeBase.activeSnippetCount() > 0 else {
                throw UserError("Die Wissensbasis \(options.databaseDisplayName) ist leer. Zuerst 'baustein sync' ausführen.")
            }
            let meaning = try options.meaningChannel(for: knowledgeBase)
            let matcher = try Matcher(knowledgeBase: knowledgeBase, resources: try options.resources(), meaning: meaning)
            let result = try matcher.match(question, limit: limit)
            if json {
                print(try jsonLine(result))
                return
            }
            // The escalation flags intake would set, so that the press office can try its triggers and examples here.
            let triggers = try options.triggers()
            let byWords = triggers.categories(hitBy: question)
            let byMeaning = try meaning.map { try EscalationSense(triggers: triggers, channel: $0).hits(for: question, in: knowledgeBase) } ?? []
            var flags = byWords.map { "\($0.label) (Wörter)" }
            for hit in byMeaning where !byWords.contains(where: { $0.id == hit.category }) {
                let label = triggers.category(hit.category)?.label ?? hit.category
                flags.append("\(label) (Bedeutung, \(hit.leadText))")
            }
            if !flags.isEmpty {
                print("Hinweise: \(flags.joined(separator: ", ")); in der Warteschlange gelten ihre Regeln (escalation.txt).")
            }
            if result.abstained {
                print(
                    "Keine freigegebene Antwort passt sicher (Frage gehört zu \(percent(result.domainConfidence)) zu dieser Wissensbasis, "
                        + "Schwelle \(percent(result.threshold))). Bitte selbst antworten oder weiterleiten.")
                if !result.suggestions.isEmpty { print("Am nächsten kamen (unsicher, keine davon passt sicher):") }
            }
            for (rank, suggestion) in result.suggestions.enumerated() {
                // No percentage under an abstention: a high figure there would contradict "passt nicht sicher".
                let sureness = result.abstained ? "unsicher" : percent(suggestion.confidence)
                print("\(rank + 1). \(suggestion.snippetID)  \(sureness)  \(suggestion.title)")
                let reasons = suggestion.reasons.map { reason in
                    switch reason.origin {
                    case .exact: return reason.word
                    case .meaning: return "ähnliche Bedeutung (\(GermanNumber.decimal(suggestion.meaning ?? 0, digits: 2)))"
                    case .askedBefore: return "so schon gefragt: „\(reason.word)“"
                    default: return "\(reason.word)→\(reason.term) (\(label(reason.origin)))"
                    }
                }
                if !reasons.isEmpty { print("   Treffer: \(reasons.joined(separator: ", "))") }
            }
            if !result.unknownWords.isEmpty {
                print("Unbekannte Wörter: \(result.unknownWords.joined(separator: ", "))")
            }
        }
    }

    private func percent(_ value: Double) -> String { GermanNumber.percent(value) }

    private func label(_ origin: TermOrigin) -> String {
        switch origin {
        case .exact: return "Wort"
        case .compoundPart: return "Wortteil"
        case .compound: return "Kompositum"
        case .synonym: return "Synonym"
        case .typo: return "Tippfehler"
        case .thesaurus: return "Thesaurus"
        case .association: return "gelernt"
        case .verbForm: return "Verbform"
        case .meaning: return "Bedeutung"
        case .askedBefore: return "schon gefragt"
        }
    }
}
