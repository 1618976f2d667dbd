import Foundation

/// What to build and where.
public struct BuildOptions: Sendable {
    /// The site folder, holding `salve.yaml`, `content/` and `templates/`.
    public var siteDirectory: URL
    /// Where the finished site goes; `public/` in the site folder unless told otherwise.
    public var outputDirectory: URL
    /// Include pages marked `draft: true`.
    public var includeDrafts: Bool

    public init(siteDirectory: URL, outputDirectory: URL? = nil, includeDrafts: Bool = false) {
        self.siteDirectory = siteDirectory.standardizedFileURL
        self.outputDirectory = (outputDirectory ?? siteDirectory.appendingPathComponent("public")).standardizedFileURL
        self.includeDrafts = includeDrafts
    }
}

/// What a successful build did, for the one-line summary.
public struct BuildSummary: Sendable {
    public var pages: Int
    public var files: Int
    public var warnings: [Diagnostic]
    public var milliseconds: Double
    /// How long each stage took, in order, for `salve build --timings`.
    public var stages: [(name: String, milliseconds: Double)]
}

/// Records how long each stage of a build takes.
struct StageTimer {
    private(set) var stages: [(name: String, milliseconds: Double)] = []
    private var last = ContinuousClock.now

    mutating func lap(_ name: String) {
        let now = ContinuousClock.now
        stages.append((name, Self.milliseconds(last.duration(to: now))))
        last = now
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }
}

/// The input files of a site, read from disk: the only thing the pure stages below need.
public struct SiteInput: Sendable {
    public var settingsText: String
    /// Content files: path relative to the site folder (`content/conditions/sciatica.md`) → text.
    public var content: [(path: String, text: String)]
    /// Files of `static/`, copied into the site as they are: path below `static/` (`images/leg.png`) → bytes.
    public var staticFiles: [String: Data]
    public var diagnostics: [Diagnostic]

    /// The input from what was read: `salve.yaml` (nil when missing), each file under `content/`, as its text
    /// or the reason it cannot be used, and the files of `static/`.
    init(settingsText: String?, files: [(path: String, read: Result<String, Diagnostic>)],
         staticFiles: [String: Result<Data, Diagnostic>] = [:], siteHasSettingsFile: Bool) {
        diagnostics = []
        self.staticFiles = staticFiles.compactMapValues { try? $0.get() }
        for case .failure(let diagnostic) in staticFiles.values { diagnostics.append(diagnostic) }
        if settingsText == nil {
            diagnostics.append(Diagnostic(file: "salve.yaml", message:
                "no readable salve.yaml here; is this a Salve site? Create one with 'salve init <folder>'"))
        }
        content = []
        for file in files.sorted(by: { $0.path < $1.path }) {
            switch file.read {
            case .success(let text): content.append((file.path, text))
            case .failure(let diagnostic): diagnostics.append(diagnostic)
            }
        }
        if content.isEmpty, siteHasSettingsFile {
            diagnostics.append(Diagnostic(file: "content", message: "no pages found; add Markdown files under content/, or run 'salve new condition \"Title\"'"))
        }
        self.settingsText = settingsText ?? ""
    }
}

/// What one build keeps for the next, so that a rebuild redoes only the work its changes affect. Every entry
/// is reused only when everything it was made from is unchanged; an empty cache gives a full build, so
/// incremental and full builds run the same code.
public struct BuildCache: Sendable {
    struct ParsedFile: Sendable {
        var text: String
        var page: SourcePage?
        var diagnostics: [Diagnostic]
    }

    /// A rendered body and what it was made from, including how each link in it resolved.
    struct Body: Sendable {
        var markdown: String
        var firstLine: Int
        var rawHTML: Bool
        var basePath: String
        var siteValues: [String: String]
        var rendered: RenderedBody
        var links: [String: LinkResolver.SlugState]
    }

