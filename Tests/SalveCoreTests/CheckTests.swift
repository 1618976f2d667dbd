import Foundation
import Testing
@testable import SalveCore

/// `salve check`: each check on a small whole site, with the exact line it prints; the JSON and GitHub formats;
/// the bundled site.
@Suite struct CheckTests {
    static let today = Day(iso: "2026-11-29")!

    /// A condition page that passes every check, with the given front matter lines replaced or added.
    static func condition(_ extra: String = "", title: String = "Calf strain", aliases: String = "aliases: [pulled calf]",
                          summary: String = "A pulled or torn muscle at the back of the lower leg that heals in weeks.",
                          reviewed: String = "last_reviewed: 2026-11-01", sources: String = "sources:\n  - title: Calf strain\n    url: https://example.org/calf",
                          body: String = "Rest it for a day or two. Then walk a little more each day.") -> String {
        page([ "title: \(title)", aliases, "summary: \(summary)", "symptoms: [calf-pain]", reviewed, sources, extra]
            .filter { !$0.isEmpty }.joined(separator: "\n"), body: body)
    }

    static let symptom = page("""
        title: Calf pain
        aliases: [sore calf]
        summary: Pain in the back of the lower leg, most often from a tired or strained muscle.
        last_reviewed: 2026-11-01
        sources:
          - title: Leg pain
            url: https://example.org/leg
        """, body: "Most calf pain gets better with rest. [[calf-strain|A strained muscle]] is the usual cause.")

