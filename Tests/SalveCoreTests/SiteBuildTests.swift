import Foundation
import Testing
@testable import SalveCore

/// A small knowledge base with every kind of link, used by several tests.
let linkedSite: [String: String] = [
    "content/index.md": page("title: Leg pain help\nsummary: Help for sore legs.", body: "Start at [[sciatica]]."),
    "content/pages/about.md": page("title: About us\nsummary: Who we are."),
    "content/conditions/sciatica.md": page("""
        title: Sciatica
        summary: Pain that runs down the back of the leg from the lower back.
        aliases: [pinched nerve, trapped nerve]
        symptoms: [shooting-leg-pain, numbness]
        treatments: [stretching]
        tests: [mri-scan]
        causes: [herniated-disc]
        risk_factors: [smoking]
        body_areas: [back-of-thigh, lower-back-and-buttock]
        care:
          emergency:
            - you cannot control when you pee or poo
          urgent:
            - the pain is getting worse quickly
          routine:
            - the pain lasts more than 4 weeks
        last_reviewed: 2026-03-15
        sources:
          - title: Back of leg pain
            publisher: Example Clinic
            url: https://example.org/leg
        """, body: """
        ## What it is

        The big nerve in your leg (the sciatic nerve) gets pressed. [Smoking](../risk-factors/smoking.md#why-it-matters) makes it likelier.

        ## How it feels

        A sharp, burning pain. Ask about [[stretching|gentle stretches]].

        <script>alert(1)</script>
        """),
    "content/conditions/herniated-disc.md": page("""
        title: Herniated disc
        summary: A spinal disc that bulges out.
        aliases: [slipped disc]
        symptoms: [numbness]
        treatments: [stretching]
        tests: [mri-scan]
        last_reviewed: 2026-03-15
        reviewed_by: Dr A Example
        """),
    "content/symptoms/shooting-leg-pain.md": page("title: Shooting leg pain\nsummary: A sudden, sharp pain.\nbody_areas: [back-of-thigh]"),
    "content/symptoms/numbness.md": page("title: Numbness\nsummary: Loss of feeling.\naliases: [dead leg]", body: "## What it feels like\n\nNo feeling."),
    "content/treatments/stretching.md": page("title: Stretching\nsummary: Gentle moves that lengthen muscles."),
    "content/tests/mri-scan.md": page("title: MRI scan\nsummary: Pictures of the inside of the body made with magnets."),
    "content/risk-factors/smoking.md": page("title: Smoking\nsummary: Smoking harms blood vessels and discs.",
                                             body: "## Why it matters\n\nSmoking can make [[sciatica]] more likely."),
]

@Suite struct SiteBuildTests {
    @Test func everyOutputFileIsWritten() async throws {
        let site = try TestSite(linkedSite)
        defer { site.delete() }
        let summary = try await site.buildOK()
        for path in ["index.html", "conditions/sciatica/index.html", "symptoms/numbness/index.html", "pages/about/index.html",
                     "conditions/index.html", "symptoms/index.html", "treatments/index.html", "tests/index.html",
                     "risk-factors/index.html", "body-areas/index.html", "body-areas/back-of-thigh/index.html",
                     "a-to-z/index.html", "search/index.html", "404.html", "search-index/index.json", "sitemap.xml", "robots.txt",
                     "assets/style.css", "assets/search.js"] {
            #expect(site.output(path) != nil, "missing \(path)")
        }
        #expect(summary.pages == 20) // 8 pages, home, 5 kind indexes, 2 body areas and their index, A to Z, search, 404
    }

