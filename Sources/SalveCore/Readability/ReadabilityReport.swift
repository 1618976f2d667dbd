import Foundation

/// The readability of every page of a site, for `salve readability` and the content tests.
public struct ReadabilityReport: Sendable {
    public struct Entry: Sendable, Hashable {
        public var path: String
        public var measure: Readability.Measure
    }

    /// Pages, hardest to read first.
    public var entries: [Entry]

    public var meanGrade: Double {
        entries.isEmpty ? 0 : entries.map(\.measure.grade).reduce(0, +) / Double(entries.count)
    }

    /// Measures the body of every page of the site in `directory`, with links shown as their text as readers see it.
    public static func make(site directory: URL) async -> ReadabilityReport {
        let input = await SiteBuilder.readInput(directory)
        var ignored: [Diagnostic] = []
        let pages = input.content.compactMap { SourcePage.parse(path: $0.path, text: $0.text, diagnostics: &ignored) }
        let resolver = LinkResolver(pages: pages)
        let entries = pages.map { page in
            let body = Markdown.render(page.body, path: page.path, resolver: resolver, diagnostics: &ignored)
            return Entry(path: page.path, measure: Readability.measure(body.plainText))
        }
        return ReadabilityReport(entries: entries.sorted { ($0.measure.grade, $1.path) > ($1.measure.grade, $0.path) })
    }

    /// One line a page, hardest first, then the mean: what `salve readability` prints.
    public var text: String {
        var lines = entries.map { entry in
            String(format: "%5.1f  %4d words  %@", entry.measure.grade, entry.measure.words, entry.path)
        }
        lines.append(String(format: "mean Flesch–Kincaid grade %.1f over %d pages", meanGrade, entries.count))
        return lines.joined(separator: "\n")
    }
}
