import ArgumentParser
import BausteinCore

struct DismissCommand: ItemActionCommand {
    static let configuration = CommandConfiguration(commandName: "dismiss", abstract: "Schließt die Anfrage ohne Antwort, mit Grund.")

    @OptionGroup var options: WorkflowOptions
    @OptionGroup var item: ItemActionOptions

    @Option(name: .long, help: "Warum keine Antwort gesendet wird (z. B. Spam, keine passende Antwort, erledigt).")
    var reason: String

    @Option(
        name: .long,
        help: "Art: \(DismissalKind.allCases.map(\.rawValue).joined(separator: ", ")); keine-passende-antwort fließt in 'report gaps' ein.")
    var kind: DismissalKind = .other

    func request() throws -> ReviewRequest {
        .dismiss(reason: reason, kind: kind)
    }
}
