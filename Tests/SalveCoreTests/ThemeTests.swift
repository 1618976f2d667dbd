import Foundation
import Testing
@testable import SalveCore

@Suite struct ThemeTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The binary carries the theme in templates/; if they differ, `make theme` was forgotten.
    @Test func embeddedThemeMatchesTemplatesFolder() throws {
        let folder = Self.repository.appendingPathComponent("templates")
        let onDisk = Dictionary(uniqueKeysWithValues: try SiteFiles.list(folder).map { path in
            (path, try Data(contentsOf: folder.appendingPathComponent(path)))
        })
        #expect(Set(onDisk.keys) == Set(DefaultTheme.files.keys).union(DefaultTheme.binaryFiles.keys), "run `make theme`")
        for (path, data) in onDisk {
            let embedded = DefaultTheme.files[path].map { Data($0.utf8) } ?? DefaultTheme.binaryFiles[path].flatMap { Data(base64Encoded: $0) }
            #expect(embedded == data, "\(path) differs from the embedded copy; run `make theme`")
        }
    }

    @Test func defaultThemeLoadsCleanly() throws {
        let theme = try Theme.load(siteTemplates: URL(fileURLWithPath: "/nonexistent"), displayPath: "templates").get()
        #expect(theme.assets["assets/style.css"] != nil && theme.assets["assets/search.js"] != nil)
        #expect(theme.assets["assets/apple-touch-icon.png"]?.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "a PNG")
    }

    @Test func initCreatesASiteThatBuilds() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("salve-init-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        for file in Scaffold.newSite(title: "Clinic", today: Day(iso: "2026-11-21")!) {
            let url = root.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try file.data.write(to: url)
        }
        let summary = try await SiteBuilder.build(BuildOptions(siteDirectory: root))
        #expect(summary.pages > 5)
        let cramps = try String(contentsOf: root.appendingPathComponent("public/conditions/muscle-cramps/index.html"), encoding: .utf8)
        #expect(cramps.contains("Muscle spasms"))
        // The new site shows its shared card and the emergency number from its settings, as examples to copy.
        #expect(cramps.contains("Signs of a blood clot in the leg") && cramps.contains("cramp-like pain in one leg"))
        let home = try String(contentsOf: root.appendingPathComponent("public/index.html"), encoding: .utf8)
        #expect(home.contains("In an emergency, call 999."))
    }

    @Test func newPageIsADraftThatParses() throws {
        let (path, text) = try Scaffold.newPage(kind: .riskFactor, title: "Baker's \"cyst\"", today: Day(iso: "2026-11-21")!)
        #expect(path == "content/risk-factors/bakers-cyst.md")
        var diagnostics: [Diagnostic] = []
        let parsed = try #require(SourcePage.parse(path: path, text: text, diagnostics: &diagnostics))
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(parsed.frontMatter.title == "Baker's \"cyst\"" && parsed.frontMatter.draft && parsed.kind == .riskFactor)
        #expect(Scaffold.kind(named: "risk-factor") == .riskFactor && Scaffold.kind(named: "Conditions") == .condition)
    }

    @Test func newWritesAnAccentedTitleUnderItsPlainSlugOnce() throws {
        let site = try TestSite([:])
        defer { site.delete() }
        let today = Day(iso: "2026-11-21")!
        let path = try Scaffold.writeNewPage(kind: .condition, title: "Ménière's disease", site: site.root, today: today)
        #expect(path == "content/conditions/menieres-disease.md")
        let text = try String(contentsOf: site.root.appendingPathComponent(path), encoding: .utf8)
        #expect(text.contains("title: \"Ménière's disease\""))
        // The same title again would overwrite the page: refused, and the page is left as it was.
        try "edited".write(to: site.root.appendingPathComponent(path), atomically: true, encoding: .utf8)
        #expect(throws: ScaffoldError.pageExists(path)) {
            try Scaffold.writeNewPage(kind: .condition, title: "MENIERES disease", site: site.root, today: today)
        }
        #expect(try String(contentsOf: site.root.appendingPathComponent(path), encoding: .utf8) == "edited")
    }

    @Test(arguments: ["???", "日本語", "Привет", "   ", "—"])
    func newRefusesATitleWithoutLatinLettersOrDigitsAndWritesNothing(title: String) throws {
        let site = try TestSite([:])
        defer { site.delete() }
        #expect(throws: ScaffoldError.titleWithoutSlug(title)) {
            try Scaffold.writeNewPage(kind: .condition, title: title, site: site.root, today: Day(iso: "2026-11-21")!)
        }
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("content").path))
        #expect(ScaffoldError.titleWithoutSlug(title).description
                == "no file name can be made from the title '\(title)': give a title with Latin letters (accents are fine) "
                + "or digits, like \"Ménière's disease\"")
    }
}
