import Foundation
import Testing
@testable import SalveCore

/// The bundled knowledge base in content/: it builds cleanly, is linked as a patient would need, reads
/// plainly, and copies no sentence from the seed articles it was written from.
@Suite struct BundledContentTests {
    static let repository = ThemeTests.repository
    /// Hashes of the seed articles' 8-word runs, made by Scripts/seed-fingerprints.py: the articles themselves
    /// may not be redistributed, so a clone has only these.
    static let fingerprintFile = repository.appendingPathComponent("Tests/Fixtures/seed-fingerprints.txt")

    static func pages() async throws -> [SourcePage] {
        let input = await SiteBuilder.readInput(repository)
        var diagnostics: [Diagnostic] = []
        let pages = input.content.compactMap { SourcePage.parse(path: $0.path, text: $0.text, diagnostics: &diagnostics) }
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        return pages
    }

    /// The pages issues 3 and 10 ask for, by exact slug.
    static let requiredSlugs: [PageKind: [String]] = [
        .condition: ["hamstring-strain", "calf-strain", "delayed-onset-muscle-soreness", "muscle-cramps", "overuse-injury",
                     "hamstring-tendinopathy", "achilles-tendinopathy", "achilles-tendon-rupture", "bakers-cyst", "sciatica",
                     "piriformis-syndrome", "herniated-disc", "lumbar-spinal-stenosis", "peripheral-neuropathy", "meralgia-paresthetica",
                     "tarsal-tunnel-syndrome", "deep-vein-thrombosis", "pulmonary-embolism", "peripheral-artery-disease",
                     "chronic-venous-insufficiency", "varicose-veins", "compartment-syndrome", "stress-fracture", "arthritis",
                     "growing-pains", "fibromyalgia", "multiple-sclerosis", "polymyalgia-rheumatica", "cellulitis",
                     "restless-legs-syndrome", "muscle-imbalance",
                     "cauda-equina-syndrome", "giant-cell-arteritis", "sprain", "broken-leg"],
        .symptom: ["back-of-thigh-pain", "pain-behind-knee", "calf-pain", "back-of-ankle-pain", "leg-pain-when-walking",
                   "leg-pain-at-night", "shooting-leg-pain", "numbness", "tingling", "burning-pain", "leg-swelling", "red-warm-skin",
                   "leg-weakness", "muscle-stiffness", "muscle-spasms", "bruising", "cold-pale-leg", "lower-back-pain",
                   "shortness-of-breath", "chest-pain", "leg-ulcer", "difficulty-walking", "skin-colour-changes"],
        .treatment: ["rice", "stretching", "strengthening-exercises", "physical-therapy", "pain-relievers", "muscle-relaxants",
                     "heat-and-cold-therapy", "corticosteroid-injections", "anticoagulants", "compression-stockings",
                     "supervised-walking-program", "quitting-smoking", "weight-management", "supportive-footwear", "spine-surgery",
                     "revascularization", "fasciotomy",
                     "antibiotics", "steroid-tablets", "nerve-pain-medicines", "walking-boot-or-cast", "tendon-repair-surgery",
                     "statins-and-antiplatelets", "blood-clot-prevention", "vein-treatments"],
        .test: ["physical-examination", "x-ray", "mri-scan", "ct-scan", "doppler-ultrasound", "blood-tests", "nerve-conduction-studies",
                "ultrasound-scan", "ankle-brachial-pressure-index", "d-dimer-blood-test", "electromyography"],
        .riskFactor: ["prolonged-immobility", "smoking", "obesity", "diabetes", "sedentary-lifestyle", "overtraining", "poor-posture",
                      "unsupportive-footwear", "dehydration", "pregnancy",
                      "recent-surgery-or-hospital-stay", "family-history", "certain-medicines", "older-age",
                      "high-blood-pressure-and-cholesterol", "previous-injury"],
        .page: ["about", "disclaimer"],
    ]
    static let bodyAreas: Set<String> = ["back-of-thigh", "behind-knee", "calf", "back-of-ankle", "lower-back-and-buttock",
                                         "outer-thigh", "foot", "whole-leg"]