    /// The findings of `salve check` on a site with these files (besides the calf-pain symptom page).
    static func check(_ files: [String: String], settings: String = TestSite.settings, today: Day = CheckTests.today) async throws -> CheckReport {
        let site = try TestSite(files.merging(["content/symptoms/calf-pain.md": symptom]) { new, _ in new }, settings: settings)
        defer { site.delete() }
        let report = await CheckReport.make(site: site.root, today: today)
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("public").path), "check writes nothing")
        return report
    }

    /// The printed lines of one check.
    static func lines(_ report: CheckReport, _ check: String) -> [String] {
        report.findings.filter { $0.check == check }.map(\.description)
    }

    @Test func aCleanSiteHasNoFindingsButTheUnsignedNote() async throws {
        let report = try await Self.check(["content/conditions/calf-strain.md": Self.condition()])
        #expect(report.findings.map(\.description) == [
            "content: note: 2 of 2 health pages have no 'reviewed_by:'; no clinician has signed them off, and the pages say so [not-clinically-reviewed]",
        ])
        #expect(report.summary == "salve check: 0 errors, 0 warnings, 1 note in 2 pages (reviews judged on 2026-11-29)")
        #expect(!report.fails(strict: true))
    }

    @Test func reviewDatesOverdueDueSoonAndMissing() async throws {
        let report = try await Self.check([
            "content/conditions/calf-strain.md": Self.condition(reviewed: "last_reviewed: 2023-11-01"),
            "content/conditions/cramp.md": Self.condition(title: "Cramp", reviewed: "last_reviewed: 2024-01-01\nnext_review: 2027-01-10"),
            "content/conditions/sprain.md": Self.condition(title: "Sprain", reviewed: ""),
        ])
        #expect(Self.lines(report, "review-overdue") == [
            "content/conditions/calf-strain.md:6: error: review overdue since 1 November 2026 (28 days ago); check the page against its sources, then update 'last_reviewed:' [review-overdue]",
        ])
        #expect(Self.lines(report, "review-due-soon") == [
            "content/conditions/cramp.md:7: warning: review due on 10 January 2027, in 42 days [review-due-soon]",
        ])
        #expect(Self.lines(report, "review-date-missing") == [
            "content/conditions/sprain.md:2: warning: no 'last_reviewed:' date; add the day the page was last checked, like 'last_reviewed: 2026-11-29' [review-date-missing]",
        ])
        #expect(report.fails(strict: false))
        // The window is a setting.
        let narrow = try await Self.check(["content/conditions/cramp.md": Self.condition(title: "Cramp", reviewed: "last_reviewed: 2024-01-01\nnext_review: 2027-01-10")],
                                          settings: TestSite.settings + "\ncheck:\n  due_soon_days: 30\n")
        #expect(Self.lines(narrow, "review-due-soon").isEmpty)
    }

    @Test func readingLevelOfBodiesAndSummaries() async throws {
        let hard = "Intermittent claudication characteristically manifests as reproducible ischaemic musculoskeletal discomfort "
            + "precipitated by ambulation and alleviated by cessation of physical activity, reflecting haemodynamically significant stenosis."
        let report = try await Self.check(["content/conditions/calf-strain.md": Self.condition(
            summary: "Characteristically reproducible ischaemic musculoskeletal discomfort precipitated by ambulation.", body: hard)])
        #expect(Self.lines(report, "reading-level") == [
            "content/conditions/calf-strain.md:12: warning: hard to read: Flesch–Kincaid grade 33.4 is above 8, and SMOG 27.4 is above 10; use shorter sentences, and everyday words for long ones [reading-level]",
        ])
        #expect(Self.lines(report, "summary-reading-level") == [
            "content/conditions/calf-strain.md:4: warning: the summary reads at grade 36.2 (Flesch–Kincaid); aim for 8 or below [summary-reading-level]",
        ])
        let lenient = try await Self.check(["content/conditions/calf-strain.md": Self.condition(body: hard)],
                                           settings: TestSite.settings + "\ncheck:\n  max_grade: 40\n  max_smog: 30\n")
        #expect(Self.lines(lenient, "reading-level").isEmpty)
    }

    @Test func careCardsTooLongJoinedSignsAndAMissingEmergencyCard() async throws {
        let card = "care:\n  emergency:\n    - your leg is cold and you cannot feel your toes\n  urgent:\n"
            + (1...7).map { "    - sign \($0)" }.joined(separator: "\n")
        let report = try await Self.check(["content/conditions/calf-strain.md": Self.condition(card)])
        #expect(Self.lines(report, "card-too-long") == [
            "content/conditions/calf-strain.md:10: warning: the urgent card has 7 signs; keep it to 6 so the one that matters is seen on a phone [card-too-long]",
        ])
        #expect(Self.lines(report, "card-two-signs") == [
            "content/conditions/calf-strain.md:10: note: the emergency sign 'your leg is cold and you cannot feel your toes' joins two things with 'and'; if either alone is a reason to act, make it two signs [card-two-signs]",
        ])
        #expect(Self.lines(report, "emergency-card-missing") == [
            "content/symptoms/calf-pain.md:2: note: no emergency card, but 1 condition that causes it has one (Calf strain); if a reader with this symptom could be having an emergency, add the card [emergency-card-missing]",
        ])
    }

    @Test func findabilityAliasesSummariesTitlesAndOrphans() async throws {
        let long = Array(repeating: "word", count: 31).joined(separator: " ") + "."
        let report = try await Self.check([
            "content/conditions/calf-strain.md": Self.condition(aliases: "", summary: "A pulled calf."),
            "content/conditions/cramp.md": Self.condition(title: "Calf strain", summary: long),
            "content/tests/x-ray.md": page("title: X-ray\naliases: [x ray]\nsummary: A picture of the bones made with a small dose of radiation.\nlast_reviewed: 2026-11-01\nsources:\n  - title: X-rays\n    url: https://example.org/x"),
        ])
        #expect(Self.lines(report, "no-aliases") == [
            "content/conditions/calf-strain.md:2: warning: no 'aliases:'; add the other names people search for, such as a lay name, a medical name or a common misspelling [no-aliases]",
        ])
        #expect(Self.lines(report, "summary-length") == [
            "content/conditions/calf-strain.md:3: warning: the summary has 3 words; say in 8 to 30 what the page is about [summary-length]",
            "content/conditions/cramp.md:4: warning: the summary has 31 words; search results and lists cut it off: keep it to 30 [summary-length]",
        ])
        #expect(Self.lines(report, "duplicate-title") == [
            "content/conditions/calf-strain.md:2: warning: 'Calf strain' is also the title of content/conditions/cramp.md; readers cannot tell them apart in lists and search [duplicate-title]",
            "content/conditions/cramp.md:2: warning: 'Calf strain' is also the title of content/conditions/calf-strain.md; readers cannot tell them apart in lists and search [duplicate-title]",
        ])
        #expect(Self.lines(report, "orphan") == [
            "content/tests/x-ray.md:2: warning: no other page lists or links to it, and it names none in its front matter; readers find it only by search and the A to Z: link it from a related page [orphan]",
        ])
        #expect(!report.fails(strict: false) && report.fails(strict: true))
    }

    @Test func sourcesMissingOrWithoutAddress() async throws {
        let report = try await Self.check([
            "content/conditions/calf-strain.md": Self.condition(sources: ""),
            "content/conditions/cramp.md": Self.condition(title: "Cramp", sources: "sources:\n  - title: A leaflet from the clinic"),
        ])
        #expect(Self.lines(report, "no-sources") == [
            "content/conditions/calf-strain.md:2: warning: no 'sources:'; list the published sources the page's facts come from [no-sources]",
        ])
        #expect(Self.lines(report, "source-no-url") == [
            "content/conditions/cramp.md:7: note: the source 'A leaflet from the clinic' has no 'url:'; a link lets readers and reviewers check it [source-no-url]",
        ])
    }

    @Test func buildErrorsAreFindingsAndNothingIsWritten() async throws {
        let report = try await Self.check(["content/conditions/calf-strain.md": Self.condition("symptom: [calf-pain]")])
        #expect(report.findings.filter { $0.check == "build" }.map(\.description) == [
            "content/conditions/calf-strain.md:10:1: error: unknown key 'symptom' in front matter; did you mean 'symptoms'? [build]",
        ])
        #expect(report.fails(strict: false))
    }

    @Test func jsonFollowsTheDocumentedSchema() async throws {
        let report = try await Self.check(["content/conditions/calf-strain.md": Self.condition(reviewed: "last_reviewed: 2023-11-01")])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.json.utf8)) as? [String: Any])
        #expect(Set(json.keys) == ["version", "today", "pages", "summary", "findings"])
        #expect(json["version"] as? Int == 1 && json["today"] as? String == "2026-11-29" && json["pages"] as? Int == 2)
        #expect(json["summary"] as? [String: Int] == ["errors": 1, "warnings": 0, "notes": 1])
        let findings = try #require(json["findings"] as? [[String: Any]])
        #expect(findings.count == 2)
        for finding in findings {
            #expect(Set(finding.keys) == ["file", "line", "column", "severity", "check", "message"])
            #expect(["error", "warning", "note"].contains(finding["severity"] as? String ?? ""))
        }
        let overdue = try #require(findings.first { $0["check"] as? String == "review-overdue" })
        #expect(overdue["file"] as? String == "content/conditions/calf-strain.md" && overdue["line"] as? Int == 6)
        #expect(overdue["column"] is NSNull)
        #expect(findings.first { $0["check"] as? String == "not-clinically-reviewed" }?["line"] is NSNull)
    }

    @Test func githubAnnotationsEscapeWhatTheyMust() {
        let report = CheckReport(findings: [
            Finding(file: "content/a,b.md", line: 3, column: 2, severity: .warning, check: "summary-length", message: "50% too long\nsee docs"),
            Finding(file: "content", severity: .note, check: "not-clinically-reviewed", message: "2 pages"),
        ], today: Self.today, pages: 2)
        #expect(report.github.split(separator: "\n").map(String.init) == [
            "::warning file=content/a%2Cb.md,line=3,col=2,title=summary-length::50%25 too long%0Asee docs",
            "::notice title=not-clinically-reviewed::2 pages",
            "salve check: 0 errors, 1 warning, 1 note in 2 pages (reviews judged on 2026-11-29)",
        ])
    }

    @Test func misspeltCheckSettingsAreErrors() async throws {
        let report = try await Self.check(["content/conditions/calf-strain.md": Self.condition()],
                                          settings: TestSite.settings + "\ncheck:\n  due_soon_day: 30\n  max_grade: eight\n")
        #expect(report.findings.filter { $0.severity == .error }.map(\.description) == [
            "salve.yaml:16:3: error: unknown key 'due_soon_day' in 'check'; did you mean 'due_soon_days'? [build]",
            "salve.yaml:17:14: error: 'check.max_grade' must be a number, like 8 or 7.5 [build]",
        ])
    }

    @Test func theDashboardSummarisesTheReviewsAndListsEveryPage() async throws {
        let report = try await Self.check([
            "content/conditions/calf-strain.md": Self.condition(reviewed: "last_reviewed: 2023-11-01"),
            "content/conditions/cramp.md": Self.condition(title: "Cramp", reviewed: "last_reviewed: 2024-01-01\nnext_review: 2027-01-10"),
        ])
        let html = Dashboard.html(report)
        #expect(html.contains("<title>Content check: Test Health</title>"))
        #expect(html.contains("<li class=\"tile bad\" id=\"tile-overdue\"><span class=\"count\">1</span> pages overdue for review</li>"))
        #expect(html.contains("<li class=\"tile warn\" id=\"tile-due-soon\"><span class=\"count\">1</span> pages due for review in the next 60 days</li>"))
        #expect(html.contains("<span class=\"count\">3</span> pages never reviewed by a clinician"))
        #expect(html.contains("broken links: not checked; run <code>salve check --external</code>"))
        // The chart: one overdue, one due in January 2027 (the third month shown), one (calf pain) in November 2029.
        #expect(html.contains("<title>Overdue: 1</title>") && html.contains("<title>January 2027: 1</title>"))
        #expect(html.contains("Pages falling due for review by month. Overdue: 1; January 2027: 1; November 2029: 1</title>"),
                "the chart reaches the end of a review interval")
        // Each page a row; the overdue one marked in words as well as colour.
        #expect(html.components(separatedBy: "<tr>").count - 1 == 1 + 3)
        #expect(html.contains("<td class=\"date overdue\" data-sort=\"2026-11-01\">2026-11-01 <strong class=\"flag\">Overdue</strong></td>"))
        #expect(html.contains("<td class=\"date due-soon\" data-sort=\"2027-01-10\">2027-01-10 <strong class=\"flag\">Due soon</strong></td>"))
        #expect(!html.contains("src=\"") && !html.contains("<link "), "self-contained: nothing fetched")
    }

    // MARK: The bundled site

    @Test func theBundledSiteHasNoErrorsOnItsReviewDateAndIsAllOverdueIn2030() async throws {
        let onReviewDay = await CheckReport.make(site: ThemeTests.repository, today: Self.today)
        #expect(onReviewDay.count(.error) == 0, "\(onReviewDay.findings.filter { $0.severity == .error })")
        #expect(onReviewDay.pages == 113)
        let later = await CheckReport.make(site: ThemeTests.repository, today: Day(iso: "2030-01-01")!)
        let overdue = Set(later.findings.filter { $0.check == "review-overdue" }.map(\.file))
        let health = try await BundledContentTests.pages().filter { $0.kind != .page && !$0.isHome }.map(\.path)
        #expect(health.count == 110 && overdue == Set(health), "every health page is overdue in 2030")
    }
}