    @Test func linksShowInBothDirections() async throws {
        let site = try TestSite(linkedSite)
        defer { site.delete() }
        try await site.buildOK()
        let sciatica = try #require(site.output("conditions/sciatica/index.html"))
        #expect(sciatica.section("Symptoms")?.contains("href=\"/health/symptoms/shooting-leg-pain/\">Shooting leg pain</a>") == true)
        #expect(sciatica.section("Treatments")?.contains("/health/treatments/stretching/") == true)
        #expect(sciatica.section("Tests")?.contains("/health/tests/mri-scan/") == true)
        #expect(sciatica.section("What can cause it")?.contains("/health/conditions/herniated-disc/") == true)
        #expect(sciatica.section("What raises the risk")?.contains("/health/risk-factors/smoking/") == true)

        let numbness = try #require(site.output("symptoms/numbness/index.html"))
        let causes = try #require(numbness.section("Conditions that can cause this"))
        #expect(causes.contains(">Herniated disc</a>") && causes.contains(">Sciatica</a>"))
        #expect(causes.range(of: "Herniated disc")!.lowerBound < causes.range(of: "Sciatica")!.lowerBound, "sorted by title")
        #expect(site.output("treatments/stretching/index.html")?.section("What this treats")?.contains(">Sciatica</a>") == true)
        #expect(site.output("tests/mri-scan/index.html")?.section("What this test helps find")?.contains(">Herniated disc</a>") == true)
        #expect(site.output("risk-factors/smoking/index.html")?.section("What this raises the risk of")?.contains(">Sciatica</a>") == true)
        #expect(site.output("conditions/herniated-disc/index.html")?.section("What this can lead to")?.contains(">Sciatica</a>") == true)
        // Smoking's body links to sciatica, but sciatica already lists smoking, so it is not repeated as a mention.
        #expect(sciatica.section("Other pages that mention this") == nil)
        #expect(site.output("treatments/stretching/index.html")?.section("Other pages that mention this") == nil, "sciatica already lists it")
    }

    @Test func bodyLinksResolveToPageURLs() async throws {
        let site = try TestSite(linkedSite)
        defer { site.delete() }
        try await site.buildOK()
        let sciatica = try #require(site.output("conditions/sciatica/index.html"))
        #expect(sciatica.contains("<a href=\"/health/risk-factors/smoking/#why-it-matters\">Smoking</a>"))
        #expect(sciatica.contains("<a href=\"/health/treatments/stretching/\">gentle stretches</a>"))
        #expect(site.output("index.html")?.contains("<a href=\"/health/conditions/sciatica/\">Sciatica</a>") == true, "[[slug]] shows the title")
        #expect(sciatica.contains("<!-- raw HTML omitted -->") && !sciatica.contains("alert(1)"), "raw HTML is off by default")
    }

    @Test func headingsGetIDsAndAnOnThisPageList() async throws {
        let site = try TestSite(linkedSite)
        defer { site.delete() }
        try await site.buildOK()
        let sciatica = try #require(site.output("conditions/sciatica/index.html"))
        #expect(sciatica.contains("<h2 id=\"what-it-is\">"))
        #expect(sciatica.contains("<li><a href=\"#how-it-feels\">How it feels</a></li>"))
    }

    @Test func careCardsUseTheSiteEmergencyNumber() async throws {
        let site = try TestSite(linkedSite)
        defer { site.delete() }
        try await site.buildOK()
        let sciatica = try #require(site.output("conditions/sciatica/index.html"))
        #expect(sciatica.contains("Immediate action required: </span>Call 999 or go to the emergency department now if:</h2>"))
        #expect(sciatica.contains("<li>you cannot control when you pee or poo</li>"))
        #expect(sciatica.contains("Urgent advice: </span>Get medical help today if:"))
        #expect(sciatica.contains("Non-urgent advice: </span>See a doctor if:"))
        let emergency = try #require(sciatica.range(of: "care-emergency")), routine = try #require(sciatica.range(of: "care-routine"))
        #expect(emergency.lowerBound < routine.lowerBound, "most urgent card first")
        #expect(site.output("symptoms/numbness/index.html")?.contains("care-card") == false, "no empty cards")
    }

