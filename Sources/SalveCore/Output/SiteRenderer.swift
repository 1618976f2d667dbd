import Foundation

/// The output stage: every file of the finished site, made from the linked site and the theme. It reads nothing
/// and writes only through the `OutputSink` it is given.
struct SiteRenderer: Sendable {
    let site: Site
    let theme: Theme
    /// The files of `static/`, published as they are: path below the site root → bytes.
    var staticFiles: [String: Data] = [:]

    /// Files made from the whole site on every build, beside the jobs' files.
    static let siteFiles = [SearchIndex.entryPath, "sitemap.xml", "robots.txt"]

    /// Every path the finished site holds, relative to its root.
    func outputPaths(_ jobs: [OutputJob]) -> [String] {
        jobs.map(\.path) + Self.siteFiles + theme.assets.keys + staticFiles.keys
    }

    /// An error for each file of `static/` that would take the place of a file Salve writes itself.
    func staticFilesReplacingOutput(_ jobs: [OutputJob]) -> [Diagnostic] {
        let written = Set(jobs.map(\.path) + Self.siteFiles + theme.assets.keys)
        return staticFiles.keys.filter { written.contains($0) || $0.hasPrefix(SearchIndex.folder + "/") }.sorted().map { path in
            Diagnostic(file: "static/\(path)", message: path.hasPrefix("assets/")
                ? "this file would replace the theme's /\(path); to change the theme's file, put your version in templates/\(path)"
                : "this file would replace the page Salve writes at /\(path); rename it or move it to another folder")
        }
    }

    /// What every page shows the same way.
    var chrome: SiteChrome {
        SiteChrome(settings: site.settings, footer: site.sitePages.map { site.cards[$0.slug] ?? Card($0, settings: site.settings) },
                   areas: site.areas, itemTemplate: theme.fingerprint(of: ItemRenderer.template))
    }

    /// Every file of the site, in order, each with what its bytes depend on and how to make them.
    func jobs() -> [OutputJob] {
        let chrome = self.chrome
        var jobs = concurrentChunkMap(site.pages) { $0.map { contentJob($0, chrome: chrome) } }
        jobs.append(homeJob(chrome: chrome))
        jobs += PageKind.indexed.map { kindIndexJob($0, chrome: chrome) }
        jobs += site.areas.map { areaJob($0.slug, chrome: chrome) }
        jobs.append(areasJob(chrome: chrome))
        jobs.append(aToZJob(chrome: chrome))
        jobs.append(job("search/index.html", FixedPageInputs(template: "search", title: "Search", summary: "Search \(site.settings.title).",
                                                             urlPath: "/search/", trail: [.home], isIndexable: true), chrome: chrome))
        jobs.append(job("404.html", FixedPageInputs(template: "not-found", title: "Page not found", summary: "", urlPath: "/404.html",
                                                    trail: [], isIndexable: false), chrome: chrome))
        return jobs
    }

    /// The job of one output of `jobs()`, for a rebuild that knows which outputs an edit can change.
    func contentJob(_ page: SourcePage, chrome: SiteChrome) -> OutputJob {
        job(String(page.urlPath.dropFirst()) + "index.html", contentInputs(page), chrome: chrome)
    }

    func homeJob(chrome: SiteChrome) -> OutputJob {
        job("index.html", homeInputs(), chrome: chrome)
    }

    func kindIndexJob(_ kind: PageKind, chrome: SiteChrome) -> OutputJob {
        let cards = cards(site.pages.filter { $0.kind == kind }.map(\.slug))
        let order = cards.indices.sorted { cards[$0].sortKey < cards[$1].sortKey }  // moving integers
        return job("\(kind.folder)/index.html", KindIndexInputs(kind: kind, pages: order.map { cards[$0] }), chrome: chrome, isList: true)
    }

    func areaJob(_ area: String, chrome: SiteChrome) -> OutputJob {
        job("body-areas/\(area)/index.html", BodyAreaInputs(area: area, pages: cards(site.graph.areas[area] ?? [])), chrome: chrome, isList: true)
    }

    func areasJob(chrome: SiteChrome) -> OutputJob {
        job("body-areas/index.html", BodyAreasInputs(areas: site.areas.map { .init(slug: $0.slug, pages: site.graph.areas[$0.slug]?.count ?? 0) }),
            chrome: chrome)
    }

    func aToZJob(chrome: SiteChrome) -> OutputJob {
        job("a-to-z/index.html", AToZInputs(pages: site.topicPages.compactMap { page in
            site.cards[page.slug].map { AToZInputs.Page(card: $0, aliases: page.frontMatter.aliases) }
        }), chrome: chrome, isList: true)
    }

