import Foundation
import Testing
@testable import SalveCore

@Suite struct UnitTests {
    @Test(arguments: [
        ("2026-01-31", 1, "2026-02-28"), ("2024-01-31", 1, "2024-02-29"), ("2026-03-15", 36, "2029-03-15"),
        ("2026-11-21", 2, "2027-01-21"), ("2026-12-01", 0, "2026-12-01"),
    ])
    func addingMonthsToADay(start: String, months: Int, expected: String) throws {
        #expect(try #require(Day(iso: start)).adding(months: months).description == expected)
    }

    @Test func impossibleDatesAreRejected() {
        for text in ["2026-02-30", "2026-13-01", "26-01-01", "2026-1-1", "yesterday", "2026-04-31"] {
            #expect(Day(iso: text) == nil, "\(text)")
        }
        #expect(Day(iso: "2028-02-29")?.longForm == "29 February 2028")
    }

    @Test func suggestionsFindTyposButNotStrangers() {
        #expect(Suggestion.closest(to: "numbnes", in: ["numbness", "tingling"]) == "numbness")
        #expect(Suggestion.closest(to: "symptom", in: FrontMatter.keys) == "symptoms")
        #expect(Suggestion.closest(to: "riskfactors", in: FrontMatter.keys) == "risk_factors")
        #expect(Suggestion.closest(to: "banana", in: ["numbness", "tingling"]) == nil)
    }

    @Test func wikiLinksAreSplitOutOfText() {
        #expect(WikiLink.split("See [[sciatica]] now") == [.text("See "), .link(WikiLink(slug: "sciatica", raw: "sciatica")), .text(" now")])
        #expect(WikiLink.split("[[a#b|the A]]") == [.link(WikiLink(slug: "a", fragment: "b", text: "the A", raw: "a#b|the A"))])
        #expect(WikiLink.split("no [link] here [[x") == [.text("no [link] here [[x")])
        #expect(WikiLink.split("a [[]] b") == [.text("a [[]] b")])
        #expect(WikiLink.split("plain") == [.text("plain")])
    }

    @Test func slugsAreCheckedAndSuggested() {
        #expect(SourcePage.isValidSlug("bakers-cyst"))
        for bad in ["Bakers", "bakers_cyst", "-a", "a-", "a--b", "", "a b", "é"] { #expect(!SourcePage.isValidSlug(bad), "\(bad)") }
        #expect(SourcePage.suggestedSlug("Baker's Cyst (popliteal)") == "bakers-cyst-popliteal")
    }

    @Test(arguments: [
        ("Ménière's disease", "menieres-disease"), ("Sjögren’s syndrome", "sjogrens-syndrome"),
        ("Guillain–Barré syndrome", "guillain-barre-syndrome"), ("Crème brûlée, Çà ñ ü", "creme-brulee-ca-n-u"),
        ("Straße ẞ", "strasse-ss"), ("Æsop Œdème", "aesop-oedeme"), ("Søren Łódź", "soren-lodz"),
        ("Đorđe Þór Ðe", "dorde-thor-de"), ("İstanbul ılık", "istanbul-ilik"), ("Ħal Ŧ Ŋ ƒ", "hal-t-ng-f"),
        ("ﬁle Ǆ Ĳssel", "file-dz-ijssel"), ("Vitamin B₁₂", "vitamin-b12"), ("ＦＵＬＬ１２", "full12"),
        ("Paral·lel", "parallel"), ("cafe\u{301}", "cafe"), ("日本語 clinic 2", "clinic-2"), ("Aβ amyloid", "a-amyloid"),
        ("  --Tay‐Sachs--  ", "tay-sachs"), ("???", ""), ("日本語", ""), ("Привет мир", ""), ("", ""),
    ])
    func slugsFromTitlesInAnyLatinSpelling(title: String, slug: String) {
        #expect(SourcePage.suggestedSlug(title) == slug)
        #expect(slug.isEmpty || SourcePage.isValidSlug(slug))
    }

    @Test func theVersionIsThreeNumbers() {
        let parts = SalveVersion.current.split(separator: ".", omittingEmptySubsequences: false)
        #expect(parts.count == 3 && parts.allSatisfy { Int($0) != nil }, "\(SalveVersion.current)")
    }

    @Test func outputPathsCannotLeaveTheOutputFolder() {
        for bad in ["../x", "a/../../x", "/etc/passwd", "a//b", "./a", "a/./b", "", "a\\..\\b", "a/", "a/..", ".", "..",
                    "a/b\0c", "/"] {
            #expect(!OutputFile(path: bad, text: "").isContained, "\(bad)")
        }
        for good in ["conditions/sciatica/index.html", "a", "a/...", ".well-known/x", "a/..b/c", "é/ü.html"] {
            #expect(OutputFile(path: good, text: "").isContained, "\(good)")
        }
    }

    @Test func filesAreReadWhole() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("salve-read-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for size in [0, 1, 4_095, 4_096, 65_537, 300_001] {
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            try FileSystem.write(Data(bytes), to: "\(folder)/f\(size)")
            #expect(FileSystem.read("\(folder)/f\(size)") == bytes, "\(size) bytes")
        }
        #expect(FileSystem.read("\(folder)/missing") == nil)
        #if os(Linux)
        // A file whose size says nothing of its length, as one that grows while read: read to its end all the same.
        let statm = try #require(FileSystem.read("/proc/self/statm"))
        #expect(statm.count > 5 && statm.last == UInt8(ascii: "\n"))
        let status = try #require(FileSystem.read("/proc/self/status"))
        #expect(String(decoding: status, as: UTF8.self).contains("VmRSS"))
        #endif
    }

