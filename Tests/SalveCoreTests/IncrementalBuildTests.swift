import Foundation
import Testing
@testable import SalveCore

/// A random number generator with a seed, so a failing sequence of edits can be replayed.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A site as data, so random edits stay meaningful (links name real pages most of the time) and each edit can
/// be turned into the files it changes.
struct SiteModel {
    struct Page {
        var folder: String
        var slug: String
        var title: String
        var summary: String
        var aliases: [String] = []
        var links: [String: [String]] = [:]
        var areas: [String] = []
        var bodyLinks: [String] = []
        var paragraphs: [String] = ["Some words about this."]
        var draft = false
        var brokenFrontMatter = false
        /// Headings that show a linked page's title, and links by address to a heading: what edits applied page by
        /// page must re-check on other pages.
        var richLinks = false

        var path: String { "content/\(folder)/\(slug).md" }

        var text: String {
            var yaml = ["title: \(title)", "summary: \(summary)"]
            if !aliases.isEmpty { yaml.append("aliases: [\(aliases.joined(separator: ", "))]") }
            for field in links.keys.sorted() where !(links[field] ?? []).isEmpty {
                yaml.append("\(field): [\(links[field]!.joined(separator: ", "))]")
            }
            if !areas.isEmpty { yaml.append("body_areas: [\(areas.joined(separator: ", "))]") }
            if draft { yaml.append("draft: true") }
            if brokenFrontMatter { yaml.append("symptoms: [unclosed") }
            var body = paragraphs
            for (index, slug) in bodyLinks.enumerated() {
                switch index % 3 {
                case 0: body.append("See [[\(slug)]] too.")
                case 1: body.append("## About \(richLinks ? "[[\(slug)]]" : slug)\n\nRead [this page](../\(folderOf?(slug) ?? "conditions")/\(slug).md).")
                default: body.append("Read [[\(slug)#part-1]] or [that](/\(folderOf?(slug) ?? "conditions")/\(slug)/\(richLinks ? "#part-1" : "")).")
                }
            }
            return "---\n\(yaml.joined(separator: "\n"))\n---\n\n\(body.joined(separator: "\n\n"))\n"
        }

        /// Looks up a linked page's folder for relative links; set by the model before writing.
        var folderOf: ((String) -> String?)?
    }

    static let fields = ["conditions": ["symptoms", "treatments", "tests", "risk_factors", "causes", "related"]]
    static let targetFolder = ["symptoms": "symptoms", "treatments": "treatments", "tests": "tests",
                               "risk_factors": "risk-factors", "causes": "conditions", "related": nil as String?]
    static let areaNames = ["calf", "back-of-thigh", "behind-knee", "foot"]
    static let words = ["calf", "pain", "swelling", "nerve", "walk", "rest", "cramp", "night", "sharp", "dull"]

    var pages: [Page] = []
    /// Sets `Page.richLinks` on every page written.
    var richLinks = false
    var settings = TestSite.settings
    var templates: [String: String] = [:]
    var counter = 0

    init(random: inout SplitMix) {
        let counts = [("conditions", 8), ("symptoms", 6), ("treatments", 4), ("tests", 3), ("risk-factors", 3)]
        for (folder, count) in counts {
            for _ in 0..<count { pages.append(newPage(folder: folder, random: &random)) }
        }
        pages.append(Page(folder: "pages", slug: "about", title: "About", summary: "Who we are."))
        for index in pages.indices where pages[index].folder == "conditions" {
            for field in ["symptoms", "treatments", "tests"] {
                pages[index].links[field] = Array(slugs(in: Self.targetFolder[field]!!).shuffled(using: &random).prefix(2))
            }
            pages[index].areas = [Self.areaNames.randomElement(using: &random)!]
            pages[index].bodyLinks = [slugs(in: "symptoms").randomElement(using: &random)!]
        }
    }

    mutating func newPage(folder: String, random: inout SplitMix) -> Page {
        counter += 1
        let word = Self.words.randomElement(using: &random)!
        return Page(folder: folder, slug: "\(word)-\(folder.prefix(4))-\(counter)", title: "\(word.capitalized) \(counter)",
                    summary: "A page about \(word).")
    }

