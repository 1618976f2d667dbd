/// The content team's checks of a built site: review dates, reading level, care cards, findability and sources.
/// Pure: it reads the linked site and the pages' text, and returns findings.
struct SiteCheck {
    let site: Site
    /// Each content file's text by path, to point findings at the front-matter line they are about.
    let texts: [String: String]
    let today: Day
    /// Each page body's readability by path (`bodyMeasures`), measured once for the checks and the dashboard.
    let measures: [String: Readability.Measure]
    var settings: CheckSettings { site.settings.check }

    /// Every finding, in a stable order.
    func findings() -> [Finding] {
        var findings: [Finding] = []
        findings += reviewDates()
        findings += readingLevel()
        findings += careCards()
        findings += findability()
        findings += sources()
        return findings
    }

    /// The pages about health (conditions, symptoms, treatments, tests, risk factors): the ones that must be
    /// dated, sourced and findable.
    private var healthPages: [SourcePage] { site.topicPages }

    // MARK: Review dates

    private func reviewDates() -> [Finding] {
        var findings: [Finding] = []
        for page in healthPages {
            if page.frontMatter.lastReviewed == nil {
                findings.append(finding(page, key: "title", .warning, "review-date-missing",
                                        "no 'last_reviewed:' date; add the day the page was last checked, like 'last_reviewed: \(today)'"))
            }
            // A page may give only `next_review`: it is judged on that.
            guard let next = page.nextReview(intervalMonths: site.settings.reviewIntervalMonths) else { continue }
            let key = page.frontMatter.nextReview == nil ? "last_reviewed" : "next_review"
            let update = page.frontMatter.nextReview == nil ? "'last_reviewed:'" : "'last_reviewed:' and 'next_review:'"
            let days = today.days(to: next)
            if days < 0 {
                findings.append(finding(page, key: key, .error, "review-overdue",
                    "review overdue since \(next.longForm) (\(-days) \(-days == 1 ? "day" : "days") ago); check the page against its sources, then update \(update)"))
            } else if days <= settings.dueSoonDays {
                findings.append(finding(page, key: key, .warning, "review-due-soon",
                    "review due on \(next.longForm), in \(days) \(days == 1 ? "day" : "days")"))
            }
        }
        let unsigned = healthPages.filter { $0.frontMatter.reviewedBy == nil }
        if !unsigned.isEmpty {
            findings.append(Finding(file: "content", severity: .note, check: "not-clinically-reviewed",
                message: "\(unsigned.count) of \(healthPages.count) health \(healthPages.count == 1 ? "page has" : "pages have") no 'reviewed_by:'; "
                    + "no clinician has signed \(unsigned.count == 1 ? "it" : "them") off, and the \(unsigned.count == 1 ? "page says" : "pages say") so"))
        }
        return findings
    }

    // MARK: Reading level

    private func readingLevel() -> [Finding] {
        var findings: [Finding] = []
        for page in site.pages + [site.home].compactMap({ $0 }) {
            let body = measures[page.path] ?? Readability.measure("")
            // Judged on the numbers as printed (one decimal), so a page never fails at a number that looks allowed.
            let grade = Self.tenths(body.grade), smog = Self.tenths(body.smog)
            var over: [String] = []
            if grade > settings.maxGrade { over.append(String(format: "Flesch–Kincaid grade %.1f is above %@", grade, Self.number(settings.maxGrade))) }
            if smog > settings.maxSMOG { over.append(String(format: "SMOG %.1f is above %@", smog, Self.number(settings.maxSMOG))) }
            if body.words > 0, !over.isEmpty {
                findings.append(Finding(file: page.path, line: Self.firstBodyLine(of: page, in: texts[page.path] ?? ""), severity: .warning,
                    check: "reading-level", message: "hard to read: " + over.joined(separator: ", and ")
                        + "; use shorter sentences, and everyday words for long ones"))
            }
            let summary = Readability.measure(page.frontMatter.summary)
            if Self.tenths(summary.grade) > settings.maxGrade {
                findings.append(finding(page, key: "summary", .warning, "summary-reading-level",
                    String(format: "the summary reads at grade %.1f (Flesch–Kincaid); aim for %@ or below", summary.grade, Self.number(settings.maxGrade))))
            }
        }
        return findings
    }