    var parsed: [String: ParsedFile] = [:]
    /// Bodies without errors (a body with errors is rendered again, so its messages stay current).
    var bodies: [String: Body] = [:]
    var output = OutputCache()

    public init() {}
}

/// What the pure part of a build made: the output (nil when there were errors), every diagnostic, the
/// cache for the next build, and counts for the one-line summary.
struct SiteResult: Sendable {
    var output: RenderedSite?
    /// The linked site, when the build got that far (even if it then found errors): what `salve check` reads.
    var site: Site?
    var diagnostics: [Diagnostic]
    var cache: BuildCache
    var pagesParsed: Int
    var bodiesRendered: Int
}

/// `salve build`, top to bottom: read the files, parse pages, render Markdown, link pages both ways,
/// render the output, and publish it in one swap. Every stage collects errors instead of stopping, and
/// nothing is written unless the whole build succeeded.
public enum SiteBuilder {
    /// Pages larger than this are refused: no patient page is this long, and it is probably not a page.
    static let maximumPageBytes = 2_000_000

    public static func build(_ options: BuildOptions) async throws(BuildFailure) -> BuildSummary {
        let start = ContinuousClock.now
        var timer = StageTimer()
        let input = await readInput(options.siteDirectory)
        let theme = Theme.load(siteTemplates: options.siteDirectory.appendingPathComponent("templates"), displayPath: "templates")
        timer.lap("read files")
        let result = await makeSite(input, theme: theme, includeDrafts: options.includeDrafts, cache: BuildCache(), timer: &timer)
        guard let output = result.output else { throw BuildFailure(result.diagnostics) }
        do {
            try await OutputWriter.publish(output.changed, to: options.outputDirectory)
        } catch {
            throw BuildFailure([Diagnostic(file: options.outputDirectory.path, message: "could not write the site: \(error)")])
        }
        timer.lap("write")
        return BuildSummary(pages: output.changed.filter { $0.path.hasSuffix(".html") }.count, files: output.changed.count,
                            warnings: result.diagnostics,
                            milliseconds: StageTimer.milliseconds(start.duration(to: .now)), stages: timer.stages)
    }

    /// Reads `salve.yaml` and every file under `content/`. Files that cannot be read become diagnostics.
    public static func readInput(_ site: URL) async -> SiteInput {
        let files = await parallelMap(SiteFiles.list(site.appendingPathComponent("content"))) { relative in
            ("content/\(relative)", readContentFile("content/\(relative)", in: site))
        }
        return SiteInput(settingsText: readSettings(site), files: files, staticFiles: await readStaticFiles(site),
                         siteHasSettingsFile: hasSettingsFile(site))
    }