    func slugs(in folder: String? = nil) -> [String] {
        pages.filter { folder == nil || $0.folder == folder }.map(\.slug)
    }

    /// Every file of the site: path → text.
    var files: [String: String] {
        var files: [String: String] = ["salve.yaml": settings,
                                       "content/index.md": "---\ntitle: Home\nsummary: Start here.\n---\n\nStart at [[\(pages.first?.slug ?? "none")]].\n"]
        let folders = Dictionary(pages.map { ($0.slug, $0.folder) }, uniquingKeysWith: { a, _ in a })
        for var page in pages {
            page.folderOf = { folders[$0] }
            page.richLinks = richLinks
            files[page.path] = page.text
        }
        for (path, text) in templates { files[path] = text }
        return files
    }

    /// One random edit of the kinds authors make. Returns what it did, for failure messages.
    /// With `keepingPages`, only edits that keep the site's pages: text, links, titles, summaries, aliases, areas.
    mutating func edit(random: inout SplitMix, keepingPages: Bool = false) -> String {
        let index = Int.random(in: 0..<pages.count, using: &random)
        let slug = pages[index].slug
        if keepingPages, Int.random(in: 0..<8, using: &random) == 0 {
            // Give every page the heading that `[[slug#part-1]]` links point to, so the site does not stay broken.
            for index in pages.indices where !pages[index].paragraphs.contains("## Part 1") { pages[index].paragraphs.append("## Part 1") }
            return "headings"
        }
        switch Int.random(in: 0..<(keepingPages ? 9 : 17), using: &random) {
        case 0, 1:
            // Sometimes a heading that links on other pages point to (`[[slug#part-1]]`): they break and heal.
            pages[index].paragraphs.append(Int.random(in: 0..<4, using: &random) == 0 ? "## Part 1"
                                           : "More about \(Self.words.randomElement(using: &random)!) here.")
            return "text of \(slug)"
        case 2:
            pages[index].bodyLinks.append(slugs().randomElement(using: &random)!)
            return "body link in \(slug)"
        case 3:
            pages[index].bodyLinks = Array(pages[index].bodyLinks.dropFirst())
            return "removed a body link from \(slug)"
        case 4:
            pages[index].title = "\(Self.words.randomElement(using: &random)!.capitalized) \(Int.random(in: 0..<99, using: &random))"
            return "title of \(slug)"
        case 5:
            pages[index].summary = "Now about \(Self.words.randomElement(using: &random)!)."
            return "summary of \(slug)"
        case 6:
            if pages[index].aliases.isEmpty { pages[index].aliases = ["\(Self.words.randomElement(using: &random)!) alias"] } else { pages[index].aliases = [] }
            return "aliases of \(slug)"
        case 7:
            guard pages[index].folder == "conditions" else { return "nothing" }
            let field = Self.fields["conditions"]!.randomElement(using: &random)!
            let candidates = slugs(in: Self.targetFolder[field]!).filter { $0 != slug && !(pages[index].links[field] ?? []).contains($0) }
            if let target = candidates.randomElement(using: &random), Bool.random(using: &random) {
                pages[index].links[field, default: []].append(target)
            } else {
                pages[index].links[field] = Array((pages[index].links[field] ?? []).dropLast())
            }
            return "\(field) of \(slug)"
        case 8:
            pages[index].areas = Bool.random(using: &random) ? [] : [Self.areaNames.randomElement(using: &random)!]
            return "body area of \(slug)"
        case 9:
            let folder = ["conditions", "symptoms", "treatments", "tests", "risk-factors"].randomElement(using: &random)!
            var page = newPage(folder: folder, random: &random)
            page.bodyLinks = [slugs().randomElement(using: &random)!]
            pages.append(page)
            return "added \(page.slug)"
        case 10:
            guard pages[index].folder != "pages" else { return "nothing" }
            pages.remove(at: index)
            if Bool.random(using: &random) { removeLinks(to: slug) }
            return "deleted \(slug)"
        case 11:
            guard pages[index].folder != "pages" else { return "nothing" }
            counter += 1
            let newSlug = "renamed-\(counter)"
            pages[index].slug = newSlug
            if Bool.random(using: &random) { replaceLinks(to: slug, with: newSlug) }
            return "renamed \(slug) to \(newSlug)"
        case 12:
            pages[index].brokenFrontMatter.toggle()
            return "\(pages[index].brokenFrontMatter ? "broke" : "fixed") front matter of \(slug)"
        case 13:
            pages[index].draft.toggle()
            return "draft \(pages[index].draft) on \(slug)"
        case 14:
            let path = ["templates/list.mustache", "templates/partials/sources.mustache", "templates/assets/extra.css"].randomElement(using: &random)!
            if templates[path] != nil, Bool.random(using: &random) {
                templates[path] = nil
            } else {
                let name = String(path.dropFirst("templates/".count))
                templates[path] = (DefaultTheme.files[name] ?? "body { color: black; }") + "\n<!-- edit \(counter) -->\n"
                counter += 1
            }
            return "template \(path)"
        case 15:
            settings = TestSite.settings.replacingOccurrences(of: "Test Health", with: "Test Health \(Int.random(in: 0..<3, using: &random))")
            if Bool.random(using: &random) { settings = settings.replacingOccurrences(of: "example.org/health", with: "example.org") }
            return "settings"
        default:
            // Fix what is broken, so the site does not stay broken for long.
            for index in pages.indices { pages[index].brokenFrontMatter = false; pages[index].draft = false }
            let known = Set(slugs())
            for index in pages.indices {
                pages[index].bodyLinks = pages[index].bodyLinks.filter(known.contains)
                pages[index].links = pages[index].links.mapValues { $0.filter(known.contains) }
            }
            return "repaired"
        }
    }

