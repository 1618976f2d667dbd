import Foundation
import Testing
@testable import SalveCore

/// The Snowball English stemmer gives the reference implementation's stem for every word of the fixture.
@Suite struct EnglishStemmerTests {
    static let fixture = ThemeTests.repository.appendingPathComponent("Tests/Fixtures/porter2.tsv")

    @Test func everyWordStemsAsTheReferenceStemmerDoes() throws {
        var checked = 0
        var wrong: [String] = []
        for line in try String(contentsOf: Self.fixture, encoding: .utf8).split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "\t")
            guard parts.count == 2 else { Issue.record("bad fixture line: \(line)"); continue }
            let (word, expected) = (String(parts[0]), String(parts[1]))
            let stem = EnglishStemmer.stem(word)
            if stem != expected { wrong.append("\(word): \(stem), expected \(expected)") }
            checked += 1
        }
        #expect(checked > 20_000, "only \(checked) words in \(Self.fixture.path)")
        #expect(wrong.isEmpty, "\(wrong.count) of \(checked) words differ, e.g. \(wrong.prefix(40).joined(separator: "; "))")
    }

    @Test func patientWordsMeetTheirForms() {
        for (a, b) in [("swelling", "swell"), ("cramping", "cramps"), ("walking", "walks"), ("arteries", "artery"),
                       ("stiffness", "stiff"), ("injuries", "injury"), ("bruised", "bruising")] {
            #expect(EnglishStemmer.stem(a) == EnglishStemmer.stem(b), "\(a) and \(b)")
        }
        #expect(EnglishStemmer.stem("café") == "café", "non-ASCII words are left alone")
    }
}
