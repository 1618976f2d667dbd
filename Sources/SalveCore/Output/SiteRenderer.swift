import Foundation

/// The output stage: every file of the finished site, made from the linked site and the theme. Pure: it
/// reads and writes nothing.
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

    /// Every file of the site, in order, each with what its bytes depend on and how to make them.
    func jobs() -> [OutputJob] {
        var jobs = site.pages.map(contentPage)
        jobs.append(home())
        jobs += kindIndexes()
        jobs += bodyAreaPages()
        jobs.append(aToZ())
        jobs.append(job(template: "search", path: "search/index.html", inputs: "search") {
            $0.base(title: "Search", summary: "Search \($0.site.settings.title).", urlPath: "/search/")
        })
        jobs.append(job(template: "not-found", path: "404.html", inputs: "not-found") {
            $0.base(title: "Page not found", summary: "", urlPath: "/404.html", trail: [], isIndexable: false)
        })
        return jobs
    }

    /// Renders the files whose inputs changed since `previous` (all of them when it is empty) and works out
    /// which files differ from the last output. Pure: it reads and writes nothing.
    func render(_ jobs: [OutputJob], reusing previous: OutputCache, timer: inout StageTimer) async -> RenderedSite {
        let global = OutputCache.Global(settings: site.settings, footer: site.sitePages.map { Card($0, settings: site.settings) },
                                        itemTemplate: theme.fingerprint(of: ItemRenderer.template))
        let reusable = previous.global == global ? previous.records : [:]
        let isStale = await parallelMap(jobs) { reusable[$0.path]?.inputs != $0.inputs }
        let stale = zip(jobs, isStale).filter(\.1).map(\.0)
        timer.lap("find changed outputs")
        let shared = SharedItems()
        let rendered = await parallelMap(stale) { job in job.make(reusable[job.path]?.items ?? [:], shared) }
        timer.lap("render pages")

        var records: [String: OutputCache.Record] = [:]
        var changed: [OutputFile] = []
        func record(_ file: OutputFile, inputs: OutputInputs?, items: [ListItem: String]? = nil) {
            let digest = OutputCache.digest(file.data)
            if previous.records[file.path]?.digest != digest { changed.append(file) }
            records[file.path] = OutputCache.Record(inputs: inputs, digest: digest, items: items)
        }
        for job in jobs { records[job.path] = reusable[job.path] }
        for (job, (data, items)) in zip(stale, rendered) {
            record(OutputFile(path: job.path, data: data), inputs: job.inputs, items: items.count >= ItemRenderer.worthKeeping ? items : nil)
        }

        let (searchFiles, search) = searchIndex(previous: previous.search)
        if let searchFiles {
            for file in searchFiles { record(file, inputs: nil) }
        } else {
            for (path, record) in previous.records where path.hasPrefix(SearchIndex.folder + "/") { records[path] = record }
        }
        timer.lap("search index")
        record(sitemap(listing: jobs.map(\.path)), inputs: nil)
        record(OutputFile(path: "robots.txt", text: "User-agent: *\nAllow: /\n\nSitemap: \(site.absoluteURL("/sitemap.xml"))\n"), inputs: nil)
        for (path, data) in theme.assets.sorted(by: { $0.key < $1.key }) { record(OutputFile(path: path, data: data), inputs: nil) }
        for (path, data) in staticFiles.sorted(by: { $0.key < $1.key }) { record(OutputFile(path: path, data: data), inputs: nil) }

        let removed = previous.records.keys.filter { records[$0] == nil }.sorted()
        return RenderedSite(changed: changed, removed: removed, rendered: stale.count,
                            cache: OutputCache(global: global, records: records, search: search))
    }

    /// A job that renders `template` with the context `context` makes from the site. `inputs` must hold
    /// everything `context` reads apart from the site-wide values in `OutputCache.Global`.
    private func job(template: String, path: String, inputs: some Hashable & Sendable,
                     context: @escaping @Sendable (inout PageContext) -> [String: Any]) -> OutputJob {
        let renderer = self
        return OutputJob(path: path, inputs: OutputInputs(template: theme.fingerprint(of: template), values: inputs)) { items, shared in
            var builder = PageContext(site: renderer.site, items: ItemRenderer(theme: renderer.theme, reusing: items, shared: shared))
            let html = renderer.theme.render(context(&builder), template: template)
            return (Data(html.utf8), builder.items.rendered)
        }
    }

    private func contentPage(_ page: SourcePage) -> OutputJob {
        let graph = site.graph
        let inputs = ContentInputs(page: page, body: site.bodies[page.path], forward: graph.forward[page.slug],
                                   backward: graph.backward[page.slug], mentionedBy: graph.mentionedBy[page.slug],
                                   linked: graph.neighbours(of: page.slug).map { site.cards[$0] },
                                   careLinks: site.careLinks(page.frontMatter.care))
        return job(template: "page", path: String(page.urlPath.dropFirst()) + "index.html", inputs: inputs) {
            $0.content(page)
        }
    }

    private func home() -> OutputJob {
        let counts = PageKind.indexed.map { kind in site.pages.filter { $0.kind == kind }.count }
        let symptoms = commonSymptoms()
        let inputs = HomeInputs(home: site.home, body: site.home.flatMap { site.bodies[$0.path] }, counts: counts,
                                areas: site.areas.map(\.slug), careLinks: site.careLinks(site.home?.frontMatter.care ?? CareAdvice()),
                                symptoms: symptoms.map { site.cards[$0.slug] })
        return job(template: "home", path: "index.html", inputs: inputs) { builder in
            let site = builder.site
            let title = site.home?.frontMatter.title ?? site.settings.title
            let summary = site.home?.frontMatter.summary ?? site.settings.description
            var context = builder.base(title: title, summary: summary, urlPath: "/", trail: [])
            let kinds = zip(PageKind.indexed, counts).map { kind, count in
                ["title": kind.plural, "url": site.href("/\(kind.folder)/"), "count": "\(count) \(count == 1 ? "page" : "pages")"]
            }
            let areas = site.areas.map { ["name": $0.name, "url": site.href("/body-areas/\($0.slug)/")] }
            let map = builder.bodyMap()
            context.merge(["title": title, "summary": summary, "body": site.home.flatMap { site.bodies[$0.path]?.html } ?? "",
                           "kinds": kinds, "hasAreas": !areas.isEmpty, "areas": areas, "hasMap": map is [String: Any], "bodyMap": map,
                           "hasSymptoms": !symptoms.isEmpty,
                           "symptoms": symptoms.map { ["title": $0.frontMatter.title, "url": site.href($0.urlPath)] },
                           "care": builder.careContext(site.home?.frontMatter.care ?? CareAdvice())], uniquingKeysWith: { _, new in new })
            return context
        }
    }

    /// The symptoms the home page offers first: those the most conditions cause, then by title.
    private func commonSymptoms(limit: Int = 8) -> [SourcePage] {
        let symptoms = site.pages.filter { $0.kind == .symptom }
        let causes = symptoms.map { site.graph.backward[$0.slug]?[.symptoms]?.count ?? 0 }
        return zip(symptoms, causes).sorted { ($1.1, $0.0.frontMatter.title) < ($0.1, $1.0.frontMatter.title) }.prefix(limit).map(\.0)
    }

    private func kindIndexes() -> [OutputJob] {
        PageKind.indexed.map { kind in
            let pages = site.pages.filter { $0.kind == kind }.map { ($0.frontMatter.title.lowercased(), $0) }
                .sorted { $0.0 < $1.0 }.map(\.1)
            return job(template: "list", path: "\(kind.folder)/index.html", inputs: pages.map { site.cards[$0.slug] }) { builder in
                let groups = pages.isEmpty ? [] : [ListGroup(id: "all", heading: "All \(kind.plural.lowercased())",
                                                             items: pages.map { builder.item(for: $0) })]
                return builder.list(title: kind.plural, intro: "\(pages.count) \(pages.count == 1 ? "page" : "pages"), A to Z.",
                                    urlPath: "/\(kind.folder)/", groups: groups)
            }
        }
    }

    private func bodyAreaPages() -> [OutputJob] {
        let areas = site.areas.map(\.slug)
        var jobs = areas.map { area in
            let pages = (site.graph.areas[area] ?? []).compactMap { site.bySlug[$0] }
            return job(template: "list", path: "body-areas/\(area)/index.html", inputs: pages.map { site.cards[$0.slug] }) { builder in
                let (quick, others) = builder.seriousFirst(pages.map(\.slug))
                var groups = quick.isEmpty ? [] : [ListGroup(id: "links-quick-help", heading: PageContext.quickHelpHeading,
                                                             items: quick.compactMap { builder.site.bySlug[$0] }.map { builder.item(for: $0, showUrgency: true) })]
                groups += PageKind.allCases.compactMap { kind -> ListGroup? in
                    let ofKind = others.compactMap { builder.site.bySlug[$0] }.filter { $0.kind == kind }
                    let heading = kind == .condition && !quick.isEmpty ? "Other conditions" : kind.plural
                    return ofKind.isEmpty ? nil : ListGroup(id: "links-\(kind.folder)", heading: heading, items: ofKind.map { builder.item(for: $0) })
                }
                return builder.list(title: builder.site.areaName(area), intro: "Pages about pain and problems in this part of the body.",
                                    urlPath: "/body-areas/\(area)/", trail: [.home, Crumb(title: "Where it hurts", urlPath: "/body-areas/")],
                                    groups: groups)
            }
        }
        let counts = areas.map { site.graph.areas[$0]?.count ?? 0 }
        jobs.append(job(template: "list", path: "body-areas/index.html", inputs: zip(areas, counts).map { "\($0) \($1)" }) { builder in
            let notes = zip(areas, counts).map { area, count in (area, "\(count) \(count == 1 ? "page" : "pages")") }
            let items = notes.map { area, note in
                ListItem(title: builder.site.areaName(area), url: builder.site.href("/body-areas/\(area)/"), note: note)
            }
            let map = builder.bodyMap(notes: Dictionary(uniqueKeysWithValues: notes))
            // With a picture, its list of areas takes the place of the plain one.
            let groups = items.isEmpty || map is [String: Any] ? [] : [ListGroup(id: "areas", heading: "Body areas", items: items)]
            var context = builder.list(title: "Where it hurts", intro: "Choose the part of the leg or back where you feel it.",
                                       urlPath: "/body-areas/", groups: groups)
            context["hasMap"] = map is [String: Any]
            context["bodyMap"] = map
            return context
        })
        return jobs
    }

    /// Every health page under each of its names: its title, and each alias pointing to it.
    private func aToZ() -> OutputJob {
        let pages = site.topicPages
        let inputs = pages.map { AToZInputs(card: site.cards[$0.slug], aliases: $0.frontMatter.aliases) }
        return job(template: "list", path: "a-to-z/index.html", inputs: inputs) { builder in
            let site = builder.site
            struct Entry { var name: String; var sortKey: String; var page: SourcePage; var isAlias: Bool }
            var entries: [Entry] = []
            for page in pages {
                entries.append(Entry(name: page.frontMatter.title, sortKey: page.frontMatter.title.lowercased(), page: page, isAlias: false))
                entries += page.frontMatter.aliases.map { Entry(name: $0, sortKey: $0.lowercased(), page: page, isAlias: true) }
            }
            entries.sort { ($0.sortKey, $0.page.slug) < ($1.sortKey, $1.page.slug) }
            var groups: [ListGroup] = []
            var current: (letter: String, items: [ListItem])?
            for entry in entries {
                let letter = Self.letter(of: entry.name)
                if current?.letter != letter {
                    if let done = current { groups.append(ListGroup(id: "letter-\(done.letter.prefix(1).lowercased())", heading: done.letter, items: done.items)) }
                    current = (letter, [])
                }
                current!.items.append(ListItem(title: entry.name, url: site.href(entry.page.urlPath),
                                               note: entry.isAlias ? "see \(entry.page.frontMatter.title)" : entry.page.kind.singular.lowercased()))
            }
            if let done = current { groups.append(ListGroup(id: "letter-\(done.letter.prefix(1).lowercased())", heading: done.letter, items: done.items)) }
            return builder.list(title: "A to Z", intro: "Every page, listed under each of its names.",
                                                urlPath: "/a-to-z/", groups: groups, letters: true)
        }
    }

    /// The A to Z heading a name goes under: its first letter without accents, or "0 to 9" for anything else.
    static func letter(of name: String) -> String {
        let first: String
        if let byte = name.utf8.first, byte < 0x80 {
            first = String(UnicodeScalar(byte)).uppercased()  // most names: no need to fold
        } else {
            first = name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).uppercased().first.map(String.init) ?? "#"
        }
        return first.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) } ? first : "0 to 9"
    }

    /// The search index, or nil when no page's searchable text changed since `previous`; a change redoes only
    /// the terms of the pages it touched.
    private func searchIndex(previous: SearchIndex?) -> ([OutputFile]?, SearchIndex?) {
        let documents = site.pages.map { page in
            let body = site.bodies[page.path]
            return SearchIndex.Document(
                entry: SearchIndex.Entry(url: site.href(page.urlPath), title: page.frontMatter.title, kind: page.kind.rawValue,
                                         summary: page.frontMatter.summary, aliases: page.frontMatter.aliases,
                                         headings: body?.headings.map(\.text) ?? []),
                body: body?.plainText ?? "")
        }
        let synonyms = Synonyms(site.settings.searchSynonyms)
        if let previous, documents == previous.documents, previous.synonyms == synonyms { return (nil, previous) }
        let index = SearchIndex(documents, synonyms: synonyms, reusing: previous)
        return (index.files(), index)
    }

    private func sitemap(listing paths: [String]) -> OutputFile {
        let lastModified = Dictionary(site.pages.compactMap { page in page.frontMatter.lastReviewed.map { (page.urlPath, $0) } },
                                      uniquingKeysWith: { a, _ in a })
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for path in paths where path.hasSuffix("index.html") {
            let urlPath = "/" + path.dropLast("index.html".count)
            xml += "  <url><loc>\(Escaping.xml(site.absoluteURL(urlPath)))</loc>"
            if let day = lastModified[urlPath] { xml += "<lastmod>\(day)</lastmod>" }
            xml += "</url>\n"
        }
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