    mutating func removeLinks(to slug: String) {
        for index in pages.indices {
            pages[index].bodyLinks.removeAll { $0 == slug }
            pages[index].links = pages[index].links.mapValues { $0.filter { $0 != slug } }
        }
    }

    mutating func replaceLinks(to old: String, with new: String) {
        for index in pages.indices {
            pages[index].bodyLinks = pages[index].bodyLinks.map { $0 == old ? new : $0 }
            pages[index].links = pages[index].links.mapValues { $0.map { $0 == old ? new : $0 } }
        }
    }
}

/// Every file under `folder`, with its bytes.
func snapshot(_ folder: URL) -> [String: Data] {
    var files: [String: Data] = [:]
    for path in SiteFiles.list(folder) { files[path] = FileManager.default.contents(atPath: folder.appendingPathComponent(path).path) }
    return files
}

@Suite struct IncrementalBuildTests {
    /// Writes the files of `model` that differ from `written` and deletes those that are gone; returns the paths.
    static func sync(_ model: SiteModel, into site: TestSite, written: inout [String: String]) throws -> [String] {
        let files = model.files
        var changed: [String] = []
        for (path, text) in files where written[path] != text {
            try site.write(path, text)
            changed.append(path)
        }
        for path in written.keys where files[path] == nil {
            try site.remove(path)
            changed.append(path)
        }
        written = files
        return changed.sorted()
    }

    @Test func incrementalRebuildsEqualCleanFullBuildsAfterEveryRandomEdit() async throws {
        try await randomEdits(seed: 20261122, keepingPages: false)
    }

    /// Edits that keep the site's pages are applied page by page (`PageEdit`) whenever the site had no problems:
    /// most steps here take that path, and every one must give a clean full build's bytes.
    @Test func editsAppliedPageByPageEqualCleanFullBuilds() async throws {
        try await randomEdits(seed: 20261130, keepingPages: true)
    }

