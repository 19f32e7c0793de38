import Foundation

/// How the service performs over a period, in the figures authorities know from the 115 service promise.
///
/// Definitions: a *reply* is an item whose answer was handed to delivery (exported or sent); its *reply time* runs
/// from the message's arrival to that hand-over. Rates are shares of all messages received in the period.
public struct ServiceReport: Sendable, Codable, Equatable {
    public struct ChannelDay: Sendable, Codable, Equatable {
        public var day: String
        public var channel: String
        public var messages: Int
    }

    public struct SnippetUse: Sendable, Codable, Equatable {
        public var snippetID: String
        public var title: String
        public var replies: Int
    }

    public var since: String
    public var until: String
    public var days: Int
    public var messages: Int
    public var messagesByChannel: [String: Int]
    public var messagesByDay: [ChannelDay]
    public var replies: Int
    /// Hours from arrival to hand-over, median and 90th percentile; nil without replies.
    public var replyHoursP50: Double?
    public var replyHoursP90: Double?
    /// Share of messages (not dismissed) replied to within 24 hours.
    public var answeredWithin24h: Double?
    /// Share of replies that were an approved snippet, unchanged.
    public var unchangedShare: Double?
    public var escalationRate: Double?
    public var dismissalRate: Double?
    /// Hours from the moment a reply waited for the press office to its approval, median.
    public var pressApprovalHoursP50: Double?
    public var topSnippets: [SnippetUse]
    /// Minutes a person spent per item in `review`/`approvals`, median over items with a measured time.
    public var handlingMinutesP50: Double?
    /// Messages per week at this period's rate × median handling time.
    public var staffHoursPerWeek: Double?
}

/// Percentiles given in percent (50, 90) for the service report: the nearest rank of `Collection.percentile`.
enum Percentile {
    static func of(_ values: [Double], _ percent: Double) -> Double? {
        values.percentile(percent / 100)
    }
}
