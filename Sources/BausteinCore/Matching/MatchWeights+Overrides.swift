/// Setting weights by name, so that `baustein eval --weight name=value` can measure a change without a rebuild.
extension MatchWeights {
    /// The names `set(_:to:)` accepts.
    public static let names: [String] = Array(keyPaths.keys).sorted()

    nonisolated(unsafe) private static let keyPaths: [String: WritableKeyPath<MatchWeights, Double>] = [
        "compoundPart": \.compoundPart, "compoundPartOfKnownWord": \.compoundPartOfKnownWord, "containedIn": \.containedIn,
        "synonym": \.synonym, "typo": \.typo, "title": \.title, "questions": \.questions, "learned": \.learned,
        "keywords": \.keywords, "body": \.body, "k1": \.k1, "b": \.b, "phraseShare": \.phraseShare,
        "learnedPhraseFactor": \.learnedPhraseFactor, "threshold": \.threshold, "meaningThreshold": \.meaningThreshold, "bodyPhrase": \.bodyPhrase,
        "calibration.intercept": \.calibration.intercept, "calibration.score": \.calibration.score,
        "calibration.margin": \.calibration.margin, "calibration.coverage": \.calibration.coverage,
        "calibration.knownShare": \.calibration.knownShare, "calibration.domainIntercept": \.calibration.domainIntercept,
        "calibration.domainScore": \.calibration.domainScore, "calibration.domainKnownShare": \.calibration.domainKnownShare,
        "meaningCalibration.intercept": \.meaningCalibration.intercept, "meaningCalibration.score": \.meaningCalibration.score,
        "meaningCalibration.margin": \.meaningCalibration.margin, "meaningCalibration.coverage": \.meaningCalibration.coverage,
        "meaningCalibration.knownShare": \.meaningCalibration.knownShare,
        "meaningCalibration.domainIntercept": \.meaningCalibration.domainIntercept,
        "meaningCalibration.domainScore": \.meaningCalibration.domainScore,
        "meaningCalibration.domainKnownShare": \.meaningCalibration.domainKnownShare,
        "meaningCalibration.domainSimilarity": \.meaningCalibration.domainSimilarity,
        "meaningCalibration.domainSpread": \.meaningCalibration.domainSpread,
        "meaningCalibration.domainSureScore": \.meaningCalibration.domainSureScore,
        "commonTermShare": \.commonTermShare, "commonTermFloor": \.commonTermFloor, "association": \.association,
        "associationMinimumCount": \.associationMinimumCount,
        "associationMinimumLift": \.associationMinimumLift, "thesaurus": \.thesaurus, "verbForm": \.verbForm, "thesaurusTerms": \.thesaurusTerms,
        "scoreAllUpTo": \.scoreAllUpTo,
        "candidateTermLimit": \.candidateTermLimit, "meaning": \.meaning, "words": \.words, "meaningCandidates": \.meaningCandidates,
        "meaningQuestions": \.meaningQuestions, "meaningTitleOnly": \.meaningTitleOnly, "meaningSections": \.meaningSections,
        "learningCheck": \.learningCheck, "ownAbstention": \.ownAbstention,
        "learnedMeaning": \.learnedMeaning,
        "learnedMeaningCut": \.learnedMeaningCut, "learnedWordsWithMeaning": \.learnedWordsWithMeaning,
        "preference": \.preference, "meaningPreference": \.meaningPreference, "preferenceStrength": \.preferenceStrength,
        "preferenceMinimumLift": \.preferenceMinimumLift,
    ]

    /// Sets one weight from `name=value`; false when the name is unknown or the value not a number.
    public mutating func set(_ assignment: String) -> Bool {
        let parts = assignment.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, let path = Self.keyPaths[parts[0]], let value = Double(parts[1]) else { return false }
        self[keyPath: path] = value
        return true
    }
}