    func randomEdits(seed defaultSeed: UInt64, keepingPages: Bool) async throws {
        let seed = UInt64(ProcessInfo.processInfo.environment["SALVE_SEED"] ?? "") ?? defaultSeed
        var random = SplitMix(state: seed)
        var model = SiteModel(random: &random)
        model.richLinks = keepingPages
        let site = try TestSite([:])
        defer { site.delete() }
        var written: [String: String] = [:]
        _ = try Self.sync(model, into: site, written: &written)
        // A file that is not a page gives every build a warning, which edits applied page by page keep.
        if keepingPages { try site.write("content/notes.txt", "Not a page.") }
        let fullOutput = site.root.appendingPathComponent("full")
        var live = LiveBuilder(options: BuildOptions(siteDirectory: site.root))
        let first = await live.rebuild()
        #expect(first.succeeded, "\(first.diagnostics)")
        try await SiteBuilder.build(BuildOptions(siteDirectory: site.root, outputDirectory: fullOutput))

        var failures = 0
        var successes = 0
        var pageByPage = 0
        for step in 1...300 {
            var done: [String] = []
            for _ in 0..<(Int.random(in: 0..<5, using: &random) == 0 ? 3 : 1) { done.append(model.edit(random: &random, keepingPages: keepingPages)) }
            let changes = try Self.sync(model, into: site, written: &written)
            let report = await live.rebuild(changes: changes)
            let full: [Diagnostic]
            do {
                full = try await SiteBuilder.build(BuildOptions(siteDirectory: site.root, outputDirectory: fullOutput)).warnings
            } catch {
                full = error.diagnostics
            }
            let context = "step \(step) (seed \(seed)): \(done.joined(separator: "; "))"
            #expect(report.succeeded == !full.contains { $0.severity == .error }, "\(context)")
            #expect(report.diagnostics.map(\.description) == full.map(\.description), "\(context)")
            let liveFiles = snapshot(site.root.appendingPathComponent("public"))
            let fullFiles = snapshot(fullOutput)
            #expect(liveFiles.keys.sorted() == fullFiles.keys.sorted(), "\(context)")
            let different = fullFiles.keys.filter { liveFiles[$0] != fullFiles[$0] }.sorted()
            #expect(different.isEmpty, "\(context): \(different)")
            if !different.isEmpty || liveFiles.count != fullFiles.count { return }
            if report.succeeded { successes += 1 } else { failures += 1 }
            if report.pageByPage { pageByPage += 1 }
        }
        // The sequence must exercise both outcomes, and edits applied page by page, or it proves little.
        if keepingPages {
            #expect(pageByPage > 150, "\(pageByPage) edits applied page by page")
        } else {
            #expect(successes > 100 && failures > 10, "successes \(successes), failures \(failures)")
            #expect(pageByPage > 20, "\(pageByPage) edits applied page by page")
        }
        print("random edits: \(successes) built, \(failures) failed, \(pageByPage) applied page by page")
    }
}

@Suite struct LiveBuilderTests {
    @Test func aBodyEditWritesOnlyThatPageAndTheSearchIndex() async throws {
        let site = try TestSite(linkedSite)
        defer { site.delete() }
        var live = LiveBuilder(options: BuildOptions(siteDirectory: site.root))
        let first = await live.rebuild()
        #expect(first.succeeded && first.written.count > 20)

        try site.write("content/symptoms/numbness.md", page("title: Numbness\nsummary: Loss of feeling.\naliases: [dead leg]",
                                                            body: "## What it feels like\n\nNo feeling at all."))
        let shardsBefore = SiteFiles.list(site.root.appendingPathComponent("public/search-index/terms")).count
        let edit = await live.rebuild(changes: ["content/symptoms/numbness.md"])
        let (pages, search) = (edit.written.filter { !$0.hasPrefix("search-index/") }, edit.written.filter { $0.hasPrefix("search-index/") })
        #expect(pages == ["symptoms/numbness/index.html"])
        #expect(edit.filesRendered == 1 && edit.bodiesRendered == 1)
        // Of the index, only the entry, the shards (and word lists) whose terms changed, the page's text and the one
        // page file that names it are written; every other shard and page file stays, and the old versions go.
        #expect(search.contains(SearchIndex.entryPath))
        let shards = search.filter { $0.hasPrefix("search-index/terms/") }
        #expect(!shards.isEmpty && shards.count < shardsBefore / 2, "\(shards.count) of \(shardsBefore) shards rewritten")
        #expect(search.filter { $0.hasPrefix("search-index/pages/") }.count == 1, "\(search)")
        #expect(search.filter { $0.hasPrefix("search-index/text/") }.count == 1, "\(search)")
        #expect(edit.removed.allSatisfy { $0.hasPrefix("search-index/") }, "\(edit.removed)")
        let entry = try #require(site.output(SearchIndex.entryPath))
        let pageFiles = search.filter { $0.hasPrefix("search-index/pages/") }.compactMap { site.output($0) }.joined()
        for path in search where path != SearchIndex.entryPath {
            let name = String(path.split(separator: "/").last!.dropLast(".json".count))
            let namer = path.hasPrefix("search-index/text/") ? pageFiles : entry
            #expect(namer.contains("\"\(name)\""), "the new \(path) is named by the entry, or its page file")
        }
        for path in edit.removed {
            let name = String(path.split(separator: "/").last!.dropLast(".json".count))
            #expect(!entry.contains("\"\(name)\"") && site.output(path) == nil, "the old \(path) is gone")
        }
        #expect(site.output("symptoms/numbness/index.html")?.contains("No feeling at all.") == true)

        // A new title shows on every page that lists it, in the lists, the A to Z and the home page's common
        // symptoms; nothing else is written.
        try site.write("content/symptoms/numbness.md", page("title: Loss of feeling\nsummary: Loss of feeling.\naliases: [dead leg]",
                                                            body: "## What it feels like\n\nNo feeling at all."))
        let retitle = await live.rebuild(changes: ["content/symptoms/numbness.md"])
        #expect(Set(retitle.written.filter { !$0.hasPrefix("search-index/") }) == ["symptoms/numbness/index.html",
                                         "conditions/sciatica/index.html", "conditions/herniated-disc/index.html",
                                         "symptoms/index.html", "a-to-z/index.html", "index.html"])
        #expect(retitle.written.filter { $0.hasPrefix("search-index/pages/") }.count == 1, "the one page file that holds the title")
        #expect(site.output("conditions/sciatica/index.html")?.section("Symptoms")?.contains("Loss of feeling") == true)

