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
    public var diagnostics: [Diagnostic]
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
        let (files, diagnostics) = await makeSite(input, theme: theme, includeDrafts: options.includeDrafts, timer: &timer)
        let errors = diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty, let files else { throw BuildFailure(diagnostics.sortedByLocation()) }
        do {
            try await OutputWriter.publish(files, to: options.outputDirectory)
        } catch {
            throw BuildFailure([Diagnostic(file: options.outputDirectory.path, message: "could not write the site: \(error)")])
        }
        timer.lap("write")
        return BuildSummary(pages: files.filter { $0.path.hasSuffix(".html") }.count, files: files.count,
                            warnings: diagnostics.sortedByLocation(),
                            milliseconds: StageTimer.milliseconds(start.duration(to: .now)), stages: timer.stages)
    }

    /// Reads `salve.yaml` and every file under `content/`. Files that cannot be read become diagnostics.
    public static func readInput(_ site: URL) async -> SiteInput {
        var diagnostics: [Diagnostic] = []
        let settingsURL = site.appendingPathComponent("salve.yaml")
        let settingsText = (try? String(contentsOf: settingsURL, encoding: .utf8))
        if settingsText == nil {
            diagnostics.append(Diagnostic(file: "salve.yaml", message:
                "no readable salve.yaml in \(site.path); is this a Salve site? Create one with 'salve init <folder>'"))
        }
        let contentURL = site.appendingPathComponent("content")
        let read = await parallelMap(SiteFiles.list(contentURL)) { relative -> Result<(String, String), Diagnostic> in
            let path = "content/\(relative)"
            guard relative.hasSuffix(".md") else {
                return .failure(Diagnostic(file: path, severity: .warning, message: "not a Markdown page (.md); ignored"))
            }
            guard let data = FileManager.default.contents(atPath: contentURL.appendingPathComponent(relative).path) else {
                return .failure(Diagnostic(file: path, message: "could not read this file"))
            }
            guard data.count <= maximumPageBytes else {
                return .failure(Diagnostic(file: path, message:
                    "this file is \(String(format: "%.1f", Double(data.count) / 1_000_000)) MB; pages must be under 2 MB"))
            }
            guard let text = String(data: data, encoding: .utf8) else {
                return .failure(Diagnostic(file: path, message: "this file is not UTF-8 text; save it as UTF-8"))
            }
            return .success((path, text))
        }
        var content: [(String, String)] = []
        for result in read {
            switch result {
            case .success(let file): content.append(file)
            case .failure(let diagnostic): diagnostics.append(diagnostic)
            }
        }
        if content.isEmpty, FileManager.default.fileExists(atPath: site.appendingPathComponent("salve.yaml").path) {
            diagnostics.append(Diagnostic(file: "content", message: "no pages found; add Markdown files under content/, or run 'salve new condition \"Title\"'"))
        }
        return SiteInput(settingsText: settingsText ?? "", content: content, diagnostics: diagnostics)
    }

    /// The pure heart of the build: from input text to output files. Files are nil when there were errors.
    static func makeSite(_ input: SiteInput, theme themeResult: Result<Theme, BuildFailure>,
                         includeDrafts: Bool, timer: inout StageTimer) async -> ([OutputFile]?, [Diagnostic]) {
        var diagnostics = input.diagnostics
        let settings: SiteSettings
        switch SiteSettings.parse(yaml: input.settingsText, file: "salve.yaml") {
        case .success(let parsed): settings = parsed
        case .failure(let failure):
            if !input.settingsText.isEmpty { diagnostics += failure.diagnostics }
            return (nil, diagnostics)
        }

        // 1. Parse every page's front matter, in parallel.
        let parsed = await parallelMap(input.content) { file in
            var found: [Diagnostic] = []
            let page = SourcePage.parse(path: file.path, text: file.text, diagnostics: &found)
            return (page, found)
        }
        diagnostics += parsed.flatMap(\.1)
        timer.lap("parse front matter")

        // 2. Leave out drafts and check that slugs are unique.
        let (pages, home, drafts) = publishedPages(parsed.compactMap(\.0), includeDrafts: includeDrafts, diagnostics: &diagnostics)
        let broken = Set(zip(input.content, parsed).filter { $0.1.0 == nil }.map {
            String($0.0.path.split(separator: "/").last ?? "").replacingOccurrences(of: ".md", with: "")
        })
        let resolver = LinkResolver(pages: pages, drafts: drafts, broken: broken, basePath: settings.basePath)

        // 3. Render bodies to HTML, resolving links in the syntax tree, in parallel.
        let markdownOptions = { var options = Markdown.Options(); options.rawHTML = settings.rawHTML; return options }()
        let rendered = await parallelMap(pages + [home].compactMap { $0 }) { page in
            var found: [Diagnostic] = []
            let body = Markdown.render(page.body, path: page.path, firstLine: page.bodyStartLine, resolver: resolver,
                                       options: markdownOptions, diagnostics: &found)
            return (page.path, body, found)
        }
        diagnostics += rendered.flatMap(\.2)
        let bodies = Dictionary(rendered.map { ($0.0, $0.1) }, uniquingKeysWith: { a, _ in a })
        timer.lap("render Markdown")

        // 4. Link pages both ways and collect body areas.
        let graph = SiteGraph.build(pages: pages, bodies: bodies, resolver: resolver, diagnostics: &diagnostics)
        timer.lap("link pages")

        // 5. Render every output file through the theme.
        let theme: Theme
        switch themeResult {
        case .success(let loaded): theme = loaded
        case .failure(let failure): return (nil, diagnostics + failure.diagnostics)
        }
        guard !diagnostics.contains(where: { $0.severity == .error }) else { return (nil, diagnostics) }
        let site = Site(settings: settings, pages: pages, home: home, bodies: bodies, graph: graph)
        let files = await SiteRenderer(site: site, theme: theme).render(timer: &timer)
        return (files, diagnostics)
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