    @Test func outputFoldersAreEveryParentOnce() throws {
        #expect(try OutputFolders.of(["a/b/c/x.html", "a/b/y.html", "a/z.html", "top.html", "d/e/f.html"])
                == ["a", "a/b", "a/b/c", "d", "d/e"])
        #expect(throws: OutputFolders.WriteError.self) { try OutputFolders.of(["ok/x.html", "a/../../x"]) }
    }

    @Test func parallelMapsKeepTheOrderWhenTheWorkIsUneven() async {
        // The slow items come together at the start, as the search index's largest files do.
        let items = Array(0..<5_000)
        @Sendable func work(_ item: Int) -> Int {
            var sum = 0
            for step in 0..<(item < 200 ? 20_000 : 10) { sum &+= step ^ item }
            return item * 2 + (sum == -1 ? 1 : 0)
        }
        let expected = items.map { $0 * 2 }
        #expect(await parallelMap(items, work) == expected)
        #expect(concurrentChunkMap(items) { $0.map(work) } == expected)
        #expect(concurrentChunkMap(items, chunksPerCore: 4) { $0.map(work) } == expected)
        #expect(await parallelMap([7], work) == [14])
        #expect(await parallelMap([Int](), work).isEmpty)
        #expect(concurrentChunkMap([Int]()) { $0.map(work) }.isEmpty)
        #expect(concurrentChunkMap(Array(0..<3)) { chunk in [chunk.count] } .reduce(0, +) == 3)
    }

    @Test func linkSchemesAndFragmentsAreRecognised() {
        #expect(TreeRewriter.splitFragment("../symptoms/numbness.md#a") == ("../symptoms/numbness.md", "a"))
        #expect(TreeRewriter.splitFragment("/conditions/sciatica/?x=1#causes") == ("/conditions/sciatica/", "causes"))
        #expect(TreeRewriter.splitFragment("numbness.md") == ("numbness.md", nil))
        for (url, scheme) in [("https://x.org/a.md", "https"), ("MAILTO:a@b.c", "mailto"), ("tel:999", "tel"), ("javascript:alert(1)", "javascript")] {
            #expect(TreeRewriter.scheme(of: url) == scheme, "\(url)")
        }
        for relative in ["/a.md", "#a", "picture.png", "../a/", "a/b:c", "//x.org"] {
            #expect(TreeRewriter.scheme(of: relative) == nil, "\(relative)")
        }
    }

    @Test func ancestorsOfAChangedPath() {
        #expect(LiveBuilder.ancestors(of: "content/symptoms/numbness.md") == ["content/symptoms", "content"])
        #expect(LiveBuilder.ancestors(of: "salve.yaml") == [])
    }

    @Test func externalLinksMustBeWellFormed() {
        for good in ["https://www.nhs.uk/conditions/sciatica/", "http://example.org", "https://a.example.org:8080/x?y#z",
                     "mailto:help@example.org", "mailto:help@example.org?subject=Hi", "tel:+44 (0)1234 567890", "http://localhost/"] {
            #expect(TreeRewriter.problem(withExternal: good, scheme: TreeRewriter.scheme(of: good)!) == nil, "\(good)")
        }
        for bad in ["https:/example.org", "https://", "https://exa mple.org", "https://example..org/", "https://nhs/", "mailto:help",
                    "tel:call-me", "javascript:alert(1)", "ftp://example.org/file"] {
            #expect(TreeRewriter.problem(withExternal: bad, scheme: TreeRewriter.scheme(of: bad)!) != nil, "\(bad)")
        }
    }

    @Test func tokenizerFoldsCaseAccentsApostrophesAndStems() {
        #expect(Tokenizer.words("Baker's Cyst") == ["bakers", "cyst"])
        #expect(Tokenizer.terms("Baker's Cyst") == ["baker", "cyst"])
        #expect(Tokenizer.terms("CRAMPS, café-au-lait") == ["cramp", "cafe", "au", "lait"])
        #expect(Tokenizer.terms("stenosis sciatica stress") == ["stenosi", "sciatica", "stress"])
        #expect(Tokenizer.terms("swelling swollen cramping walked") == ["swell", "swollen", "cramp", "walk"])
    }

    @Test func partialReferencesAreFoundWithPositions() {
        let refs = Theme.partialReferences(in: "{{<layout}}\n  {{> partials/a }} {{name}} {{#x}}{{>b}}{{/x}}")
        #expect(refs.map(\.name) == ["layout", "partials/a", "b"])
        #expect(refs.map(\.line) == [1, 2, 2])
        #expect(refs[1].column == 3)
    }

    @Test func frontMatterNeedsAFirstLineFence() {
        guard case .failure(let diagnostic) = FrontMatter.split("title: x\n---\n", file: "a.md") else { Issue.record("accepted"); return }
        #expect(diagnostic.description.hasPrefix("a.md:1:1: error: the page has no front matter"))
        guard case .success(let split) = FrontMatter.split("\u{FEFF}---\ntitle: x\n---\nBody\n", file: "a.md") else { Issue.record("rejected"); return }
        #expect(split.yaml == "title: x" && split.body == "Body\n" && split.bodyStartLine == 4)
    }

    @Test func searchIndexRecordsWhereEachTermCameFrom() throws {
        let entry = SearchIndex.Entry(url: "/c/", title: "Muscle cramps", kind: "condition", summary: "Tight muscles.",
                                      aliases: ["charley horse"], headings: ["Causes"])
        let index = SearchIndex.build([(entry, "The calf hurts at night."), (SearchIndex.Entry(url: "/d/", title: "Calf pain", kind: "symptom",
                                        summary: "", aliases: [], headings: []), "")])
        #expect(index.terms["cramp"] == [[0, SearchIndex.Field.title.rawValue]])
        #expect(index.terms["muscl"] == [[0, SearchIndex.Field.title.rawValue | SearchIndex.Field.summary.rawValue]], "muscle and muscles share a stem")
        #expect(index.terms["charley"] == [[0, SearchIndex.Field.alias.rawValue]])
        #expect(index.fieldsOnly["calf"] == [[0, SearchIndex.Field.body.rawValue], [1, SearchIndex.Field.title.rawValue]])
        #expect(index.terms["the"] == nil, "stop words are left out of bodies")
        #expect(index.terms["calf"]?[0][1] ?? 0 >> SearchIndex.weightShift > 0, "a body term carries its weight")
    }
}

