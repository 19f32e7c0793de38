import ArgumentParser
import BausteinCore

struct DismissCommand: ItemActionCommand {
    static let configuration = CommandConfiguration(commandName: "dismiss", abstract: "Schließt die Anfrage ohne Antwort, mit Grund.")

    @OptionGroup var options: WorkflowOptions
    @OptionGroup var item: ItemActionOptions

    @Option(name: .long, help: "Why no reply is sent (e.g. Spam, keine passende Antwort, erledigt).")
    var reason: String

    @Option(name: .long, help: "Kind: \(DismissalKind.allCases.map(\.rawValue).joined(separator: ", ")); keine-passende-antwort feeds 'report gaps'.")
    var kind: DismissalKind = .other

    func request() throws -> ReviewRequest {
        .dismiss(reason: reason, kind: kind)
    }
}
