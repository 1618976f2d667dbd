/// The site's links in both directions: what each page names in its front matter and body, and
/// which pages name it. Built once from every page, in time proportional to pages × links.
public struct SiteGraph: Sendable {
    /// Resolved front-matter links: slug → field → target slugs, in the order the author wrote them.
    public private(set) var forward: [String: [LinkField: [String]]] = [:]
    /// Reverse links: slug → field → slugs of the pages that name it under that field, sorted by title.
    public private(set) var backward: [String: [LinkField: [String]]] = [:]
    /// Pages whose body links to a page: slug → slugs, sorted by title.
    public private(set) var mentionedBy: [String: [String]] = [:]
    /// Body area → slugs of the pages in it, sorted by title.
    public private(set) var areas: [String: [String]] = [:]

    /// Checks every front-matter link and body area (against the areas `salve.yaml` declares) and indexes them.
    /// Problems go to `diagnostics`.
    static func build(pages: [SourcePage], bodies: [String: RenderedBody], resolver: LinkResolver, declaredAreas: Set<String>,
                      diagnostics: inout [Diagnostic]) -> SiteGraph {
        var graph = SiteGraph()
        let titles = Dictionary(pages.map { ($0.slug, $0.frontMatter.title.lowercased()) }, uniquingKeysWith: { a, _ in a })
        // Each page's links are resolved on all cores, then indexed in page order.
        let found = concurrentChunkMap(pages) { chunk in
            chunk.map { page -> (links: [LinkField: [String]], areas: [String], problems: [Diagnostic]) in
                guard !page.isHome else { return ([:], [], []) }
                var problems: [Diagnostic] = []
                let links = Self.links(of: page, resolver: resolver, diagnostics: &problems)
                return (links, Self.areas(of: page, declaredAreas: declaredAreas, diagnostics: &problems), problems)
            }
        }
        for (page, (links, areas, problems)) in zip(pages, found) where !page.isHome {
            diagnostics += problems
            for (field, targets) in links {
                for target in targets { graph.backward[target, default: [:]][field, default: []].append(page.slug) }
            }
            if !links.isEmpty { graph.forward[page.slug] = links }
            for area in areas { graph.areas[area, default: []].append(page.slug) }
        }
        for page in pages {
            for target in bodies[page.path]?.linkedSlugs ?? [] where target != page.slug {
                graph.mentionedBy[target, default: []].append(page.slug)
            }
        }
        // Sorted on keys looked up once per slug, not twice per comparison; on all cores (1.5 million links at
        // 145,000 pages).
        @Sendable func byTitle(_ slugs: [String]) -> [String] {
            slugs.count < 2 ? slugs : slugs.map { (titles[$0] ?? $0, $0) }.sorted { $0 < $1 }.map(\.1)
        }
        graph.backward = sortingValues(of: graph.backward) { $0.mapValues(byTitle) }
        graph.mentionedBy = sortingValues(of: graph.mentionedBy, byTitle)
        graph.areas = sortingValues(of: graph.areas, byTitle)
        return graph
    }

    /// `lists.mapValues(sort)`, on all cores.
    private static func sortingValues<Value: Sendable>(of lists: [String: Value], _ sort: @Sendable (Value) -> Value) -> [String: Value] {
        Dictionary(uniqueKeysWithValues: concurrentChunkMap(Array(lists)) { $0.map { ($0.key, sort($0.value)) } })
    }

    /// The pages `page` names in its front matter, by field, in the order written, each once; problems go to
    /// `diagnostics`.
    static func links(of page: SourcePage, resolver: LinkResolver, diagnostics: inout [Diagnostic]) -> [LinkField: [String]] {
        var links: [LinkField: [String]] = [:]
        for field in LinkField.allCases {
            guard let named = page.frontMatter.links[field] else { continue }
            var seen: Set<String> = []
            var targets: [String] = []
            let what = field.targetKind?.singular.lowercased() ?? "page"
            for slug in named {
                switch resolver.resolve(slug: slug.value, expecting: field.targetKind, what: what) {
                case .success(let target):
                    if target.slug == page.slug {
                        diagnostics.append(Diagnostic(file: page.path, line: slug.line, column: slug.column,
                                                      message: "a page cannot list itself under '\(field.rawValue)'"))
                    } else if !seen.insert(target.slug).inserted {
                        diagnostics.append(Diagnostic(file: page.path, line: slug.line, column: slug.column,
                                                      message: "'\(slug.value)' is listed twice under '\(field.rawValue)'; remove one"))
                    } else {
                        targets.append(target.slug)
                    }
                case .failure(let error) where error.isConsequence:
                    continue
                case .failure(let error):
                    diagnostics.append(Diagnostic(file: page.path, line: slug.line, column: slug.column, message: error.description))
                }
            }
            links[field] = targets
        }
        return links
    }