/// Salve trims text without Foundation (which goes through NSString); it must trim exactly what Foundation does.
@Suite struct TrimmingTests {
    @Test func trimsWhatFoundationTrims() {
        let samples = ["", " ", "\t\t", "plain", "  both  ", "\u{A0}nbsp\u{A0}", "\u{3000}ideographic\u{2003}", "\nlines\r\n",
                       "\u{2028}separator\u{2029}", "\u{85}next line\u{85}", " \u{301}accent", "x \u{301}", "\u{200B}zero width\u{200B}",
                       "\u{FEFF}bom", " 💊 pill ", "\u{0B}\u{0C}tabs\u{0B}", "é ", "\t mixed \n\t"]
        for sample in samples {
            #expect(sample.trimmingSpaces() == sample.trimmingCharacters(in: .whitespaces), "\(Array(sample.unicodeScalars))")
            #expect(sample.trimmingSpacesAndNewlines() == sample.trimmingCharacters(in: .whitespacesAndNewlines), "\(Array(sample.unicodeScalars))")
            #expect(sample[...].trimmingSpaces() == sample[...].trimmingCharacters(in: .whitespaces))
        }
    }
}

@Suite struct SearchWeightTests {
    /// BM25's term-frequency part: more mentions weigh more, with diminishing returns; a long body weighs each
    /// mention less; no mention weighs nothing; every weight fits in 1…9.
    @Test func bodyWeightGrowsWithMentionsAndShrinksWithLength() {
        let once = SearchIndex.bodyWeight(count: 1, length: 400), thrice = SearchIndex.bodyWeight(count: 3, length: 400)
        #expect(SearchIndex.bodyWeight(count: 0, length: 400) == 0)
        #expect(once < thrice && thrice <= SearchIndex.bodyWeight(count: 30, length: 400))
        #expect(SearchIndex.bodyWeight(count: 3, length: 100) > SearchIndex.bodyWeight(count: 3, length: 2000))
        #expect((1...50).allSatisfy { (1...9).contains(SearchIndex.bodyWeight(count: $0, length: $0 * 20)) })
    }
}

