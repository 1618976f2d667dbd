import Foundation

/// The linked site of the last build, kept by a live session when that build had no errors, so that an edit to
/// a few pages can be applied to it instead of rebuilding the site from every page.
struct LinkedSite: Sendable {
    var site: Site
    var resolver: LinkResolver
    /// Each published page's place in `site.pages`, by path: its page number in the search index too.
    var numbers: [String: Int]
    /// The build's warnings, sorted: only files under `content/` that are not pages have them, and an edit of
    /// pages does not change them.
    var warnings: [Diagnostic]

    init(site: Site, resolver: LinkResolver, warnings: [Diagnostic], numbers: [String: Int]? = nil) {
        self.site = site
        self.resolver = resolver
        self.warnings = warnings
        self.numbers = numbers ?? Dictionary(uniqueKeysWithValues: site.pages.enumerated().map { ($0.element.path, $0.offset) })
    }
}

/// A live rebuild for the commonest change, an author saving pages: it works out from the link graph which
/// outputs the edit can reach and redoes only those, so its time depends on the pages edited and their
/// neighbours, not on the size of the site.
///
/// It applies only after a build without errors, to an edit that keeps the site's shape: the same published pages (no page added, removed,
/// renamed, moved, drafted or published, not the home page), no change to a page's `last_reviewed` (which the
/// sitemap lists) or to the pages of every page's footer, and no problem in the result. Anything else returns
/// nil, and the whole pipeline runs as for any other change. `IncrementalBuildTests` holds both to the bytes of a
/// clean full build after random edits.
struct PageEdit {
    /// The edited files (path and text); every one was a published page of the last build.
    var files: [(path: String, text: String)]
    var theme: Theme

    /// An edited page: what it was, what it is, and the text it is now read from.
    struct Edited {
        var before: SourcePage
        var page: SourcePage
        var text: String
        /// What it puts into the link graph, before and after.
        var links = (before: SiteGraph.Contribution(links: [:], areas: [], bodyLinks: []),
                     after: SiteGraph.Contribution(links: [:], areas: [], bodyLinks: []))
        /// The pages its lists showed before the edit.
        var neighbours: [String] = []
    }