    /// Every file under `static/` (path below it → bytes, or why it cannot be read), to be published as it is.
    static func readStaticFiles(_ site: URL) async -> [String: Result<Data, Diagnostic>] {
        let folder = site.appendingPathComponent("static")
        let files = await parallelMap(SiteFiles.list(folder)) { relative -> (String, Result<Data, Diagnostic>) in
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(relative).path) else {
                return (relative, .failure(Diagnostic(file: "static/\(relative)", message: "could not read this file")))
            }
            return (relative, .success(data))
        }
        return Dictionary(files, uniquingKeysWith: { a, _ in a })
    }

    static func readSettings(_ site: URL) -> String? {
        FileManager.default.contents(atPath: site.appendingPathComponent("salve.yaml").path).flatMap(TextFile.decode)
    }

    /// The path part of the site's `base_url` (`/legs`), or "" when there is none or `salve.yaml` has errors.
    public static func basePath(of site: URL) -> String {
        guard let text = readSettings(site), case .success(let settings) = SiteSettings.parse(yaml: text, file: "salve.yaml") else { return "" }
        return settings.basePath
    }

    static func hasSettingsFile(_ site: URL) -> Bool {
        FileManager.default.fileExists(atPath: site.appendingPathComponent("salve.yaml").path)
    }

    /// One file under `content/` (`path` is relative to the site folder): its text, or why it cannot be a page.
    static func readContentFile(_ path: String, in site: URL) -> Result<String, Diagnostic> {
        guard path.hasSuffix(".md") else {
            return .failure(Diagnostic(file: path, severity: .warning, message: "not a Markdown page (.md); ignored"))
        }
        guard let data = FileSystem.read(site.appendingPathComponent(path).path) else {
            return .failure(Diagnostic(file: path, message: "could not read this file"))
        }
        guard data.count <= maximumPageBytes else {
            return .failure(Diagnostic(file: path, message:
                "this file is \(String(format: "%.1f", Double(data.count) / 1_000_000)) MB; pages must be under 2 MB"))
        }
        guard let text = TextFile.decode(data) else {
            return .failure(Diagnostic(file: path, message: "this file is not UTF-8 text; save it as UTF-8"))
        }
        return .success(text)
    }

    /// The pure heart of the build: from input text to output files, reusing whatever in `cache` is still
    /// right. The output is nil when there were errors.
    static func makeSite(_ input: SiteInput, theme themeResult: Result<Theme, BuildFailure>, includeDrafts: Bool,
                         cache: BuildCache, timer: inout StageTimer) async -> SiteResult {
        var diagnostics = input.diagnostics
        var next = cache
        var linked: Site?
        func failed() -> SiteResult {
            SiteResult(output: nil, site: linked, diagnostics: diagnostics.sortedByLocation(), cache: next, pagesParsed: 0, bodiesRendered: 0)
        }
        let settings: SiteSettings
        switch SiteSettings.parse(yaml: input.settingsText, file: "salve.yaml") {
        case .success(let parsed): settings = parsed
        case .failure(let failure):
            if !input.settingsText.isEmpty { diagnostics += failure.diagnostics }
            return failed()
        }

        // 1. Parse every page's front matter, in parallel; unchanged files keep their last result.
        let parsed = await parallelMap(input.content) { file -> (BuildCache.ParsedFile, fresh: Bool) in
            if let known = cache.parsed[file.path], known.text == file.text { return (known, false) }
            var found: [Diagnostic] = []
            let page = SourcePage.parse(path: file.path, text: file.text, diagnostics: &found)
            return (BuildCache.ParsedFile(text: file.text, page: page, diagnostics: found), true)
        }
        next.parsed = Dictionary(zip(input.content.map(\.path), parsed.map(\.0)), uniquingKeysWith: { a, _ in a })
        diagnostics += parsed.flatMap(\.0.diagnostics)
        timer.lap("parse front matter")

        // 2. Leave out drafts and check that slugs are unique.
        let (pages, home, drafts) = publishedPages(parsed.compactMap(\.0.page), includeDrafts: includeDrafts, diagnostics: &diagnostics)
        let broken = Set(zip(input.content, parsed).filter { $0.1.0.page == nil }.map {
            String($0.0.path.split(separator: "/").last ?? "").replacingOccurrences(of: ".md", with: "")
        })
        let resolver = LinkResolver(pages: pages, drafts: drafts, broken: broken, basePath: settings.basePath)

        // 3. Render bodies to HTML, resolving links in the syntax tree, in parallel. A body is rendered again
        //    when its text changed or any page it links to (or tried to) changed how it resolves.
        let markdownOptions = {
            var options = Markdown.Options()
            options.rawHTML = settings.rawHTML
            options.basePath = settings.basePath
            options.siteValues = settings.markdownValues
            return options
        }()
        let rendered = await parallelMap(pages + [home].compactMap { $0 }) { page -> (String, BuildCache.Body, [Diagnostic], fresh: Bool) in
            if let known = cache.bodies[page.path], known.markdown == page.body, known.firstLine == page.bodyStartLine,
               known.rawHTML == settings.rawHTML, known.basePath == settings.basePath, known.siteValues == markdownOptions.siteValues,
               known.links.allSatisfy({ resolver.state(of: $0.key) == $0.value }) {
                return (page.path, known, [], false)
            }
            var found: [Diagnostic] = []
            let body = Markdown.render(page.body, path: page.path, firstLine: page.bodyStartLine, resolver: resolver,
                                       options: markdownOptions, diagnostics: &found)
            let links = Dictionary(uniqueKeysWithValues: body.referencedSlugs.map { ($0, resolver.state(of: $0)) })
            return (page.path, BuildCache.Body(markdown: page.body, firstLine: page.bodyStartLine, rawHTML: settings.rawHTML,
                                               basePath: settings.basePath, siteValues: markdownOptions.siteValues,
                                               rendered: body, links: links), found, true)
        }
        diagnostics += rendered.flatMap(\.2)
        next.bodies = Dictionary(rendered.filter { $0.2.isEmpty }.map { ($0.0, $0.1) }, uniquingKeysWith: { a, _ in a })
        let bodies = Dictionary(rendered.map { ($0.0, $0.1.rendered) }, uniquingKeysWith: { a, _ in a })
        timer.lap("render Markdown")

        // 4. Link pages both ways and collect body areas.
        let graph = SiteGraph.build(pages: pages, bodies: bodies, resolver: resolver,
                                    declaredAreas: Set(settings.bodyAreas.map(\.slug)), diagnostics: &diagnostics)
        timer.lap("link pages")

        // 5. Plan the output through the theme, and check what bodies link to (headings on other pages, pages and
        //    files the site writes) against it, now that every body and output file is known.
        let theme: Theme
        switch themeResult {
        case .success(let loaded): theme = loaded
        case .failure(let failure):
            diagnostics += failure.diagnostics
            return failed()
        }
        let site = Site(settings: settings, pages: pages, home: home, bodies: bodies, graph: graph)
        linked = site
        let renderer = SiteRenderer(site: site, theme: theme, staticFiles: input.staticFiles)
        let jobs = renderer.jobs()
        diagnostics += renderer.staticFilesReplacingOutput(jobs)
        let everyPage = pages + [home].compactMap { $0 }
        diagnostics += ReferenceCheck(pagesBySlug: site.bySlug, bodies: bodies, resolver: resolver,
                                      outputPaths: { renderer.outputPaths(jobs) }).problems(in: everyPage)
        diagnostics += CareCardCheck.problems(in: everyPage, settings: settings, resolver: resolver)
        timer.lap("plan outputs, check references")

        // 6. Render the output files whose inputs changed.
        guard !diagnostics.contains(where: { $0.severity == .error }) else { return failed() }
        let output = await renderer.render(jobs, reusing: cache.output, timer: &timer)
        next.output = output.cache
        return SiteResult(output: output, site: site, diagnostics: diagnostics.sortedByLocation(), cache: next,
                          pagesParsed: parsed.filter(\.fresh).count, bodiesRendered: rendered.filter(\.fresh).count)
    }

    /// Pages to publish (sorted by path), the home page, and the slugs of drafts left out.
    static func publishedPages(_ all: [SourcePage], includeDrafts: Bool,
                               diagnostics: inout [Diagnostic]) -> ([SourcePage], SourcePage?, Set<String>) {
        var pages: [SourcePage] = []
        var home: SourcePage?
        var drafts: Set<String> = []
        var owners: [String: String] = [:]
        for page in all.sorted(by: { $0.path < $1.path }) {
            if page.isHome {
                home = page
                continue
            }
            if let owner = owners[page.slug] {
                diagnostics.append(Diagnostic(file: page.path, line: 1, column: 1, message:
                    "the slug '\(page.slug)' is already used by \(owner); slugs must be unique across the site, so rename one file"))
                continue
            }
            owners[page.slug] = page.path
            if page.frontMatter.draft && !includeDrafts {
                drafts.insert(page.slug)
            } else {
                pages.append(page)
            }
        }
        return (pages, home, drafts)
    }
}
