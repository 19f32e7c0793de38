import Foundation

/// Who must approve a reply built on a snippet.
public enum ApprovalLevel: String, Sendable, Codable, CaseIterable {
    /// Staff may send the unchanged snippet on their own.
    case staff
    /// The press office (Pressestelle) must approve every reply built on it.
    case press
}

/// A calendar day (`YYYY-MM-DD`) as written in snippet files.
public struct Day: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// Parses `YYYY-MM-DD`; nil for anything else, including impossible dates such as 2026-02-30.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), day >= 1, day <= Day.daysIn(month: month, year: year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The calendar day of an instant in German time (Europe/Berlin): a snippet valid until a day stays valid
    /// until midnight where the authority is, not in UTC.
    public init(_ date: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Berlin") ?? TimeZone(identifier: "UTC")!
        let components = calendar.dateComponents([.year, .month, .day], from: date)
        year = components.year!
        month = components.month!
        day = components.day!
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public var description: String {
        // Not String(format:): it was a visible share of syncing 10,000 snippets.
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(width - digits.count, 0)) + digits
        }
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
    }

    public static func < (lhs: Day, rhs: Day) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = Day(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a YYYY-MM-DD day: \(text)"))
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// An approved text block (Textbaustein): the press office's answer to a kind of citizen question.
public struct Snippet: Hashable, Sendable, Codable {
    public var id: String
    public var title: String
    /// How citizens ask for it.
    public var questions: [String]
    public var keywords: [String] = []
    public var tags: [String] = []
    public var approval: ApprovalLevel = .staff
    public var approvedBy: String
    public var approvedOn: Day
    public var reviewBy: Day?
    public var validFrom: Day?
    public var validUntil: Day?
    /// A variant for channels with a short length limit.
    public var short: String?
    public var source: String?
    /// The reply text with `{{…}}` placeholders.
    public var body: String

    public init(
        id: String, title: String, questions: [String], keywords: [String] = [], tags: [String] = [],
        approval: ApprovalLevel = .staff, approvedBy: String, approvedOn: Day, reviewBy: Day? = nil,
        validFrom: Day? = nil, validUntil: Day? = nil, short: String? = nil, source: String? = nil, body: String
    ) {
        self.id = id
        self.title = title
        self.questions = questions
        self.keywords = keywords
        self.tags = tags
        self.approval = approval
        self.approvedBy = approvedBy
        self.approvedOn = approvedOn
        self.reviewBy = reviewBy
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.short = short
        self.source = source
        self.body = body
    }

    /// True when the snippet may be suggested on the given day (inside its validity window).
    public func isValid(on day: Day) -> Bool {
        if let validFrom, day < validFrom { return false }
        if let validUntil, validUntil < day { return false }
        return true
    }

    /// A stable hash of everything that makes up the snippet, so that sync can tell versions apart.
    public var contentHash: String { Hashing.sha256Hex(of: canonicalJSON) }

    /// The snippet as JSON with sorted keys: what the database stores as a version, and what the hash covers.
    public var canonicalJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding plain strings, arrays and days cannot fail.
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    /// The ids allowed by the snippet format.
    public static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
    }
}
