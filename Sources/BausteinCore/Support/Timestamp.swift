import Foundation

/// ISO 8601 instants as stored in the database (UTC, `2026-11-26T09:30:00Z`) and as accepted from channels.
public enum Timestamp {
    /// The stored form of an instant.
    public static func format(_ date: Date) -> String {
        Date.ISO8601FormatStyle(includingFractionalSeconds: false, timeZone: TimeZone(identifier: "UTC")!).format(date)
    }

    /// An instant to the millisecond (`2026-11-26T09:30:00.250Z`), for leases and retry times that compare with each
    /// other only (never with ``format(_:)`` values: the two forms do not sort together).
    public static func precise(_ date: Date) -> String {
        Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC")!).format(date)
    }

    /// Parses ISO 8601 with or without fractional seconds and with any offset; nil for anything else.
    public static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: false).parse(trimmed) { return date }
        return try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(trimmed)
    }
}