    // MARK: Care cards

    private func careCards() -> [Finding] {
        var findings: [Finding] = []
        func limit(_ level: CareLevel) -> Int { level == .urgent ? settings.maxUrgentCardItems : settings.maxCardItems }
        for page in site.pages + [site.home].compactMap({ $0 }) {
            for level in CareLevel.allCases {
                let items = page.frontMatter.care.items(level)
                if items.count > limit(level) {
                    findings.append(finding(page, key: "care", .warning, "card-too-long",
                        "the \(level.rawValue) card has \(items.count) signs; keep it to \(limit(level)) so the one that matters is seen on a phone"))
                }
                for item in items where level == .emergency && Self.joinsTwoSigns(item) {
                    findings.append(finding(page, key: "care", .note, "card-two-signs",
                        "the \(level.rawValue) sign '\(item)' joins two things with 'and'; if either alone is a reason to act, make it two signs"))
                }
            }
        }
        for card in site.settings.careCards {
            let line = Self.line(ofKey: card.name, in: texts["salve.yaml"] ?? "", indented: true)
            if card.items.count > limit(card.level) {
                findings.append(Finding(file: "salve.yaml", line: line, severity: .warning, check: "card-too-long",
                    message: "the shared card '\(card.name)' has \(card.items.count) signs; keep it to \(limit(card.level)) so the one that matters is seen on a phone"))
            }
            for item in card.items where card.level == .emergency && Self.joinsTwoSigns(item) {
                findings.append(Finding(file: "salve.yaml", line: line, severity: .note, check: "card-two-signs",
                    message: "the shared card '\(card.name)' sign '\(item)' joins two things with 'and'; if either alone is a reason to act, make it two signs"))
            }
        }
        // A symptom that a condition with emergency signs causes, but which shows no emergency card itself.
        for page in site.pages where page.kind == .symptom && !hasEmergencyCard(page) {
            let causes = (site.graph.backward[page.slug]?[.symptoms] ?? []).compactMap { site.bySlug[$0] }.filter(hasEmergencyCard)
            guard !causes.isEmpty else { continue }
            let names = causes.prefix(3).map(\.frontMatter.title).joined(separator: "; ")
            findings.append(finding(page, key: "title", .note, "emergency-card-missing",
                "no emergency card, but \(causes.count) \(causes.count == 1 ? "condition that causes it has" : "conditions that cause it have") one (\(names)\(causes.count > 3 ? "; …" : "")); "
                + "if a reader with this symptom could be having an emergency, add the card"))
        }
        return findings
    }

    private func hasEmergencyCard(_ page: SourcePage) -> Bool {
        let care = page.frontMatter.care
        return !care.emergency.isEmpty || care.cards.contains { site.settings.careCard(named: $0.value)?.level == .emergency }
    }

    /// An emergency sign that joins two signs ("your leg is swollen and you are short of breath"): either alone may
    /// be the emergency, and a reader with one would not act. Left to a person to judge; urgent and routine signs
    /// often join a person to a sign on purpose ("you have diabetes and your feet burn").
    static func joinsTwoSigns(_ item: String) -> Bool {
        let lowered = " " + item.lowercased() + " "
        return [" and you ", " and your ", " and it ", " and they "].contains { lowered.contains($0) }
    }

    // MARK: Findability

