import Foundation
import Testing
@testable import SalveCore

/// Each kind of bad input: a compiler-style error with file and line, a failed build, and the last good
/// site left exactly as it was.
@Suite struct BuildErrorTests {
    /// Builds `linkedSite`, applies `change`, builds again, and returns the errors of the second build after
    /// checking that it failed and left `public/` untouched.
    func errorsAfter(_ change: (TestSite) throws -> Void) async throws -> [String] {
        let site = try TestSite(linkedSite)
        defer { site.delete() }
        try await site.buildOK()
        let before = site.outputSnapshot()
        try change(site)
        let errors = await site.buildErrors()
        #expect(!errors.isEmpty, "the build should have failed")
        #expect(site.outputSnapshot() == before, "a failed build must leave the last good site in place")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: site.root.path).filter { $0.contains("salve-staging") }
        #expect(leftovers.isEmpty, "no staging folder left behind: \(leftovers)")
        return errors
    }

    @Test func unknownFrontMatterKeySuggestsTheRightOne() async throws {
        let errors = try await errorsAfter { site in
            try site.write("content/symptoms/numbness.md", page("title: Numbness\nsummary: Loss of feeling.\nsymptom: [x]"))
        }
        #expect(errors == ["content/symptoms/numbness.md:4:1: error: unknown key 'symptom' in front matter; did you mean 'symptoms'?"])
    }

    @Test func unknownSlugInALinkListSuggestsTheClosest() async throws {
        let errors = try await errorsAfter { site in
            try site.write("content/conditions/herniated-disc.md", page("""
                title: Herniated disc
                summary: A spinal disc that bulges out.
                symptoms:
                  - numbnes
                """))
        }
        #expect(errors == ["content/conditions/herniated-disc.md:5:5: error: unknown symptom 'numbnes'; did you mean 'numbness'?"])
    }

    @Test func linkToAPageOfTheWrongKind() async throws {
        let errors = try await errorsAfter { site in
            try site.write("content/conditions/herniated-disc.md", page("title: Herniated disc\nsummary: A disc.\ntreatments: [mri-scan]"))
        }
        #expect(errors.count == 1)
        #expect(errors[0].hasPrefix("content/conditions/herniated-disc.md:4:14: error: 'mri-scan' is a test, not a treatment"))
    }

    @Test func malformedYAMLPointsAtTheLine() async throws {
        let errors = try await errorsAfter { site in
            try site.write("content/symptoms/numbness.md", "---\ntitle: Numbness\nsummary: Loss: of feeling: here\n---\nText\n")
        }
        #expect(errors.count == 1)
        #expect(errors[0].hasPrefix("content/symptoms/numbness.md:3:"))
        #expect(errors[0].contains("needs quotes"))
    }

    @Test func missingClosingFence() async throws {
        let errors = try await errorsAfter { site in
            try site.write("content/symptoms/numbness.md", "---\ntitle: Numbness\nsummary: Loss of feeling.\n\nText\n")
        }
        #expect(errors == ["content/symptoms/numbness.md:1:1: error: the front matter opened here is never closed; did you forget the closing '---'?"])
    }

    @Test func missingFrontMatterAndEmptyFile() async throws {
        let errors = try await errorsAfter { site in
            try site.write("content/symptoms/numbness.md", "")
            try site.write("content/symptoms/tingling.md", "# Tingling\n\nPins and needles.\n")
        }
        #expect(errors.count == 2)
        #expect(errors.allSatisfy { $0.contains(":1:1: error: the page has no front matter") })
    }

    @Test func missingRequiredKeysAndBadValues() async throws {
        let errors = try await errorsAfter { site in
            try site.write("content/symptoms/numbness.md", page("title: Numbness\nlast_reviewed: 2026-02-30\ndraft: maybe\naliases: {a: b}"))
        }
        #expect(errors.contains("content/symptoms/numbness.md:3:16: error: 'last_reviewed' must be a date written YYYY-MM-DD, like 2026-03-15"))
        #expect(errors.contains("content/symptoms/numbness.md:4:8: error: 'draft' must be true or false"))
        #expect(errors.contains("content/symptoms/numbness.md:5:10: error: 'aliases' must be a list (lines starting with '- ')"))
        #expect(errors.contains { $0.hasPrefix("content/symptoms/numbness.md:1:1: error: missing required key 'summary'") })
    }

