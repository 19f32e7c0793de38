import Foundation

/// What a snippet is embedded as, and how its vectors make one similarity.
extension MeaningChannel {
    /// The texts of one snippet: its questions (title and `questions:`), its passage (the title with the reply's
    /// beginning) and, for a reply longer than one section, the title with each section of the reply.
    struct SnippetTexts: Equatable {
        var questions: [String]
        var passage: String
        /// Empty when the reply fits in one section: then the passage is the only section.
        var sections: [String]
        /// Whether the snippet's questions side is phrased as citizens ask: an example question other than its title,
        /// or a title that is a question ("Wie lange dauert die Quarantäne?"), not only a label ("BiB e. V.").
        var asksQuestions: Bool

        var all: [String] { questions + [passage] + sections }
    }

    /// How many characters of a long reply make one section: about 250 of the model's word pieces, the length of
    /// the passages it was trained to find. The passage alone sees the first 2,000 characters (the engine's limit).
    static let sectionCharacters = 1_000

    /// The texts a snippet is embedded as.
    static func texts(of snippet: Snippet) -> SnippetTexts {
        var questions: [String] = []
        for question in [snippet.title] + snippet.questions {
            let text = normalized(question)
            if !text.isEmpty && !questions.contains(text) { questions.append(text) }
        }
        let body = KnowledgeBase.indexableBody(snippet.body)
        let title = normalized(snippet.title)
        let parts = sections(of: body)
        return SnippetTexts(
            questions: questions, passage: "\(title)\n\(normalized(body))",
            sections: parts.count > 1 ? parts.map { "\(title)\n\($0)" } : [],
            // The questions are normalised, non-empty and distinct: one other than the title is an example question.
            asksQuestions: title.hasSuffix("?") || questions.contains { $0 != title })
    }

    /// A reply cut into sections of at most ``sectionCharacters``, at paragraph and sentence ends where it can be
    /// (a sentence longer than a section is cut at a space), each with its white space normalised.
    static func sections(of body: String, size: Int = sectionCharacters) -> [String] {
        var sentences: [String] = []
        for line in body.split(whereSeparator: \.isNewline) {
            var sentence = ""
            for word in line.split(whereSeparator: \.isWhitespace) {
                sentence += sentence.isEmpty ? String(word) : " \(word)"
                if let last = word.last, ".!?:;".contains(last) {
                    sentences.append(sentence)
                    sentence = ""
                }
            }
            if !sentence.isEmpty { sentences.append(sentence) }
        }
        var sections: [String] = []
        var current = ""
        func flush() {
            if !current.isEmpty { sections.append(current) }
            current = ""
        }
        for sentence in sentences {
            if !current.isEmpty && current.count + 1 + sentence.count > size { flush() }
            if sentence.count > size {
                // One sentence longer than a section: cut at the last space that fits.
                for word in sentence.split(separator: " ") {
                    if !current.isEmpty && current.count + 1 + word.count > size { flush() }
                    current += current.isEmpty ? String(word.prefix(size)) : " \(word)"
                }
            } else {
                current += current.isEmpty ? sentence : " \(sentence)"
            }
        }
        flush()
        return sections
    }

    /// How much the questions' side counts against the reply's in a snippet's similarity.
    public struct Shape: Sendable, Equatable {
        /// For a snippet that asks (an example question beside its title, or a title that is a question): it is
        /// written as citizens ask.
        public var questions: Double
        /// For a snippet with a label for a title and no other question (an imported page: "BiB e. V."): a label says
        /// less of what citizens ask than the reply does.
        public var titleOnly: Double
        /// The reply's side: the passage and the best section, this share for the section.
        public var sections: Double

        public init(questions: Double = 0.5, titleOnly: Double = 0.2, sections: Double = 0.5) {
            self.questions = questions
            self.titleOnly = titleOnly
            self.sections = sections
        }
    }

    /// One snippet's similarity to a question vector: its best question's cosine and its reply's (the passage's and
    /// the best section's), weighted by the ``Shape``; and the mean of the best question's and the passage's, the scale
    /// the domain gate was fitted on (``ConfidenceCalibration/fittedWithMeaning``), which the shape must not move.
    static func similarity(of vector: [Float], to index: Int, in state: State, shape: Shape) -> (ranked: Double, gate: Double) {
        let question = Double(state.questions[index].map { vector.dot($0) }.max() ?? 0)
        let passage = Double(vector.dot(state.passages[index]))
        let section = state.sections[index].isEmpty ? passage : Double(state.sections[index].map { vector.dot($0) }.max() ?? 0)
        let weight = state.asksQuestions[index] ? shape.questions : shape.titleOnly
        return (weight * question + (1 - weight) * ((1 - shape.sections) * passage + shape.sections * section), (question + passage) / 2)
    }
}