    private func findability() -> [Finding] {
        var findings: [Finding] = []
        for page in healthPages where page.frontMatter.aliases.isEmpty {
            findings.append(finding(page, key: "title", .warning, "no-aliases",
                "no 'aliases:'; add the other names people search for, such as a lay name, a medical name or a common misspelling"))
        }
        for page in site.pages + [site.home].compactMap({ $0 }) {
            let words = Readability.measure(page.frontMatter.summary).words
            if words < settings.summaryMinWords {
                findings.append(finding(page, key: "summary", .warning, "summary-length",
                    "the summary has \(words) \(words == 1 ? "word" : "words"); say in \(settings.summaryMinWords) to \(settings.summaryMaxWords) what the page is about"))
            } else if words > settings.summaryMaxWords {
                findings.append(finding(page, key: "summary", .warning, "summary-length",
                    "the summary has \(words) words; search results and lists cut it off: keep it to \(settings.summaryMaxWords)"))
            }
        }
        let byTitle = Dictionary(grouping: site.pages, by: { $0.frontMatter.title.lowercased() })
        for page in site.pages {
            let others = (byTitle[page.frontMatter.title.lowercased()] ?? []).filter { $0.path != page.path }
            guard !others.isEmpty else { continue }
            findings.append(finding(page, key: "title", .warning, "duplicate-title",
                "'\(page.frontMatter.title)' is also the title of \(others.map(\.path).joined(separator: ", ")); readers cannot tell them apart in lists and search"))
        }
        for page in healthPages {
            // Linked when another page names it, or when it names another page: that page then lists it back.
            let named = !(site.graph.backward[page.slug] ?? [:]).values.allSatisfy(\.isEmpty) || !(site.graph.mentionedBy[page.slug] ?? []).isEmpty
            let names = !(site.graph.forward[page.slug] ?? [:]).values.allSatisfy(\.isEmpty)
            if !named && !names {
                findings.append(finding(page, key: "title", .warning, "orphan",
                    "no other page lists or links to it, and it names none in its front matter; readers find it only by search "
                    + "and the A to Z: link it from a related page"))
            }
        }
        return findings
    }

    // MARK: Sources

    private func sources() -> [Finding] {
        var findings: [Finding] = []
        for page in healthPages {
            if page.frontMatter.sources.isEmpty {
                findings.append(finding(page, key: "title", .warning, "no-sources",
                    "no 'sources:'; list the published sources the page's facts come from"))
            }
            for source in page.frontMatter.sources where source.url == nil {
                findings.append(finding(page, key: "sources", .note, "source-no-url",
                    "the source '\(source.title)' has no 'url:'; a link lets readers and reviewers check it"))
            }
        }
        return findings
    }

    // MARK: Helpers

    /// A finding about `page`, at the line of its front-matter `key` (or the file's first line).
    private func finding(_ page: SourcePage, key: String?, _ severity: Finding.Severity, _ check: String, _ message: String) -> Finding {
        let line = key.flatMap { Self.line(ofKey: $0, in: texts[page.path] ?? "", indented: false) } ?? 1
        return Finding(file: page.path, line: line, severity: severity, check: check, message: message)
    }

    /// The 1-based line on which `key:` starts, at the top level of front matter or (`indented`) anywhere.
    static func line(ofKey key: String, in text: String, indented: Bool) -> Int? {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = indented ? line.drop(while: { $0 == " " }) : line[...]
            if trimmed.hasPrefix(key + ":") { return index + 1 }
        }
        return nil
    }

    /// The readability of every page body, home included, by path.
    static func bodyMeasures(_ site: Site) -> [String: Readability.Measure] {
        Dictionary((site.pages + [site.home].compactMap { $0 }).map { ($0.path, Readability.measure(site.bodies[$0.path]?.plainText ?? "")) },
                   uniquingKeysWith: { a, _ in a })
    }

    /// The value rounded to one decimal, as messages print it.
    static func tenths(_ value: Double) -> Double {
        (value * 10).rounded() / 10
    }

    /// The first line of the body with text on it.
    static func firstBodyLine(of page: SourcePage, in text: String) -> Int {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var line = page.bodyStartLine
        while line <= lines.count, lines[line - 1].trimmingCharacters(in: .whitespaces).isEmpty { line += 1 }
        return line <= lines.count ? line : page.bodyStartLine
    }

    /// 8 for 8.0, 7.5 for 7.5.
    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