    @Test func reviewDatesAndHonestReviewStatus() async throws {
        let site = try TestSite(linkedSite)
        defer { site.delete() }
        try await site.buildOK()
        let sciatica = try #require(site.output("conditions/sciatica/index.html"))
        // Without a clinician, the date is when the page was last updated, not "reviewed".
        #expect(sciatica.contains("Page last updated: <time datetime=\"2026-03-15\">15 March 2026</time>"))
        #expect(sciatica.contains("Next review due: <time datetime=\"2029-03-15\">15 March 2029</time>"))
        #expect(sciatica.contains("has not been reviewed by a doctor or other clinician"))
        let disc = try #require(site.output("conditions/herniated-disc/index.html"))
        #expect(disc.contains("Reviewed by: Dr A Example") && !disc.contains("has not been reviewed"))
        #expect(disc.contains("Page last reviewed: <time"))
        #expect(sciatica.contains("<a href=\"https://example.org/leg\">Back of leg pain</a>, Example Clinic"))
    }

    @Test func aToZListsEveryName() async throws {
        let site = try TestSite(linkedSite)
        defer { site.delete() }
        try await site.buildOK()
        let aToZ = try #require(site.output("a-to-z/index.html"))
        #expect(aToZ.contains("<a href=\"/health/conditions/sciatica/\">pinched nerve</a> <span class=\"note\">(see Sciatica)</span>"))
        #expect(aToZ.contains("<a href=\"/health/conditions/herniated-disc/\">slipped disc</a>"))
        #expect(aToZ.contains("<a href=\"/health/tests/mri-scan/\">MRI scan</a>"))
        #expect(aToZ.section("D")?.contains("dead leg") == true)
        #expect(aToZ.section("A")?.contains("About us") != true, "site pages are not health topics")
    }

    @Test func indexAndBodyAreaPagesListTheirPages() async throws {
        let site = try TestSite(linkedSite)
        defer { site.delete() }
        try await site.buildOK()
        let conditions = try #require(site.output("conditions/index.html"))
        #expect(conditions.contains(">Herniated disc</a>") && conditions.contains("A spinal disc that bulges out."))
        #expect(!conditions.contains(">Numbness</a>"))
        let thigh = try #require(site.output("body-areas/back-of-thigh/index.html"))
        #expect(thigh.contains("<h1>Back of thigh</h1>"))
        #expect(thigh.section("Conditions")?.contains(">Sciatica</a>") == true)
        #expect(thigh.section("Symptoms")?.contains(">Shooting leg pain</a>") == true)
        #expect(site.output("body-areas/index.html")?.contains(">Lower back and buttock</a>") == true)
    }

    @Test func frontMatterTextIsEscapedEverywhere() async throws {
        var files = linkedSite
        files["content/conditions/xss.md"] = page("""
            title: "Pain <script>alert('t')</script> & more"
            summary: "A \\"quoted\\" <b>summary</b>"
            aliases: ["<img src=x onerror=alert(1)>"]
            symptoms: [numbness]
            """)
        let site = try TestSite(files)
        defer { site.delete() }
        try await site.buildOK()
        for path in ["conditions/xss/index.html", "conditions/index.html", "a-to-z/index.html", "symptoms/numbness/index.html"] {
            let html = try #require(site.output(path))
            #expect(!html.contains("<script>alert"), "\(path) has an unescaped title")
            #expect(!html.contains("<img src=x"), "\(path) has an unescaped alias")
            #expect(!html.contains("<b>summary</b>"), "\(path) has an unescaped summary")
        }
        #expect(site.output("conditions/xss/index.html")?.contains("Pain &lt;script&gt;") == true)
    }

    @Test func sitemapRobotsAnd404() async throws {
        let site = try TestSite(linkedSite)
        defer { site.delete() }
        try await site.buildOK()
        let sitemap = try #require(site.output("sitemap.xml"))
        #expect(sitemap.contains("<url><loc>https://example.org/health/conditions/sciatica/</loc><lastmod>2026-03-15</lastmod></url>"))
        #expect(sitemap.contains("<loc>https://example.org/health/a-to-z/</loc>"))
        #expect(!sitemap.contains("404"))
        #expect(site.output("robots.txt")?.contains("Sitemap: https://example.org/health/sitemap.xml") == true)
        #expect(site.output("404.html")?.contains("Page not found") == true)
    }