    /// Exactly the pages asked for, no more and no fewer, so a page cannot go missing or appear unreviewed.
    @Test func slugListIsComplete() async throws {
        let pages = try await Self.pages()
        for (kind, slugs) in Self.requiredSlugs {
            let have = Set(pages.filter { $0.kind == kind && !$0.isHome }.map(\.slug))
            #expect(have == Set(slugs), "\(kind.plural.lowercased()): missing \(Set(slugs).subtracting(have).sorted()), unexpected \(have.subtracting(slugs).sorted())")
        }
        #expect(pages.contains { $0.isHome })
        let areas = Set(pages.flatMap { $0.frontMatter.bodyAreas.map(\.value) })
        #expect(areas == Self.bodyAreas, "body areas used: \(areas.sorted())")
    }

    @Test func buildsWithNoErrorsAndShowsEveryLinkBothWays() async throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("salve-bundled-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let summary = try await SiteBuilder.build(BuildOptions(siteDirectory: Self.repository, outputDirectory: output))
        #expect(summary.warnings.isEmpty, "\(summary.warnings)")
        for page in try await Self.pages() where !page.isHome {
            let html = try String(contentsOf: output.appendingPathComponent(page.urlPath).appendingPathComponent("index.html"), encoding: .utf8)
            for (_, targets) in page.frontMatter.links {
                for target in targets {
                    let targetPage = try #require(Self.requiredSlugs.first { $0.value.contains(target.value) }.map { $0.key })
                    let targetURL = "/\(targetPage.folder)/\(target.value)/"
                    #expect(html.contains("href=\"\(targetURL)\""), "\(page.path) does not show its link to \(target.value)")
                    let back = try String(contentsOf: output.appendingPathComponent(targetURL).appendingPathComponent("index.html"), encoding: .utf8)
                    #expect(back.contains("href=\"\(page.urlPath)\""), "\(targetURL) does not link back to \(page.urlPath)")
                }
            }
        }
    }

    @Test func everyConditionNamesSymptomsATreatmentAndATest() async throws {
        for page in try await Self.pages() where page.kind == .condition {
            let links = page.frontMatter.links
            #expect((links[.symptoms]?.count ?? 0) >= 2, "\(page.path) needs at least 2 symptoms")
            #expect((links[.treatments]?.count ?? 0) >= 1, "\(page.path) needs a treatment")
            #expect((links[.tests]?.count ?? 0) >= 1, "\(page.path) needs a test")
            #expect(!page.frontMatter.aliases.isEmpty, "\(page.path) needs the lay names people search with")
            #expect(!page.frontMatter.bodyAreas.isEmpty, "\(page.path) needs body areas")
        }
    }

    @Test func noPageIsAnOrphan() async throws {
        let pages = try await Self.pages()
        var named: Set<String> = []
        for page in pages where page.kind == .condition {
            for list in page.frontMatter.links.values { named.formUnion(list.map(\.value)) }
        }
        for page in pages where [.symptom, .treatment, .test, .riskFactor].contains(page.kind) {
            #expect(named.contains(page.slug), "no condition names \(page.path)")
        }
    }

    @Test func everyHealthPageIsDatedSourcedAndHonestAboutReview() async throws {
        for page in try await Self.pages() where page.kind != .page && !page.isHome {
            let sources = page.frontMatter.sources
            #expect(page.frontMatter.lastReviewed != nil, "\(page.path) has no last_reviewed")
            #expect(sources.contains { $0.url != nil }, "\(page.path) cites no source with an address readers can check")
            #expect(sources.allSatisfy { $0.publisher != nil }, "\(page.path): every source names its publisher")
            #expect(page.frontMatter.reviewedBy == nil, "\(page.path) claims a clinical review that did not happen")
        }
    }

    /// The `##` headings each kind of page uses, in order (docs/writing-content.md), and the body words allowed.
    static let layouts: [PageKind: (headings: [String], endings: [String], words: ClosedRange<Int>)] = [
        .condition: (["What it is", "How it feels", "Causes and who gets it", "How it is diagnosed", "How it is treated",
                      "Things you can do"], ["How to lower your risk", "What to expect"], 300...700),
        .symptom: (["What it feels like", "Common causes", "Serious causes", "Things you can do"], [], 200...500),
        .treatment: (["What it is", "Before you start", "What happens", "Risks and side effects", "Afterwards"], [], 150...450),
        .test: (["What it is", "Before the test", "What happens", "Risks and side effects", "Afterwards"], [], 150...450),
        .riskFactor: (["Why it matters", "What helps"], [], 150...400),
    ]

