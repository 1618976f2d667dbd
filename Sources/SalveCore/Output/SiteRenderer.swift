import Foundation

/// The output stage: every file of the finished site, made from the linked site and the theme. Pure: it
/// reads and writes nothing.
struct SiteRenderer: Sendable {
    let site: Site
    let theme: Theme

    func render(timer: inout StageTimer) async -> [OutputFile] {
        var files = await contentPages()
        timer.lap("render pages")
        files.append(home())
        files += kindIndexes()
        files += bodyAreaPages()
        files.append(aToZ())
        files.append(page(template: "search", path: "search/index.html",
                          context: PageContext(site: site).base(title: "Search", summary: "Search \(site.settings.title).", urlPath: "/search/")))
        files.append(page(template: "not-found", path: "404.html",
                          context: PageContext(site: site).base(title: "Page not found", summary: "", urlPath: "/404.html")))
        timer.lap("render lists")
        files.append(searchIndex())
        timer.lap("search index")
        files.append(sitemap(listing: files))
        files.append(OutputFile(path: "robots.txt", text: "User-agent: *\nAllow: /\n\nSitemap: \(site.absoluteURL("/sitemap.xml"))\n"))
        files += theme.assets.sorted { $0.key < $1.key }.map { OutputFile(path: $0.key, data: $0.value) }
        return files
    }

    private func page(template: String, path: String, context: [String: Any]) -> OutputFile {
        OutputFile(path: path, text: theme.render(context, template: template))
    }

    private func contentPages() async -> [OutputFile] {
        let renderer = self
        return await parallelMap(site.pages) { page in
            renderer.page(template: "page", path: String(page.urlPath.dropFirst()) + "index.html",
                          context: PageContext(site: renderer.site).content(page))
        }
    }

    private func home() -> OutputFile {
        let builder = PageContext(site: site)
        let title = site.home?.frontMatter.title ?? site.settings.title
        let summary = site.home?.frontMatter.summary ?? site.settings.description
        var context = builder.base(title: title, summary: summary, urlPath: "/")
        let kinds = PageKind.indexed.map { kind in
            let count = site.pages.filter { $0.kind == kind }.count
            return ["title": kind.plural, "url": site.href("/\(kind.folder)/"), "count": "\(count) \(count == 1 ? "page" : "pages")"]
        }
        let areas = site.graph.areas.keys.sorted().map { ["name": SiteGraph.areaName($0), "url": site.href("/body-areas/\($0)/")] }
        context.merge(["title": title, "summary": summary, "body": site.home.flatMap { site.bodies[$0.path]?.html } ?? "",
                       "kinds": kinds, "hasAreas": !areas.isEmpty, "areas": areas], uniquingKeysWith: { _, new in new })
        return page(template: "home", path: "index.html", context: context)
    }

    private func kindIndexes() -> [OutputFile] {
        let builder = PageContext(site: site)
        return PageKind.indexed.map { kind in
            let pages = site.pages.filter { $0.kind == kind }.sorted { $0.frontMatter.title.lowercased() < $1.frontMatter.title.lowercased() }
            let groups: [[String: Any]] = pages.isEmpty ? [] : [["id": "all", "heading": "All \(kind.plural.lowercased())",
                                                                   "items": pages.map { builder.item(for: $0) }]]
            let context = builder.list(title: kind.plural, intro: "\(pages.count) \(pages.count == 1 ? "page" : "pages"), A to Z.",
                                       urlPath: "/\(kind.folder)/", groups: groups)
            return page(template: "list", path: "\(kind.folder)/index.html", context: context)
        }
    }

