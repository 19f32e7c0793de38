import Foundation

/// Figures as German readers write them: "78 %" and "5,3".
public enum GermanNumber {
    /// A share 0…1 as a whole percentage with a space before the sign: 0.781 → "78 %".
    public static func percent(_ share: Double) -> String {
        "\(Int((share * 100).rounded())) %"
    }

    /// One decimal with a German decimal comma: 5.25 → "5,3".
    public static func decimal(_ value: Double) -> String {
        String(format: "%.1f", value).replacingOccurrences(of: ".", with: ",")
    }
}