    private func job(_ path: String, _ inputs: some PageInputs, chrome: SiteChrome, isList: Bool = false) -> OutputJob {
        var job = Self.job(path: path, inputs: inputs, theme: theme, chrome: chrome)
        job.isList = isList
        return job
    }

    /// What `renderPages` did: every job's path and record, and the paths it wrote.
    struct RenderedPages: Sendable {
        var chrome: SiteChrome
        var paths: [String]
        var records: [String: OutputCache.Record]
        var written: [String]
        var rendered: Int
    }

    /// Renders the files whose inputs changed since `previous` (all of them when it is empty) and hands each file
    /// whose bytes differ from the last build's to `sink` as soon as it is made, so no more than a few pages are
    /// in memory at once. Reads nothing; writes only through `sink`. The sink is told every path but the search
    /// index's, which are known once `writeSiteFiles(after:…)` makes its files, after the pages: a one-shot build
    /// lets the pages' HTML go in between.
    func renderPages(_ jobs: inout [OutputJob], reusing previous: OutputCache, into sink: some OutputSink, forNextBuild: Bool = true,
                     timer: inout StageTimer) async throws -> RenderedPages {
        let chrome = self.chrome
        let reusable = previous.chrome == chrome ? previous.records : [:]
        let isStale = await parallelMap(jobs) { reusable[$0.path]?.inputs != $0.inputs }
        var stale = zip(jobs, isStale).filter(\.1).map(\.0)
        timer.lap("find changed outputs")

        let paths = jobs.map(\.path)
        var records: [String: OutputCache.Record] = [:]
        if !reusable.isEmpty {
            for job in jobs { records[job.path] = reusable[job.path] }
        }
        try sink.begin(paths: Set(outputPaths(jobs).filter { !$0.hasPrefix(SearchIndex.folder + "/") }), pending: SearchIndex.folder)
        jobs = []  // the stale ones are rendered and let go in turn
        let rendered = stale.count
        var written: [String] = []
        for (path, record) in try Self.render(&stale, reusing: reusable, written: previous.records, into: sink, forNextBuild: forNextBuild) {
            records[path] = record
            if previous.records[path]?.digest != record.digest { written.append(path) }
        }
        timer.lap("render and write pages")
        return RenderedPages(chrome: chrome, paths: paths, records: records, written: written, rendered: rendered)
    }

    /// The files made from the whole site, beside the pages' (the search index's, the sitemap, the theme's assets
    /// and `static/`): writes those whose bytes changed, records them all, and returns the whole site's record,
    /// with the search index when `keepsIndex` (for the next build). Everything else it makes (the index's files,
    /// 20 MB for 14,500 pages) is gone when it returns.
    func writeSiteFiles(after pages: RenderedPages, search documents: consuming [SearchIndex.Document], previous: OutputCache,
                        into sink: some OutputSink, keepsIndex: Bool, timer: inout StageTimer) async throws -> RenderedSite {
        var (records, written) = (pages.records, pages.written)
        records.reserveCapacity(records.count + documents.count + 1_000)  // a text file a page, and the index's others
        var search = searchIndex(documents, previous: previous.search, forUpdates: keepsIndex)
        var searchFiles = search.changedFiles()
        if !searchFiles.isComplete {
            for (path, record) in previous.records where path.hasPrefix(SearchIndex.folder + "/") { records[path] = record }
            for path in searchFiles.replaced { records[path] = nil }
        }
        let siteFiles = [searchFiles.entry] + fixedFiles(listing: pages.paths)
        timer.lap("search index")

        try sink.complete(paths: Set(searchFiles.files.map(\.path) + searchFiles.texts.map(\.path)).union([searchFiles.entry.path])
                            .union(records.keys.filter { $0.hasPrefix(SearchIndex.folder + "/") }), in: SearchIndex.folder)
        for file in siteFiles {
            let digest = OutputCache.digest(file.data)
            if previous.records[file.path]?.digest != digest {
                try sink.write(file)
                written.append(file.path)
            }
            records[file.path] = OutputCache.Record(inputs: nil, digest: digest, items: nil)
        }

        // The index's other files and its text files are named by their contents, and made when written. One that
        // the last build wrote holds the same bytes, and is not made again; the others are made and written on many
        // threads (`diskBoundMap`), one at a time each.
        func write(_ named: [(path: String, make: @Sendable () -> OutputFile)]) throws {
            let fresh = named.filter { previous.records[$0.path] == nil }
            for file in named { records[file.path] = previous.records[file.path] }
            let madeRecords = diskBoundMap(fresh) { file -> Result<OutputCache.Record, any Error> in
                let made = file.make()
                do { try sink.write(made) } catch { return .failure(error) }
                return .success(OutputCache.Record(inputs: nil, digest: keepsIndex ? OutputCache.digest(made.data) : 0, items: nil))
            }
            for (file, record) in zip(fresh, madeRecords) {
                records[file.path] = try record.get()
                written.append(file.path)
            }
        }
        // The files made from the terms first, then let go; a one-shot build lets the terms go too before the text
        // files (at 145,000 pages the postings are a tenth of the peak).
        try write(searchFiles.files.map { file in (file.path, { file }) })
        searchFiles.files = []
        if !keepsIndex { search.forgetTerms() }
        do {
            let index = search
            try write(searchFiles.texts.map { text in (text.path, { index.textFile(page: text.page) }) })
        }
        timer.lap("write search index")
        let removed = previous.records.keys.filter { records[$0] == nil }.sorted()
        var cache = OutputCache(chrome: pages.chrome, records: records, search: nil)
        if keepsIndex { cache.search = search } else { releaseInBackground(search) }
        return RenderedSite(written: written.sorted(), removed: removed, rendered: pages.rendered, cache: cache)
    }