@Suite struct SearchSynonymTests {
    static let water = SearchIndex.Entry(url: "/a/", title: "Swollen legs", kind: "symptom", summary: "Fluid in the legs.", aliases: [], headings: [])
    static let clot = SearchIndex.Entry(url: "/b/", title: "Blood clot", kind: "condition", summary: "", aliases: [], headings: [])

    @Test func aPageThatUsesOneWordOfAGroupIsFoundByTheOthers() {
        let groups = [["oedema", "edema", "water retention"], ["blood thinners", "warfarin"]]
        let index = SearchIndex.build([(Self.water, "Some call it water retention."), (Self.clot, "You will take warfarin.")],
                                      synonyms: groups)
        #expect(index.fieldsOnly["oedema"] == [[0, SearchIndex.Field.body.rawValue]], "a phrase brings in the group's words")
        #expect(index.fieldsOnly["edema"] == [[0, SearchIndex.Field.body.rawValue]])
        #expect(index.fieldsOnly["thinner"] == [[1, SearchIndex.Field.body.rawValue]], "a word brings in the group's phrases")
        #expect(index.fieldsOnly["blood"] == [[1, SearchIndex.Field.title.rawValue | SearchIndex.Field.body.rawValue]])
        #expect(index.fieldsOnly["retent"] == [[0, SearchIndex.Field.body.rawValue]])
        // Words of a phrase apart are not the phrase.
        let apart = SearchIndex.build([(Self.water, "Water helps with retention of fluid.")], synonyms: groups)
        #expect(apart.terms["oedema"] == nil)
        #expect(SearchIndex.build([(Self.water, "Some call it water retention.")]).terms["oedema"] == nil, "no synonyms, no extra terms")
    }

