/// The Snowball English stemmer ("Porter2"), as specified at snowballstem.org/algorithms/english/stemmer.html:
/// `swelling` → `swell`, `cramping` and `cramps` → `cramp`, `walking` → `walk`, `arteries` → `arteri`.
///
/// Written here because no Swift package of it is available to Salve (the Snowball project generates C, Java,
/// Python and others, not Swift). `Tests/Fixtures/porter2.tsv` holds the reference implementation's stems
/// (PyPI's snowballstemmer) for every word of the bundled site and many derived forms, made by
/// `Scripts/stem-fixture.py`, and a test checks that this code gives the same stem for each.
///
/// Works on lowercase ASCII words, as the tokenizer gives them; a word with other characters is returned as it is.
public enum EnglishStemmer {
    public static func stem(_ word: String) -> String {
        guard word.utf8.count > 2, word.utf8.allSatisfy({ $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }) else { return word }
        if let special = exceptions[word] { return special }
        var w = Word(Array(word.utf8))
        w.markYs()
        w.findRegions()
        w.step1a()
        if stopAfter1a.contains(w.string) { return w.string }
        w.step1b()
        w.step1c()
        w.step2()
        w.step3()
        w.step4()
        w.step5()
        return String(decoding: w.b.map { $0 == Word.Y ? UInt8(ascii: "y") : $0 }, as: UTF8.self)
    }

    /// Words the algorithm leaves alone or stems in a fixed way.
    static let exceptions: [String: String] = [
        "skis": "ski", "skies": "sky", "dying": "die", "lying": "lie", "tying": "tie", "idly": "idl", "gently": "gentl", "ugly": "ugli", "early": "earli",
        "only": "onli", "singly": "singl", "sky": "sky", "news": "news", "howe": "howe", "atlas": "atlas",
        "cosmos": "cosmos", "bias": "bias", "andes": "andes",
        // Snowball 3 stems these to "paste", apart from "past"; found by the fixture test, kept as exceptions.
        "paste": "paste", "pastes": "paste", "pasted": "paste", "pasting": "paste",
    ]

    /// Words whose stem is what step 1a leaves.
    static let stopAfter1a: Set<String> = ["inning", "outing", "canning", "herring", "earring", "evening", "proceed",
                                           "exceed", "succeed"]

    /// A word being stemmed: its letters (`Y` marks a consonant y) and the starts of regions R1 and R2.
    struct Word {
        var b: [UInt8]
        var r1 = 0, r2 = 0

        init(_ letters: [UInt8]) { b = letters }

        var string: String { String(decoding: b, as: UTF8.self) }

        static let Y = UInt8(ascii: "Y")

        func isVowel(_ i: Int) -> Bool {
            switch b[i] {
            case UInt8(ascii: "a"), UInt8(ascii: "e"), UInt8(ascii: "i"), UInt8(ascii: "o"), UInt8(ascii: "u"), UInt8(ascii: "y"): true
            default: false
            }
        }

        func ends(_ suffix: String) -> Bool {
            let s = suffix.utf8
            guard b.count >= s.count else { return false }
            var i = b.count - s.count
            for c in s {
                if b[i] != c { return false }
                i += 1
            }
            return true
        }

        mutating func replace(_ count: Int, with replacement: String) {
            b.removeLast(count)
            b.append(contentsOf: replacement.utf8)
        }

        /// An initial y, and a y after a vowel, are consonants: `Y`.
        mutating func markYs() {
            if b[0] == UInt8(ascii: "y") { b[0] = Self.Y }
            for i in 1..<b.count where b[i] == UInt8(ascii: "y") && isVowel(i - 1) { b[i] = Self.Y }
        }

        /// R1: after the first non-vowel that follows a vowel (or after one of a few prefixes); R2: the same
        /// rule applied again within R1.
        mutating func findRegions() {
            func after(_ start: Int) -> Int {
                var i = start
                while i < b.count && !isVowel(i) { i += 1 }
                while i < b.count && isVowel(i) { i += 1 }
                return min(i + 1, b.count)
            }
            let prefix = ["gener", "commun", "arsen", "univers", "later", "emerg", "organ", "inter"].first { word in
                b.count >= word.utf8.count && b.starts(with: word.utf8)
            }
            r1 = prefix.map { $0.utf8.count } ?? after(0)
            r2 = after(r1)
        }

        func inR1(_ suffixCount: Int) -> Bool { b.count - suffixCount >= r1 }
        func inR2(_ suffixCount: Int) -> Bool { b.count - suffixCount >= r2 }

        /// Whether the letters before the last `suffixCount` contain a vowel.
        func vowelBefore(_ suffixCount: Int) -> Bool {
            (0..<(b.count - suffixCount)).contains(where: isVowel)
        }

        /// A short syllable ending at index `end` (inclusive).
        func shortSyllable(endingAt end: Int) -> Bool {
            if end == 1 { return isVowel(0) && !isVowel(1) }
            guard end >= 2 else { return false }
            let last = b[end]
            return !isVowel(end - 2) && isVowel(end - 1) && !isVowel(end)
                && last != UInt8(ascii: "w") && last != UInt8(ascii: "x") && last != Self.Y
        }

