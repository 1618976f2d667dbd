import Foundation
import Testing
@testable import SalveCore

/// Shared care cards (`care_cards:` in salve.yaml, `care: cards:` on pages) and site settings in page bodies
/// (`{{ site.emergency_number }}`), as readers and editors meet them.
@Suite struct CareCardTests {
    static let cards = TestSite.settings + """

        care_cards:
          clot-in-lung:
            level: emergency
            title: Signs of a blood clot in the lung
            about: pulmonary-embolism
            items:
              - you are suddenly short of breath
              - you cough up blood
          clot-in-leg:
            level: urgent
            title: Signs of a blood clot in the leg
            items:
              - one calf is swollen
        """

    static let files: [String: String] = [
        "content/index.md": page("""
            title: Leg pain
            summary: Help for leg pain.
            care:
              cards: [clot-in-lung]
              emergency:
                - your leg suddenly turns cold and pale
            """, body: "If in doubt, call {{ site.emergency_number }}. Welcome to {{site.title}}."),
        "content/symptoms/calf-pain.md": page("""
            title: Calf pain
            summary: Pain in the calf.
            care:
              cards: [clot-in-lung, clot-in-leg]
              routine:
                - it lasts more than 2 weeks
            """, body: "Call {{ site.emergency_number }} if you are short of breath. Templates write `{{ site.title }}`."),
        "content/symptoms/leg-swelling.md": page("title: Leg swelling\nsummary: A swollen leg.\ncare:\n  cards: [clot-in-lung]"),
        "content/conditions/pulmonary-embolism.md": page("title: Blood clot in the lung\nsummary: A clot in the lung.\nsymptoms: [calf-pain, leg-swelling]"),
    ]

