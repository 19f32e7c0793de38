import ArgumentParser
import BausteinCore
import Foundation

struct AuditAnchorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "anchor",
        abstract: "Gibt den aktuellen Kopf des Protokolls als Anker SEQ:HASH aus, zum Aufbewahren außerhalb von Baustein.",
        discussion: """
            Den Anker in ein Ticket, eine E-Mail oder ein zweites System kopieren. 'baustein audit verify --anchor SEQ:HASH'
            beweist später, dass bis zu dieser Zeile nichts verändert wurde – auch nicht von jemandem mit dem Schlüssel.
            """)

    @OptionGroup var options: WorkflowOptions

    func run() throws {
        try reportingErrors {
            let workflow = try options.openWorkflow()
            guard let anchor = try workflow.auditLog.anchor() else {
                print("Das Protokoll ist leer; noch kein Anker.")
                return
            }
            print(anchor.description)
            printError("Anker vom \(workflow.clock.timestamp) (Zeile \(anchor.seq)); prüfen mit: baustein audit verify --anchor \(anchor)")
        }
    }
}

struct AuditSeal: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seal",
        abstract: "Versiegelt ein Protokoll aus der Zeit vor dem Protokollschlüssel (einmalig, nur admin).")

    @OptionGroup var options: WorkflowOptions

    func run() throws {
        try reportingErrors {
            let workflow = try options.openWorkflow()
            let before = try workflow.auditLog.seal(by: try options.person(in: workflow))
            print("Protokoll versiegelt: \(before.rows) Zeilen geprüft und mit dem Schlüssel neu verkettet.")
            print("Bisheriger Kopf (aufbewahren): \(before.rows):\(before.head ?? "-")")
            if let anchor = try workflow.auditLog.anchor() { print("Neuer Anker: \(anchor)") }
        }
    }
}