        var isShort: Bool { r1 >= b.count && shortSyllable(endingAt: b.count - 1) }

        mutating func step1a() {
            if ends("sses") { replace(4, with: "ss") }
            else if ends("ied") || ends("ies") { replace(3, with: b.count > 4 ? "i" : "ie") }
            else if ends("us") || ends("ss") { return }
            else if ends("s") {
                // Delete if the part before the s holds a vowel that is not just before it.
                if b.count >= 2, (0..<(b.count - 2)).contains(where: isVowel) { b.removeLast() }
            }
        }

        mutating func step1b() {
            for suffix in ["eedly", "eed"] where ends(suffix) {
                if inR1(suffix.utf8.count) { replace(suffix.utf8.count, with: "ee") }
                return
            }
            for suffix in ["ingly", "edly", "ing", "ed"] where ends(suffix) {
                let n = suffix.utf8.count
                // "dying", "lying", "tying", "vying": a consonant and y before "ing" become "ie".
                if suffix == "ing", b.count == 5, !isVowel(0), b[1] == UInt8(ascii: "y") {
                    replace(4, with: "ie")
                    return
                }
                guard vowelBefore(n) else { return }
                b.removeLast(n)
                if ends("at") || ends("bl") || ends("iz") { b.append(UInt8(ascii: "e")) }
                else if ["bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"].contains(where: ends) {
                    // ...but a lone a, e or o before the double keeps it: "added" → "add", "egging" → "egg".
                    if !(b.count == 3 && "aeo".utf8.contains(b[0])) { b.removeLast() }
                }
                else if isShort { b.append(UInt8(ascii: "e")) }
                return
            }
        }

        mutating func step1c() {
            guard b.count > 2, b.last == UInt8(ascii: "y") || b.last == Self.Y, !isVowel(b.count - 2) else { return }
            b[b.count - 1] = UInt8(ascii: "i")
        }

        static let step2Rules: [(String, String)] = [
            ("ization", "ize"), ("ational", "ate"), ("fulness", "ful"), ("ousness", "ous"), ("iveness", "ive"),
            ("tional", "tion"), ("biliti", "ble"), ("lessli", "less"), ("entli", "ent"), ("ation", "ate"),
            ("ogist", "og"), ("alism", "al"), ("aliti", "al"), ("ousli", "ous"), ("iviti", "ive"), ("fulli", "ful"), ("enci", "ence"),
            ("anci", "ance"), ("abli", "able"), ("izer", "ize"), ("ator", "ate"), ("alli", "al"), ("bli", "ble"),
            ("ogi", "og"), ("li", ""),
        ]

        mutating func step2() {
            guard let (suffix, replacement) = Self.step2Rules.first(where: { ends($0.0) }) else { return }
            let n = suffix.utf8.count
            guard inR1(n) else { return }
            switch suffix {
            case "ogi", "ogist": if b.count > n && b[b.count - n - 1] == UInt8(ascii: "l") { replace(n, with: replacement) }
            case "li": if b.count > 2 && "cdeghkmnrt".utf8.contains(b[b.count - 3]) { b.removeLast(2) }
            default: replace(n, with: replacement)
            }
        }

        static let step3Rules: [(String, String)] = [
            ("ational", "ate"), ("tional", "tion"), ("alize", "al"), ("icate", "ic"), ("iciti", "ic"),
            ("ative", ""), ("ical", "ic"), ("ness", ""), ("ful", ""),
        ]

        mutating func step3() {
            guard let (suffix, replacement) = Self.step3Rules.first(where: { ends($0.0) }) else { return }
            let n = suffix.utf8.count
            guard inR1(n) else { return }
            if suffix == "ative" { if inR2(n) { b.removeLast(n) } } else { replace(n, with: replacement) }
        }

        static let step4Suffixes = ["ement", "ance", "ence", "able", "ible", "ment", "ant", "ent", "ism", "ate",
                                    "iti", "ous", "ive", "ize", "ion", "al", "er", "ic"]

        mutating func step4() {
            guard let suffix = Self.step4Suffixes.first(where: ends) else { return }
            let n = suffix.utf8.count
            guard inR2(n) else { return }
            if suffix == "ion" {
                let before = b.count > 3 ? b[b.count - 4] : 0
                if before == UInt8(ascii: "s") || before == UInt8(ascii: "t") { b.removeLast(3) }
            } else {
                b.removeLast(n)
            }
        }

        mutating func step5() {
            if b.last == UInt8(ascii: "e") {
                if inR2(1) || (inR1(1) && !shortSyllable(endingAt: b.count - 2)) { b.removeLast() }
            } else if b.last == UInt8(ascii: "l"), inR2(1), b.count > 1, b[b.count - 2] == UInt8(ascii: "l") {
                b.removeLast()
            }
        }
    }
}
