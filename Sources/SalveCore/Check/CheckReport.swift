import Foundation

/// What `salve check` reports: every finding about a site, from the whole build (run in memory, nothing
/// written) and from the content team's checks, with the day they were judged against.
public struct CheckReport: Sendable {
    /// Findings by file, line and column.
    public var findings: [Finding]
    /// The day review dates were judged against.
    public var today: Day
    /// How many pages the site has (health pages, site pages and the home page).
    public var pages: Int
    /// One row a page, for the editors' dashboard.
    public var rows: [PageRow] = []
    /// The site's name, for the dashboard's title.
    public var siteTitle = ""
    /// The site's review interval: the chart covers at least that many months.
    public var reviewIntervalMonths = 36
    /// The due-soon window the report was made with, in days.
    public var dueSoonDays = 60
    /// Whether web links were fetched (`--external`): the dashboard says when they were not.
    public var checkedExternalLinks = false

    /// Runs the build in memory and every check. Reads the site; writes nothing but, with `external`, its cache of
    /// link results.
    public static func make(site directory: URL, today: Day, external: ExternalLinkCheck? = nil) async -> CheckReport {
        let input = await SiteBuilder.readInput(directory)
        let theme = Theme.load(siteTemplates: directory.appendingPathComponent("templates"), displayPath: "templates")
        var timer = StageTimer()
        let result = await SiteBuilder.makeSite(input, theme: theme, includeDrafts: false, cache: BuildCache(), output: DiscardedOutput(), timer: &timer)
        var findings = result.diagnostics.map(Finding.init)
        var pages = 0
        var rows: [PageRow] = []
        var dueSoonDays = CheckSettings().dueSoonDays
        var siteTitle = ""
        var reviewIntervalMonths = 36
        if let site = result.site {
            dueSoonDays = site.settings.check.dueSoonDays
            siteTitle = site.settings.title
            reviewIntervalMonths = site.settings.reviewIntervalMonths
            var texts = Dictionary(input.content.map { ($0.path, $0.text) }, uniquingKeysWith: { a, _ in a })
            texts["salve.yaml"] = input.settingsText
            let measures = SiteCheck.bodyMeasures(site)
            findings += SiteCheck(site: site, texts: texts, today: today, measures: measures).findings()
            if let external { findings += await external.findings(site: site, texts: texts).findings }
            pages = site.pages.count + (site.home == nil ? 0 : 1)
            rows = PageRow.rows(site: site, findings: findings, measures: measures)
        }
        return CheckReport(findings: findings.sorted { a, b in
            (a.file, a.line ?? 0, a.column ?? 0, a.severity, a.check, a.message) < (b.file, b.line ?? 0, b.column ?? 0, b.severity, b.check, b.message)
        }, today: today, pages: pages, rows: rows, siteTitle: siteTitle, reviewIntervalMonths: reviewIntervalMonths, dueSoonDays: dueSoonDays, checkedExternalLinks: external != nil)
    }

    public func count(_ severity: Finding.Severity) -> Int {
        findings.filter { $0.severity == severity }.count
    }

    /// Whether the check fails: any error, or with `strict` any warning too.
    public func fails(strict: Bool) -> Bool {
        count(.error) > 0 || (strict && count(.warning) > 0)
    }

    /// `salve check: 0 errors, 3 warnings, 1 note in 113 pages (reviews judged on 2026-11-29)`.
    public var summary: String {
        func counted(_ severity: Finding.Severity) -> String {
            let n = count(severity)
            return "\(n) \(severity.rawValue)\(n == 1 ? "" : "s")"
        }
        return "salve check: \(counted(.error)), \(counted(.warning)), \(counted(.note)) in \(pages) pages (reviews judged on \(today))"
    }

    /// One line a finding, then the summary.
    public var text: String {
        (findings.map(\.description) + [summary]).joined(separator: "\n")
    }

    /// The report as JSON (schema in docs/check.md): `version`, `today`, `pages`, `summary` counts, and
    /// `findings`, each with `file`, `line`, `column` (null when unknown), `severity`, `check` and `message`.
    public var json: String {
        func optional(_ value: Int?) -> String { value.map(String.init) ?? "null" }
        var out = JSONText()
        out.raw("{\"version\":1,\"today\":")
        out.string(today.description)
        out.raw(",\"pages\":\(pages),\"summary\":{\"errors\":\(count(.error)),\"warnings\":\(count(.warning)),\"notes\":\(count(.note))},\"findings\":[")
        for (index, finding) in findings.enumerated() {
            if index > 0 { out.raw(",") }
            out.raw("\n{\"file\":")
            out.string(finding.file)
            out.raw(",\"line\":\(optional(finding.line)),\"column\":\(optional(finding.column)),\"severity\":")
            out.string(finding.severity.rawValue)
            out.raw(",\"check\":")
            out.string(finding.check)
            out.raw(",\"message\":")
            out.string(finding.message)
            out.raw("}")
        }
        out.raw("\n]}")
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// GitHub Actions workflow commands (`::warning file=…,line=…,title=…::message`), which annotate the lines of
    /// a pull request, then the summary as a plain line.
    public var github: String {
        func escapeData(_ text: String) -> String {
            text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
        }
        func escapeProperty(_ text: String) -> String {
            escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
        }
        let lines = findings.map { finding in
            // GitHub attaches annotations to files only; a finding about a folder or the whole site has none.
            var properties = finding.file.contains(".") ? ["file=\(escapeProperty(finding.file))"] : []
            if let line = finding.line { properties.append("line=\(line)") }
            if let column = finding.column { properties.append("col=\(column)") }
            properties.append("title=\(escapeProperty(finding.check))")
            return "::\(finding.severity == .note ? "notice" : finding.severity.rawValue) \(properties.joined(separator: ","))::\(escapeData(finding.message))"
        }
        return (lines + [summary]).joined(separator: "\n")
    }
}