        // A deleted page's output goes, and links to it become errors that leave the site as it was.
        try site.remove("content/tests/mri-scan.md")
        let before = site.outputSnapshot()
        let delete = await live.rebuild(changes: ["content/tests/mri-scan.md"])
        #expect(!delete.succeeded)
        #expect(delete.errors.map(\.description).contains("content/conditions/sciatica.md:7:9: error: unknown test 'mri-scan'"))
        #expect(site.outputSnapshot() == before)
        try site.write("content/conditions/sciatica.md", linkedSite["content/conditions/sciatica.md"]!.replacingOccurrences(of: "tests: [mri-scan]\n", with: ""))
        try site.write("content/conditions/herniated-disc.md", linkedSite["content/conditions/herniated-disc.md"]!.replacingOccurrences(of: "tests: [mri-scan]\n", with: ""))
        let fixed = await live.rebuild(changes: ["content/conditions/sciatica.md", "content/conditions/herniated-disc.md"])
        #expect(fixed.succeeded, "\(fixed.diagnostics)")
        #expect(fixed.removed.filter { !$0.hasPrefix("search-index/") } == ["tests/mri-scan/index.html"])
        // Every search file the build lists exists, and no other is left behind.
        let listed = Set(try #require(try SearchIndexJSONTests.read(SiteFiles.list(site.root.appendingPathComponent("public"))
            .filter { $0.hasPrefix("search-index/") }.map { OutputFile(path: $0, data: FileManager.default.contents(atPath:
                site.root.appendingPathComponent("public/\($0)").path)!) }).entry["pageFiles"] as? [String]))
        #expect(!listed.isEmpty)
        #expect(site.output("tests/mri-scan/index.html") == nil)
    }

    @Test func aTemplateEditRendersOnlyThePagesThatUseIt() async throws {
        let site = try TestSite(linkedSite)
        defer { site.delete() }
        var live = LiveBuilder(options: BuildOptions(siteDirectory: site.root))
        _ = await live.rebuild()
        try site.write("templates/list.mustache", DefaultTheme.files["list.mustache"]!.replacingOccurrences(of: "</h1>", with: "</h1><p>Lists!</p>"))
        let report = await live.rebuild(changes: ["templates/list.mustache"])
        // Five kind indexes, two body-area pages, the body-area index and the A to Z; no content page.
        #expect(report.filesRendered == 9)
        #expect(Set(report.written) == ["conditions/index.html", "symptoms/index.html", "treatments/index.html", "tests/index.html",
                                        "risk-factors/index.html", "body-areas/index.html", "body-areas/back-of-thigh/index.html",
                                        "body-areas/lower-back-and-buttock/index.html", "a-to-z/index.html"])
        #expect(site.output("a-to-z/index.html")?.contains("<p>Lists!</p>") == true)
    }

    /// Lists long enough to keep their rendered items: a rebuild reuses them, and must still write what a clean
    /// build writes after a title changes and after the item template changes.
    @Test func longListsReuseTheirItemsAndStayExact() async throws {
        var files: [String: String] = [:]
        for number in 0..<150 {
            files["content/conditions/condition-\(number).md"] = page("title: Condition \(number)\nsummary: Summary \(number).\nbody_areas: [calf]")
        }
        let site = try TestSite(files)
        defer { site.delete() }
        let clean = site.root.appendingPathComponent("clean")
        func expectSameAsCleanBuild(_ context: String) async throws {
            _ = try await SiteBuilder.build(BuildOptions(siteDirectory: site.root, outputDirectory: clean))
            let live = site.outputSnapshot()
            let full = snapshot(clean)
            #expect(live.keys.sorted() == full.keys.sorted(), "\(context)")
            #expect(full.keys.filter { live[$0] != full[$0] }.sorted() == [], "\(context)")
        }
        var live = LiveBuilder(options: BuildOptions(siteDirectory: site.root))
        #expect(await live.rebuild().succeeded)

        try site.write("content/conditions/condition-75.md", page("title: Renamed condition\nsummary: Summary 75.\nbody_areas: [calf]"))
        let retitle = await live.rebuild(changes: ["content/conditions/condition-75.md"])
        #expect(Set(retitle.written).isSuperset(of: ["conditions/index.html", "a-to-z/index.html", "body-areas/calf/index.html"]))
        let aToZ = try #require(site.output("a-to-z/index.html"))
        #expect(aToZ.contains(">Renamed condition</a>") && !aToZ.contains(">Condition 75</a>"))
        try await expectSameAsCleanBuild("after a title edit")

        try site.write("templates/partials/list-item.mustache", "<li class=\"item\"><a href=\"{{url}}\">{{title}}</a></li>\n")
        let template = await live.rebuild(changes: ["templates/partials/list-item.mustache"])
        #expect(template.written.contains("conditions/index.html"))
        #expect(site.output("conditions/index.html")?.contains("<li class=\"item\"><a href=\"/health/conditions/condition-0/\">Condition 0</a></li>") == true)
        try await expectSameAsCleanBuild("after an item template edit")
    }

    @Test func temporaryFilesThatAreAlreadyGoneStartNoRebuild() async throws {
        let site = try TestSite(linkedSite)
        defer { site.delete() }
        var live = LiveBuilder(options: BuildOptions(siteDirectory: site.root))
        _ = await live.rebuild()
        try site.write("content/conditions/notes.txt", "kept")
        try site.remove("content/tests/mri-scan.md")
        // `sed -i` wrote content/conditions/sedX1b2c3 and renamed it over sciatica.md: only the page counts.
        #expect(live.relevant(["content/conditions/sciatica.md", "content/conditions/sedX1b2c3", "content/conditions/notes.txt",
                               "content/tests/mri-scan.md", "content/.git/index", "templates/page.mustache", "README.md"])
                == ["content/conditions/sciatica.md", "content/conditions/notes.txt", "content/tests/mri-scan.md", "templates/page.mustache"])
    }

    @Test(arguments: [
        ("content/conditions/sciatica.md", ChangeKind.content),
        ("content/conditions", .content),
        ("content/conditions/notes.txt", .content),
        ("content/conditions/.sciatica.md.swp", .ignored),
        ("content/.git/index", .ignored),
        ("templates/page.mustache", .template),
        ("templates/partials/care-cards.mustache", .template),
        ("templates/partials", .template),
        ("templates/assets/style.css", .asset),
        ("templates/README.md", .ignored),
        ("static/images/calf.png", .staticFile),
        ("static/leaflets", .staticFile),
        ("static/.DS_Store", .ignored),
        ("salve.yaml", .settings),
        ("public/index.html", .ignored),
        (".public.salve-staging/index.html", .ignored),
        ("README.md", .ignored),
    ])
    func changesAreClassified(path: String, kind: ChangeKind) {
        #expect(ChangeKind.of(path) == kind)
    }
}

