import Foundation

/// Reads numbers and booleans from `JSONSerialization` results the same way on Linux and macOS, where
/// booleans and integers may both arrive as `NSNumber`.
enum JSONValue {
    /// A whole number (not a boolean, not a fraction), or nil.
    static func integer(_ value: Any) -> Int64? {
        if isBoolean(value) { return nil }
        switch value {
        case let number as Int: return Int64(number)
        case let number as Int64: return number
        case let number as NSNumber:
            let double = number.doubleValue
            guard double == double.rounded(), abs(double) < 9e15 else { return nil }
            return number.int64Value
        default: return nil
        }
    }

    /// A boolean, or nil (numbers are not booleans).
    static func boolean(_ value: Any) -> Bool? {
        guard isBoolean(value) else { return nil }
        return (value as? Bool) ?? (value as? NSNumber)?.boolValue
    }

    private static func isBoolean(_ value: Any) -> Bool {
        if type(of: value) == Bool.self { return true }
        // JSONSerialization's booleans are NSNumbers of C type "c" (char); its integers are "i" or "q".
        guard let number = value as? NSNumber else { return false }
        return String(cString: number.objCType) == "c"
    }
}
