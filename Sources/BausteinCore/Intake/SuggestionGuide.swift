import GRDB

/// Applies the escalation categories' suggestion policies (``EscalationTriggers/SuggestionPolicy``) to what the
/// matcher found for a flagged message: a press inquiry is offered the snippets that answer press inquiries or
/// nothing, an emergency the emergency notice first, a lawyer's letter nothing at all.
///
/// Which snippet answers which category is declared by the snippets themselves (`answers:`), so the rule is general:
/// it holds for any wording that hits the category, not for known sentences.
struct SuggestionGuide {
    /// A snippet that answers categories: its id, title and the categories.
    struct Answering {
        var snippetID: String
        var title: String
        var categories: [String]
    }

    var triggers: EscalationTriggers
    /// The active snippets that declare `answers:`, in id order.
    var answering: [Answering]

    /// The snippets that declare which categories they answer, read once per matching round.
    static func load(_ db: any SQLSession, triggers: EscalationTriggers) throws -> SuggestionGuide {
        guard triggers.categories.contains(where: { $0.policy != nil }) else { return SuggestionGuide(triggers: triggers, answering: []) }
        let answering = try Store.answeringSnippets(db).compactMap { snippet -> Answering? in
            guard let categories = snippet.answers, !categories.isEmpty else { return nil }
            return Answering(snippetID: snippet.id, title: snippet.title, categories: categories)
        }
        return SuggestionGuide(triggers: triggers, answering: answering)
    }

    /// The strictest policy among the categories a message hit; nil when none of them has one.
    func policy(for flags: [String]) -> EscalationTriggers.SuggestionPolicy? {
        flags.compactMap { triggers.category($0)?.policy }.max()
    }

    /// How many suggestions to ask the matcher for when a policy may reorder them: enough to find the snippets that
    /// answer the category where the matcher ranks them.
    static let widerLimit = 25

    /// The suggestions to store for a message that hit `flags`, and whether they count as unsure.
    ///
    /// The matcher's verdict (sure or abstained) only stands when its own first suggestion is still first: a snippet
    /// moved up by the policy is offered as unsure, so that a person confirms it explicitly.
    func guide(_ result: MatchResult, flags: [String], limit: Int) -> (suggestions: [Suggestion], abstained: Bool) {
        guard let policy = policy(for: flags) else { return (Array(result.suggestions.prefix(limit)), result.abstained) }
        if policy == .none { return ([], true) }
        let categories = Set(flags.filter { triggers.category($0)?.policy != nil })
        let own = answering.filter { !categories.isDisjoint(with: $0.categories) }
        let ownIDs = Set(own.map(\.snippetID))
        // The matcher's order where it ranked them, then the rest of them in id order, each with a confidence of 0:
        // no figure is made up for a snippet the matcher did not find.
        var guided = result.suggestions.filter { ownIDs.contains($0.snippetID) }
        for snippet in own where !guided.contains(where: { $0.snippetID == snippet.snippetID }) {
            guided.append(Suggestion(snippetID: snippet.snippetID, title: snippet.title, confidence: 0, reasons: []))
        }
        // A snippet that answers an urgent category (one with a notice: an emergency, self-harm) goes before those of the
        // other categories hit (a complaints form), whatever the matcher's order among them.
        let urgent = Set(flags.filter { triggers.category($0)?.notice != nil })
        if !urgent.isEmpty {
            let urgentIDs = Set(own.filter { !urgent.isDisjoint(with: $0.categories) }.map(\.snippetID))
            guided = guided.filter { urgentIDs.contains($0.snippetID) } + guided.filter { !urgentIDs.contains($0.snippetID) }
        }
        if policy == .ownFirst { guided += result.suggestions.filter { !ownIDs.contains($0.snippetID) } }
        guided = Array(guided.prefix(limit))
        let keepsVerdict = guided.first?.snippetID == result.suggestions.first?.snippetID
        return (guided, guided.isEmpty || result.abstained || !keepsVerdict)
    }
}
