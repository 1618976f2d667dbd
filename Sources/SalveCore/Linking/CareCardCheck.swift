/// Checks the care cards pages share: every name a page uses under `care: cards:` is declared in `salve.yaml`,
/// no page uses one twice, and every card's `about:` names a published page.
enum CareCardCheck {
    static func problems(in pages: [SourcePage], settings: SiteSettings, resolver: LinkResolver) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for card in settings.careCards {
            guard let about = card.about else { continue }
            if case .failure(let error) = resolver.resolve(slug: about.value), !error.isConsequence {
                problems.append(Diagnostic(file: "salve.yaml", line: about.line, column: about.column,
                                           message: "care card '\(card.name)': 'about:' \(error.description)"))
            }
        }
        let declared = settings.careCards.map(\.name)
        for page in pages {
            var seen: Set<String> = []
            for name in page.frontMatter.care.cards {
                if settings.careCard(named: name.value) == nil {
                    let message = declared.isEmpty
                        ? "unknown care card '\(name.value)': this site declares no shared cards; declare it in salve.yaml under 'care_cards:' with 'level:', 'title:' and 'items:'"
                        : Self.unknown(name.value, declared: declared)
                    problems.append(Diagnostic(file: page.path, line: name.line, column: name.column, message: message))
                } else if !seen.insert(name.value).inserted {
                    problems.append(Diagnostic(file: page.path, line: name.line, column: name.column,
                                               message: "the care card '\(name.value)' is listed twice; remove one"))
                }
            }
        }
        return problems
    }

    /// "unknown care card 'x'; did you mean 'y'? Shared cards are declared in …", with the declared names.
    private static func unknown(_ name: String, declared: [String]) -> String {
        let hint = Suggestion.hint(for: name, in: declared)
        let declaredIn = "declared in salve.yaml under 'care_cards:' (\(declared.joined(separator: ", ")))"
        return hint.isEmpty ? "unknown care card '\(name)'; shared cards are \(declaredIn)"
            : "unknown care card '\(name)'\(hint) Shared cards are \(declaredIn)"
    }
}
