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

    /// The pages issue 3 asks for, by exact slug.
    static let requiredSlugs: [PageKind: [String]] = [
        .condition: ["hamstring-strain", "calf-strain", "delayed-onset-muscle-soreness", "muscle-cramps", "overuse-injury",
                     "hamstring-tendinopathy", "achilles-tendinopathy", "achilles-tendon-rupture", "bakers-cyst", "sciatica",
                     "piriformis-syndrome", "herniated-disc", "lumbar-spinal-stenosis", "peripheral-neuropathy", "meralgia-paresthetica",
                     "tarsal-tunnel-syndrome", "deep-vein-thrombosis", "pulmonary-embolism", "peripheral-artery-disease",
                     "chronic-venous-insufficiency", "varicose-veins", "compartment-syndrome", "stress-fracture", "arthritis",
                     "growing-pains", "fibromyalgia", "multiple-sclerosis", "polymyalgia-rheumatica", "cellulitis",
                     "restless-legs-syndrome", "muscle-imbalance"],
        .symptom: ["back-of-thigh-pain", "pain-behind-knee", "calf-pain", "back-of-ankle-pain", "leg-pain-when-walking",
                   "leg-pain-at-night", "shooting-leg-pain", "numbness", "tingling", "burning-pain", "leg-swelling", "red-warm-skin",
                   "leg-weakness", "muscle-stiffness", "muscle-spasms", "bruising", "cold-pale-leg", "lower-back-pain"],
        .treatment: ["rice", "stretching", "strengthening-exercises", "physical-therapy", "pain-relievers", "muscle-relaxants",
                     "heat-and-cold-therapy", "corticosteroid-injections", "anticoagulants", "compression-stockings",
                     "supervised-walking-program", "quitting-smoking", "weight-management", "supportive-footwear", "spine-surgery",
                     "revascularization", "fasciotomy"],
        .test: ["physical-examination", "x-ray", "mri-scan", "ct-scan", "doppler-ultrasound", "blood-tests", "nerve-conduction-studies"],
        .riskFactor: ["prolonged-immobility", "smoking", "obesity", "diabetes", "sedentary-lifestyle", "overtraining", "poor-posture",
                      "unsupportive-footwear", "dehydration", "pregnancy"],
        .page: ["about", "disclaimer"],
    ]
    static let bodyAreas: Set<String> = ["back-of-thigh", "behind-knee", "calf", "back-of-ankle", "lower-back-and-buttock",
                                         "outer-thigh", "foot", "whole-leg"]

    @Test func slugListIsComplete() async throws {
        let pages = try await Self.pages()
        for (kind, slugs) in Self.requiredSlugs {
            let have = Set(pages.filter { $0.kind == kind }.map(\.slug))
            #expect(Set(slugs).subtracting(have).isEmpty, "missing \(kind.plural.lowercased()): \(Set(slugs).subtracting(have).sorted())")
        }
        #expect(pages.contains { $0.isHome && $0.frontMatter.title == "Why does the back of my leg hurt?" })
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
            #expect(page.frontMatter.lastReviewed != nil, "\(page.path) has no last_reviewed")
            #expect(!page.frontMatter.sources.isEmpty, "\(page.path) names no source")
            #expect(page.frontMatter.reviewedBy == nil, "\(page.path) claims a clinical review that did not happen")
        }
    }

    /// Conditions where delay can cost a limb or a life must say exactly when to get help at once.
    static let emergencyConditions = ["deep-vein-thrombosis", "pulmonary-embolism", "compartment-syndrome", "achilles-tendon-rupture",
                                      "cellulitis", "peripheral-artery-disease", "sciatica", "herniated-disc", "lumbar-spinal-stenosis"]

    @Test func emergencyConditionsHaveCareCards() async throws {
        let bySlug = Dictionary(uniqueKeysWithValues: try await Self.pages().map { ($0.slug, $0) })
        for slug in Self.emergencyConditions {
            guard let page = bySlug[slug] else { continue } // required to exist by slugListIsComplete
            let care = page.frontMatter.care
            #expect(!care.emergency.isEmpty || !care.urgent.isEmpty, "\(page.path) needs an emergency or urgent care card")
            #expect(care.emergency.count <= 5 && care.urgent.count <= 6 && care.routine.count <= 5, "\(page.path): too many bullets in a card")
        }
    }

    @Test func everyPageReadsAtGradeNineOrBelow() async throws {
        let report = await ReadabilityReport.make(site: Self.repository)
        #expect(report.entries.count > 10)
        for entry in report.entries {
            #expect(entry.measure.grade <= 9, "\(entry.path) reads at grade \(entry.measure.grade); use shorter sentences and words")
        }
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

    /// What the copy check reads of a page. Titles are left out: they are short names and questions (issue 3
    /// sets the home page's title, "Why does the back of my leg hurt?", which a seed also uses); the rule is
    /// about sentences.
    static func checkedText(_ page: SourcePage) -> String {
        let matter = page.frontMatter
        return ([matter.summary, page.body] + matter.care.emergency + matter.care.urgent + matter.care.routine)
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

    /// A real seed run, known without the seed: the home page's title is a question a seed asks word for word.
    /// Put in a page's body as a sentence, the check must catch exactly it.
    @Test func theCopyCheckFindsACopiedSentence() async throws {
        let seeds = try Self.fingerprints().hashes
        let home = try #require(try await Self.pages().first(where: \.isHome))
        let file = try #require(await SiteBuilder.readInput(Self.repository).content.first { $0.path.hasSuffix("/hamstring-strain.md") })
        var diagnostics: [Diagnostic] = []
        let page = try #require(SourcePage.parse(path: file.path, text: file.text, diagnostics: &diagnostics))
        #expect(Self.copiedRuns(in: Self.checkedText(page), seeds: seeds).isEmpty)
        let copied = try #require(SourcePage.parse(path: file.path, text: file.text + "\n\(home.frontMatter.title) Often a pulled muscle.\n",
                                                   diagnostics: &diagnostics))
        #expect(Self.copiedRuns(in: Self.checkedText(copied), seeds: seeds) == ["why does the back of my leg hurt"])
    }
}