    /// The declared body areas `page` is in, as written; problems go to `diagnostics`.
    static func areas(of page: SourcePage, declaredAreas: Set<String>, diagnostics: inout [Diagnostic]) -> [String] {
        var areas: [String] = []
        for area in page.frontMatter.bodyAreas {
            if declaredAreas.contains(area.value) {
                areas.append(area.value)
            } else if declaredAreas.isEmpty {
                diagnostics.append(Diagnostic(file: page.path, line: area.line, column: area.column, message:
                    "unknown body area '\(area.value)': this site declares none; list the site's areas under 'body_areas:' in salve.yaml, each with 'slug:' and 'name:'"))
            } else {
                let hint = Suggestion.closest(to: area.value, in: declaredAreas.sorted()).map { "did you mean '\($0)'? " } ?? ""
                diagnostics.append(Diagnostic(file: page.path, line: area.line, column: area.column, message:
                    "unknown body area '\(area.value)'; \(hint)Body areas are declared in salve.yaml under 'body_areas:' (\(declaredAreas.sorted().joined(separator: ", ")))"))
            }
        }
        return areas
    }

    /// What one page puts into the graph: what it names, the areas it is in, and the pages its body links to.
    struct Contribution: Equatable {
        var links: [LinkField: [String]]
        var areas: [String]
        var bodyLinks: [String]
    }

    /// What `page` (not the home page) puts into this graph, as `build` finds it.
    func contribution(of page: SourcePage, body: RenderedBody?) -> Contribution {
        Contribution(links: forward[page.slug] ?? [:], areas: page.frontMatter.bodyAreas.map(\.value).filter { areas[$0]?.contains(page.slug) == true },
                     bodyLinks: (body?.linkedSlugs ?? []).filter { $0 != page.slug })
    }

    /// Takes what the page `slug` put into the graph out of it.
    mutating func remove(_ slug: String, _ old: Contribution) {
        func drop(_ list: inout [String]?) {
            list?.removeAll { $0 == slug }
            if list?.isEmpty == true { list = nil }
        }
        for (field, targets) in old.links {
            for target in targets {
                drop(&backward[target, default: [:]][field])
                if backward[target]?.isEmpty == true { backward[target] = nil }
            }
        }
        forward[slug] = nil
        for area in old.areas { drop(&areas[area]) }
        for target in old.bodyLinks { drop(&mentionedBy[target]) }
    }

    /// Puts what the page `slug` contributes into the graph, each reverse list kept sorted by `title` (lowercased)
    /// then slug, as `build` sorts them. Every other page in those lists must be sorted already.
    mutating func insert(_ slug: String, _ new: Contribution, title: (String) -> String) {
        let key = (title(slug), slug)
        func add(_ list: inout [String]) {
            var (low, high) = (0, list.count)
            while low < high {
                let middle = (low + high) / 2
                if (title(list[middle]), list[middle]) < key { low = middle + 1 } else { high = middle }
            }
            list.insert(slug, at: low)
        }
        for (field, targets) in new.links {
            for target in targets { add(&backward[target, default: [:]][field, default: []]) }
        }
        if !new.links.isEmpty { forward[slug] = new.links }
        for area in new.areas { add(&areas[area, default: []]) }
        for target in new.bodyLinks { add(&mentionedBy[target, default: []]) }
    }

    /// Every page a page's link lists show, in a fixed order: what it names, what names it, what mentions it.
    func neighbours(of slug: String) -> [String] {
        var slugs: [String] = []
        for links in [forward[slug], backward[slug]] {
            for field in LinkField.allCases { slugs += links?[field] ?? [] }
        }
        return slugs + (mentionedBy[slug] ?? [])
    }
}