    /// Every page's rendered body, as the build makes it.
    static func bodies() async throws -> [(page: SourcePage, body: RenderedBody)] {
        let pages = try await pages()
        let settings = try SiteSettings.parse(yaml: String(contentsOf: repository.appendingPathComponent("salve.yaml"), encoding: .utf8),
                                              file: "salve.yaml").get()
        var options = Markdown.Options()
        options.siteValues = settings.markdownValues
        let resolver = LinkResolver(pages: pages)
        return pages.map { page in
            var ignored: [Diagnostic] = []
            return (page, Markdown.render(page.body, path: page.path, resolver: resolver, options: options, diagnostics: &ignored))
        }
    }

    @Test func everyPageOfAKindHasItsHeadingsInOrderAndItsLength() async throws {
        for (page, body) in try await Self.bodies() {
            guard let layout = Self.layouts[page.kind] else { continue }
            let headings = body.headings.filter { $0.level == 2 }.map(\.text)
            var rest = headings[...]
            for wanted in layout.headings {
                guard let found = rest.firstIndex(of: wanted) else {
                    Issue.record("\(page.path) has no '## \(wanted)' after the headings before it: \(headings)")
                    break
                }
                rest = rest[(found + 1)...]
            }
            if !layout.endings.isEmpty {
                #expect(headings.contains(where: layout.endings.contains), "\(page.path) needs one of \(layout.endings)")
            }
            let words = Readability.measure(body.plainText).words
            #expect(layout.words.contains(words), "\(page.path) has \(words) words of body; a \(page.kind.singular.lowercased()) page needs \(layout.words)")
        }
    }

    /// Where the review found missing or mis-triaged emergencies (issue 10: C1–C6, M7–M12): each page carries the card.
    static let requiredCards: [String: [String]] = [
        "index": ["cauda-equina", "clot-in-lung", "blocked-leg-artery"],
        "compartment-syndrome": ["compartment-pressure"],                                         // C1
        "sciatica": ["cauda-equina"], "herniated-disc": ["cauda-equina"], "lumbar-spinal-stenosis": ["cauda-equina"],
        "piriformis-syndrome": ["cauda-equina"], "shooting-leg-pain": ["cauda-equina"],              // C2
        "numbness": ["cauda-equina", "spreading-weakness"],                                       // C2, C6
        "leg-weakness": ["cauda-equina", "spreading-weakness"],                                   // C2, C3
        "anticoagulants": ["bleeding-on-blood-thinners"],                                         // C5
        "tingling": ["stroke", "cauda-equina", "spreading-weakness"],                             // C6
        "peripheral-neuropathy": ["spreading-weakness"],                                          // C6
        "chest-pain": ["heart-attack", "clot-in-lung"], "shortness-of-breath": ["clot-in-lung"],
        "leg-swelling": ["clot-in-lung", "clot-in-leg"],                                          // M7
        "calf-pain": ["clot-in-lung", "clot-in-leg", "blocked-leg-artery"],                       // M8
        "back-of-thigh-pain": ["cauda-equina", "clot-in-leg"],                                    // M9
        "pain-behind-knee": ["clot-in-lung", "clot-in-leg"],                                      // M10
        "muscle-cramps": ["clot-in-leg"],                                                         // M11
        "lower-back-pain": ["cauda-equina", "back-pain-red-flags"],                               // M12
        "deep-vein-thrombosis": ["clot-in-lung"], "pulmonary-embolism": ["clot-in-lung"], "cellulitis": ["sepsis"],
        "peripheral-artery-disease": ["blocked-leg-artery"], "cold-pale-leg": ["blocked-leg-artery"],
        "achilles-tendon-rupture": ["torn-achilles"], "back-of-ankle-pain": ["torn-achilles"],
        "polymyalgia-rheumatica": ["giant-cell-arteritis-sight", "giant-cell-arteritis"], "broken-leg": ["compartment-pressure"],
        "pregnancy": ["pre-eclampsia", "clot-in-lung"],
    ]

