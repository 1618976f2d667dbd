import Foundation
import Testing
@testable import SalveCore

/// What the default theme shows a patient beyond the page text: the causes that need quick help first, the body
/// map, breadcrumbs, the A to Z letters, sharing tags. Each test builds a small whole site and reads its files.
@Suite struct PatientThemeTests {
    static let settings = TestSite.settings + """

        care_cards:
          clot-in-lung:
            level: emergency
            title: Signs of a blood clot in the lung
            about: blood-clot-in-lung
            items:
              - you are suddenly short of breath
          torn-tendon:
            level: urgent
            title: Signs of a torn tendon
            about: torn-tendon
            items:
              - you heard a snap
        """

    /// A symptom caused by five conditions: two made quick by the shared cards about them, one by its own
    /// `urgency:`, one that opts out with `urgency: routine`, and one with no urgency at all.
    static let files: [String: String] = [
        "content/symptoms/calf-pain.md": page("title: Calf pain\nsummary: Pain in the calf.\nbody_areas: [calf]"),
        "content/conditions/a-cramp.md": page("title: Cramp\nsummary: A tight muscle.\nsymptoms: [calf-pain]\nbody_areas: [calf]"),
        "content/conditions/blood-clot-in-lung.md": page("title: Blood clot in the lung\nsummary: A clot.\nsymptoms: [calf-pain]\nbody_areas: [calf]"),
        "content/conditions/torn-tendon.md": page("title: Torn tendon\nsummary: A tear.\nsymptoms: [calf-pain]\nbody_areas: [calf]"),
        "content/conditions/broken-leg.md": page("title: Broken leg\nsummary: A break.\nurgency: emergency\nsymptoms: [calf-pain]\nbody_areas: [calf]"),
        "content/conditions/strain.md": page("title: Strain\nsummary: A strain.\nurgency: routine\nsymptoms: [calf-pain]\nbody_areas: [calf]"),
    ]

    /// The link texts of a section, in order.
    static func links(in html: String) -> [String] {
        html.components(separatedBy: "<li><a href=\"").dropFirst().compactMap { item in
            item.split(separator: ">", maxSplits: 1).last?.components(separatedBy: "</a>").first
        }
    }

    @Test func causesThatNeedQuickHelpComeFirstEmergenciesBeforeUrgent() async throws {
        let site = try TestSite(Self.files, settings: Self.settings)
        defer { site.delete() }
        try await site.buildOK()
        for path in ["symptoms/calf-pain/index.html", "body-areas/calf/index.html"] {
            let html = try #require(site.output(path))
            let quick = try #require(html.section("Causes that need medical help quickly"), "\(path)")
            #expect(Self.links(in: quick) == ["Blood clot in the lung", "Broken leg", "Torn tendon"], "\(path)")
            #expect(quick.contains("Blood clot in the lung</a> <strong class=\"tag tag-emergency\">Emergency</strong>"), "\(path)")
            #expect(quick.contains("Torn tendon</a> <strong class=\"tag tag-urgent\">Urgent</strong>"), "\(path)")
            let quickStart = try #require(html.range(of: "Causes that need medical help quickly")).lowerBound
            let otherHeading = path.hasPrefix("symptoms") ? "Other causes" : "Other conditions"
            let others = try #require(html.section(otherHeading), "\(path)")
            #expect(Self.links(in: others) == ["Cramp", "Strain"], "\(path)")
            #expect(try #require(html.range(of: ">\(otherHeading)</h2>")).lowerBound > quickStart, "\(path): quick help first")
            #expect(!others.contains("class=\"tag"), "\(path)")
        }
    }

    @Test func aSymptomWithNoQuickCausesKeepsItsPlainList() async throws {
        var files = Self.files
        for slug in ["blood-clot-in-lung", "torn-tendon", "broken-leg"] { files["content/conditions/\(slug).md"] = nil }
        let site = try TestSite(files, settings: Self.settings.replacingOccurrences(of: "    about: blood-clot-in-lung\n", with: "")
            .replacingOccurrences(of: "    about: torn-tendon\n", with: ""))
        defer { site.delete() }
        try await site.buildOK()
        let html = try #require(site.output("symptoms/calf-pain/index.html"))
        #expect(!html.contains("Causes that need medical help quickly"))
        #expect(Self.links(in: try #require(html.section("Conditions that can cause this"))) == ["Cramp", "Strain"])
    }

