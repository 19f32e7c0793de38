/// German stop words: function words that say nothing about which answer fits.
///
/// Question words that carry meaning ("wann", "wo", "warum", "wer", "wieviel") are deliberately kept,
/// as are negations' content partners such as "kosten": citizens' questions often differ only in them.
public enum StopWords {
    /// Returns true when a normalised (lowercase) word is a stop word.
    public static func contains(_ word: String) -> Bool {
        // The set holds every entry with and without umlauts; stripping the word is only needed when it has any.
        words.contains(word) || (word.utf8.contains { $0 >= 0x80 } && words.contains(TextFolding.stripUmlauts(word)))
    }

    /// The list, plus each word without umlauts and ß, so that "Gruesse", "Grüsse" and "muß" are stop words too.
    static let words: Set<String> = Set(list + list.map(TextFolding.stripUmlauts))

    private static let list: [String] = [
        "aber", "alle", "allem", "allen", "aller", "alles", "als", "also", "am", "an", "ander", "andere", "anderem",
        "anderen", "anderer", "anderes", "anderm", "andern", "anders", "auch", "auf", "aus", "bei", "beim", "bin",
        "bis", "bist", "bitte", "da", "dabei", "dadurch", "dafür", "dagegen", "daher", "damit", "danach", "dann",
        "daran", "darauf", "daraus", "darf", "darin", "darüber", "darum", "das", "dass", "daß", "dasselbe", "davon",
        "dazu", "dein", "deine", "deinem", "deinen", "deiner", "deines", "dem", "demselben", "den", "denn",
        "denselben", "der", "derer", "derselbe", "derselben", "des", "desselben", "dessen", "dich", "die", "dies",
        "diese", "dieselbe", "dieselben", "diesem", "diesen", "dieser", "dieses", "dir", "doch", "dort", "du",
        "durch", "ein", "eine", "einem", "einen", "einer", "eines", "einig", "einige", "einigem", "einigen",
        "einiger", "einiges", "einmal", "er", "es", "etwas", "euch", "euer", "eure", "eurem", "euren", "eurer",
        "eures", "für", "gegen", "gewesen", "hab", "habe", "haben", "hallo", "hat", "hatte", "hatten", "hier",
        "hin", "hinter", "ich", "ihm", "ihn", "ihnen", "ihr", "ihre", "ihrem", "ihren", "ihrer", "ihres", "im",
        "in", "indem", "ins", "ist", "ja", "jede", "jedem", "jeden", "jeder", "jedes", "jene", "jenem", "jenen",
        "jener", "jenes", "jetzt", "kann", "kannst", "können", "könnt", "könnte", "machen", "man", "manche",
        "manchem", "manchen", "mancher", "manches", "mein", "meine", "meinem", "meinen", "meiner", "meines",
        "mich", "mir", "mit", "muss", "musste", "nach", "nachdem", "nein", "nicht", "nichts", "noch", "nun",
        "nur", "ob", "oder", "ohne", "sehr", "sein", "seine", "seinem", "seinen", "seiner", "seines", "selbst",
        "sich", "sie", "sind", "so", "solche", "solchem", "solchen", "solcher", "solches", "soll", "sollte",
        "sondern", "sonst", "über", "um", "und", "uns", "unser", "unsere", "unserem", "unseren", "unserer",
        "unseres", "unter", "viel", "vom", "von", "vor", "während", "war", "waren", "warst", "was", "weg",
        "weil", "weiter", "welche", "welchem", "welchen", "welcher", "welches", "wenn", "werde", "werden",
        "wie", "wieder", "will", "wir", "wird", "wirst", "würde", "würden", "zu", "zum", "zur", "zwar",
        "zwischen", "mal", "gibt", "geht", "gilt", "eigentlich", "gerade", "schon", "denn", "eben", "halt",
        "ne", "nen", "nem", "ner", "n", "ok", "okay", "danke", "hi", "hey", "moin", "guten", "tag", "liebe",
        "lieber", "leute", "team", "tun", "tue", "getan", "brauche", "brauchen", "braucht", "brauch", "kurze", "kurz", "frage", "fragen", "mfg", "lg", "gruß", "grüße",
    ]
}