/// Edits applied page by page (`PageEdit`) in the cases an independent review found them wrong: each must give the
/// messages and files of a clean full build.
@Suite struct PageEditTests {
    /// Builds `files` live, applies each of `edits` as one change, and compares with a clean full build after each.
    func expectFullBuildsAfter(_ files: [String: String], edits: [[String: String]]) async throws {
        let site = try TestSite(files)
        defer { site.delete() }
        var live = LiveBuilder(options: BuildOptions(siteDirectory: site.root))
        let first = await live.rebuild()
        #expect(first.succeeded, "\(first.diagnostics)")
        let fullOutput = site.root.appendingPathComponent("full")
        for (step, edit) in edits.enumerated() {
            for (path, text) in edit { try site.write(path, text) }
            let report = await live.rebuild(changes: edit.keys.sorted())
            let full: [Diagnostic]
            do {
                full = try await SiteBuilder.build(BuildOptions(siteDirectory: site.root, outputDirectory: fullOutput)).warnings
            } catch {
                full = error.diagnostics
            }
            #expect(report.succeeded == !full.contains { $0.severity == .error }, "step \(step) live: \(report.diagnostics) full: \(full)")
            #expect(report.diagnostics.map(\.description) == full.map(\.description), "step \(step)")
            if report.succeeded {
                #expect(snapshot(site.root.appendingPathComponent("public")) == snapshot(fullOutput), "step \(step)")
            }
        }
    }

