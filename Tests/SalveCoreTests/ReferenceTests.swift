import Foundation
import Testing
@testable import SalveCore

/// Every internal reference is checked at build time: headings on other pages and this one, root-relative
/// links, images and files, body areas, and the shape of external links. Each bad one is an error with file,
/// line and column, and the last good site stays as it was.
extension BuildErrorTests {
    /// Numbness's page with `body`, which starts on line 6 of the file.
    func numbness(_ body: String) -> String {
        page("title: Numbness\nsummary: Loss of feeling.", body: body)
    }

    @Test func wikiLinkToAHeadingThatIsNotThere() async throws {
        let errors = try await errorsAfter { site in
            try site.write("content/symptoms/numbness.md", numbness("See [[sciatica#how-it-feel]].\n\nOr [[sciatica#no-such-heading]]."))
        }
        #expect(errors == [
            "content/symptoms/numbness.md:6:5: error: link [[sciatica#how-it-feel]]: the page 'sciatica' has no heading '#how-it-feel'; did you mean '#how-it-feels'?",
            "content/symptoms/numbness.md:8:4: error: link [[sciatica#no-such-heading]]: the page 'sciatica' has no heading '#no-such-heading'; its headings are #what-it-is, #how-it-feels",
        ])
    }

    @Test func relativeMarkdownLinkToAHeadingThatIsNotThere() async throws {
        let errors = try await errorsAfter { site in
            try site.write("content/symptoms/numbness.md", numbness("Read [what it is](../conditions/sciatica.md#what-is-it)."))
        }
        #expect(errors == ["content/symptoms/numbness.md:6:6: error: link ../conditions/sciatica.md#what-is-it: the page 'sciatica' has no heading '#what-is-it'; did you mean '#what-it-is'?"])
    }

    @Test func samePageAnchorWithNoHeading() async throws {
        let errors = try await errorsAfter { site in
            try site.write("content/symptoms/numbness.md", numbness("## What it feels like\n\nSee [below](#nowhere) and [above](#what-it-feels-lik)."))
        }
        #expect(errors == [
            "content/symptoms/numbness.md:8:5: error: link #nowhere: this page has no heading '#nowhere'; its headings are #what-it-feels-like",
            "content/symptoms/numbness.md:8:27: error: link #what-it-feels-lik: this page has no heading '#what-it-feels-lik'; did you mean '#what-it-feels-like'?",
        ])
    }

    @Test func rootRelativeLinksMustNameAPageOrFileOfTheSite() async throws {
        let errors = try await errorsAfter { site in
            try site.write("content/symptoms/numbness.md", numbness("""
                Go [running](/pages/running/), see [sciatica](/conditions/sciatca/) or [its causes](/conditions/sciatica/#causes).

                Our [styles](/assets/styles.css).
                """))
        }
        #expect(errors == [
            "content/symptoms/numbness.md:6:4: error: link '/pages/running/': no page at /pages/running/ in this site",
            "content/symptoms/numbness.md:6:36: error: link '/conditions/sciatca/': no page at /conditions/sciatca/ in this site; did you mean '/conditions/sciatica/'?",
            "content/symptoms/numbness.md:6:72: error: link '/conditions/sciatica/#causes': the page 'sciatica' has no heading '#causes'; its headings are #what-it-is, #how-it-feels",
            "content/symptoms/numbness.md:8:5: error: link '/assets/styles.css': no file at /assets/styles.css in this site; files in static/ are published from the site root (static/assets/styles.css → /assets/styles.css); did you mean '/assets/style.css'?",
        ])
    }

    @Test func imagesAndFilesMustExistAndImagesNeedAltText() async throws {
        let errors = try await errorsAfter { site in
            try site.write("static/images/calf.png", "png")
            try site.write("content/symptoms/numbness.md", numbness("""
                ![The calf muscles](/images/calf.jpg)

                ![](/images/calf.png)

                Print the [leaflet](leaflet.pdf).
                """))
        }
        #expect(errors == [
            "content/symptoms/numbness.md:6:1: error: image '/images/calf.jpg': no file at /images/calf.jpg in this site; files in static/ are published from the site root (static/images/calf.jpg → /images/calf.jpg); did you mean '/images/calf.png'?",
            "content/symptoms/numbness.md:8:1: error: image '/images/calf.png' has no alt text; describe what it shows between the brackets, like ![Where the calf muscles are](/images/calf.png), for people who cannot see it; if it is only decoration, write ![decorative](/images/calf.png)",
            "content/symptoms/numbness.md:10:11: error: link 'leaflet.pdf' points to content/symptoms/leaflet.pdf, which is not published; put images and other files in static/ and link them from the site root, like '/images/leaflet.pdf' for static/images/leaflet.pdf",
        ])
    }

    @Test func externalLinksMustBeWellFormedButAreNotFetched() async throws {
        let errors = try await errorsAfter { site in
            try site.write("content/symptoms/numbness.md", numbness("""
                See [the NHS](https:/www.nhs.uk), [this](https//www.nhs.uk), [a site](https://nhs/) and [this](javascript:alert(1)).
                """))
        }
        #expect(errors == [
            "content/symptoms/numbness.md:6:5: error: link 'https:/www.nhs.uk': write 'https://' with two slashes",
            "content/symptoms/numbness.md:6:35: error: link 'https//www.nhs.uk' looks like a web address; write it in full, starting with https://",
            "content/symptoms/numbness.md:6:62: error: link 'https://nhs/': 'nhs' has no domain ending such as .org or .com; check the address",
            "content/symptoms/numbness.md:6:89: error: link 'javascript:alert(1)': links may start with https://, http://, mailto: or tel:, not 'javascript:'",
        ])
    }

    @Test func unknownBodyAreaSuggestsADeclaredOne() async throws {
        let errors = try await errorsAfter { site in
            try site.write("content/symptoms/numbness.md", page("title: Numbness\nsummary: Loss of feeling.\nbody_areas: [calff]"))
        }
        #expect(errors == ["content/symptoms/numbness.md:4:14: error: unknown body area 'calff'; did you mean 'calf'? Body areas are declared in salve.yaml under 'body_areas:' (back-of-thigh, behind-knee, calf, foot, lower-back-and-buttock)"])
    }

    @Test func badBodyAreaDeclarations() async throws {
        let errors = try await errorsAfter { site in
            try site.write("salve.yaml", TestSite.settings + "\n  - slug: Calf Muscle\n    name: Calf\n  - slug: calf\n  - name: Foot\n    colour: red\n")
        }
        #expect(errors.contains("salve.yaml:15:11: error: body area slug 'Calf Muscle' must be lowercase words joined by hyphens, like 'calf-muscle'"))
        #expect(errors.contains("salve.yaml:17:5: error: each body area needs both 'slug:' and 'name:'"))
        #expect(errors.contains("salve.yaml:19:5: error: unknown key 'colour' in a body area"))
    }

    @Test func staticFileThatWouldReplaceAPage() async throws {
        let errors = try await errorsAfter { site in
            try site.write("static/conditions/sciatica/index.html", "<p>mine</p>")
            try site.write("static/assets/style.css", "body {}")
        }
        #expect(errors == [
            "static/assets/style.css: error: this file would replace the theme's /assets/style.css; to change the theme's file, put your version in templates/assets/style.css",
            "static/conditions/sciatica/index.html: error: this file would replace the page Salve writes at /conditions/sciatica/index.html; rename it or move it to another folder",
        ])
    }

    @Test func tabIndentedFrontMatterSaysSo() async throws {
        let errors = try await errorsAfter { site in
            try site.write("content/symptoms/numbness.md", "---\ntitle: Numbness\nsummary: Loss of feeling.\naliases:\n\t- dead leg\n---\nText\n")
        }
        #expect(errors == ["content/symptoms/numbness.md:5:1: error: this line is indented with a tab; YAML needs spaces for indenting, so replace the tab with spaces"])
    }
}

