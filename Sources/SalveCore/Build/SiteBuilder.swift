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
    public var stages: [Stage]
}

/// One stage of a build, for `--timings`: how long it took and how much memory the process held after it.
public struct Stage: Sendable {
    public var name: String
    public var milliseconds: Double
    /// Processor time the stage used, on all cores together (more than `milliseconds` when it ran in parallel).
    public var cpuMilliseconds: Double
    /// Resident memory after the stage, in megabytes (nil where the system does not say).
    public var residentMegabytes: Int?
}

/// Records how long each stage of a build takes.
struct StageTimer {
    private(set) var stages: [Stage] = []
    private var last = ContinuousClock.now
    private var lastCPU = Self.cpuMilliseconds()

    mutating func lap(_ name: String) {
        let now = ContinuousClock.now, cpu = Self.cpuMilliseconds()
        stages.append(Stage(name: name, milliseconds: Self.milliseconds(last.duration(to: now)), cpuMilliseconds: cpu - lastCPU,
                            residentMegabytes: Self.residentMegabytes()))
        (last, lastCPU) = (now, cpu)
    }

    /// User and system time of the whole process so far.
    static func cpuMilliseconds() -> Double {
        var usage = rusage()
        #if canImport(Glibc)
        getrusage(RUSAGE_SELF.rawValue, &usage)  // Glibc imports the constant as an enum case
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        func ms(_ time: timeval) -> Double { Double(time.tv_sec) * 1000 + Double(time.tv_usec) / 1000 }
        return ms(usage.ru_utime) + ms(usage.ru_stime)
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    /// The process's resident memory now, from `/proc/self/statm` (Linux).
    static func residentMegabytes() -> Int? {
        guard let bytes = FileSystem.read("/proc/self/statm"), let text = String(validating: bytes, as: UTF8.self) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
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
        var markdown: Substring
        var firstLine: Int
        var rawHTML: Bool
        var basePath: String
        var siteValues: [String: String]
        var rendered: RenderedBody
        var links: [String: LinkResolver.SlugState]
    }

    /// The site of the last build, when it had no errors: what an edit to a few pages is applied to.
    var linked: LinkedSite?
    var parsed: [String: ParsedFile] = [:]
    /// Bodies without errors (a body with errors is rendered again, so its messages stay current).
    var bodies: [String: Body] = [:]
    var output = OutputCache()

    public init() {}
}

/// What a build made: the output (nil when there were errors, or when writing failed), every diagnostic, the
/// cache for the next build, and counts for the one-line summary.
struct SiteResult: Sendable {
    var output: RenderedSite?
    /// The linked site, when the build got that far (even if it then found errors): what `salve check` reads.
    var site: Site?
    var diagnostics: [Diagnostic]
    var cache: BuildCache
    var pagesParsed: Int
    var bodiesRendered: Int
    /// True when writing the output failed part way: what was written is neither the old site nor the new.
    var writeFailed = false
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
        let staged = StagedOutput(output: options.outputDirectory)
        let result = await makeSite(input, theme: theme, includeDrafts: options.includeDrafts, cache: BuildCache(), output: staged,
                                    keepsCache: false, timer: &timer)
        guard let output = result.output else {
            staged.abandon()
            throw BuildFailure(result.diagnostics)
        }
        do {
            try staged.finish()
        } catch {
            staged.abandon()
            throw BuildFailure([Diagnostic(file: options.outputDirectory.path, message: "could not write the site: \(error)")])
        }
        timer.lap("publish")
        let summary = BuildSummary(pages: output.written.filter { $0.hasSuffix(".html") }.count, files: output.written.count,
                                   warnings: result.diagnostics,
                                   milliseconds: StageTimer.milliseconds(start.duration(to: .now)), stages: timer.stages)
        _ = consume output
        releaseInBackground(result)  // the whole site: nothing reads it after this
        return summary
    }

    /// Reads `salve.yaml` and every file under `content/`. Files that cannot be read become diagnostics.
    /// It blocks its thread while the files are read on threads of their own (`diskBoundMap`).
    public static func readInput(_ site: URL) async -> SiteInput {
        SiteInput(settingsText: readSettings(site), files: readContent(site), staticFiles: await readStaticFiles(site),
                  siteHasSettingsFile: hasSettingsFile(site))
    }

