import Foundation
import Testing
@testable import SalveCore

/// Runs the browser's search code (templates/assets/search.js) in Node against a real built index, so the
/// search page is tested as it runs, not re-implemented in Swift.
@Suite struct SearchScriptTests {
    func node(_ script: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["node", "-e", script]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let output = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else { throw NodeError(output: output) }
        return output
    }

    struct NodeError: Error { var output: String }

    @Test func searchFindsPagesByTitleAliasAndBody() async throws {
        let site = try TestSite(linkedSite)
        defer { site.delete() }
        try await site.buildOK()
        let searchJS = site.root.appendingPathComponent("public/assets/search.js").path
        let folder = site.root.appendingPathComponent("public/search-index").path + "/"
        let output = try node("""
            const s = require(\(String(reflecting: searchJS)));
            const fs = require("fs"), folder = \(String(reflecting: folder));
            const fetched = [];
            const load = (path) => { fetched.push(path); return Promise.resolve(JSON.parse(fs.readFileSync(folder + path, "utf8"))); };
            const index = s.openIndex(JSON.parse(fs.readFileSync(folder + "index.json", "utf8")), load);
            (async () => {
              for (const q of ["sciatica", "pinched nerve", "burning", "herniat", "Slipped DISCS", "zzz", "nerve magnets",
                               "siatica", "the nerve in my back", "the"]) {
                const r = await s.search(index, q, 50);
                console.log(q + " => " + r.results.map(x => x.page.title).join(", ") + (r.partial ? " (partial)" : "")
                  + r.corrections.map(c => " [" + c.word + "->" + s.shownAs(c.term, r.results) + "]").join(""));
              }
              const shards = Object.keys(JSON.parse(fs.readFileSync(folder + "index.json", "utf8")).shards).length;
              console.log("fetched " + new Set(fetched).size + " files of " + shards + " shards; each once: " + (new Set(fetched).size === fetched.length));
            })();
            """)
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("sciatica => Sciatica") }, "title word, best first: \(output)")
        #expect(lines.contains("pinched nerve => Sciatica"), "alias: \(output)")
        #expect(lines.contains { $0.hasPrefix("burning => Sciatica") }, "body word: \(output)")
        #expect(lines.contains { $0.hasPrefix("herniat => Herniated disc") }, "prefix: \(output)")
        #expect(lines.contains { $0.hasPrefix("Slipped DISCS => Herniated disc") }, "case and plural: \(output)")
        #expect(lines.contains("zzz => "))
        #expect(lines.contains { $0.hasPrefix("nerve magnets =>") && $0.hasSuffix("(partial)") })
        #expect(lines.contains { $0.hasPrefix("siatica => Sciatica") && $0.hasSuffix("[siatica->sciatica]") }, "one typo: \(output)")
        #expect(lines.contains { $0.hasPrefix("the nerve in my back => ") && !$0.hasSuffix("(partial)") && !$0.hasSuffix("=> ") },
                "stop words are left out of a query with other words: \(output)")
        #expect(lines.contains { $0.hasPrefix("the => ") }, "a query of stop words only is still searched")
        #expect(lines.contains { $0.hasPrefix("fetched ") && $0.hasSuffix("each once: true") }, "files are fetched once: \(output)")
    }

    /// The browser stems queries as the build stems pages: both give the reference stemmer's stem for every word of
    /// the fixture (the Swift side is checked in EnglishStemmerTests).
    @Test func browserStemsAsTheReferenceStemmerDoes() throws {
        let output = try node("""
            const s = require(\(String(reflecting: ThemeTests.repository.appendingPathComponent("templates/assets/search.js").path)));
            const lines = require("fs").readFileSync(\(String(reflecting: EnglishStemmerTests.fixture.path)), "utf8").split("\\n");
            let checked = 0, wrong = [];
            for (const line of lines) {
              if (!line || line.startsWith("#")) continue;
              const [word, expected] = line.split("\\t");
              checked++;
              if (s.stem(word) !== expected) wrong.push(word + ": " + s.stem(word) + ", expected " + expected);
            }
            console.log(checked + " " + wrong.length + " " + wrong.slice(0, 20).join("; "));
            """)
        let parts = output.split(separator: " ", maxSplits: 2)
        #expect(Int(parts.first ?? "") ?? 0 > 20_000, "\(output)")
        #expect(parts.count > 1 && parts[1] == "0", "words the browser stems differently: \(output)")
    }

    /// A page whose body is about a word ranks above one that mentions it once, and a rare word of a query counts
    /// for more than a common one.
    @Test func rankingWeighsHowOftenAndHowRare() async throws {
        let site = try TestSite([
            "content/symptoms/a-once.md": page("title: Alpha\nsummary: A page.", body: "Cramp once. " + String(repeating: "Other words here. ", count: 40)),
            "content/symptoms/b-often.md": page("title: Beta\nsummary: A page.", body: "Cramp, cramp and more cramp. The cramp is the point."),
            "content/symptoms/c-common.md": page("title: Gamma\nsummary: A page.", body: "Leg leg leg leg leg. A calf too."),
            "content/symptoms/d-rare.md": page("title: Delta\nsummary: A page.", body: "Leg and one zygote."),
            "content/symptoms/e.md": page("title: Epsilon\nsummary: A page.", body: "Leg."),
            "content/symptoms/f.md": page("title: Zeta\nsummary: A page.", body: "Leg."),
        ])
        defer { site.delete() }
        try await site.buildOK()
        let folder = site.root.appendingPathComponent("public/search-index").path + "/"
        let output = try node("""
            const s = require(\(String(reflecting: site.root.appendingPathComponent("public/assets/search.js").path)));
            const fs = require("fs"), folder = \(String(reflecting: folder));
            const index = s.openIndex(JSON.parse(fs.readFileSync(folder + "index.json", "utf8")),
                                      (p) => Promise.resolve(JSON.parse(fs.readFileSync(folder + p, "utf8"))));
            (async () => {
              for (const q of ["cramp", "cramp zygote"]) {
                const r = await s.search(index, q, 10);
                console.log(q + " => " + r.results.map(x => x.page.title).join(", "));
              }
            })();
            """)
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.contains("cramp => Beta, Alpha"), "said often, in a short body, first: \(output)")
        // No page has both words: the page with the rare one (on 1 page of 6) comes before the page that says the
        // commoner one (on 2) often, which it would not without the rarity weight.
        #expect(lines.contains { $0.hasPrefix("cramp zygote => Delta, Beta") }, "\(output)")
    }

    @Test func typoDistanceCountsOneEditAndSwaps() throws {
        let output = try node("""
            const s = require(\(String(reflecting: ThemeTests.repository.appendingPathComponent("templates/assets/search.js").path)));
            console.log([s.distance("siatica", "sciatica", 2), s.distance("hamstrnig", "hamstring", 2), s.distance("calf", "calves", 1),
                         s.distance("abc", "abc", 1)].join(" "));
            """)
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "1 1 2 0")
    }

    @Test func browserAndBuildTokenizeAlike() throws {
        let samples = ["Baker's Cyst", "CRAMPS, café-au-lait", "stenosis sciatica stress", "Achilles’ tendon", "calves 2nd",
                       "Swelling, swollen, cramping; walked", "generously organised international neurologists"]
        let output = try node("""
            const s = require(\(String(reflecting: ThemeTests.repository.appendingPathComponent("templates/assets/search.js").path)));
            for (const t of \(String(decoding: try JSONEncoder().encode(samples), as: UTF8.self))) console.log(s.terms(t).join(" "));
            """)
        #expect(output.split(separator: "\n").map(String.init) == samples.map { Tokenizer.terms($0).joined(separator: " ") })
    }
}
