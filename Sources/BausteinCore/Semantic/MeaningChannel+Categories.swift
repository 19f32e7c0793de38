import Foundation

/// How close a question is in meaning to the escalation categories, against the rest of the base (``EscalationSense``).
extension MeaningChannel {
    /// A question's closeness to each category and to the base's other snippets, all as cosines of the question's
    /// vector with passage vectors.
    public struct CategoryCloseness: Sendable, Equatable {
        /// Per category: the highest cosine to one of its example messages or to a vector of a snippet that answers it.
        public var categories: [String: Double]
        /// The highest cosine to any vector (questions, passage, sections) of a snippet that answers no category; nil
        /// when every snippet answers one (then there is nothing to compare with).
        public var neutral: Double?
    }

    /// The question's closeness to the categories whose example vectors are given and to those the base's snippets
    /// answer; nil when the question has no vector.
    func closeness(of question: String, in knowledgeBase: KnowledgeBase, examples: [String: [[Float]]]) throws -> CategoryCloseness? {
        let state = try current(knowledgeBase).state
        guard let vector = try queryVector(question) else { return nil }
        func best(_ vectors: [[Float]]) -> Double { Double(vectors.map { vector.dot($0) }.max() ?? -1) }
        var categories = examples.mapValues(best)
        var neutral: Double?
        for index in state.docids.indices {
            let closest = max(best(state.questions[index]), best([state.passages[index]]), best(state.sections[index]))
            let answers = index < state.answers.count ? state.answers[index] : []
            if answers.isEmpty {
                neutral = max(neutral ?? -1, closest)
            } else {
                for category in answers { categories[category] = max(categories[category] ?? -1, closest) }
            }
        }
        return CategoryCloseness(categories: categories, neutral: neutral)
    }

    /// The vectors of example messages, embedded as the snippets' texts are (passages), from the vector store where it
    /// has them.
    func exampleVectors(_ texts: [String]) throws -> [[Float]] {
        try cache.vectors(for: texts.map(Self.normalized), role: .passage, embedder: embedder).vectors
    }
}
