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
        let index = site.root.appendingPathComponent("public/search-index.json").path
        let output = try node("""
            const s = require(\(String(reflecting: searchJS)));
            const index = JSON.parse(require("fs").readFileSync(\(String(reflecting: index)), "utf8"));
            const sorted = Object.keys(index.terms).sort();
            for (const q of ["sciatica", "pinched nerve", "burning", "herniat", "Slipped DISCS", "zzz", "nerve magnets"]) {
              const r = s.search(index, sorted, q);
              console.log(q + " => " + r.results.map(x => x.page.title).join(", ") + (r.partial ? " (partial)" : ""));
            }
            """)
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("sciatica => Sciatica") }, "title word, best first: \(output)")
        #expect(lines.contains("pinched nerve => Sciatica"), "alias: \(output)")
        #expect(lines.contains { $0.hasPrefix("burning => Sciatica") }, "body word: \(output)")
        #expect(lines.contains { $0.hasPrefix("herniat => Herniated disc") }, "prefix: \(output)")
        #expect(lines.contains { $0.hasPrefix("Slipped DISCS => Herniated disc") }, "case and plural: \(output)")
        #expect(lines.contains("zzz => "))
        #expect(lines.contains { $0.hasPrefix("nerve magnets =>") && $0.hasSuffix("(partial)") })
    }

    @Test func browserAndBuildTokenizeAlike() throws {
        let samples = ["Baker's Cyst", "CRAMPS, café-au-lait", "stenosis sciatica stress", "Achilles’ tendon", "calves 2nd"]
        let output = try node("""
            const s = require(\(String(reflecting: ThemeTests.repository.appendingPathComponent("templates/assets/search.js").path)));
            for (const t of \(String(decoding: try JSONEncoder().encode(samples), as: UTF8.self))) console.log(s.terms(t).join(" "));
            """)
        #expect(output.split(separator: "\n").map(String.init) == samples.map { Tokenizer.terms($0).joined(separator: " ") })
    }
}
