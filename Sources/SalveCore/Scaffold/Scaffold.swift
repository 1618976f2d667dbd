import Foundation

/// `salve new` and `salve init`: starting files that build as they are.
public enum Scaffold {
    /// The kind named on the command line: singular or plural, `risk-factor` or `risk-factors`.
    public static func kind(named name: String) -> PageKind? {
        let lowered = name.lowercased()
        return PageKind.allCases.first { kind in
            lowered == kind.folder || lowered == String(kind.folder.dropLast()) || lowered == kind.rawValue.lowercased()
        }
    }

    /// The path and text of a new page of `kind` titled `title`, written as a draft so the site keeps
    /// building until its author has filled it in. Throws when the title gives no file name.
    public static func newPage(kind: PageKind, title: String, today: Day) throws(ScaffoldError) -> (path: String, text: String) {
        let slug = SourcePage.suggestedSlug(title)
        guard !slug.isEmpty else { throw .titleWithoutSlug(title) }
        func quoted(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        var lines = [
            "---",
            "title: \(quoted(title))",
            "summary: \(quoted("One or two plain sentences about \(title.lowercased()), shown in lists and search results."))",
            "aliases: []            # other names people search with, lay names first",
        ]
        switch kind {
        case .condition:
            lines += [
                "symptoms: []           # slugs of pages in content/symptoms/",
                "treatments: []         # slugs of pages in content/treatments/",
                "tests: []              # slugs of pages in content/tests/",
                "causes: []             # slugs of conditions that can cause this one",
                "risk_factors: []       # slugs of pages in content/risk-factors/",
                "body_areas: []         # areas declared in salve.yaml, for example calf",
                "care:",
                "  emergency: []        # Call the emergency number or go to the emergency department now if:",
                "  urgent: []           # Get medical help today if:",
                "  routine: []          # See a doctor if:",
            ]
        case .symptom:
            lines += ["body_areas: []", "care:", "  emergency: []", "  urgent: []", "  routine: []"]
        case .treatment, .test, .riskFactor, .page:
            lines += ["related: []"]
        }
        lines += [
            "last_reviewed: \(today)",
            "sources: []",
            "draft: true            # remove this line to publish the page",
            "---",
            "",
            "Write the page here in plain words.",
            "",
        ]
        return ("content/\(kind.folder)/\(slug).md", lines.joined(separator: "\n"))
    }

    /// `salve new`: writes the new page into the site folder and returns its path, or throws and writes nothing
    /// when the title gives no file name or the page already exists.
    public static func writeNewPage(kind: PageKind, title: String, site: URL, today: Day) throws -> String {
        let page = try newPage(kind: kind, title: title, today: today)
        let url = site.appendingPathComponent(page.path)
        guard !FileManager.default.fileExists(atPath: url.path) else { throw ScaffoldError.pageExists(page.path) }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try page.text.write(to: url, atomically: true, encoding: .utf8)
        return page.path
    }

    /// The files of a new site: settings, a home page, an about page, two linked pages and the default theme.
    public static func newSite(title: String, today: Day) -> [OutputFile] {
        var files = [
            OutputFile(path: "salve.yaml", text: """
                title: "\(title)"
                base_url: https://example.org
                language: en
                description: Plain, trusted information about health.
                emergency_number: "999"        # the number your readers call in an emergency (911, 112, ...)
                review_interval_months: 36
                publisher: ""
                # Parts of the body pages can be filed under (body_areas: in a page), in the order lists show them.
                body_areas:
                  - slug: back-of-thigh
                    name: Back of the thigh
                  - slug: behind-knee
                    name: Behind the knee
                  - slug: calf
                    name: Calf
                # Care cards many pages share, written once and used by name (care: cards: [clot-in-leg] in a page).
                care_cards:
                  clot-in-leg:
                    level: urgent
                    title: Signs of a blood clot in the leg
                    items:
                      - one leg or calf is swollen and the other is not
                      - you have a throbbing or cramp-like pain in one leg that does not go away

                """),
            OutputFile(path: "content/index.md", text: """
                ---
                title: "\(title)"
                summary: Plain, trusted information about health.
                ---

                Start with the [[muscle-cramps]] page, or search for what you feel.

                In an emergency, call {{ site.emergency_number }}.

                """),
            OutputFile(path: "content/pages/about.md", text: """
                ---
                title: About this site
                summary: Who writes this site and how.
                ---

                Say who writes this site, who checks it, and how readers can contact you.

                """),
            OutputFile(path: "content/conditions/muscle-cramps.md", text: """
                ---
                title: Muscle cramps
                summary: A sudden, tight, painful squeeze of a muscle that you cannot control. Most cramps pass in minutes.
                aliases: [charley horse]
                symptoms: [muscle-spasms]
                body_areas: [calf]
                care:
                  cards: [clot-in-leg]
                  routine:
                    - cramps wake you on most nights for more than 2 weeks
                last_reviewed: \(today)
                ---

                ## What it feels like

                The muscle goes hard and hurts. It often happens in the calf, at night.

                """),
            OutputFile(path: "content/symptoms/muscle-spasms.md", text: """
                ---
                title: Muscle spasms
                summary: A muscle that tightens or twitches on its own.
                body_areas: [calf]
                last_reviewed: \(today)
                ---

                A spasm is a muscle tightening when you did not mean it to.

                """),
        ]
        files += DefaultTheme.files.sorted { $0.key < $1.key }.map { OutputFile(path: "templates/\($0.key)", text: $0.value) }
        files += DefaultTheme.binaryFiles.sorted { $0.key < $1.key }.compactMap { path, base64 in
            Data(base64Encoded: base64).map { OutputFile(path: "templates/\(path)", data: $0) }
        }
        return files
    }

    /// Today's date where the author is, for `last_reviewed`.
    public static func today() -> Day {
        let parts = Calendar.current.dateComponents([.year, .month, .day], from: Date())
        return Day(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}

/// Why `salve new` wrote no page, in words for the person who typed the command.
public enum ScaffoldError: Error, Equatable, CustomStringConvertible {
    /// The title has no Latin letters or digits (`???`, `日本語`), so no slug can be made from it.
    case titleWithoutSlug(String)
    /// A page with the same slug is already there.
    case pageExists(String)

    public var description: String {
        switch self {
        case .titleWithoutSlug(let title):
            "no file name can be made from the title '\(title)': give a title with Latin letters (accents are fine) "
                + "or digits, like \"Ménière's disease\""
        case .pageExists(let path):
            "\(path) already exists; pick another title or edit that page"
        }
    }
}