    @Test func aMisspeltUrgencyIsAnErrorWithTheClosestLevel() async throws {
        var files = Self.files
        files["content/conditions/strain.md"] = page("title: Strain\nsummary: A strain.\nurgency: urgnt")
        let site = try TestSite(files, settings: Self.settings)
        defer { site.delete() }
        #expect(await site.buildErrors() == [
            "content/conditions/strain.md:4:10: error: 'urgency' must be one of emergency, urgent, routine, not 'urgnt'; did you mean 'urgent'?",
        ])
    }

    @Test func aLiveRebuildMovesACauseWhenItsUrgencyChanges() async throws {
        let site = try TestSite(Self.files, settings: Self.settings)
        defer { site.delete() }
        var live = LiveBuilder(options: BuildOptions(siteDirectory: site.root))
        #expect(await live.rebuild().succeeded)
        try site.write("content/conditions/a-cramp.md", page("title: Cramp\nsummary: A tight muscle.\nurgency: urgent\nsymptoms: [calf-pain]\nbody_areas: [calf]"))
        #expect(await live.rebuild(changes: ["content/conditions/a-cramp.md"]).succeeded)
        for path in ["symptoms/calf-pain/index.html", "body-areas/calf/index.html"] {
            let quick = try #require(site.output(path)?.section("Causes that need medical help quickly"))
            #expect(Self.links(in: quick) == ["Blood clot in the lung", "Broken leg", "Cramp", "Torn tendon"], "\(path)")
        }
    }

    // MARK: Body map

    static let mapSettings = """
        title: Test Health
        base_url: https://example.org/health
        emergency_number: "999"
        body_areas:
          - slug: calf
            name: Calf
            shape: "M 10 100 L 50 100 L 50 180 L 10 180 Z"
          - slug: foot
            name: Foot
            shape: "m 10 190 c 0 0 40 0 40 0 v 20 h -40 z"
          - slug: whole-leg
            name: The whole leg
        body_map:
          view_box: "0 0 60 220"
          label: The back of a leg
          outline: "M 5 5 L 55 5 L 55 215 L 5 215 Z"
        """
    static let mapFiles: [String: String] = [
        "content/conditions/cramp.md": page("title: Cramp\nsummary: A tight muscle.\nbody_areas: [calf, foot, whole-leg]"),
    ]

    @Test func theHomePageAndWhereItHurtsDrawEachAreaAsANumberedLink() async throws {
        let site = try TestSite(Self.mapFiles, settings: Self.mapSettings)
        defer { site.delete() }
        try await site.buildOK()
        for path in ["index.html", "body-areas/index.html"] {
            let html = try #require(site.output(path))
            #expect(html.contains("<svg class=\"body-map-picture\" viewBox=\"0 0 60 220\" aria-label=\"The back of a leg\">"), "\(path)")
            #expect(html.contains("<path class=\"body-map-outline\" d=\"M 5 5 L 55 5 L 55 215 L 5 215 Z\"/>"), "\(path)")
            // One link per area with a shape, named, its number at the middle of the shape's box.
            #expect(html.contains("<a class=\"body-map-region\" href=\"/health/body-areas/calf/\" aria-label=\"Calf\"><title>Calf</title>"), "\(path)")
            #expect(html.contains("<circle cx=\"30\" cy=\"140\" r=\"14\"/><text x=\"30\" y=\"140\" dy=\"0.35em\" aria-hidden=\"true\">1</text>"), "\(path)")
            // Relative commands: the foot's box is 10…50 by 190…210.
            #expect(html.contains("<circle cx=\"30\" cy=\"200\" r=\"14\"/>"), "\(path)")
            #expect(html.components(separatedBy: "class=\"body-map-region\"").count == 3, "\(path): the whole leg has no shape")
            // The list: numbered areas, then the one without a shape, unnumbered.
            #expect(html.contains("<li><a href=\"/health/body-areas/calf/\"><span class=\"badge\" aria-hidden=\"true\">1</span>Calf</a>"), "\(path)")
            #expect(html.contains("<li><a href=\"/health/body-areas/whole-leg/\">The whole leg</a>"), "\(path)")
        }
        let index = try #require(site.output("body-areas/index.html"))
        #expect(index.contains("Calf</a> <span class=\"note\">(1 page)</span>"))
        #expect(!index.contains("There are no pages here yet"))
    }

    @Test func aSiteWhoseAreasHaveNoShapesGetsAPlainList() async throws {
        let site = try TestSite(Self.mapFiles.merging(["content/conditions/cramp.md": page("title: Cramp\nsummary: A tight muscle.\nbody_areas: [calf, foot]")]) { $1 })
        defer { site.delete() }
        try await site.buildOK()
        let home = try #require(site.output("index.html"))
        #expect(!home.contains("<svg class=\"body-map-picture\""))
        #expect(home.contains("<li><a href=\"/health/body-areas/calf/\">Calf</a></li>"))
        let index = try #require(site.output("body-areas/index.html"))
        #expect(Self.links(in: try #require(index.section("Body areas"))) == ["Calf", "Foot"])
    }

    @Test func badShapesAreErrorsAtTheirLine() async throws {
        let cases: [(String, String)] = [
            ("shape: \"M 10 100 L 50 100 L 50 180 L 10 180 Z\"", "shape: \"M 10 10 A 5 5 0 0 1 20 20\""),
            ("shape: \"M 10 100 L 50 100 L 50 180 L 10 180 Z\"", "shape: \"M 10 100 L 50\""),
            ("view_box: \"0 0 60 220\"", "view_box: \"60 by 220\""),
        ]
        var errors: [[String]] = []
        for (old, new) in cases {
            let site = try TestSite(Self.mapFiles, settings: Self.mapSettings.replacingOccurrences(of: old, with: new))
            defer { site.delete() }
            errors.append(await site.buildErrors())
        }
        #expect(errors == [
            ["salve.yaml:7:12: error: 'shape' is not SVG path data: arcs ('A') are not supported in shapes; draw the curve with 'C' or 'Q'"],
            ["salve.yaml:7:12: error: 'shape' is not SVG path data: the command 'L' is missing some of its numbers"],
            ["salve.yaml:14:13: error: 'view_box' must be four numbers, 'min-x min-y width height', like \"0 0 220 640\""],
        ])
        let noMap = try TestSite(Self.mapFiles, settings: String(Self.mapSettings.prefix(upTo: Self.mapSettings.range(of: "body_map:")!.lowerBound)))
        defer { noMap.delete() }
        #expect(await noMap.buildErrors() == [
            "salve.yaml:4:1: error: body areas have 'shape:'s but there is no 'body_map:' with the 'view_box:' they are drawn in; add one, like\nbody_map:\n  view_box: \"0 0 220 640\"",
        ])
    }

    @Test func pathBoxesCountEveryCommandAndItsControlPoints() throws {
        let box = try SVGPath.parse("M 0 0 H 10 V 20 h 5 v 5 C 30 -10 30 -10 20 0 Q 40 40 0 30 z").get().bounds
        #expect(box.minX == 0 && box.maxX == 40 && box.minY == -10 && box.maxY == 40)
        let implicit = try SVGPath.parse("m 10 10 5 5 5 5").get().bounds  // numbers after a move are lines
        #expect(implicit.maxX == 20 && implicit.maxY == 20)
        #expect(throws: SVGPath.PathError.mustStartWithMove) { try SVGPath.parse("L 1 2").get() }
        #expect(throws: SVGPath.PathError.unknownCommand("X")) { try SVGPath.parse("M 1 2 X 3").get() }
    }

    // MARK: Navigation and sharing

    @Test func everyPageButHomeHasBreadcrumbsWithMatchingStructuredData() async throws {
        let site = try TestSite(Self.files, settings: Self.settings)
        defer { site.delete() }
        try await site.buildOK()
        let condition = try #require(site.output("conditions/broken-leg/index.html"))
        #expect(condition.contains("<ol><li><a href=\"/health/\">Home</a></li><li><a href=\"/health/conditions/\">Conditions</a></li></ol>"))
        #expect(condition.contains("""
            {"@context":"https://schema.org","@type":"BreadcrumbList","itemListElement":[\
            {"@type":"ListItem","position":1,"name":"Home","item":"https://example.org/health/"},\
            {"@type":"ListItem","position":2,"name":"Conditions","item":"https://example.org/health/conditions/"},\
            {"@type":"ListItem","position":3,"name":"Broken leg"}]}
            """))
        let area = try #require(site.output("body-areas/calf/index.html"))
        #expect(area.contains("<li><a href=\"/health/\">Home</a></li><li><a href=\"/health/body-areas/\">Where it hurts</a></li></ol>"))
        for path in ["conditions/index.html", "a-to-z/index.html", "search/index.html", "body-areas/index.html"] {
            #expect(site.output(path)?.contains("<nav class=\"breadcrumbs wrap\" aria-label=\"Breadcrumb\">\n  <ol><li><a href=\"/health/\">Home</a></li></ol>") == true, "\(path)")
        }
        #expect(site.output("index.html")?.contains("aria-label=\"Breadcrumb\"") == false)
        // "Where it hurts" is in the navigation, current on the area pages.
        #expect(area.contains("<li><a href=\"/health/body-areas/\" aria-current=\"page\">Where it hurts</a></li>"))
    }

    @Test func theAToZShowsEveryLetterAndOnlyLinksThoseWithPages() async throws {
        let site = try TestSite(Self.files, settings: Self.settings)
        defer { site.delete() }
        try await site.buildOK()
        let html = try #require(site.output("a-to-z/index.html"))
        let letters = try #require(html.components(separatedBy: "<nav class=\"letters\" aria-label=\"Letters\">").last?.components(separatedBy: "</nav>").first)
        #expect(letters.components(separatedBy: "<li>").count - 1 == 26)
        #expect(letters.contains("<li><a href=\"#letter-b\">B</a></li>") && letters.contains("<li><a href=\"#letter-t\">T</a></li>"))
        #expect(letters.contains("<li><span class=\"empty\">Q<span class=\"visually-hidden\"> (no pages)</span></span></li>"))
        #expect(!letters.contains("href=\"#letter-q\""))
        #expect(html.section("B")?.contains("<p class=\"back-to-top\"><a href=\"#top\">Back to top</a></p>") == true)
    }

    @Test func pagesCarrySharingTagsForTheirOwnTitleSummaryAndAddress() async throws {
        let site = try TestSite(Self.files, settings: Self.settings)
        defer { site.delete() }
        try await site.buildOK()
        let html = try #require(site.output("conditions/torn-tendon/index.html"))
        for tag in [
            "<meta property=\"og:type\" content=\"article\">", "<meta property=\"og:site_name\" content=\"Test Health\">",
            "<meta property=\"og:title\" content=\"Torn tendon\">", "<meta property=\"og:description\" content=\"A tear.\">",
            "<meta property=\"og:url\" content=\"https://example.org/health/conditions/torn-tendon/\">",
            "<meta name=\"twitter:card\" content=\"summary\">", "<meta name=\"twitter:title\" content=\"Torn tendon\">",
            "<meta name=\"theme-color\" content=\"#005eb8\">",
            "<link rel=\"apple-touch-icon\" href=\"/health/assets/apple-touch-icon.png\">",
        ] {
            #expect(html.contains(tag), "\(tag)")
        }
        #expect(site.output("a-to-z/index.html")?.contains("<meta property=\"og:type\" content=\"website\">") == true)
        let icon = try Data(contentsOf: site.root.appendingPathComponent("public/assets/apple-touch-icon.png"))
        #expect(icon.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
    }
}
