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
        for page in pages where !page.isHome {
            for field in LinkField.allCases {
                guard let named = page.frontMatter.links[field] else { continue }
                var seen: Set<String> = []
                var targets: [String] = []
                for slug in named {
                    let what = field.targetKind?.singular.lowercased() ?? "page"
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
                            graph.backward[target.slug, default: [:]][field, default: []].append(page.slug)
                        }
                    case .failure(let error) where error.isConsequence:
                        continue
                    case .failure(let error):
                        diagnostics.append(Diagnostic(file: page.path, line: slug.line, column: slug.column,
                                                      message: error.description))
                    }
                }
                graph.forward[page.slug, default: [:]][field] = targets
            }
            for area in page.frontMatter.bodyAreas {
                if declaredAreas.contains(area.value) {
                    graph.areas[area.value, default: []].append(page.slug)
                } else if declaredAreas.isEmpty {
                    diagnostics.append(Diagnostic(file: page.path, line: area.line, column: area.column, message:
                        "unknown body area '\(area.value)': this site declares none; list the site's areas under 'body_areas:' in salve.yaml, each with 'slug:' and 'name:'"))
                } else {
                    let hint = Suggestion.closest(to: area.value, in: declaredAreas.sorted()).map { "did you mean '\($0)'? " } ?? ""
                    diagnostics.append(Diagnostic(file: page.path, line: area.line, column: area.column, message:
                        "unknown body area '\(area.value)'; \(hint)Body areas are declared in salve.yaml under 'body_areas:' (\(declaredAreas.sorted().joined(separator: ", ")))"))
                }
            }
        }
        for page in pages {
            for target in bodies[page.path]?.linkedSlugs ?? [] where target != page.slug {
                graph.mentionedBy[target, default: []].append(page.slug)
            }
        }
        // Sorted on keys looked up once per slug, not twice per comparison.
        func byTitle(_ slugs: [String]) -> [String] {
            slugs.count < 2 ? slugs : slugs.map { (titles[$0] ?? $0, $0) }.sorted { $0 < $1 }.map(\.1)
        }
        graph.backward = graph.backward.mapValues { $0.mapValues(byTitle) }
        graph.mentionedBy = graph.mentionedBy.mapValues(byTitle)
        graph.areas = graph.areas.mapValues(byTitle)
        return graph
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