    /// An index kept from the last build and remade with other synonyms is what a clean build with them makes.
    @Test func changedSynonymsRebuildTheIndex() {
        let documents = [SearchIndex.Document(entry: Self.water, body: "Some call it water retention.")]
        let before = SearchIndex(documents, synonyms: Synonyms([]))
        let after = SearchIndex(documents, synonyms: Synonyms([["oedema", "water retention"]]), reusing: before)
        #expect(after.everyFile() == SearchIndex(documents, synonyms: Synonyms([["oedema", "water retention"]])).everyFile())
        #expect(after.terms["oedema"] != nil)
    }
}

@Suite struct SearchIndexJSONTests {
    /// Reads the written files back, as the browser does: the entry, then every shard, word list and page file.
    static func read(_ files: [OutputFile]) throws -> (entry: [String: Any], terms: [String: [[Int]]], words: [String], pages: [[String: Any]]) {
        let byPath = Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0.data) })
        func json(_ path: String) throws -> Any { try JSONSerialization.jsonObject(with: try #require(byPath[path], "no \(path)")) }
        let entry = try #require(try json(SearchIndex.entryPath) as? [String: Any])
        var terms: [String: [[Int]]] = [:]
        for (key, name) in try #require(entry["shards"] as? [String: String]) {
            for (term, flat) in try #require(try json("search-index/terms/\(name).json") as? [String: [Int]]) {
                #expect(SearchIndex.shard(of: term) == key, "\(term) is in shard \(key)")
                var page = 0
                terms[term] = stride(from: 0, to: flat.count, by: 2).map { page += flat[$0]; return [page, flat[$0 + 1]] }
            }
        }
        var words: [String] = []
        for (letter, name) in try #require(entry["words"] as? [String: String]) {
            let list = try #require(try json("search-index/words/\(name).json") as? [String])
            #expect(list.allSatisfy { $0.hasPrefix(letter) } && list == list.sorted())
            words += list
        }
        var pages: [[String: Any]] = []
        for name in try #require(entry["pageFiles"] as? [String]) {
            pages += try #require(try json("search-index/pages/\(name).json") as? [[String: Any]])
        }
        for index in pages.indices {
            let name = try #require(pages[index]["text"] as? String)
            pages[index]["body"] = try JSONSerialization.jsonObject(with: try #require(byPath["search-index/text/\(name).json"]),
                                                                    options: .fragmentsAllowed)
        }
        return (entry, terms, words.sorted(), pages)
    }

    @Test func writtenFilesReadBackExactly() throws {
        let awkward = "Quote \" backslash \\ slash / tab \t newline \n bell \u{07} é ✓ 💊"
        var documents = [(SearchIndex.Entry(url: "/a/", title: awkward, kind: "condition", summary: "s", aliases: [awkward, "b"], headings: []),
                          "body words")]
        for number in 1...24 {
            documents.append((SearchIndex.Entry(url: "/p\(number)/", title: "Page \(number)", kind: "symptom", summary: "", aliases: [],
                                                headings: []), "calf \(number % 3 == 0 ? "cramp" : "ache") number\(number)"))
        }
        let index = SearchIndex.build(documents)
        let files = index.everyFile()
        let read = try Self.read(files)
        #expect(read.pages.count == 25 && read.entry["pages"] as? Int == 25)
        #expect(read.pages.first?["title"] as? String == awkward)
        #expect(read.pages.first?["aliases"] as? [String] == [awkward, "b"])
        #expect(read.pages.last?["url"] as? String == "/p24/")
        #expect(read.entry["version"] as? Int == 3)
        #expect(read.entry["stopWords"] as? [String] == Tokenizer.stopWords.sorted())
        #expect(read.terms == index.terms, "every term's postings, page numbers restored from their gaps")
        #expect(read.words == read.terms.keys.sorted())
        #expect(read.terms["calf"]?.count == 24)
        #expect(read.pages[1]["body"] as? String == "calf ache number1", "each page's text, for snippets")
        // Each file but the entry is named by its contents: the same bytes, the same name.
        for file in files where file.path != SearchIndex.entryPath {
            let parts = file.path.split(separator: "/").last!.split(separator: ".")
            #expect(String(parts[parts.count - 2]) == SearchIndex.hash(Array(file.data)), "\(file.path)")
        }
    }
}

