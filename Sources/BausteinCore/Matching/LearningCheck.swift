import Foundation

/// Whether this base's learned phrasings (confirmed questions, searched by words and compared by meaning) and the term
/// associations learned from them (``TermAssociations``) have earned their place in the ranking, checked on the base's
/// own confirmations.
///
/// Every match ranks the candidates twice: with the learned evidence and without it (the snippets' own text, the
/// meaning channel and the group preference, which has its own prior and minimum lift, ``GroupPreference``). Both first
/// places are stored with the item (``MatchResult/firstLearned``, ``MatchResult/firstUnlearned``); when staff confirm
/// the item, the outcome records which of the two was the snippet that went out. Each confirmation was matched before
/// its own phrasing was learned, so these are held-back questions: on a base where citizens ask again what they asked
/// before, learning wins them; on one where learned phrasings share only a template with new questions ("Welche …
/// bietet … an?") and mislead on topics nobody asked about yet, the snippets' own text wins. The learned phrasings
/// count once they have won clearly more of the questions where the two disagree than they lost: more wins than
/// losses by two standard deviations of a fair coin (2 √(wins + losses), ``MatchWeights/learningCheck``). Until then,
/// and whenever they fall behind, the
/// ranking is the snippets' own, and they cost nothing. The record keeps growing either way, since both rankings are
/// computed for every question.
public struct LearningCheck: Sendable, Equatable, Codable {
    /// Among the checked confirmations, where exactly one ranking had the confirmed snippet first: learning's.
    public var wins: Int
    /// …and the snippets' own.
    public var losses: Int

    public init(wins: Int = 0, losses: Int = 0) {
        self.wins = wins
        self.losses = losses
    }

    /// How many of the newest checked confirmations count: a base and its staff change.
    public static let window = 1_000

    /// Whether the learned phrasings rank: they must lead by more than `margin` standard deviations of a fair coin
    /// (``MatchWeights/learningCheck``; 0 or less: always).
    public func usesLearning(margin: Double = MatchWeights().learningCheck) -> Bool {
        let decided = wins + losses
        return margin <= 0 || (decided > 0 && Double(wins - losses) > margin * Double(decided).squareRoot())
    }

    /// The check over outcomes, newest first: each says whether the ranking with learning and the one without had the
    /// confirmed snippet first.
    public init(outcomes: [(learned: Bool, unlearned: Bool)]) {
        var wins = 0
        var losses = 0
        for outcome in outcomes.prefix(Self.window) where outcome.learned != outcome.unlearned {
            if outcome.learned { wins += 1 } else { losses += 1 }
        }
        self.init(wins: wins, losses: losses)
    }
}
