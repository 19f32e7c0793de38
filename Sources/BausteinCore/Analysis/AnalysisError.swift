/// Problems with the language resources that the analysis chain needs.
public enum AnalysisError: Error, Equatable, CustomStringConvertible {
    /// libstemmer has no German stemmer (the wrong library is installed).
    case stemmerUnavailable
    /// A line of `synonyms.txt` could not be read.
    case badSynonymLine(file: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case .stemmerUnavailable:
            return "libstemmer has no German stemmer. Install Debian's libstemmer-dev / libstemmer0d (apt-get install libstemmer-dev)."
        case .badSynonymLine(let file, let line, let reason):
            return "\(file):\(line): \(reason)"
        }
    }
}