extension SearchIndexJSONTests {
    /// A page's text file: whitespace folded, blocks joined by " · ", escaped as JSON, cut at a word.
    @Test func pageTextIsFoldedEscapedAndCut() throws {
        func text(_ body: String) throws -> String {
            try #require(try JSONSerialization.jsonObject(with: Data(SearchIndex.textJSON(of: body).bytes), options: .fragmentsAllowed) as? String)
        }
        #expect(try text("Quote \"  back\\slash\t\ttab \u{07} é ✓ 💊\n\n## Next\nline") == "Quote \" back\\slash tab \u{07} é ✓ 💊 · ## Next · line")
        #expect(try text("  \n lead") == "lead")
        let long = String(repeating: "calf ", count: 1_000)
        let cut = try text(long)
        #expect(cut.count < SearchIndex.textLength && cut.count > SearchIndex.textLength - 6 && cut.hasSuffix("calf"))
        let word = String(repeating: "é", count: 2_000)  // one word of 4,000 bytes: cut inside it, never inside a character
        #expect(try text(word) == String(repeating: "é", count: SearchIndex.textLength / 2))
    }

    /// JSON inside an HTML `<script>` element cannot close it: `<` is written as `\u003c`.
    @Test func jsonForHTMLEscapesAngleBrackets() throws {
        var out = JSONText(forHTML: true)
        out.string("a</script><!-- b\u{01}")
        #expect(String(decoding: out.bytes, as: UTF8.self) == #""a\u003c/script>\u003c!-- b\u0001""#)
        var plain = JSONText()
        plain.string("a</script>")
        #expect(String(decoding: plain.bytes, as: UTF8.self) == #""a</script>""#)
    }
}

extension SearchIndexJSONTests {
    /// The index finds ASCII words by their bytes (no string per word): each page's terms must be exactly what
    /// the tokenizer and stemmer make of its text, over enough distinct words to make the table grow many times.
    @Test func termsAreTheTokenizersWordsStemmed() {
        var random = SplitMix(state: 20261130)
        let vocabulary = ["Calf", "PAIN", "cramps", "the", "don't", "sciatica's", "a", "swelling", "swollen", "'tis", "runners'",
                          "O'Brien", "'", "x''y", "Stretch-and-HOLD"]
            + (0..<5_000).map { "w\($0)x\($0 % 7 == 0 ? "ing" : "")" }
        var documents: [(entry: SearchIndex.Entry, body: String)] = []
        for number in 0..<60 {
            let body = (0..<400).map { _ in vocabulary.randomElement(using: &random)! }.joined(separator: number % 2 == 0 ? " " : ", ")
            documents.append((SearchIndex.Entry(url: "/p\(number)/", title: "Page \(number)", kind: "condition", summary: "",
                                                aliases: [], headings: []), number == 7 ? body + " café" : number == 11 ? "Naïve " + body : body))
        }
        let index = SearchIndex.build(documents)
        for (number, document) in documents.enumerated() {
            let expected = Set(Tokenizer.words(document.body).filter { !Tokenizer.isStopWord($0) }.map(Tokenizer.stem)
                               + Tokenizer.terms(document.entry.title))
            let found = Set(index.terms.filter { $0.value.contains { $0[0] == number } }.keys)
            #expect(found == expected, "page \(number)")
        }
    }
}

