import Foundation
import Mustache
import Testing
@testable import SalveCore

/// Salve renders templates with its own compiled renderer; swift-mustache still checks their syntax. These tests
/// hold the two to the same bytes: tricky whitespace cases written here, and every page of the bundled site.
@Suite struct TemplateRendererTests {
    /// Renders `name` from `templates` with both renderers.
    static func both(_ templates: [String: String], _ context: TemplateValue, name: String = "main") throws -> (salve: String, mustache: String) {
        let compiled = try templates.mapValues { try CompiledTemplate($0) }
        let salve = String(decoding: TemplateSet(templates: compiled).render(context, template: name), as: UTF8.self)
        let library = MustacheLibrary(templates: try templates.mapValues { try MustacheTemplate(string: $0) })
        return (salve, library.render(context.mustacheValue, withTemplate: name) ?? "(no template)")
    }

    static let context: TemplateValue = [
        "title": "Calf pain <acute> & \"sudden\" it's", "empty": "", "zero": 0, "yes": true, "no": false,
        "none": [], "items": [["name": "one", "last": false], ["name": "two", "last": true]],
        "page": ["title": "Sciatica", "site": ["name": "Legs"]], "html": "<b>bold</b>", "name": "outer",
        "lines": ["a", "b"],
    ]

    static let cases: [(String, [String: String])] = [
        ("variables and escaping", ["main": "{{title}}|{{{title}}}|{{&title}}|{{ title }}|{{missing}}|{{zero}}|{{yes}}|{{no}}|{{html}}|{{{html}}}\n"]),
        ("dotted names and the stack", ["main": "{{page.title}} {{page.site.name}} {{#page}}{{title}} {{name}} {{.title}}[{{.name}}]{{/page}} {{page.nope.x}}\n"]),
        ("truth of values", ["main": "{{#empty}}e{{/empty}}{{#zero}}z{{/zero}}{{#yes}}y{{/yes}}{{#no}}n{{/no}}{{#none}}x{{/none}}{{#missing}}m{{/missing}}|"
            + "{{^empty}}e{{/empty}}{{^zero}}z{{/zero}}{{^yes}}y{{/yes}}{{^no}}n{{/no}}{{^none}}x{{/none}}{{^missing}}m{{/missing}}|{{^items}}i{{/items}}\n"]),
        ("lists and the current value", ["main": "{{#items}}{{name}}{{^last}}, {{/last}}{{/items}} {{#lines}}<{{.}}>{{/lines}}\n"]),
        ("standalone tags", ["main": "a\n  {{#items}}\n  - {{name}}\n  {{/items}}\n\t{{! comment }}\nb {{#yes}} c {{/yes}} d\n  {{^no}}  \nno\n  {{/no}}\n"]),
        ("indented partials", ["main": "<ul>\n  {{> item}}\n  <li>{{> item}}</li>\n    {{#items}}\n    {{> item}}\n    {{/items}}\n</ul>\n",
                               "item": "<li>\n  {{title}}\n  {{#lines}}\n  {{.}}\n  {{/lines}}\n  {{> deeper}}\n</li>\n", "deeper": "x\ny\n"]),
        ("inheritance", ["main": "{{<layout}}\n{{$head}}<meta>{{/head}}\n{{$content}}\n  <p>{{title}}</p>\n  {{> item}}\n{{/content}}\n{{/layout}}\n",
                         "layout": "<html>\n{{$head}}{{/head}}\n<body>\n  {{$content}}default{{/content}}\n{{$foot}}\n  <footer>{{name}}</footer>\n{{/foot}}\n</body>\n",
                         "item": "i1\ni2\n"]),
        ("nested parents", ["main": "{{<middle}}{{$a}}main-a{{/a}}{{/middle}}", "middle": "{{<layout}}{{$a}}middle-a{{/a}}{{$b}}middle-b{{/b}}{{/layout}}",
                            "layout": "[{{$a}}layout-a{{/a}}|{{$b}}layout-b{{/b}}]\n"]),
        ("set delimiters", ["main": "{{=<% %>=}}\n<% title %> {{title}}\n<%={{ }}=%>\n{{title}}\n"]),
        ("Windows line endings", ["main": "a\r\n  {{#yes}}\r\n  b\r\n  {{/yes}}\r\n  {{> p}}\r\n", "p": "c\r\nd\r\n"]),
        ("trailing text", ["main": "a {{title}}\n   "]),
        ("unicode", ["main": "Ménière’s {{#page}}— {{title}} ✓{{/page}}\n"]),
    ]

    @Test(arguments: cases.indices)
    func rendersLikeSwiftMustache(_ index: Int) throws {
        let (name, templates) = Self.cases[index]
        let (salve, mustache) = try Self.both(templates, Self.context)
        #expect(salve == mustache, "\(name)")
    }

    /// Where Salve's renderer differs on purpose: every quote byte is escaped, also one that a combining accent
    /// follows (swift-mustache saw one character that is not a quote, and let it end an attribute).
    @Test func escapesEveryQuoteEvenBeforeAnAccent() throws {
        let (salve, _) = try Self.both(["main": "<meta content=\"{{text}}\">"], ["text": "x\"\u{301} onfocus=alert(1)"])
        #expect(salve == "<meta content=\"x&quot;\u{301} onfocus=alert(1)\">")
    }

    @Test func refusesWhatItCannotRender() throws {
        for (text, message) in [("a\n{{uppercased(title)}}", "transforms"), ("{{>*dynamic}}", "dynamic"), ("{{% CONTENT_TYPE: TEXT }}", "pragmas")] {
            #expect(throws: CompiledTemplate.Unsupported.self, "\(message)") { _ = try CompiledTemplate(text) }
        }
        do {
            _ = try CompiledTemplate("line one\n  {{uppercased(title)}}")
        } catch {
            #expect(error.line == 2 && error.column == 3 && error.message.contains("transforms"))
        }
    }

    /// Every file of the bundled site, rendered from its real context by both renderers.
    @Test func bundledSiteRendersLikeSwiftMustache() async throws {
        let repository = ThemeTests.repository
        let input = await SiteBuilder.readInput(repository)
        let theme = try Theme.load(siteTemplates: repository.appendingPathComponent("templates"), displayPath: "templates").get()
        var timer = StageTimer()
        let result = await SiteBuilder.makeSite(input, theme: .success(theme), includeDrafts: false, cache: BuildCache(), output: DiscardedOutput(), timer: &timer)
        let site = try #require(result.site)
        let texts = Dictionary(uniqueKeysWithValues: DefaultTheme.files.filter { $0.key.hasSuffix(".mustache") }.map {
            (String($0.key.dropLast(".mustache".count)), $0.value)
        })
        let library = MustacheLibrary(templates: try texts.mapValues { try MustacheTemplate(string: $0) })
        let renderer = SiteRenderer(site: site, theme: theme)
        var compared = 0
        for job in renderer.jobs() {
            let inputs = try #require(job.inputs.values.base as? any PageInputs)
            var builder = PageContext(chrome: renderer.chrome, items: ItemRenderer(theme: theme))
            let context = inputs.context(&builder)
            let salve = String(decoding: theme.render(context, template: inputs.template), as: UTF8.self)
            let mustache = library.render(context.mustacheValue, withTemplate: inputs.template)
            #expect(salve == mustache, "\(job.path)")
            compared += 1
        }
        #expect(compared > 100)
    }
}
