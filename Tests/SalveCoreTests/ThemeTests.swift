import Foundation
import Testing
@testable import SalveCore

@Suite struct ThemeTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The binary carries the theme in templates/; if they differ, `make theme` was forgotten.
    @Test func embeddedThemeMatchesTemplatesFolder() throws {
        let folder = Self.repository.appendingPathComponent("templates")
        let onDisk = Dictionary(uniqueKeysWithValues: SiteFiles.list(folder).map { path in
            (path, (try? String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)) ?? "")
        })
        #expect(Set(onDisk.keys) == Set(DefaultTheme.files.keys), "run `make theme`")
        for (path, text) in onDisk { #expect(DefaultTheme.files[path] == text, "\(path) differs from the embedded copy; run `make theme`") }
    }

    @Test func defaultThemeLoadsCleanly() throws {
        let theme = try Theme.load(siteTemplates: URL(fileURLWithPath: "/nonexistent"), displayPath: "templates").get()
        #expect(theme.assets["assets/style.css"] != nil && theme.assets["assets/search.js"] != nil)
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
    }

    @Test func newPageIsADraftThatParses() throws {
        let (path, text) = Scaffold.newPage(kind: .riskFactor, title: "Baker's \"cyst\"", today: Day(iso: "2026-11-21")!)
        #expect(path == "content/risk-factors/bakers-cyst.md")
        var diagnostics: [Diagnostic] = []
        let parsed = try #require(SourcePage.parse(path: path, text: text, diagnostics: &diagnostics))
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(parsed.frontMatter.title == "Baker's \"cyst\"" && parsed.frontMatter.draft && parsed.kind == .riskFactor)
        #expect(Scaffold.kind(named: "risk-factor") == .riskFactor && Scaffold.kind(named: "Conditions") == .condition)
    }
}