    /// Every file under `content/`, by its path from the site's folder: its text, or why it cannot be read. Read on
    /// threads of their own (`diskBoundMap`), the calling thread waiting.
    static func readContent(_ site: URL) -> [(String, Result<String, Diagnostic>)] {
        diskBoundMap(SiteFiles.list(site.appendingPathComponent("content"))) { relative in
            ("content/\(relative)", readContentFile("content/\(relative)", in: site))
        }
    }

    /// Every file under `static/` (path below it → bytes, or why it cannot be read), to be published as it is.
    /// It blocks its thread while the files are read on threads of their own (`diskBoundMap`).
    static func readStaticFiles(_ site: URL) async -> [String: Result<Data, Diagnostic>] {
        let folder = site.appendingPathComponent("static")
        let files = diskBoundMap(SiteFiles.list(folder)) { relative -> (String, Result<Data, Diagnostic>) in
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
        guard let data = FileSystem.read("\(site.path)/\(path)") else {  // not `appendingPathComponent`: it calls stat
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

    /// The heart of the build, one stage a line: from input text to output files, each stage reusing whatever in
    /// `cache` is still right. Files go to `output` as they are rendered; nothing reaches it unless every stage
    /// before rendering found no error. The result's output is nil when there were errors.
    /// With `keepsCache` false (a one-shot `salve build`), each stage's input is let go once the next stage has
    /// what it needs, and the result's cache holds nothing: the file texts after Markdown, the search index once
    /// its files are written. That is a third of a large site's peak memory.
    static func makeSite(_ input: consuming SiteInput, theme: Result<Theme, BuildFailure>, includeDrafts: Bool, cache: BuildCache,
                         output sink: some OutputSink, keepsCache: Bool = true, timer: inout StageTimer) async -> SiteResult {
        var result = SiteResult(output: nil, site: nil, diagnostics: input.diagnostics, cache: cache, pagesParsed: 0, bodiesRendered: 0)
        result.cache.linked = nil
        func finished() -> SiteResult {
            var done = result
            done.diagnostics = done.diagnostics.sortedByLocation()
            return done
        }
        let settings: SiteSettings
        switch SiteSettings.parse(yaml: input.settingsText, file: "salve.yaml") {
        case .success(let parsed): settings = parsed
        case .failure(let failure):
            if !input.settingsText.isEmpty { result.diagnostics += failure.diagnostics }
            return finished()
        }

        var published: PublishedPages
        var problems: [Diagnostic]
        do {  // the parsed files hold the file texts: scoped, so that a one-shot build can let them go
            let parsed = await parsePages(input.content, reusing: cache.parsed)
            input.content = []
            timer.lap("parse front matter")
            published = publishedPages(parsed, includeDrafts: includeDrafts, basePath: settings.basePath)
            problems = parsed.diagnostics + published.diagnostics
            result.cache.parsed = keepsCache ? parsed.cache : [:]
            result.pagesParsed = parsed.fresh
        }
        var bodies = await renderBodies(&published, settings: settings, reusing: cache.bodies, forgettingSources: !keepsCache)
        timer.lap("render Markdown")
        var linkProblems: [Diagnostic] = []
        let graph = SiteGraph.build(pages: published.pages, bodies: bodies.rendered, resolver: published.resolver,
                                    declaredAreas: Set(settings.bodyAreas.map(\.slug)), diagnostics: &linkProblems)
        timer.lap("link pages")
        result.diagnostics += problems + bodies.diagnostics + linkProblems
        result.cache.bodies = bodies.cache
        result.bodiesRendered = bodies.fresh

        var site = Site(settings: settings, pages: published.pages, home: published.home, bodies: bodies.rendered, graph: consume graph)
        // The search index is made from the pages' plain text; a one-shot build hands it over here and lets it go
        // with the index, before the pages are rendered.
        let documents = site.searchDocuments
        if !keepsCache {
            bodies.rendered = [:]
            site.bodies = site.bodies.mapValues { $0.withoutPlainText() }
        }
        result.site = site
        guard case .success(let theme) = theme else {
            if case .failure(let failure) = theme { result.diagnostics += failure.diagnostics }
            return finished()
        }
        var plan = planOutput(site, theme: theme, staticFiles: input.staticFiles, resolver: published.resolver)
        result.diagnostics += plan.diagnostics
        timer.lap("plan outputs, check references")

        guard !result.diagnostics.contains(where: { $0.severity == .error }) else { return finished() }
        do {
            var jobs = plan.jobs
            plan.jobs = []
            if !keepsCache {
                // The jobs hold what the pages show: a one-shot build lets the rest go (the pages' HTML, the links),
                // so that each page's HTML goes as soon as its file is written.
                site.bodies = [:]
                site.graph = SiteGraph()
                published.resolver = LinkResolver(pages: [])
                result.site = site
                plan.renderer = SiteRenderer(site: site, theme: theme, staticFiles: input.staticFiles)
            }
            let pages = try await plan.renderer.renderPages(&jobs, reusing: cache.output, into: sink, forNextBuild: keepsCache,
                                                            timer: &timer)
            let output = try await plan.renderer.writeSiteFiles(after: pages, search: consume documents, previous: cache.output, into: sink,
                                                                keepsIndex: keepsCache, timer: &timer)
            result.output = output
            result.cache.output = output.cache
            if keepsCache, !result.diagnostics.contains(where: { $0.severity == .error }) {
                result.cache.linked = LinkedSite(site: site, resolver: published.resolver, warnings: result.diagnostics.sortedByLocation())
            }
        } catch {
            result.diagnostics.append(Diagnostic(file: "(output)", message: "could not write the site: \(error)"))
            result.writeFailed = true
        }
        return finished()
    }

    /// Every content file read as a page: its front matter parsed (unchanged files keep their last result).
    struct ParsedPages: Sendable {
        var pages: [SourcePage]
        /// Slugs of files that could not become pages, so links to them are not reported as unknown too.
        var broken: Set<String>
        var diagnostics: [Diagnostic]
        var cache: [String: BuildCache.ParsedFile]
        /// How many files were parsed, not reused.
        var fresh: Int
    }

    static func parsePages(_ files: [(path: String, text: String)], reusing cache: [String: BuildCache.ParsedFile]) async -> ParsedPages {
        let parsed = await parallelMap(files) { file -> (BuildCache.ParsedFile, fresh: Bool) in
            if let known = cache[file.path], known.text == file.text { return (known, false) }
            var found: [Diagnostic] = []
            let page = SourcePage.parse(path: file.path, text: file.text, diagnostics: &found)
            return (BuildCache.ParsedFile(text: file.text, page: page, diagnostics: found), true)
        }
        let broken = zip(files, parsed).filter { $0.1.0.page == nil }.map {
            String($0.0.path.split(separator: "/").last ?? "").replacingOccurrences(of: ".md", with: "")
        }
        return ParsedPages(pages: parsed.compactMap(\.0.page), broken: Set(broken), diagnostics: parsed.flatMap(\.0.diagnostics),
                           cache: Dictionary(zip(files.map(\.path), parsed.map(\.0)), uniquingKeysWith: { a, _ in a }),
                           fresh: parsed.filter(\.fresh).count)
    }

    /// The pages to publish and how links between them resolve.
    struct PublishedPages: Sendable {
        /// Published pages other than the home page, sorted by path.
        var pages: [SourcePage]
        var home: SourcePage?
        var resolver: LinkResolver
        var diagnostics: [Diagnostic]

        /// Page `index` of those with a body: the pages, then the home page.
        func withBody(at index: Int) -> SourcePage {
            index < pages.count ? pages[index] : home!
        }

        /// Lets the Markdown of page `index` (of `withBody(at:)`) go once it is rendered, and with it (when nothing
        /// else holds them) the text of its file.
        mutating func forgetBody(at index: Int) {
            if index < pages.count { pages[index] = pages[index].withoutBody() } else { home = home?.withoutBody() }
        }
    }

    static func publishedPages(_ parsed: ParsedPages, includeDrafts: Bool, basePath: String) -> PublishedPages {
        var diagnostics: [Diagnostic] = []
        let (pages, home, drafts) = publishedPages(parsed.pages, includeDrafts: includeDrafts, diagnostics: &diagnostics)
        return PublishedPages(pages: pages, home: home, resolver: LinkResolver(pages: pages, drafts: drafts, broken: parsed.broken, basePath: basePath),
                              diagnostics: diagnostics)
    }

    /// Every page's body as HTML, with links resolved in the syntax tree.
    struct RenderedBodies: Sendable {
        /// By source path.
        var rendered: [String: RenderedBody]
        var diagnostics: [Diagnostic]
        var cache: [String: BuildCache.Body]
        /// How many bodies went through Markdown, not reused.
        var fresh: Int
    }

    /// Renders bodies on all cores. A body is rendered again when its text changed or any page it links to (or
    /// tried to) changed how it resolves; bodies with errors are always rendered again, so their messages stay
    /// current. With `forgettingSources` (a one-shot build, which keeps no cache), the pages are rendered a batch at
    /// a time and each batch lets its Markdown go, and with it the file texts: the site's Markdown is never held
    /// beside all of its HTML and plain text.
    static func renderBodies(_ published: inout PublishedPages, settings: SiteSettings, reusing cache: [String: BuildCache.Body],
                             forgettingSources: Bool = false) async -> RenderedBodies {
        let options = markdownOptions(settings)
        let resolver = published.resolver
        let count = published.pages.count + (published.home == nil ? 0 : 1)
        let batch = forgettingSources ? 1_024 : max(count, 1)
        var result = RenderedBodies(rendered: [:], diagnostics: [], cache: [:], fresh: 0)
        for start in stride(from: 0, to: count, by: batch) {
            let range = start..<min(start + batch, count)
            let rendered = await parallelMap(range.map { published.withBody(at: $0) }) { page -> (BuildCache.Body, [Diagnostic], fresh: Bool) in
                if let known = cache[page.path], known.markdown == page.body, known.firstLine == page.bodyStartLine,
                   known.rawHTML == options.rawHTML, known.basePath == options.basePath, known.siteValues == options.siteValues,
                   known.links.allSatisfy({ resolver.state(of: $0.key) == $0.value }) {
                    return (known, [], false)
                }
                let (body, found) = renderBody(page, options: options, resolver: resolver)
                return (body, found, true)
            }
            for (index, (body, found, fresh)) in zip(range, rendered) {
                let path = published.withBody(at: index).path
                result.rendered[path] = body.rendered
                result.diagnostics += found
                if found.isEmpty, !forgettingSources { result.cache[path] = body }
                if fresh { result.fresh += 1 }
                if forgettingSources { published.forgetBody(at: index) }
            }
        }
        return result
    }

    static func markdownOptions(_ settings: SiteSettings) -> Markdown.Options {
        var options = Markdown.Options()
        options.rawHTML = settings.rawHTML
        options.basePath = settings.basePath
        options.siteValues = settings.markdownValues
        return options
    }

    /// One page's body through Markdown, with how each slug it refers to resolved, and the problems found in it.
    static func renderBody(_ page: SourcePage, options: Markdown.Options, resolver: LinkResolver) -> (BuildCache.Body, [Diagnostic]) {
        var found: [Diagnostic] = []
        let body = Markdown.render(page.body, path: page.path, firstLine: page.bodyStartLine, resolver: resolver,
                                   options: options, diagnostics: &found)
        let links = Dictionary(uniqueKeysWithValues: body.referencedSlugs.map { ($0, resolver.state(of: $0)) })
        return (BuildCache.Body(markdown: page.body, firstLine: page.bodyStartLine, rawHTML: options.rawHTML, basePath: options.basePath,
                                siteValues: options.siteValues, rendered: body, links: links), found)
    }

    /// The output files to make, through the theme, and what bodies link to (headings on other pages, pages and
    /// files the site writes) checked against them, now that every body and output file is known.
    struct OutputPlan {
        var renderer: SiteRenderer
        var jobs: [OutputJob]
        var diagnostics: [Diagnostic]
    }

    static func planOutput(_ site: Site, theme: Theme, staticFiles: [String: Data], resolver: LinkResolver) -> OutputPlan {
        let renderer = SiteRenderer(site: site, theme: theme, staticFiles: staticFiles)
        let jobs = renderer.jobs()
        let everyPage = site.pages + [site.home].compactMap { $0 }
        var diagnostics = renderer.staticFilesReplacingOutput(jobs)
        diagnostics += ReferenceCheck(pagesBySlug: site.bySlug, bodies: site.bodies, resolver: resolver,
                                      outputPaths: { renderer.outputPaths(jobs) }).problems(in: everyPage)
        diagnostics += CareCardCheck.problems(in: everyPage, settings: site.settings, resolver: resolver)
        return OutputPlan(renderer: renderer, jobs: jobs, diagnostics: diagnostics)
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
