import Foundation

/// The readability of every page of a site, for `salve readability` and the content tests.
public struct ReadabilityReport: Sendable {
    public struct Entry: Sendable, Hashable {
        public var path: String
        /// The page body, as readers see it (links show their text, settings their values).
        public var measure: Readability.Measure
        /// The one or two sentences lists and search results show.
        public var summary: Readability.Measure
    }

    /// Pages, hardest to read first.
    public var entries: [Entry]

    public var meanGrade: Double { mean(\.measure.grade) }
    public var meanSMOG: Double { mean(\.measure.smog) }

    private func mean(_ value: KeyPath<Entry, Double>) -> Double {
        entries.isEmpty ? 0 : entries.map { $0[keyPath: value] }.reduce(0, +) / Double(entries.count)
    }

    /// Measures the body and summary of every page of the site in `directory`.
    public static func make(site directory: URL) async -> ReadabilityReport {
        let input = await SiteBuilder.readInput(directory)
        var ignored: [Diagnostic] = []
        let pages = input.content.compactMap { SourcePage.parse(path: $0.path, text: $0.text, diagnostics: &ignored) }
        let resolver = LinkResolver(pages: pages)
        var options = Markdown.Options()
        if case .success(let settings) = SiteSettings.parse(yaml: input.settingsText, file: "salve.yaml") {
            options.siteValues = settings.markdownValues
        }
        let entries = pages.map { page in
            let body = Markdown.render(page.body, path: page.path, resolver: resolver, options: options, diagnostics: &ignored)
            return Entry(path: page.path, measure: Readability.measure(body.plainText),
                         summary: Readability.measure(page.frontMatter.summary))
        }
        return ReadabilityReport(entries: entries.sorted { ($0.measure.grade, $1.path) > ($1.measure.grade, $0.path) })
    }

    /// One line a page, hardest first, then the means: what `salve readability` prints.
    public var text: String {
        var lines = ["grade   SMOG  words  summary  page"]
        lines += entries.map { entry in
            String(format: "%5.1f  %5.1f  %5d  %7.1f  %@", entry.measure.grade, entry.measure.smog, entry.measure.words,
                   entry.summary.grade, entry.path)
        }
        lines.append(String(format: "mean Flesch–Kincaid grade %.1f, mean SMOG %.1f, over %d pages", meanGrade, meanSMOG, entries.count))
        lines.append("Sentences end only at . ! or ?: a heading or list item without one runs on into the next sentence.")
        return lines.joined(separator: "\n")
    }
}