    @Test func pagesWhereAnEmergencyCanHideCarryItsCard() async throws {
        let pages = try await Self.pages()
        for (slug, cards) in Self.requiredCards {
            let page = try #require(pages.first { slug == "index" ? $0.isHome : $0.slug == slug }, "no page \(slug)")
            let used = Set(page.frontMatter.care.cards.map(\.value))
            #expect(used.isSuperset(of: cards), "\(page.path) needs the shared cards \(Set(cards).subtracting(used).sorted())")
        }
        let compartment = try #require(pages.first { $0.slug == "compartment-syndrome" })
        #expect(!(compartment.frontMatter.links[.treatments] ?? []).contains { $0.value == "rice" }, "C1: RICE harms in compartment syndrome")
        // C6: tingling or numbness spreading up both legs is an emergency of its own (Guillain-Barré syndrome).
        let settings = try SiteSettings.parse(yaml: String(contentsOf: Self.repository.appendingPathComponent("salve.yaml"), encoding: .utf8),
                                              file: "salve.yaml").get()
        let spreading = try #require(settings.careCard(named: "spreading-weakness"))
        #expect(spreading.level == .emergency && spreading.items.contains { $0.contains("spreading up both legs") }, "C6")
        // C2: the early bladder sign, not only the late one.
        let caudaEquina = try #require(settings.careCard(named: "cauda-equina"))
        #expect(caudaEquina.level == .emergency && caudaEquina.items.contains { $0.contains("hard to start") }, "C2")
        // C4: the bleeding risk of anti-inflammatory painkillers with a blood thinner, on both medicine pages.
        for slug in ["pain-relievers", "anticoagulants"] {
            let body = try #require(pages.first { $0.slug == slug }).body.lowercased()
            #expect(body.contains("ibuprofen") && body.contains("aspirin") && body.contains("blood thinner"), "\(slug): C4")
        }
    }

