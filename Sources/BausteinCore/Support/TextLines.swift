import Foundation

/// Splitting text files into lines, whatever line endings the editor wrote.
public enum TextLines {
    /// The lines of a text; "\r\n" and "\r" end lines as "\n" does (Swift treats "\r\n" as one character,
    /// so splitting on "\n" alone would miss files saved on Windows).
    public static func split(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .components(separatedBy: "\n")
    }
}
