import ArgumentParser
import BausteinCore
import Foundation

struct QueueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Listet Anfragen: die eigenen offenen (nach Rolle), einen Zustand oder alle.",
        discussion: "Zustände: \(ReviewState.allCases.map(\.rawValue).joined(separator: ", ")).")

    @OptionGroup var options: WorkflowOptions

    @Option(name: .long, help: "Nur Anfragen in diesem Zustand (mehrfach möglich).")
    var state: [String] = []

    @Flag(name: .long, help: "Alle Anfragen in jedem Zustand.")
    var all = false

    @Flag(name: .long, help: "Ein JSON-Objekt je Anfrage ausgeben.")
    var json = false

    func validate() throws {
        for name in state where ReviewState(rawValue: name) == nil {
            throw ValidationError("Unbekannter Zustand '\(name)'. Erlaubt: \(ReviewState.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
    }

    func run() throws {
        try reportingErrors {
            let chosen: [ReviewState]? =
                all ? ReviewState.allCases : !state.isEmpty ? state.compactMap(ReviewState.init(rawValue:)) : nil
            let states: [ReviewState]
            let entries: [QueueEntry]
            let now: Date
            if let client = try options.remote() {
                states = try chosen ?? ReviewQueue.defaultStates(for: client.session().member.role)
                entries = try client.queue(states: states)
                now = Date()
            } else {
                let workflow = try options.openWorkflow()
                let person = try options.optionalPerson(in: workflow)
                states = chosen ?? person.map { ReviewQueue.defaultStates(for: $0.role) } ?? [.open, .returned]
                entries = try workflow.queue.entries(states: states, for: person)
                now = workflow.clock.now()
            }
            if json {
                for entry in entries { print(try jsonLine(entry)) }
                return
            }
            guard !entries.isEmpty else {
                print("Keine Anfragen in: \(states.map(\.label).joined(separator: ", ")).")
                return
            }
            let printer = ItemPrinter(now: now)
            for entry in entries { print(printer.queueLine(entry)) }
            print("\n\(entries.count) Anfrage(n). Ansehen: baustein show ID · bearbeiten: baustein review")
        }
    }
}