    /// The conditions symptom and body-area pages put first, under "Causes that need medical help quickly": exactly
    /// these, so that a change to a card's `about:` or a page's `urgency:` is a decision someone made on purpose.
    /// Broken leg (go to A&E) and cellulitis (an urgent GP appointment) say so themselves; the rest follow from the
    /// shared cards about them.
    @Test func theConditionsThatNeedQuickHelpAreTheSevereOnes() async throws {
        let pages = try await Self.pages()
        let settings = try SiteSettings.parse(yaml: String(contentsOf: Self.repository.appendingPathComponent("salve.yaml"), encoding: .utf8),
                                              file: "salve.yaml").get()
        let quick = Dictionary(uniqueKeysWithValues: pages.compactMap { page in
            Card.urgency(of: page, settings: settings).map { (page.slug, $0) }
        })
        #expect(quick == [
            "cauda-equina-syndrome": .emergency, "pulmonary-embolism": .emergency, "compartment-syndrome": .emergency,
            "giant-cell-arteritis": .emergency, "broken-leg": .emergency,
            "deep-vein-thrombosis": .urgent, "achilles-tendon-rupture": .urgent, "cellulitis": .urgent,
        ])
    }

    /// Cards are short, and an emergency bullet never needs two signs at once when either alone is the warning
    /// (C3: "both legs feel weak and you cannot control when you pee"). Urgent and routine bullets may join a
    /// person to a sign ("you have diabetes and your feet burn"); those are left to review.
    @Test func everyCardIsShortAndHasOneSignABullet() async throws {
        let pages = try await Self.pages()
        let settings = try SiteSettings.parse(yaml: String(contentsOf: Self.repository.appendingPathComponent("salve.yaml"), encoding: .utf8),
                                              file: "salve.yaml").get()
        var cards: [(String, CareLevel, [String])] = settings.careCards.map { ("salve.yaml card \($0.name)", $0.level, $0.items) }
        for page in pages {
            for level in CareLevel.allCases where !page.frontMatter.care.items(level).isEmpty {
                cards.append((page.path, level, page.frontMatter.care.items(level)))
            }
        }
        // On a phone a box of many groups hides the sign that matters: at most 3 shared cards a level on a page.
        for page in pages {
            let shared = page.frontMatter.care.cards.compactMap { settings.careCard(named: $0.value) }
            for level in CareLevel.allCases {
                #expect(shared.filter { $0.level == level }.count <= 3, "\(page.path): more than 3 shared \(level) cards; write the rarer signs as the page's own bullets")
            }
        }
        for (place, level, items) in cards {
            #expect(items.count <= (level == .urgent ? 6 : 5), "\(place): \(items.count) \(level) bullets")
            for item in items {
                if level == .emergency {
                    #expect(!item.contains(" and you ") && !item.contains(" and your "), "\(place): one sign per bullet: \"\(item)\"")
                }
                #expect(item.first?.isLowercase == true || item.first?.isNumber == true, "\(place): a bullet finishes the card's sentence: \"\(item)\"")
                #expect(!item.hasSuffix("."), "\(place): \"\(item)\"")
            }
        }
    }

    /// The number comes from salve.yaml (M16): a site in another country changes one setting.
    @Test func noEmergencyNumberIsTypedIntoAPage() async throws {
        for page in try await Self.pages() {
            let matter = page.frontMatter
            let text = ([matter.title, matter.summary, String(page.body)] + matter.care.emergency + matter.care.urgent + matter.care.routine)
                .joined(separator: "\n")
            let numbers = Set(text.split(whereSeparator: { !$0.isNumber }).map(String.init))
            #expect(numbers.isDisjoint(with: ["999", "911", "112", "111"]), "\(page.path) types an emergency number; write {{ site.emergency_number }}")
        }
    }

    /// A dose on a page is one a reader may take without a prescriber or a leaflet: never give one.
    static func dose(in text: String) -> String? {
        let pattern = #"\b\d+(\.\d+)?\s?(mg|milligrams?|micrograms?|mcg|ml|millilitres?|units?|tablets?|capsules?|puffs?)\b"#
        return text.range(of: pattern, options: [.regularExpression, .caseInsensitive]).map { String(text[$0]) }
    }

    @Test func noPageGivesAMedicineDose() async throws {
        #expect(Self.dose(in: "Take 400 mg three times a day.") == "400 mg")
        #expect(Self.dose(in: "Take 2 tablets at night.") == "2 tablets")
        #expect(Self.dose(in: "Hold it on for up to 20 minutes, 3 times a day.") == nil)
        for page in try await Self.pages() {
            let matter = page.frontMatter
            let text = ([matter.title, matter.summary, String(page.body)] + matter.care.emergency + matter.care.urgent + matter.care.routine)
                .joined(separator: "\n")
            #expect(Self.dose(in: text) == nil, "\(page.path) gives a dose: \(Self.dose(in: text) ?? "")")
        }
    }

    @Test func everyPageReadsAtGradeEightOrBelowByRealSentences() async throws {
        let report = await ReadabilityReport.make(site: Self.repository)
        #expect(report.entries.count > 100)
        for entry in report.entries {
            #expect(entry.measure.grade <= 8, "\(entry.path) reads at grade \(entry.measure.grade); use shorter sentences and words")
            #expect(entry.summary.grade <= 8, "\(entry.path): the summary reads at grade \(entry.summary.grade)")
        }
        #expect(report.meanGrade <= 6.5, "mean grade \(report.meanGrade)")
    }

    /// The grade limit above means something only if the measure tells hard text from plain: the same advice
    /// in short words and sentences, and in a clinician's long ones.
    @Test func theGradeTellsHardTextFromPlain() {
        let plain = """
            Your calf hurts after a long walk. Rest it for a day or two. Hold ice on it for ten minutes at a time.
            Walk a little more each day as the pain eases. See a doctor at once if your leg turns red, hot or swollen.
            """
        let hard = """
            Intermittent claudication, characteristically precipitated by ambulation and alleviated by rest, constitutes \
            the cardinal manifestation of peripheral arterial insufficiency, reflecting inadequate perfusion of the \
            musculature of the lower extremity during periods of increased metabolic demand. Persistent or progressive \
            symptomatology necessitates expeditious evaluation.
            """
        let plainGrade = Readability.measure(plain).grade, hardGrade = Readability.measure(hard).grade
        #expect(plainGrade <= 9, "plain text reads at grade \(plainGrade)")
        #expect(hardGrade > 9 && hardGrade > plainGrade + 2, "hard \(hardGrade), plain \(plainGrade)")
    }

    /// Normalised words: lowercase letters and digits, apostrophes dropped. Scripts/seed-fingerprints.py
    /// splits the seeds the same way; change both together.
    static func words(_ text: String) -> [String] {
        text.lowercased().replacingOccurrences(of: "’", with: "").replacingOccurrences(of: "'", with: "")
            .split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
    }

    static let runLength = 8

    /// FNV-1a 64 of the words joined by single spaces (UTF-8): the hash the fingerprint file holds, simple to
    /// write alike in Swift and Python (Foundation has no SHA-256 on Linux). A false match would need a 64-bit
    /// collision: about one chance in 10^10 for the whole site.
    static func fingerprint(_ run: ArraySlice<String>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in run.joined(separator: " ").utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return hash
    }

    /// The fingerprint file: its hashes, and the check line's hash and sentence.
    struct Fingerprints {
        var hashes: Set<UInt64> = []
        var check: (hash: UInt64, sentence: String)?

        init(_ text: String) throws {
            for line in text.split(separator: "\n") {
                if line.hasPrefix("# check: ") {
                    let rest = line.dropFirst("# check: ".count)
                    let hash = try #require(UInt64(rest.prefix(16), radix: 16), "bad check line: \(line)")
                    check = (hash, String(rest.dropFirst(17)))
                } else if !line.hasPrefix("#") {
                    let hash = try #require(line.count == 16 ? UInt64(line, radix: 16) : nil, "not a 16-digit hex hash: \(line)")
                    hashes.insert(hash)
                }
            }
        }
    }

    static func fingerprints() throws -> Fingerprints {
        try Fingerprints(String(contentsOf: fingerprintFile, encoding: .utf8))
    }

    /// Every 8-word run of `text` whose fingerprint is a seed's, as its words joined by spaces.
    static func copiedRuns(in text: String, seeds: Set<UInt64>) -> [String] {
        let words = Self.words(text)
        guard words.count >= runLength else { return [] }
        return (0...(words.count - runLength)).map { words[$0..<$0 + runLength] }
            .filter { seeds.contains(fingerprint($0)) }.map { $0.joined(separator: " ") }
    }

    /// What the copy check reads of a page: everything readers see that we wrote, titles too. Source titles are
    /// left out: they name the articles cited, as they must.
    static func checkedText(_ page: SourcePage) -> String {
        let matter = page.frontMatter
        return ([matter.title, matter.summary, String(page.body)] + matter.aliases + matter.care.emergency + matter.care.urgent + matter.care.routine)
            .joined(separator: " \n ")
    }

    /// The file is there, whole, and hashes as this test does: an empty, truncated or mis-made file fails here.
    @Test func seedFingerprintsArePlausible() throws {
        let fingerprints = try Self.fingerprints()
        // 5 seed articles of about 12,000 words give about 12,000 runs.
        #expect(fingerprints.hashes.count > 10_000, "only \(fingerprints.hashes.count) fingerprints in \(Self.fingerprintFile.path)")
        let check = try #require(fingerprints.check, "no check line in \(Self.fingerprintFile.path)")
        let words = Self.words(check.sentence)
        #expect(words.count >= Self.runLength)
        #expect(Self.fingerprint(words.prefix(Self.runLength)) == check.hash,
                "the script and this test split or hash \"\(check.sentence)\" differently")
    }

    @Test func noRunOfEightWordsIsCopiedFromASeed() async throws {
        let seeds = try Self.fingerprints().hashes
        #expect(!seeds.isEmpty)
        for page in try await Self.pages() {
            for run in Self.copiedRuns(in: Self.checkedText(page), seeds: seeds) {
                Issue.record("\(page.path) copies a seed: \"\(run)\"")
            }
        }
    }

    /// A real seed run, known without the seed: one seed's headline asks "Why does the back of my leg hurt?" word
    /// for word (the first edition's home page used it as its title). Put in a page's body, the check must catch it.
    @Test func theCopyCheckFindsACopiedSentence() async throws {
        let seeds = try Self.fingerprints().hashes
        let file = try #require(await SiteBuilder.readInput(Self.repository).content.first { $0.path.hasSuffix("/hamstring-strain.md") })
        var diagnostics: [Diagnostic] = []
        let page = try #require(SourcePage.parse(path: file.path, text: file.text, diagnostics: &diagnostics))
        #expect(Self.copiedRuns(in: Self.checkedText(page), seeds: seeds).isEmpty)
        let copied = try #require(SourcePage.parse(path: file.path, text: file.text + "\nWhy does the back of my leg hurt? Often a pulled muscle.\n",
                                                   diagnostics: &diagnostics))
        #expect(Self.copiedRuns(in: Self.checkedText(copied), seeds: seeds) == ["why does the back of my leg hurt"])
    }
}
