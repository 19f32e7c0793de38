import Foundation

/// Figures as German readers write them: "78 %" and "5,3".
public enum GermanNumber {
    /// A share 0…1 as a whole percentage with a space before the sign: 0.781 → "78 %".
    public static func percent(_ share: Double) -> String {
        "\(Int((share * 100).rounded())) %"
    }

    /// `digits` decimals (one by default) with a German decimal comma: 5.25 → "5,3"; with two, 0.123 → "0,12".
    public static func decimal(_ value: Double, digits: Int = 1) -> String {
        String(format: "%.\(digits)f", value).replacingOccurrences(of: ".", with: ",")
    }
}
