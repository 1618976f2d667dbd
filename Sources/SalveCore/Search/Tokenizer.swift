import Foundation

/// Splits text into search terms. `templates/assets/search.js` applies the same rules to queries,
/// so any change here must be made there too (a test checks both on the same words).
public enum Tokenizer {
    /// Lowercased, accents folded, apostrophes dropped (`Baker's` → `bakers`), split on anything that is
    /// not a letter or digit, then lightly stemmed.
    public static func terms(_ text: String) -> [String] {
        if let terms = text.utf8.withContiguousStorageIfAvailable(asciiTerms) ?? nil { return terms }
        return foldedTerms(text)
    }

    /// The same rules for plain ASCII text, byte by byte: most page text, and far faster than folding.
    /// Nil when the text has any non-ASCII byte.
    private static func asciiTerms(_ bytes: UnsafeBufferPointer<UInt8>) -> [String]? {
        var terms: [String] = []
        var current: [UInt8] = []
        current.reserveCapacity(32)
        func finish() {
            if !current.isEmpty { terms.append(stem(String(decoding: current, as: UTF8.self))); current.removeAll(keepingCapacity: true) }
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

    private static func foldedTerms(_ text: String) -> [String] {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        var terms: [String] = []
        var current = ""
        for scalar in folded.unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) {
                current.unicodeScalars.append(scalar)
            } else if scalar == "'" || scalar == "’" {
                continue
            } else if !current.isEmpty {
                terms.append(stem(current))
                current = ""
            }
        }
        if !current.isEmpty { terms.append(stem(current)) }
        return terms
    }

    /// Drops a plural `s` (`cramps` → `cramp`) but not `ss` or from short words, so `calves`/`calf` stay apart
    /// while the common plurals meet their singulars.
    public static func stem(_ term: String) -> String {
        if term.count > 3, term.hasSuffix("s"), !term.hasSuffix("ss"), !term.hasSuffix("us"), !term.hasSuffix("is") {
            return String(term.dropLast())
        }
        return term
    }

    /// Words too common to help find a page, left out of the body index only.
    public static let stopWords: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "for", "from", "has", "have", "if", "in",
        "into", "is", "it", "its", "may", "not", "of", "on", "or", "so", "such", "than", "that", "the", "their",
        "them", "then", "there", "these", "they", "thi", "this", "to", "wa", "was", "were", "when", "which",
        "will", "with", "you", "your",
    ]
}