/// Images and other files, and links that work, as a reader of the built site sees them.
@Suite struct StaticFileTests {
    @Test func staticFilesArePublishedAndLinksToThemWork() async throws {
        var files = linkedSite
        files["static/images/calf.png"] = "not really a png"
        files["static/leaflets/sciatica leaflet.pdf"] = "%PDF-1.4"
        files["content/symptoms/numbness.md"] = page("title: Numbness\nsummary: Loss of feeling.", body: """
            ## What it feels like

            ![Where the calf muscles are](/images/calf.png)
            ![decorative](../../static/images/calf.png "A calf")

            Print the [leaflet](/leaflets/sciatica%20leaflet.pdf), read [what sciatica is](/conditions/sciatica/#what-it-is),
            [[sciatica#how-it-feels|how it feels]], [more](#what-it-feels-like) or [care](/health/conditions/sciatica/#care).
            Write to [us](mailto:help@example.org).
            """)
        let site = try TestSite(files)
        defer { site.delete() }
        try await site.buildOK()
        #expect(site.output("images/calf.png") == "not really a png")
        #expect(site.output("leaflets/sciatica leaflet.pdf") == "%PDF-1.4")
        let html = try #require(site.output("symptoms/numbness/index.html"))
        // The site lives at https://example.org/health: root-relative links get the base path once.
        #expect(html.contains(#"<img src="/health/images/calf.png" alt="Where the calf muscles are" />"#))
        #expect(html.contains(#"<img src="/health/images/calf.png" alt="" title="A calf" />"#))
        #expect(html.contains(#"<a href="/health/leaflets/sciatica%20leaflet.pdf">leaflet</a>"#))
        #expect(html.contains(#"<a href="/health/conditions/sciatica/#what-it-is">what sciatica is</a>"#))
        #expect(html.contains(#"<a href="/health/conditions/sciatica/#how-it-feels">how it feels</a>"#))
        #expect(html.contains(##"<a href="#what-it-feels-like">more</a>"##))
        #expect(html.contains(#"<a href="/health/conditions/sciatica/#care">care</a>"#))
    }

    @Test func liveRebuildSeesANewStaticFile() async throws {
        var files = linkedSite
        files["content/symptoms/numbness.md"] = page("title: Numbness\nsummary: Loss of feeling.", body: "## What it feels like\n\n![A calf](/images/calf.png)")
        let site = try TestSite(files)
        defer { site.delete() }
        var builder = LiveBuilder(options: BuildOptions(siteDirectory: site.root))
        let first = await builder.rebuild()
        #expect(!first.succeeded)
        #expect(first.errors.map(\.description) == ["content/symptoms/numbness.md:8:1: error: image '/images/calf.png': no file at /images/calf.png in this site; files in static/ are published from the site root (static/images/calf.png → /images/calf.png)"])
        try site.write("static/images/calf.png", "png")
        let second = await builder.rebuild(changes: ["static/images/calf.png"])
        #expect(second.succeeded, "\(second.errors)")
        #expect(second.written.contains("images/calf.png"))
        #expect(site.output("images/calf.png") == "png")
        try site.remove("static/images/calf.png")
        let third = await builder.rebuild(changes: ["static/images/calf.png"])
        #expect(!third.succeeded)
        #expect(site.output("images/calf.png") == "png", "a failed rebuild leaves the last good site")
    }
}