    @Test func draftsAreLeftOutUnlessAsked() async throws {
        var files = linkedSite
        files["content/conditions/cramp.md"] = page("title: Cramp\nsummary: A tight muscle.\ndraft: true")
        let site = try TestSite(files)
        defer { site.delete() }
        try await site.buildOK()
        #expect(site.output("conditions/cramp/index.html") == nil)
        let searchFiles = SiteFiles.list(site.root.appendingPathComponent("public/search-index"))
        #expect(!searchFiles.isEmpty && searchFiles.allSatisfy { site.output("search-index/\($0)")?.contains("Cramp") == false })
        try await site.buildOK(drafts: true)
        #expect(site.output("conditions/cramp/index.html") != nil)

        try site.write("content/symptoms/numbness.md", page("title: Numbness\nsummary: Loss of feeling.", body: "See [[cramp]]."))
        let errors = await site.buildErrors()
        #expect(errors.contains { $0.contains("'cramp' is a draft") && $0.hasPrefix("content/symptoms/numbness.md:6:5:") })
    }

    @Test func siteTemplatesOverrideTheDefaultTheme() async throws {
        var files = linkedSite
        files["templates/list.mustache"] = "{{<layout}}{{$content}}<h1 class=\"mine\">{{title}}</h1>{{/content}}{{/layout}}"
        files["templates/assets/extra.css"] = "body { color: black; }"
        let site = try TestSite(files)
        defer { site.delete() }
        try await site.buildOK()
        #expect(site.output("conditions/index.html")?.contains("<h1 class=\"mine\">Conditions</h1>") == true)
        #expect(site.output("assets/extra.css") == "body { color: black; }")
        #expect(site.output("conditions/sciatica/index.html")?.contains("care-emergency") == true, "other templates stay default")
    }

    @Test func structuredDataMatchesThePage() async throws {
        let site = try TestSite(linkedSite)
        defer { site.delete() }
        try await site.buildOK()
        let html = try #require(site.output("conditions/sciatica/index.html"))
        let blocks = try html.components(separatedBy: "<script type=\"application/ld+json\">").dropFirst().map { block in
            try #require(JSONSerialization.jsonObject(with: Data(block.components(separatedBy: "</script>")[0].utf8)) as? [String: Any])
        }
        #expect(blocks.map { $0["@type"] as? String } == ["BreadcrumbList", "MedicalWebPage"])
        let json = blocks.last
        #expect(json?["@type"] as? String == "MedicalWebPage")
        #expect(json?["lastReviewed"] as? String == "2026-03-15")
        #expect(json?["reviewedBy"] == nil, "no clinician reviewed it, so none is claimed")
        let about = json?["about"] as? [String: Any]
        #expect(about?["@type"] as? String == "MedicalCondition")
        #expect((about?["signOrSymptom"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["Shooting leg pain", "Numbness"])
    }
}

/// Rebuilding recycles the site before last as the staging folder; the result must still be exactly the new site.
@Suite struct RebuildTests {
    /// A rebuild writes over the site before last and skips files that already hold the right bytes; a page
    /// changed and then changed back finds its old bytes there, and must still look newer than the change (deploy
    /// tools and `Last-Modified` go by the time).
    @Test func aPageChangedBackIsNewerThanTheChange() async throws {
        let site = try TestSite(linkedSite)
        defer { site.delete() }
        func modified() throws -> Date {
            let path = site.root.appendingPathComponent("public/conditions/herniated-disc/index.html").path
            return try #require(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date)
        }
        try site.write("content/conditions/herniated-disc.md", page("title: Herniated disc\nsummary: AAA."))
        try await site.buildOK()
        try await Task.sleep(for: .milliseconds(20))
        try site.write("content/conditions/herniated-disc.md", page("title: Herniated disc\nsummary: BBB."))
        try await site.buildOK()
        let changed = try modified()
        try await Task.sleep(for: .milliseconds(20))
        try site.write("content/conditions/herniated-disc.md", page("title: Herniated disc\nsummary: AAA."))
        try await site.buildOK()  // into the first build's folder, which holds these bytes already
        #expect(try modified() > changed)
        #expect(site.output("conditions/herniated-disc/index.html")?.contains("AAA.") == true)
    }

