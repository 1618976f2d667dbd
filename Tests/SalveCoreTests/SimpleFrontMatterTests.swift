import Foundation
import Testing
@testable import SalveCore

/// Front matter written the plain way is read without Yams; whatever it reads must come out exactly as Yams
/// reads it, down to the line and column of every slug, and whatever it cannot read exactly goes to Yams.
@Suite struct SimpleFrontMatterTests {
    /// Both readers on `yaml`: the simple one's value (nil when it leaves the page to Yams) and Yams'.
    static func both(_ yaml: String) -> (simple: FrontMatter?, yams: FrontMatter?) {
        var diagnostics: [Diagnostic] = []
        return (SimpleFrontMatter.parse(yaml, lineOffset: 1), FrontMatter.parseWithYams(yaml: yaml, file: "page.md", diagnostics: &diagnostics))
    }

    @Test func everyBundledPageReadsTheSameBothWays() async throws {
        let input = await SiteBuilder.readInput(ThemeTests.repository)
        var simple = 0
        for file in input.content {
            let yaml = try FrontMatter.split(file.text, file: file.path).get().yaml
            let (fast, yams) = Self.both(yaml)
            if let fast {
                simple += 1
                #expect(fast == yams, "\(file.path)")
            }
        }
        // Quoted titles with colons and the like go to Yams; most pages do not need it.
        #expect(simple * 10 >= input.content.count * 8, "only \(simple) of \(input.content.count) pages read the simple way")
    }

    static let plainCases = [
        "title: Calf pain\nsummary: Pain in the calf, at the back of the lower leg.\n",
        "title: Ménière’s disease\nsummary: Dizzy spells.\naliases: [Ménière, vertigo  ,  spinning]\nsymptoms: [dizziness]\n",
        "title: A\nsummary: B\nsymptoms:\n  - calf-pain\n  -   numbness\nrelated:\n- sciatica\n- é-thing\n",
        "title: A\nsummary: B\naliases: one alias only\ntreatments: []\nbody_areas:\n",
        "title: A\nsummary: B\ncare:\n  cards: [clot-in-leg, x]\n  urgent:\n    - one\n    - two, with a comma\n  routine:\n  - three\nurgency: urgent\n",
        "title: A\nsummary: B\nsources:\n  - title: \"Sciatica: the condition\"\n    publisher: NICE, UK\n    url: https://www.nice.org.uk/a?b=1&c=2#d\n  - title: 'Other'\n    url: http://example.org/\n",
        "title: \"  Spaced  \"\nsummary: B   \nlast_reviewed: 2026-11-29\nnext_review: 2027-11-29\nreviewed_by: Dr A. Jones, GP\ndraft: true\n",
        "# a comment\ntitle: A\n\nsummary: B\n  # an indented comment\ndraft: false\n",
    ]

    @Test(arguments: plainCases)
    func plainFrontMatterIsReadWithoutYamsAndTheSame(_ yaml: String) throws {
        let (fast, yams) = Self.both(yaml)
        let simple = try #require(fast, "the simple reader left this to Yams")
        #expect(simple == yams)
    }

    @Test func aKeyWithNothingAfterItIsAnEmptyListBothWays() {
        let (fast, yams) = Self.both("title: A\nsummary: B\naliases:\nsymptoms:\nrelated: []\n")
        #expect(yams?.aliases == [] && yams?.links[.symptoms] == [] && yams?.links[.related] == [])
        #expect(fast == yams)
    }

    /// Text the simple reader must leave to Yams: YAML it would read differently, and pages with errors.
    static let yamsCases = [
        "title: A\nsummary: B that runs\n  onto a second line\n",
        "title: A # a comment\nsummary: B\n",
        "title: A\nsummary: B\ndraft: yes\n",
        "title: A\nsummary: \"B \\\"quoted\\\"\"\n",
        "title: A\nsummary: It's 'fine': really\n",
        "title: A\nsummary: B\naliases: [a, [b]]\n",
        "title: A\nsummary: B\naliases: &x [a]\nrelated: *x\n",
        "title: A\nsummary: B\ntitle: C\n",
        "title: A\nsummary: B\ncolour: blue\n",
        "title: A\n",
        "title: \"\"\nsummary: B\n",
        "title: A\nsummary: B\nurgency: soon\n",
        "title: A\nsummary: B\nlast_reviewed: 2026-13-01\n",
        "title: A\nsummary: B\nlast_reviewed: 2026-11-29\nnext_review: 2025-01-01\n",
        "title: A\nsummary: B\nsources:\n  - title: X\n    url: ftp://example.org\n",
        "title: A\nsummary: B\ncare:\n  soon: [a]\n",
        "title: A\nsummary: B\nsymptoms:\n  - a\n   - b\n",
        "title:\tA\nsummary: B\n",
        "title: A\nsummary: B\naliases:\n  -\n",
        "title: A\nsummary: B\ncare:\n  urgent:\n    - two: a mapping\n",
        "title: A\nsummary: B\nsymptoms: [a,, b]\n",
        "title: -A\nsummary: B\n",
        "title: \"Foo\u{85}Bar\"\nsummary: B\n",
        "title: Foo\u{2028}Bar\nsummary: B\n",
        "title: A\u{1B}B\nsummary: B\n",
        "title: A\u{7F}B\nsummary: B\n",
        "title: A\u{FFFE}\nsummary: B\n",
    ]

    @Test(arguments: yamsCases)
    func anythingElseGoesToYams(_ yaml: String) {
        #expect(SimpleFrontMatter.parse(yaml, lineOffset: 1) == nil)
    }
}