    /// A link by address to a heading of a page that is not edited is checked against that page.
    @Test func aLinkByAddressToAMissingHeadingIsAnError() async throws {
        try await expectFullBuildsAfter([
            "content/symptoms/numbness.md": page("title: Numbness\nsummary: Loss of feeling.", body: "## What it feels like\n\nText."),
            "content/symptoms/cramp.md": page("title: Cramp\nsummary: Tight muscles.", body: "See [numbness](/symptoms/numbness/#what-it-feels-like)."),
        ], edits: [["content/symptoms/cramp.md": page("title: Cramp\nsummary: Tight muscles.", body: "See [numbness](/symptoms/numbness/#no-such-heading).")]])
    }

    /// A heading that shows another page's title gets a new id when that page is retitled: links to the old id break.
    @Test func aRetitleThatRenamesAHeadingElsewhereBreaksLinksToIt() async throws {
        try await expectFullBuildsAfter([
            "content/symptoms/numbness.md": page("title: Numbness\nsummary: Loss of feeling."),
            "content/symptoms/cramp.md": page("title: Cramp\nsummary: Tight muscles.", body: "## With [[numbness]]\n\nText."),
            "content/symptoms/swelling.md": page("title: Swelling\nsummary: Puffy legs.", body: "See [[cramp#with-numbness]]."),
        ], edits: [["content/symptoms/numbness.md": page("title: Tingling\nsummary: Loss of feeling.")]])
    }
}
