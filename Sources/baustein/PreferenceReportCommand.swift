import ArgumentParser
import BausteinCore
import Foundation

struct PreferenceReport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preference",
        abstract: "Was der Abgleich aus den Entscheidungen gelernt hat: welche Gruppen (Freigabe durch, Schlagwort) das Team wählt oder übergeht.")

    @OptionGroup var database: DatabaseOptions

    @Flag(name: .long, help: "Die Vorlieben als ein JSON-Objekt ausgeben.")
    var json = false

    func run() throws {
        try reportingErrors {
            let preference = try database.openKnowledgeBase().groupPreference()
            if json {
                print(try jsonLine(preference))
                return
            }
            guard !preference.groups.isEmpty else {
                print("Noch nichts gelernt: es braucht bestätigte Antworten, bei denen ein anderer Vorschlag übergangen wurde.")
                return
            }
            let weights = MatchWeights()
            print(
                "Faktor: wie viel öfter als im Schnitt das Team einen vorgeschlagenen Textbaustein der Gruppe wählt; "
                    + "der Rang bekommt, was log(Faktor) über ±\(GermanNumber.decimal(weights.preferenceMinimumLift, digits: 2)) hinausgeht "
                    + "(zwischen \(GermanNumber.decimal(exp(-weights.preferenceMinimumLift), digits: 2))× und "
                    + "\(GermanNumber.decimal(exp(weights.preferenceMinimumLift), digits: 2))× nichts), "
                    + "× \(GermanNumber.decimal(weights.meaningPreference, digits: 1)) "
                    + "(nur Wörter: × \(GermanNumber.decimal(weights.preference, digits: 1))).")
            print("gewählt  übergangen  Faktor  Gruppe")
            for group in preference.groups {
                print(
                    [
                        String(group.chosen).leftPadded(to: 7), String(group.passedOver).leftPadded(to: 10), group.factor.leftPadded(to: 6),
                        group.label,
                    ]
                    .joined(separator: "  "))
            }
        }
    }
}

extension GroupPreference.Group {
    /// "Freigabe durch Abfallberatung" or "Schlagwort abfall".
    var label: String { (key.kind == .owner ? "Freigabe durch " : "Schlagwort ") + key.name }
    /// How much more often than average staff take a suggested snippet of the group, e.g. "0,93×".
    var factor: String { GermanNumber.decimal(exp(lift), digits: 2) + "×" }
}

extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
