/// Plain-language measures of a page body, for the readability report and its test.
public enum Readability {
    /// Counts behind a grade, to report alongside it.
    public struct Measure: Sendable, Hashable {
        public var words: Int
        public var sentences: Int
        public var syllables: Int
        /// Words of three or more syllables, for SMOG.
        public var polysyllables: Int = 0

        /// SMOG index: 1.043 × √(polysyllables × 30 / sentences) + 3.1291.
        public var smog: Double {
            guard sentences > 0 else { return 0 }
            return 1.043 * (Double(polysyllables) * 30 / Double(sentences)).squareRoot() + 3.1291
        }

        /// Flesch–Kincaid grade: 0.39 × words per sentence + 11.8 × syllables per word − 15.59.
        public var grade: Double {
            guard words > 0, sentences > 0 else { return 0 }
            return 0.39 * Double(words) / Double(sentences) + 11.8 * Double(syllables) / Double(words) - 15.59
        }
    }

    /// Measures plain text (as the Markdown stage gives it: one block per line), counting only real sentences:
    /// a sentence ends at `.`, `!` or `?`. A heading or list item without one does not end a sentence: its
    /// words run on into the next, as a reader meets them, so a list of fragments counts as one long sentence.
    public static func measure(_ text: String) -> Measure {
        var measure = Measure(words: 0, sentences: 0, syllables: 0)
        var sentenceWords = 0
        var word = ""
        func endWord() {
            guard word.contains(where: \.isLetter) else { word = ""; return }
            let count = syllables(in: word)
            measure.words += 1
            measure.syllables += count
            if count >= 3 { measure.polysyllables += 1 }
            sentenceWords += 1
            word = ""
        }
        for character in text {
            if character.isLetter || character.isNumber || character == "'" || character == "’" {
                word.append(character)
            } else {
                endWord()
                if ".!?".contains(character), sentenceWords > 0 {
                    measure.sentences += 1
                    sentenceWords = 0
                }
            }
        }
        endWord()
        if sentenceWords > 0 { measure.sentences += 1 }
        return measure
    }

    /// Estimated syllables in an English word: groups of vowels, less a silent final `e` or `es`/`ed`.
    public static func syllables(in word: String) -> Int {
        var letters = Array(word.lowercased().filter { $0.isLetter })
        if letters.count <= 3 { return 1 }
        let vowels: Set<Character> = ["a", "e", "i", "o", "u", "y"]
        // Silent endings: "-es" and "-ed" after a consonant other than l, and a lone final "e" ("make", not "able").
        if let last = letters.last, let before = letters.dropLast().last {
            if last == "d", before == "e" {
                letters.removeLast(2)
            } else if last == "s", before == "e", !"laeiouy".contains(letters[letters.count - 3]) {
                letters.removeLast(2)
            } else if last == "e", !"laeiouy".contains(before) {
                letters.removeLast()
            }
        }
        if letters.first == "y" { letters.removeFirst() }
        var count = 0
        var run = 0
        for letter in letters {
            if vowels.contains(letter) {
                run += 1
                if run == 1 || run == 3 { count += 1 }
            } else {
                run = 0
            }
        }
        return max(1, count)
    }
}
