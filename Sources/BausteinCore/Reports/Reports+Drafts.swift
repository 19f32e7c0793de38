import Foundation
import GRDB

/// A snippet file written from a reply the press office approved, for the press office to finish.
public struct SnippetDraft: Sendable, Equatable {
    /// `<id>.md`, to be written under `snippets/_drafts/` (which lint and sync skip).
    public var fileName: String
    public var contents: String
    public var snippet: Snippet
}

extension Reports {
    /// Builds a draft snippet from an approved reply that was rewritten or written freely, and its question.
    ///
    /// The citizen's name in the greeting becomes `{{name}}` again and personal data in the question is masked;
    /// `approved_by` says that nobody has approved the snippet yet.
    public func snippetDraft(from id: Int64) throws -> SnippetDraft {
        try store.read { db in
            let item = try ItemRecord.fetch(db, id: id)
            guard [.approved, .queued, .sent, .failed].contains(item.state), var body = item.replyText else {
                throw ReviewError.notAllowed(action: .rewrite, state: item.state)
            }
            if let name = ReplyRenderer.values(forAuthor: item.author)["name"] {
                body = body.replacingOccurrences(of: name, with: "{{name}}")
            }
            let question = PersonalDataMask.mask(item.text.trimmingCharacters(in: .whitespacesAndNewlines))
            let words = question.split(separator: " ").prefix(6).joined(separator: " ")
            let snippetID = "entwurf-\(id)"
            let snippet = Snippet(
                id: snippetID, title: "ENTWURF: \(words)", questions: [question], keywords: [], tags: ["entwurf"],
                approval: .press, approvedBy: "NOCH NICHT FREIGEGEBEN", approvedOn: clock.today,
                source: "Anfrage #\(id) (\(item.channel))", body: body)
            return SnippetDraft(fileName: "\(snippetID).md", contents: FAQImporter.fileContents(of: snippet), snippet: snippet)
        }
    }
}
