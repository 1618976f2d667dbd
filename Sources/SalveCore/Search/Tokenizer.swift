import Foundation

/// Splits text into search terms. `templates/assets/search.js` applies the same rules to queries,
/// so any change here must be made there too (a test checks both on the same words).
public enum Tokenizer {
    /// Lowercased, accents folded, apostrophes dropped (`Baker's` → `bakers`), split on anything that is
    /// not a letter or digit: the words as written, before stemming.
    public static func words(_ text: String) -> [String] {
        if let words = text.utf8.withContiguousStorageIfAvailable(asciiWords) ?? nil { return words }
        return foldedWords(text)
    }

    /// The words of `text`, each stemmed by the Snowball English stemmer (`swelling` → `swell`).
    public static func terms(_ text: String) -> [String] {
        words(text).map(stem)
    }

    /// The same rules for plain ASCII text, byte by byte: most page text, and far faster than folding.
    /// Nil when the text has any non-ASCII byte.
    private static func asciiWords(_ bytes: UnsafeBufferPointer<UInt8>) -> [String]? {
        var terms: [String] = []
        var current: [UInt8] = []
        current.reserveCapacity(32)
        func finish() {
            if !current.isEmpty { terms.append(String(decoding: current, as: UTF8.self)); current.removeAll(keepingCapacity: true) }
        }
        for byte in bytes {
            switch byte {
            case 0x80...: return nil
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): current.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): current.append(byte + 32)
            case UInt8(ascii: "'"): continue
            default: finish()
            }
        }
        finish()
        return terms
    }

    private static func foldedWords(_ text: String) -> [String] {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        var terms: [String] = []
        var current = ""
        for scalar in folded.unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) {
                current.unicodeScalars.append(scalar)
            } else if scalar == "'" || scalar == "’" {
                continue
            } else if !current.isEmpty {
                terms.append(current)
                current = ""
            }
        }
        if !current.isEmpty { terms.append(current) }
        return terms
    }

    /// The stem the index and queries use for a word: the Snowball English stem (`cramps`, `cramping` → `cramp`).
    public static func stem(_ word: String) -> String {
        EnglishStemmer.stem(word)
    }

    /// True for a stop word; every stop word is short, so longer words are told without hashing them.
    static func isStopWord(_ word: String) -> Bool {
        word.utf8.count <= longestStopWord && stopWords.contains(word)
    }

    private static let longestStopWord = stopWords.map(\.utf8.count).max() ?? 0

    /// Words too common to help find a page, as written (before stemming): left out of page bodies and of queries
    /// (unless a query has nothing else). The index file carries this list, so the browser uses the same one.
    public static let stopWords: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "does", "for", "from", "has", "have",
        "how", "i", "if", "in", "into", "is", "it", "its", "may", "me", "my", "not", "of", "on", "or", "so", "such",
        "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "to", "was", "were",
        "what", "when", "which", "why", "will", "with", "you", "your",
    ]
}