@Suite struct SearchIndexUpdateTests {
    /// An index updated page by page must write exactly the bytes of one built from scratch: random edits to a
    /// small vocabulary make terms appear, vanish, and move between fields on every step.
    @Test func anUpdatedIndexEqualsOneBuiltFromScratch() {
        var random = SplitMix(state: 20261123)
        // Few pages and many rare words, so terms often appear for the first time and vanish for good.
        let words = ["calf", "pain", "cramps", "the"] + (0..<40).map { "word\($0)" }
        func text(_ count: Int) -> String { (0..<Int.random(in: 0...count, using: &random)).map { _ in words.randomElement(using: &random)! }.joined(separator: " ") }
        func document(_ number: Int) -> SearchIndex.Document {
            SearchIndex.Document(entry: SearchIndex.Entry(url: "/p/\(number)/", title: text(3), kind: "condition", summary: text(4),
                                                          aliases: [text(2)], headings: [text(2)]), body: text(12))
        }
        var documents = (0..<8).map(document)
        var index = SearchIndex(documents)
        // A folder kept up to date with only the files each update changed, as a live rebuild writes them.
        var folder: [String: Data] = [:]
        func write() {
            let changed = index.changedFiles()
            if changed.isComplete { folder = [:] }
            for path in changed.replaced { folder[path] = nil }
            let fromScratch = Dictionary(uniqueKeysWithValues: index.files().files.map { ($0.path, $0.data) })
            for file in changed.files { #expect(fromScratch[file.path] == file.data, "a file is named by what it holds") }
            for file in [changed.entry] + changed.files + changed.texts.map({ index.textFile(page: $0.page) }) {
                folder[file.path] = file.data
            }
        }
        write()
        for step in 0..<300 {
            let page = Int.random(in: 0..<documents.count, using: &random)
            if step % 25 == 24, documents.count > 2 {
                documents.remove(at: page)  // a deleted page renumbers the rest
            } else {
                documents[page] = document(page)
                if Bool.random(using: &random) { documents[(page + 7) % documents.count].body = text(12) }
            }
            index = SearchIndex(documents, reusing: index)
            let fresh = SearchIndex(documents).everyFile()
            #expect(index.everyFile() == fresh, "step \(step)")
            #expect(SearchIndex(documents, forUpdates: false).everyFile() == fresh, "step \(step): an index made once writes the same")
            write()
            #expect(folder == Dictionary(uniqueKeysWithValues: fresh.map { ($0.path, $0.data) }), "step \(step): the files written")
        }
        #expect(index.terms == SearchIndex(documents).terms)
    }
}

@Suite struct AToZLetterTests {
    @Test(arguments: [("sciatica", "S"), ("Baker's cyst", "B"), ("émile's syndrome", "E"), ("Ötzi leg", "O"),
                      ("3 signs of a clot", "0 to 9"), ("(rare) cramps", "0 to 9"), ("", "0 to 9")])
    func namesGoUnderTheirFirstLetterWithoutAccents(name: String, letter: String) {
        #expect(AToZInputs.letter(of: name) == letter)
    }
}

@Suite struct MarkdownThreadTests {
    /// cmark-gfm clears a process-wide table of extension characters whenever a parser finishes its inlines;
    /// pages rendered on several threads at once must still all get their autolinks and strikethrough.
    @Test func pagesRenderedInParallelAllKeepTheirExtensions() async {
        let text = (0..<40).map { "Line \($0): see www.example.org/\($0) or https://example.org/\($0) and ~~old~~ text." }
            .joined(separator: "\n\n")
        var diagnostics: [Diagnostic] = []
        let expected = Markdown.render(text, path: "p.md", resolver: nil, diagnostics: &diagnostics).html
        #expect(expected.contains("<a href=\"http://www.example.org/39\">") && expected.contains("<del>old</del>"))
        let rendered = await parallelMap(Array(repeating: text, count: 400)) { text in
            var diagnostics: [Diagnostic] = []
            return Markdown.render(text, path: "p.md", resolver: nil, diagnostics: &diagnostics).html
        }
        #expect(rendered.filter { $0 != expected }.count == 0)
    }
}

extension SearchIndex {
    /// `terms` with each posting's field bits only, without the body weight above them.
    var fieldsOnly: [String: [[Int]]] {
        terms.mapValues { $0.map { [$0[0], $0[1] & ((1 << SearchIndex.weightShift) - 1)] } }
    }
}