    private func bodyAreaPages() -> [OutputFile] {
        let builder = PageContext(site: site)
        let areas = site.graph.areas.keys.sorted()
        var files = areas.map { area in
            let pages = (site.graph.areas[area] ?? []).compactMap { site.bySlug[$0] }
            let groups: [[String: Any]] = PageKind.allCases.compactMap { kind in
                let ofKind = pages.filter { $0.kind == kind }
                return ofKind.isEmpty ? nil : ["id": "links-\(kind.folder)", "heading": kind.plural, "items": ofKind.map { builder.item(for: $0) }]
            }
            let context = builder.list(title: "\(SiteGraph.areaName(area))", intro: "Pages about pain and problems in this part of the body.",
                                       urlPath: "/body-areas/\(area)/", groups: groups)
            return page(template: "list", path: "body-areas/\(area)/index.html", context: context)
        }
        let items: [[String: Any]] = areas.map { area in
            ["title": SiteGraph.areaName(area), "url": site.href("/body-areas/\(area)/"),
             "note": { let n = site.graph.areas[area]?.count ?? 0; return "\(n) \(n == 1 ? "page" : "pages")" }()]
        }
        let index = builder.list(title: "Where it hurts", intro: "Choose the part of the leg or back where you feel it.",
                                 urlPath: "/body-areas/", groups: items.isEmpty ? [] : [["id": "areas", "heading": "Body areas", "items": items]])
        files.append(page(template: "list", path: "body-areas/index.html", context: index))
        return files
    }

    /// Every health page under each of its names: its title, and each alias pointing to it.
    private func aToZ() -> OutputFile {
        struct Entry { var name: String; var page: SourcePage; var isAlias: Bool }
        var entries: [Entry] = []
        for page in site.topicPages {
            entries.append(Entry(name: page.frontMatter.title, page: page, isAlias: false))
            entries += page.frontMatter.aliases.map { Entry(name: $0, page: page, isAlias: true) }
        }
        entries.sort { ($0.name.lowercased(), $0.page.slug) < ($1.name.lowercased(), $1.page.slug) }
        var groups: [[String: Any]] = []
        var current: (letter: String, items: [[String: Any]])?
        for entry in entries {
            let first = entry.name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).uppercased().first.map(String.init) ?? "#"
            let letter = first.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) } ? first : "0 to 9"
            if current?.letter != letter {
                if let done = current { groups.append(["id": "letter-\(done.letter.prefix(1).lowercased())", "heading": done.letter, "items": done.items]) }
                current = (letter, [])
            }
            var item: [String: Any] = ["title": entry.name, "url": site.href(entry.page.urlPath)]
            item["note"] = entry.isAlias ? "see \(entry.page.frontMatter.title)" : entry.page.kind.singular.lowercased()
            current!.items.append(item)
        }
        if let done = current { groups.append(["id": "letter-\(done.letter.prefix(1).lowercased())", "heading": done.letter, "items": done.items]) }
        let context = PageContext(site: site).list(title: "A to Z", intro: "Every page, listed under each of its names.",
                                                   urlPath: "/a-to-z/", groups: groups, letters: true)
        return page(template: "list", path: "a-to-z/index.html", context: context)
    }

    private func searchIndex() -> OutputFile {
        var documents: [(SearchIndex.Entry, String)] = []
        for page in site.pages {
            let body = site.bodies[page.path]
            documents.append((SearchIndex.Entry(url: site.href(page.urlPath), title: page.frontMatter.title, kind: page.kind.rawValue,
                                                summary: page.frontMatter.summary, aliases: page.frontMatter.aliases,
                                                headings: body?.headings.map(\.text) ?? []), body?.plainText ?? ""))
        }
        let data = SearchIndex.build(documents).json()
        return OutputFile(path: "search-index.json", data: data)
    }

    private func sitemap(listing files: [OutputFile]) -> OutputFile {
        let lastModified = Dictionary(site.pages.compactMap { page in page.frontMatter.lastReviewed.map { (page.urlPath, $0) } },
                                      uniquingKeysWith: { a, _ in a })
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for file in files where file.path.hasSuffix("index.html") {
            let urlPath = "/" + file.path.dropLast("index.html".count)
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
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
