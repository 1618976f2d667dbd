import Foundation
import Testing
@testable import SalveCore

/// `TermCounter` reads ASCII text byte by byte, in place, and falls back to `Tokenizer.words` when it meets a
/// byte that is not ASCII. Whatever path it takes, every page's postings must be what the tokenizer, the stop
/// words and the stemmer make of its fields: the same terms, the same field bits and the same body weight.
@Suite struct SearchTermsEquivalenceTests {
    /// What a page's postings must be, worked out from `Tokenizer.words` alone: term → fields and body weight.
    static func expectedPostings(_ entry: SearchIndex.Entry, body: String) -> [String: Int] {
        var fields: [String: Int] = [:]
        for (text, field) in [(entry.title, SearchIndex.Field.title)] + entry.aliases.map({ ($0, .alias) })
            + entry.headings.map({ ($0, .heading) }) + [(entry.summary, .summary)] {
            for word in Tokenizer.words(text) { fields[Tokenizer.stem(word), default: 0] |= field.rawValue }
        }
        let words = Tokenizer.words(body).filter { !Tokenizer.isStopWord($0) }
        var counts: [String: Int] = [:]
        for word in words {
            counts[Tokenizer.stem(word), default: 0] += 1
            fields[Tokenizer.stem(word), default: 0] |= SearchIndex.Field.body.rawValue
        }
        return fields.reduce(into: [:]) { result, pair in
            result[pair.key] = pair.value | (SearchIndex.bodyWeight(count: counts[pair.key] ?? 0, length: words.count) << SearchIndex.weightShift)
        }
    }

    /// Adversarial pieces: apostrophes alone, doubled, at a word's start and end; capitals; digits; punctuation
    /// and runs of separators; stop words in both cases; non-ASCII letters, marks and quotes anywhere.
    static let pieces = ["a", "Z", "9", "0", "'", "''", "'''", " ", "  ", ",", "-", ".", "\n", "\t", "\u{0}", "\u{7f}", "/",
                         "the", "The", "THE", "And", "don't", "Don'T", "'tis", "runners'", "O'Brien", "x''y", "'a'", "''B",
                         "Stretch-and-HOLD", "swelling", "Swollen", "CRAMPING", "w1x", "W1X", "1'2", "é", "É", "ß", "’",
                         "\u{301}", "İ", "ﬁ", "💊", "Naïve", "café", "e\u{301}"]

    static func randomText(_ random: inout SplitMix, maxPieces: Int) -> String {
        (0..<Int.random(in: 0...maxPieces, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
    }

    /// Many pages, most of them ASCII, built into one index: one counter reads many of them in turn, so words are
    /// first seen in every way (copied or in place, in text that later turns out not to be ASCII) and met again.
    @Test func asciiTermsMatchTheTokenizerOnAdversarialText() {
        var random = SplitMix(state: 20261201)
        var documents: [(entry: SearchIndex.Entry, body: String)] = []
        for number in 0..<400 {
            // One page in four has some non-ASCII; the others' pieces are ASCII only.
            let asciiOnly = number % 4 != 0
            func text(_ count: Int) -> String {
                var text = Self.randomText(&random, maxPieces: count)
                if asciiOnly { text = String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.isASCII })) }
                return text
            }
            documents.append((SearchIndex.Entry(url: "/p\(number)/", title: text(6), kind: "condition", summary: text(8),
                                                aliases: [text(3), text(3)], headings: [text(4)]), text(80)))
        }
        // Edge cases, each its own page.
        for body in ["", "'", "''", " ", ",,, -- ''", "é", "éa", "aé", "a é", "é a", "a b é", "The the THE", "'tis' 'T'",
                     "x' 'y", "don't é don't", "Calf’s cramp", "CALF calf Calf"] {
            documents.append((SearchIndex.Entry(url: "/e\(documents.count)/", title: body, kind: "condition", summary: "",
                                                aliases: [], headings: []), body))
        }
        let index = SearchIndex.build(documents)
        var found = [[String: Int]](repeating: [:], count: documents.count)
        for (term, postings) in index.terms {
            for posting in postings { found[posting[0]][term] = posting[1] }
        }
        for (number, document) in documents.enumerated() {
            #expect(found[number] == Self.expectedPostings(document.entry, body: document.body),
                    "page \(number): \(document.entry.title.debugDescription) \(document.body.debugDescription)")
        }
        // And one page at a time, through the path an incremental update takes.
        for document in documents.prefix(100) {
            let terms = SearchIndex.terms(of: document.entry, body: document.body, synonyms: Synonyms([]))
            let expected = Self.expectedPostings(document.entry, body: document.body)
            #expect(Dictionary(uniqueKeysWithValues: terms.map { ($0.term, $0.fields) }) == expected, "\(document.body.debugDescription)")
        }
    }
}