    /// The result of applying the edit to the build `cache` holds, written to `sink`; nil when the edit is not one
    /// this handles, and then the cache is untouched. The big tables of the cache (parsed files, bodies, output
    /// records, the search index) are changed in place.
    func apply(to cache: inout BuildCache, output sink: InPlaceOutput, timer: inout StageTimer) async throws -> SiteResult? {
        guard let chrome = cache.output.chrome, cache.output.search != nil, cache.linked != nil,
              var edited = parse(cache.parsed, numbers: cache.linked!.numbers) else { return nil }
        // The linked site is changed in place, so it is taken out of the cache: if the edit turns out not to be one
        // this handles, the whole pipeline runs and links the site again.
        var linked = cache.linked.take()!
        let numbers = linked.numbers
        for index in edited.indices {
            let before = edited[index].before
            edited[index].links.before = linked.site.graph.contribution(of: before, body: linked.site.bodies[before.path])
            edited[index].neighbours = linked.site.graph.neighbours(of: before.slug)
        }
        timer.lap("parse front matter")
        for edit in edited {
            let page = edit.page
            if page.frontMatter.title != edit.before.frontMatter.title { linked.resolver.retitle(page) }
            linked.site.pages[numbers[page.path]!] = page
            linked.site.bySlug[page.slug] = page
            linked.site.cards[page.slug] = Card(page, settings: linked.site.settings)
            if page.kind == .page, let index = linked.site.sitePages.firstIndex(where: { $0.path == page.path }) { linked.site.sitePages[index] = page }
        }
        let pageAt = { (path: String) in numbers[path].map { linked.site.pages[$0] } ?? linked.site.home! }

        // Bodies: the edited pages', and those of pages that link to a page whose title changed (links show titles).
        let retitled = Set(edited.filter { $0.page.frontMatter.title != $0.before.frontMatter.title }.map(\.page.slug))
        var rebody = Set(edited.map(\.page.path))
        if !retitled.isEmpty {
            for (path, body) in cache.bodies where body.links.keys.contains(where: retitled.contains) { rebody.insert(path) }
        }
        let sources = rebody.sorted().map(pageAt)
        // Headings can change in any body rendered again (a heading may show a retitled page's title).
        let oldHeadings = sources.map { linked.site.bodies[$0.path]?.headings ?? [] }
        let options = SiteBuilder.markdownOptions(linked.site.settings)
        let rendered = await parallelMap(sources) { [resolver = linked.resolver] in SiteBuilder.renderBody($0, options: options, resolver: resolver) }
        guard rendered.allSatisfy(\.1.isEmpty) else { return nil }
        for (source, (body, _)) in zip(sources, rendered) { linked.site.bodies[source.path] = body.rendered }
        timer.lap("render Markdown")

        // Links: each edited page's part of the graph out, then, with every new title known, each one's part in.
        var problems: [Diagnostic] = []
        let declared = Set(linked.site.settings.bodyAreas.map(\.slug))
        for index in edited.indices {
            let page = edited[index].page
            edited[index].links.after = SiteGraph.Contribution(
                links: SiteGraph.links(of: page, resolver: linked.resolver, diagnostics: &problems),
                areas: SiteGraph.areas(of: page, declaredAreas: declared, diagnostics: &problems),
                bodyLinks: (linked.site.bodies[page.path]?.linkedSlugs ?? []).filter { $0 != page.slug })
        }
        for edit in edited { linked.site.graph.remove(edit.page.slug, edit.links.before) }
        let bySlug = linked.site.bySlug
        for edit in edited { linked.site.graph.insert(edit.page.slug, edit.links.after) { bySlug[$0]?.frontMatter.title.lowercased() ?? $0 } }
        linked.site.areas = linked.site.settings.bodyAreas.filter { linked.site.graph.areas[$0.slug] != nil }
        timer.lap("link pages")

        // Checks: as the whole pipeline's, but only of what the edit can change. On any problem that pipeline runs
        // instead, and reports it.
        let headingsChanged = Set(zip(sources, oldHeadings).filter { $0.1 != linked.site.bodies[$0.0.path]?.headings }.map(\.0.slug))
        let checked = Self.referencesToCheck(linked.site, rendered: rebody, headingsChanged: headingsChanged).map(pageAt)
        let records = cache.output.records
        problems += ReferenceCheck(pagesBySlug: linked.site.bySlug, bodies: linked.site.bodies, resolver: linked.resolver, outputPaths: {
            records.keys.filter { !$0.hasPrefix(SearchIndex.folder + "/") || $0 == SearchIndex.entryPath }
        }).problems(in: checked, among: linked.site.pages + [linked.site.home].compactMap { $0 })
        problems += CareCardCheck.problems(in: edited.map(\.page), settings: linked.site.settings, resolver: linked.resolver)
        let renderer = SiteRenderer(site: linked.site, theme: theme)
        guard problems.isEmpty, renderer.chrome == chrome else { return nil }

        // The edit is applied from here on.
        let jobs = Self.affectedJobs(edited, renderer: renderer, chrome: chrome, homeBody: sources.contains(where: \.isHome))
        var stale = jobs.filter { records[$0.path]?.inputs != $0.inputs }
        timer.lap("find changed outputs")
        let made = try SiteRenderer.render(&stale, reusing: records, written: records, into: sink)
        var written = made.filter { records[$0.path]?.digest != $0.record.digest }.map(\.path)
        for (path, record) in made { cache.output.records[path] = record }
        timer.lap("render and write pages")

        // Search: the documents of the pages whose text or entry may have changed, and the index files that changes.
        var search = cache.output.search.take()!
        search.update(Dictionary(uniqueKeysWithValues: sources.filter { !$0.isHome }.map { (numbers[$0.path]!, linked.site.searchDocument($0)) }))
        let searchFiles = search.changedFiles()
        for file in [searchFiles.entry] + searchFiles.files + searchFiles.texts.map({ search.textFile(page: $0.page) }) {
            let digest = OutputCache.digest(file.data)
            if cache.output.records[file.path]?.digest != digest {
                try sink.write(file)
                written.append(file.path)
            }
            cache.output.records[file.path] = OutputCache.Record(inputs: nil, digest: digest, items: nil)
        }
        let removed = searchFiles.replaced.filter { cache.output.records.removeValue(forKey: $0) != nil }
        cache.output.search = search
        timer.lap("search index")

        for edit in edited { cache.parsed[edit.page.path] = BuildCache.ParsedFile(text: edit.text, page: edit.page, diagnostics: []) }
        for (source, (body, _)) in zip(sources, rendered) { cache.bodies[source.path] = body }
        cache.linked = linked
        return SiteResult(output: RenderedSite(written: written.sorted(), removed: removed.sorted(), rendered: made.count, cache: cache.output),
                          site: nil, diagnostics: linked.warnings, cache: cache, pagesParsed: edited.count, bodiesRendered: sources.count)
    }

