/// Comparisons whose duration does not reveal the position of the first difference.
public enum ConstantTime {
    /// True when both byte sequences are equal; only their lengths leak.
    public static func equals<A: Collection, B: Collection>(_ lhs: A, _ rhs: B) -> Bool where A.Element == UInt8, B.Element == UInt8 {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(lhs, rhs) { difference |= left ^ right }
        return difference == 0
    }

    /// True when both strings have the same UTF-8 bytes.
    public static func equals(_ lhs: String, _ rhs: String) -> Bool {
        equals(Array(lhs.utf8), Array(rhs.utf8))
    }
}
