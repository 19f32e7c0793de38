/// What a channel allows: Baustein refuses replies that would not fit.
public struct ChannelPolicy: Sendable, Hashable, Codable {
    /// Longest reply in characters, nil for no limit.
    public var maxLength: Int?

    public init(maxLength: Int?) {
        self.maxLength = maxLength
    }

    /// The channels known without configuration, with the platforms' own limits.
    public static let defaults: [String: ChannelPolicy] = [
        "facebook": ChannelPolicy(maxLength: 8000),
        "instagram": ChannelPolicy(maxLength: 2200),
        "mastodon": ChannelPolicy(maxLength: 500),
        "telegram": ChannelPolicy(maxLength: 4096),
        "x": ChannelPolicy(maxLength: 280),
        "bluesky": ChannelPolicy(maxLength: 300),
        "threads": ChannelPolicy(maxLength: 500),
        "whatsapp": ChannelPolicy(maxLength: 4096),
        "email": ChannelPolicy(maxLength: nil),
        "web": ChannelPolicy(maxLength: nil),
        "phone": ChannelPolicy(maxLength: nil),
        "letter": ChannelPolicy(maxLength: nil),
    ]

    /// Channel names: lowercase letters, digits and '-'.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 40
            && name.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
    }
}