    /// The edited files read as pages: nil unless each is the same published page as before (same slug, kind,
    /// draft state and review date) and has no problem. Files whose text did not change are left out.
    private func parse(_ parsed: [String: BuildCache.ParsedFile], numbers: [String: Int]) -> [Edited]? {
        var edited: [Edited] = []
        for file in files {
            guard let known = parsed[file.path], let before = known.page, numbers[file.path] != nil else { return nil }
            guard known.text != file.text else { continue }
            var found: [Diagnostic] = []
            guard let page = SourcePage.parse(path: file.path, text: file.text, diagnostics: &found), found.isEmpty,
                  page.slug == before.slug, page.kind == before.kind, page.isHome == before.isHome,
                  page.frontMatter.draft == before.frontMatter.draft, page.frontMatter.lastReviewed == before.frontMatter.lastReviewed
            else { return nil }
            edited.append(Edited(before: before, page: page, text: file.text))
        }
        return edited
    }

    /// The paths of the bodies whose references an edit can change: those rendered again, and where a page's
    /// headings changed, those that link to its headings or to a heading by its address.
    private static func referencesToCheck(_ site: Site, rendered: Set<String>, headingsChanged: Set<String>) -> [String] {
        var paths = rendered
        if !headingsChanged.isEmpty {
            for (path, body) in site.bodies where body.references.contains(where: { reference in
                switch reference.target {
                case .heading(let page, _): return page.map(headingsChanged.contains) ?? false
                case .sitePath(_, let fragment): return fragment != nil
                case .external: return false
                }
            }) { paths.insert(path) }
        }
        return paths.sorted()
    }

    /// The outputs an edit can change: each page rendered again, and where a page's card, aliases or links
    /// changed, the pages at either end of its old and new links, the home page, its kind's index, its body areas'
    /// pages and the A to Z. The rest of the site's outputs show nothing of the edited pages.
    private static func affectedJobs(_ edited: [Edited], renderer: SiteRenderer, chrome: SiteChrome, homeBody: Bool) -> [OutputJob] {
        let site = renderer.site
        var pages = Set(edited.map(\.page.slug))
        var home = homeBody
        var kinds: Set<PageKind> = []
        var areas: Set<String> = []
        for edit in edited {
            let slug = edit.page.slug
            guard Card(edit.before, settings: site.settings) != site.cards[slug] || edit.before.frontMatter.aliases != edit.page.frontMatter.aliases
                    || edit.links.before != edit.links.after else { continue }
            pages.formUnion(edit.neighbours + site.graph.neighbours(of: slug))
            pages.formUnion(edit.links.before.bodyLinks + edit.links.after.bodyLinks)
            home = true
            kinds.insert(edit.page.kind)
            areas.formUnion(edit.links.before.areas + edit.links.after.areas)
        }
        var jobs = pages.sorted().compactMap { site.bySlug[$0] }.map { renderer.contentJob($0, chrome: chrome) }
        if home { jobs.append(renderer.homeJob(chrome: chrome)) }
        jobs += kinds.sorted().filter(PageKind.indexed.contains).map { renderer.kindIndexJob($0, chrome: chrome) }
        jobs += areas.sorted().map { renderer.areaJob($0, chrome: chrome) }
        if !areas.isEmpty { jobs.append(renderer.areasJob(chrome: chrome)) }
        if !kinds.isEmpty { jobs.append(renderer.aToZJob(chrome: chrome)) }
        return jobs
    }
}

extension Optional {
    /// The value, leaving nil in its place: so that the only copy of a large value can be changed in place.
    mutating func take() -> Wrapped? {
        defer { self = nil }
        return self
    }
}