    /// The files of the whole site that do not come from the search index: the sitemap (of the pages at `paths`),
    /// `robots.txt`, the theme's assets and `static/`.
    private func fixedFiles(listing paths: [String]) -> [OutputFile] {
        [sitemap(listing: paths),
         OutputFile(path: "robots.txt", text: "User-agent: *\nAllow: /\n\nSitemap: \(site.absoluteURL("/sitemap.xml"))\n")]
            + theme.assets.sorted(by: { $0.key < $1.key }).map { OutputFile(path: $0.key, data: $0.value) }
            + staticFiles.sorted(by: { $0.key < $1.key }).map { OutputFile(path: $0.key, data: $0.value) }
    }

    /// Renders `jobs` on all cores, reusing the list items of each one's record in `reusable`, and hands each file
    /// whose bytes differ from those the last build wrote (`written`) to `sink`. Returns each job's new record,
    /// which holds its inputs and list items for a next build only when `forNextBuild` (they hold the pages' HTML).
    /// A batch of jobs at a time, each batch let go once written (`jobs` is left empty): when nothing else holds the
    /// jobs (a one-shot build), each page's HTML goes with its job, and memory falls as the pages are written.
    static func render(_ jobs: inout [OutputJob], reusing reusable: [String: OutputCache.Record], written: [String: OutputCache.Record],
                       into sink: some OutputSink, forNextBuild: Bool = true) throws -> [(path: String, record: OutputCache.Record)] {
        let shared = SharedItems(capacity: 4 * jobs.count)  // a generated site shows about four distinct items a page
        defer { releaseInBackground(shared) }
        var batches: [[OutputJob]]
        do {  // long lists first, so that no core is left rendering one alone at the end
            let ordered = jobs.filter(\.isList) + jobs.filter { !$0.isList }
            jobs = []
            batches = stride(from: 0, to: ordered.count, by: 2_048).map { Array(ordered[$0..<min($0 + 2_048, ordered.count)]) }
        }
        var results: [(path: String, record: OutputCache.Record)] = []
        for index in batches.indices {
            let batch = batches[index]
            batches[index] = []
            results += try render(batch, shared: shared, reusing: reusable, written: written, into: sink, forNextBuild: forNextBuild)
        }
        return results
    }

    private static func render(_ jobs: [OutputJob], shared: SharedItems, reusing reusable: [String: OutputCache.Record],
                               written: [String: OutputCache.Record], into sink: some OutputSink,
                               forNextBuild: Bool) throws -> [(path: String, record: OutputCache.Record)] {
        // On many threads (`diskBoundMap`): writing a page waits on the disk (the file it replaces is read back and
        // compared, its folder and inode looked up), and meanwhile the others render. With the site before last out
        // of the page cache, 145,000 pages took 60 s with this, the content read and the search index's writes on
        // two threads a core or fewer, and 46 s with all three on sixteen.
        let rendered = diskBoundMap(jobs) { job -> Result<OutputCache.Record, any Error> in
            let items = forNextBuild ? reusable[job.path]?.items ?? ItemTable() : nil
            let data = job.make(items, shared)
            // A digest is for comparing with another build's; a one-shot build (283 MB for 14,500 pages) has neither.
            let digest = forNextBuild || written[job.path] != nil ? OutputCache.digest(data) : 0
            do {
                if written[job.path]?.digest != digest { try sink.write(OutputFile(path: job.path, data: data)) }
            } catch {
                return .failure(error)
            }
            guard forNextBuild else { return .success(OutputCache.Record(inputs: nil, digest: digest, items: nil)) }
            return .success(OutputCache.Record(inputs: job.inputs, digest: digest,
                                               items: items.flatMap { $0.count >= ItemRenderer.worthKeeping ? $0 : nil }))
        }
        return try zip(jobs, rendered).map { ($0.path, try $1.get()) }
    }