    @Test func aSharedCardShowsOnEveryPageThatUsesItWithItsTitleSignsAndPage() async throws {
        let site = try TestSite(Self.files, settings: Self.cards)
        defer { site.delete() }
        try await site.buildOK()
        for path in ["symptoms/calf-pain/index.html", "symptoms/leg-swelling/index.html", "index.html"] {
            let html = try #require(site.output(path))
            let card = try #require(html.section("<span class=\"visually-hidden\">Immediate action required: </span>Call 999 or go to the emergency department now if:"),
                                    "\(path) has no emergency card")
            #expect(card.contains("<a href=\"/health/conditions/pulmonary-embolism/\">Signs of a blood clot in the lung</a>"), "\(path)")
            #expect(card.contains("<li>you are suddenly short of breath</li><li>you cough up blood</li>"), "\(path)")
        }
        let calf = try #require(site.output("symptoms/calf-pain/index.html"))
        // Each level is one card: the urgent shared signs in the urgent card, the page's own signs in theirs.
        let urgent = try #require(calf.section("<span class=\"visually-hidden\">Urgent advice: </span>Get medical help today if:"))
        #expect(urgent.contains("<h3 class=\"care-group\">Signs of a blood clot in the leg</h3>") && urgent.contains("<li>one calf is swollen</li>"))
        #expect(calf.components(separatedBy: "class=\"care-card care-emergency\"").count == 2, "one emergency card, not one per shared card")
        #expect(calf.section("<span class=\"visually-hidden\">Non-urgent advice: </span>See a doctor if:")?.contains("<li>it lasts more than 2 weeks</li>") == true)
        // The home page's own emergency signs come first, then the shared card's.
        let home = try #require(site.output("index.html"))
        let own = try #require(home.range(of: "your leg suddenly turns cold and pale")), shared = try #require(home.range(of: "you cough up blood"))
        #expect(own.lowerBound < shared.lowerBound)
    }

    @Test func settingsInABodyShowTheirValuesExceptInCode() async throws {
        let site = try TestSite(Self.files, settings: Self.cards)
        defer { site.delete() }
        try await site.buildOK()
        #expect(site.output("index.html")?.contains("<p>If in doubt, call 999. Welcome to Test Health.</p>") == true)
        #expect(site.output("symptoms/calf-pain/index.html")?.contains("Call 999 if you are short of breath. Templates write <code>{{ site.title }}</code>.") == true)

        // A site in the USA changes one setting, and every card heading and body follows.
        try site.write("salve.yaml", Self.cards.replacingOccurrences(of: "emergency_number: \"999\"", with: "emergency_number: \"911\""))
        try await site.buildOK()
        let calf = try #require(site.output("symptoms/calf-pain/index.html"))
        #expect(calf.contains("Call 911 if you are short of breath") && calf.contains("Call 911 or go to the emergency department now if:"))
        #expect(!calf.contains("999"))
    }

    @Test func liveRebuildsFollowAChangedSettingOrCard() async throws {
        let site = try TestSite(Self.files, settings: Self.cards)
        defer { site.delete() }
        var live = LiveBuilder(options: BuildOptions(siteDirectory: site.root))
        #expect(await live.rebuild().succeeded)
        try site.write("salve.yaml", Self.cards.replacingOccurrences(of: "emergency_number: \"999\"", with: "emergency_number: \"112\"")
            .replacingOccurrences(of: "- you cough up blood", with: "- you cough up blood, even a little"))
        let report = await live.rebuild(changes: ["salve.yaml"])
        #expect(report.succeeded, "\(report.diagnostics)")
        let calf = try #require(site.output("symptoms/calf-pain/index.html"))
        #expect(calf.contains("Call 112 if you are short of breath") && calf.contains("<li>you cough up blood, even a little</li>"))
        #expect(site.output("symptoms/leg-swelling/index.html")?.contains("<li>you cough up blood, even a little</li>") == true)
    }

    func errors(settings: String = CareCardTests.cards, changing path: String, to text: String) async throws -> [String] {
        let site = try TestSite(Self.files, settings: settings)
        defer { site.delete() }
        try await site.buildOK()
        let before = site.outputSnapshot()
        try site.write(path, text)
        let errors = await site.buildErrors()
        #expect(site.outputSnapshot() == before, "a failed build must leave the last good site in place")
        return errors
    }

    @Test func anUnknownCardNameIsAnErrorThatSuggestsTheDeclaredOne() async throws {
        let errors = try await errors(changing: "content/symptoms/leg-swelling.md",
                                      to: page("title: Leg swelling\nsummary: A swollen leg.\ncare:\n  cards: [clot-in-lungs]"))
        #expect(errors == ["content/symptoms/leg-swelling.md:5:11: error: unknown care card 'clot-in-lungs'; did you mean 'clot-in-lung'? "
                           + "Shared cards are declared in salve.yaml under 'care_cards:' (clot-in-lung, clot-in-leg)"])
    }

    @Test func aCardListedTwiceIsAnError() async throws {
        let errors = try await errors(changing: "content/symptoms/leg-swelling.md",
                                      to: page("title: Leg swelling\nsummary: A swollen leg.\ncare:\n  cards:\n    - clot-in-lung\n    - clot-in-lung"))
        #expect(errors == ["content/symptoms/leg-swelling.md:7:7: error: the care card 'clot-in-lung' is listed twice; remove one"])
    }

    @Test func aCardAboutAPageThatDoesNotExistIsAnErrorInSettings() async throws {
        let errors = try await errors(changing: "salve.yaml", to: Self.cards.replacingOccurrences(of: "about: pulmonary-embolism", with: "about: pulmonary-embolis"))
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("salve.yaml:") == true)
        #expect(errors.first?.hasSuffix("error: care card 'clot-in-lung': 'about:' unknown page 'pulmonary-embolis'; did you mean 'pulmonary-embolism'?") == true)
    }

    @Test func aCardWithoutALevelTitleOrSignsIsAnError() async throws {
        let broken = TestSite.settings + """

            care_cards:
              clot-in-lung:
                level: emergncy
                about: pulmonary-embolism
            """
        let errors = try await errors(changing: "salve.yaml", to: broken)
        #expect(errors.contains { $0.contains("care card 'clot-in-lung': level 'emergncy' must be emergency, urgent or routine; did you mean 'emergency'?") })
        #expect(errors.contains { $0.contains("care card 'clot-in-lung' has no 'title:'") })
        #expect(errors.contains { $0.contains("care card 'clot-in-lung' has no 'items:'") })
    }

    @Test func aSynonymGroupOfOneIsAnError() async throws {
        let errors = try await errors(changing: "salve.yaml", to: Self.cards + "\nsearch_synonyms:\n  - [oedema, edema]\n  - [backache]\n")
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("salve.yaml:") == true && errors.first?.hasSuffix("error: a synonym group needs two or more words or phrases") == true)
    }

    @Test func anUnknownSettingInABodyIsAnErrorAtItsColumn() async throws {
        let errors = try await errors(changing: "content/symptoms/leg-swelling.md",
                                      to: page("title: Leg swelling\nsummary: A swollen leg.", body: "Call {{ site.emergency_numbr }} now."))
        #expect(errors == ["content/symptoms/leg-swelling.md:6:6: error: unknown setting '{{ site.emergency_numbr }}'; did you mean "
                           + "'site.emergency_number'? A page body can show {{ site.description }}, {{ site.emergency_number }}, "
                           + "{{ site.publisher }}, {{ site.title }} (to show braces as they are, put them in `code`)"])
    }
}

/// Readability counts real sentences only, as a reader meets them.
@Suite struct StrictReadabilityTests {
    @Test func headingsAndListItemsWithoutAFullStopRunOnIntoTheNextSentence() {
        // As the Markdown stage gives it: one block a line.
        let text = "What it feels like\nA dull ache in the calf.\nswelling\nwarm skin\nred skin\nThese signs need a doctor today.\n"
        let measure = Readability.measure(text)
        #expect(measure.words == 21)
        #expect(measure.sentences == 2, "the heading joins the first sentence, the three items the second")
        let eachLineASentence = Readability.measure("What it feels like.\nA dull ache in the calf.\nswelling.\nwarm skin.\nred skin.\nThese signs need a doctor today.\n")
        #expect(eachLineASentence.sentences == 6)
        #expect(measure.grade > eachLineASentence.grade)
    }

    @Test func smogCountsWordsOfThreeOrMoreSyllables() {
        let measure = Readability.measure("Physiotherapy is an important treatment. Walk each day.")
        #expect(measure.polysyllables == 2) // physiotherapy and important; treatment has two syllables
        #expect(measure.sentences == 2)
        #expect(abs(measure.smog - (1.043 * (2.0 * 30 / 2).squareRoot() + 3.1291)) < 0.001)
    }
}