    @Test func unknownWikiLinkAndRelativeLinkInTheBody() async throws {
        let errors = try await errorsAfter { site in
            try site.write("content/symptoms/numbness.md", page("title: Numbness\nsummary: Loss of feeling.",
                                                                body: "Intro.\n\nSee [[sciatca]] or [this](../conditions/sciatic.md)."))
        }
        #expect(errors == [
            "content/symptoms/numbness.md:8:5: error: unknown page 'sciatca' in [[sciatca]]; did you mean 'sciatica'?",
            "content/symptoms/numbness.md:8:20: error: link to '../conditions/sciatic.md': no page at content/conditions/sciatic.md; did you mean [[sciatica]]?",
        ])
    }

    @Test func duplicateSlugsAcrossKinds() async throws {
        let errors = try await errorsAfter { site in
            try site.write("content/treatments/numbness.md", page("title: Numbness cream\nsummary: A cream."))
        }
        #expect(errors == ["content/treatments/numbness.md:1:1: error: the slug 'numbness' is already used by content/symptoms/numbness.md; slugs must be unique across the site, so rename one file"])
    }

    @Test func badFileNamesAndFolders() async throws {
        let errors = try await errorsAfter { site in
            try site.write("content/condition/cramp.md", page("title: Cramp\nsummary: A cramp."))
            try site.write("content/conditions/Bakers Cyst.md", page("title: Baker's cyst\nsummary: A cyst."))
        }
        #expect(errors.contains("content/condition/cramp.md: error: unknown content folder 'condition'; did you mean 'conditions'?"))
        #expect(errors.contains("content/conditions/Bakers Cyst.md: error: 'Bakers Cyst' is not a valid slug: use lowercase letters, digits and single hyphens, like 'bakers-cyst'"))
    }

    @Test func templateNamingAMissingPartial() async throws {
        let errors = try await errorsAfter { site in
            try site.write("templates/page.mustache", "{{<layout}}{{$content}}\n  {{> partials/care-card}}{{/content}}{{/layout}}")
        }
        #expect(errors == ["templates/page.mustache:2:3: error: template 'page' uses partial 'partials/care-card', which does not exist; did you mean 'partials/care-cards'?"])
    }

    @Test func templateSyntaxError() async throws {
        let errors = try await errorsAfter { site in
            try site.write("templates/list.mustache", "<h1>{{title}}</h1>\n{{#groups}}\n<p>never closed</p>\n")
        }
        #expect(errors.count == 1)
        #expect(errors[0].hasPrefix("templates/list.mustache:"))
        #expect(errors[0].contains("template syntax error"))
    }

    @Test func badSettings() async throws {
        let errors = try await errorsAfter { site in
            try site.write("salve.yaml", "title: Test\nbase_url: example.org\nemergency_numbr: '999'\n")
        }
        #expect(errors.contains("salve.yaml:3:1: error: unknown key 'emergency_numbr' in salve.yaml; did you mean 'emergency_number'?"))
        #expect(errors.contains { $0.contains("missing 'emergency_number:'") })
        #expect(errors.contains { $0.contains("'base_url' must start with https://") })
    }

    @Test func everyErrorOfABuildIsReportedAtOnce() async throws {
        let errors = try await errorsAfter { site in
            try site.write("content/symptoms/numbness.md", page("title: Numbness\nsummary: x\nsymptom: []", body: "[[nope]]"))
            try site.write("content/tests/mri-scan.md", page("title: MRI\nsummary: x\nrelated: [nothing-here]"))
            try site.write("content/treatments/stretching.md", "no front matter")
        }
        #expect(errors.count == 4)
        #expect(errors == errors.sorted(), "sorted by file and line")
    }

    @Test func oversizedAndNonUTF8FilesAreRefused() async throws {
        let errors = try await errorsAfter { site in
            let huge = page("title: Huge\nsummary: x", body: String(repeating: "word ", count: 500_000))
            try site.write("content/symptoms/huge.md", huge)
            try Data([0x2D, 0x2D, 0x2D, 0x0A, 0xFF, 0xFE, 0x0A]).write(to: site.root.appendingPathComponent("content/symptoms/latin.md"))
        }
        #expect(errors.contains("content/symptoms/huge.md: error: this file is 2.5 MB; pages must be under 2 MB"))
        #expect(errors.contains("content/symptoms/latin.md: error: this file is not UTF-8 text; save it as UTF-8"))
    }

    @Test func noSettingsFile() async throws {
        let site = try TestSite([:])
        defer { site.delete() }
        try site.remove("salve.yaml")
        let errors = await site.buildErrors()
        #expect(errors.count == 1)
        #expect(errors[0].hasPrefix("salve.yaml: error: no readable salve.yaml"))
    }
}