    /// A job that renders `inputs` through their template. Static, so that what it renders can depend on
    /// nothing but the inputs and the chrome: the site is out of reach.
    private static func job(path: String, inputs: some PageInputs, theme: Theme, chrome: SiteChrome) -> OutputJob {
        OutputJob(path: path, inputs: OutputInputs(template: theme.fingerprint(of: inputs.template), values: inputs)) { items, shared in
            var builder = PageContext(chrome: chrome, items: ItemRenderer(theme: theme, table: items, shared: shared))
            return Data(theme.render(inputs.context(&builder), template: inputs.template))
        }
    }

    /// The cards of the pages with these slugs, in the same order.
    private func cards(_ slugs: [String]) -> [Card] {
        slugs.compactMap { site.cards[$0] }
    }

    private func contentInputs(_ page: SourcePage) -> ContentInputs {
        let graph = site.graph
        return ContentInputs(page: page, body: site.bodies[page.path],
                             forward: (graph.forward[page.slug] ?? [:]).mapValues(cards),
                             backward: (graph.backward[page.slug] ?? [:]).mapValues(cards),
                             mentionedBy: cards(graph.mentionedBy[page.slug] ?? []),
                             careLinks: site.careLinks(page.frontMatter.care))
    }

    private func homeInputs() -> HomeInputs {
        HomeInputs(home: site.home, body: site.home.flatMap { site.bodies[$0.path] },
                   counts: PageKind.indexed.map { kind in site.pages.filter { $0.kind == kind }.count },
                   careLinks: site.careLinks(site.home?.frontMatter.care ?? CareAdvice()), symptoms: cards(commonSymptoms().map(\.slug)))
    }

    /// The symptoms the home page offers first: those the most conditions cause, then by title.
    private func commonSymptoms(limit: Int = 8) -> [SourcePage] {
        let symptoms = site.pages.filter { $0.kind == .symptom }
        let causes = symptoms.map { site.graph.backward[$0.slug]?[.symptoms]?.count ?? 0 }
        return zip(symptoms, causes).sorted { ($1.1, $0.0.frontMatter.title) < ($0.1, $1.0.frontMatter.title) }.prefix(limit).map(\.0)
    }

    /// The search index of `documents`: `previous` when no page's searchable text changed since, else `previous`
    /// with only the terms of the pages a change touched redone (or a new one, when pages came or went).
    private func searchIndex(_ documents: consuming [SearchIndex.Document], previous: SearchIndex?, forUpdates: Bool) -> SearchIndex {
        let synonyms = Synonyms(site.settings.searchSynonyms)
        if let previous, documents == previous.documents, previous.synonyms == synonyms { return previous }
        return SearchIndex(documents, synonyms: synonyms, reusing: previous, forUpdates: forUpdates)
    }

    private func sitemap(listing paths: [String]) -> OutputFile {
        let lastModified = Dictionary(site.pages.compactMap { page in page.frontMatter.lastReviewed.map { (page.urlPath, $0) } },
                                      uniquingKeysWith: { a, _ in a })
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        let site = self.site
        xml += concurrentChunkMap(paths.filter { $0.hasSuffix("index.html") }) { chunk in  // a core's half second at 145,000 pages
            [chunk.reduce(into: "") { xml, path in
                let urlPath = "/" + path.dropLast("index.html".count)
                xml += "  <url><loc>\(Escaping.xml(site.absoluteURL(urlPath)))</loc>"
                if let day = lastModified[urlPath] { xml += "<lastmod>\(day)</lastmod>" }
                xml += "</url>\n"
            }]
        }.joined()
        xml += "</urlset>\n"
        return OutputFile(path: "sitemap.xml", text: xml)
    }
}

/// Escaping for text Salve writes into markup itself (templates escape their own values).
enum Escaping {
    static func xml(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "\"") })
        else { return text }
        return text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