    /// Stale entries are removed from the recycled folder without following a symbolic link out of it: a folder
    /// of the site that became a link to a folder elsewhere loses the link, never what the link points to.
    @Test func staleEntriesAreRemovedWithoutFollowingLinks() async throws {
        let site = try TestSite(linkedSite)
        defer { site.delete() }
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("salve-outside-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: outside) }
        for number in 0..<5 { try "keep".write(to: outside.appendingPathComponent("keep\(number).txt"), atomically: true, encoding: .utf8) }
        try await site.buildOK()
        try await site.buildOK()
        let public_ = site.root.appendingPathComponent("public")
        for folder in try FileManager.default.contentsOfDirectory(atPath: public_.appendingPathComponent("conditions").path) where !folder.hasSuffix(".html") {
            let link = public_.appendingPathComponent("conditions/\(folder)")
            try FileManager.default.removeItem(at: link)
            try FileManager.default.createSymbolicLink(at: link, withDestinationURL: outside)
        }
        try await site.buildOK()
        try await site.buildOK()  // recycles the folder with the links
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path).sorted() == (0..<5).map { "keep\($0).txt" })
        #expect(site.output("conditions/sciatica/index.html")?.contains("Sciatica") == true)
    }

    @Test func rebuildsHoldExactlyTheNewFiles() async throws {
        let site = try TestSite(linkedSite)
        defer { site.delete() }
        try await site.buildOK()
        try site.write("content/conditions/cramp.md", page("title: Cramp\nsummary: A tight muscle.\nsymptoms: [numbness]"))
        try await site.buildOK()
        // A file someone dropped into the output, and a removed page: neither may survive the next builds.
        try "stray".write(to: site.root.appendingPathComponent("public/stray.txt"), atomically: true, encoding: .utf8)
        // The search index's files are known only after the pages are written: its folder is cleared out apart.
        try "stray".write(to: site.root.appendingPathComponent("public/search-index/text/stray.json"), atomically: true, encoding: .utf8)
        // A stray folder, and a folder where the site has a file: the recycled folder is listed, not walked.
        try FileManager.default.createDirectory(at: site.root.appendingPathComponent("public/conditions/stray/deeper"), withIntermediateDirectories: true)
        try "stray".write(to: site.root.appendingPathComponent("public/conditions/stray/deeper/index.html"), atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("public/robots.txt"))
        try FileManager.default.createDirectory(at: site.root.appendingPathComponent("public/robots.txt"), withIntermediateDirectories: true)
        try site.remove("content/tests/mri-scan.md")
        try site.write("content/conditions/sciatica.md", page("title: Sciatica\nsummary: Changed summary."))
        try site.write("content/conditions/herniated-disc.md", page("title: Herniated disc\nsummary: A disc."))
        try await site.buildOK()
        try await site.buildOK()
        let recycled = site.outputSnapshot()

        let fresh = try TestSite([:])
        defer { fresh.delete() }
        for path in SiteFiles.list(site.root) where !path.hasPrefix("public/") && !path.hasPrefix(".") {
            try fresh.write(path, String(contentsOf: site.root.appendingPathComponent(path), encoding: .utf8))
        }
        try await fresh.buildOK()
        #expect(recycled == fresh.outputSnapshot(), "a rebuild must equal a clean build")
        #expect(recycled["stray.txt"] == nil && recycled["search-index/text/stray.json"] == nil && recycled["tests/mri-scan/index.html"] == nil)
        #expect(recycled["conditions/stray/deeper/index.html"] == nil && site.output("robots.txt")?.hasPrefix("User-agent") == true)
        #expect(site.output("conditions/sciatica/index.html")?.contains("Changed summary.") == true)
    }
}
