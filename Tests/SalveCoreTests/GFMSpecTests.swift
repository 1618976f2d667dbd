import Foundation
import Testing
@testable import SalveCore

/// The GitHub Flavored Markdown spec examples (cmark-gfm 0.29's test files, copied into Tests/Fixtures/gfm-spec
/// with their licences) run through Salve's Markdown stage, which must give cmark-gfm's expected HTML for each.
///
/// Salve's stage differs from plain cmark-gfm in two deliberate ways, and the comparison allows for
/// exactly these:
/// - headings get an `id` for deep links (`<h2 id="x">\nText\n</h2>`); ids and the line breaks around the
///   text are removed before comparing.
/// - `[[slug]]` is a wiki link; examples that contain `[[` and a closing `]]` are listed as exceptions
///   (see `isWikiLinkException`) and checked to match with Salve's links switched off.
///
/// Two more exceptions come from the test files themselves, which are older than the cmark-gfm library
/// Debian ships (0.29.0.gfm.6): `footnoteMarkupExceptions` expect the older footnote markup (`#fn1`,
/// no `data-footnote` attributes). For those, Salve must give what Debian's `cmark-gfm` program gives.
/// Examples marked `disabled`, and those whose expected output is `<IGNORE>`, are skipped as cmark-gfm's
/// own suite skips them.
@Suite struct GFMSpecTests {
    struct Example: CustomTestStringConvertible {
        var file: String
        var number: Int
        var line: Int
        var markdown: String
        var html: String
        var extensions: [String]
        var testDescription: String { "\(file) example \(number) (line \(line))" }
    }

    /// Found from this source file, so `swift test` works in any clone. Outside the test target's folder, so
    /// SwiftPM neither warns about nor bundles the files.
    static let specFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/gfm-spec")

    static func examples(in file: String) -> [Example] {
        guard let text = try? String(contentsOf: specFolder.appendingPathComponent(file), encoding: .utf8) else { return [] }
        let fence = String(repeating: "`", count: 32)
        var examples: [Example] = []
        var state = 0 // 0 outside, 1 markdown, 2 html
        var markdown: [Substring] = [], html: [Substring] = [], extensions: [String] = [], start = 0
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if state == 0, line.hasPrefix(fence + " example") {
                state = 1
                markdown = []; html = []; start = index + 1
                extensions = line.dropFirst(fence.count + " example".count).split(separator: " ").map(String.init)
            } else if state == 1, line == "." {
                state = 2
            } else if state == 2, line == fence {
                state = 0
                func decode(_ lines: [Substring]) -> String { lines.map { $0 + "\n" }.joined().replacingOccurrences(of: "→", with: "\t") }
                examples.append(Example(file: file, number: examples.count + 1, line: start, markdown: decode(markdown),
                                        html: decode(html), extensions: extensions))
            } else if state == 1 {
                markdown.append(line)
            } else if state == 2 {
                html.append(line)
            }
        }
        return examples
    }

    static let all = ["spec.txt", "extensions.txt", "regression.txt"].flatMap(examples(in:))

    /// Examples whose text holds `[[…]]`, which Salve reads as a wiki link: the reason they differ.
    static func isWikiLinkException(_ example: Example) -> Bool {
        WikiLink.split(example.markdown).contains { if case .link = $0 { true } else { false } }
    }

    /// Removes the heading ids Salve adds, so the rest can be compared with plain cmark-gfm output.
    static func withoutHeadingIDs(_ html: String) -> String {
        var result = html
        for level in 1...6 {
            let pattern = "<h\(level) id=\"[^\"]*\">\\n?([\\s\\S]*?)\\n?</h\(level)>"
            result = result.replacingOccurrences(of: pattern, with: "<h\(level)>$1</h\(level)>", options: .regularExpression)
        }
        return result
    }

    static let footnoteMarkupExceptions: Set<String> = ["extensions.txt#23", "regression.txt#13"]

    static func isSkipped(_ example: Example) -> Bool {
        example.extensions.contains("disabled") || example.html == "<IGNORE>\n"
    }

    /// The options cmark-gfm's own test suite uses: extensions.txt with every extension and footnotes;
    /// spec.txt and regression.txt with only the extensions named on each example's line.
    static func suiteOptions(_ example: Example) -> Markdown.Options {
        var options = Markdown.Options()
        options.rawHTML = true // the spec's raw HTML examples expect cmark-gfm's --unsafe output
        if example.file != "extensions.txt" {
            options.extensions = example.extensions.filter { $0 != "footnotes" }
            options.footnotes = example.extensions.contains("footnotes")
        }
        return options
    }

    static func render(_ example: Example) -> String {
        let options = suiteOptions(example)
        var diagnostics: [Diagnostic] = []
        return Markdown.render(example.markdown, path: "spec.md", resolver: LinkResolver(pages: []), options: options,
                               diagnostics: &diagnostics).html
    }

    @Test func theSpecFilesAreThere() {
        #expect(Self.all.count > 700, "expected the GFM spec examples in \(Self.specFolder.path)")
    }

    @Test(arguments: all.filter {
        !isSkipped($0) && !isWikiLinkException($0) && !footnoteMarkupExceptions.contains("\($0.file)#\($0.number)")
    })
    func example(_ example: Example) {
        #expect(Self.withoutHeadingIDs(Self.render(example)) == example.html, "markdown:\n\(example.markdown)")
    }

    /// The exceptions differ only where `[[…]]` became a wiki link; with Salve's links off they match too.
    @Test func wikiLinkExceptionsMatchWithSalveLinksOff() {
        let exceptions = Self.all.filter(Self.isWikiLinkException)
        for example in exceptions {
            var options = Self.suiteOptions(example)
            options.salveLinks = false
            var diagnostics: [Diagnostic] = []
            let html = Markdown.render(example.markdown, path: "spec.md", resolver: nil, options: options, diagnostics: &diagnostics).html
            #expect(Self.withoutHeadingIDs(html) == example.html, "\(example.testDescription)")
        }
        #expect(exceptions.count < 20, "few examples should hold [[…]]: \(exceptions.map(\.testDescription))")
    }

    @Test func footnoteExceptionsMatchDebiansCmarkGFM() throws {
        let exceptions = Self.all.filter { Self.footnoteMarkupExceptions.contains("\($0.file)#\($0.number)") }
        #expect(exceptions.count == Self.footnoteMarkupExceptions.count)
        for example in exceptions {
            let options = Self.suiteOptions(example)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/cmark-gfm")
            process.arguments = ["--unsafe"] + (options.extensions + (options.footnotes ? ["footnotes"] : [])).flatMap { ["-e", $0] }
            let input = Pipe(), output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            try process.run()
            input.fileHandleForWriting.write(Data(example.markdown.utf8))
            try input.fileHandleForWriting.close()
            let reference = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(Self.withoutHeadingIDs(Self.render(example)) == reference, "\(example.testDescription)")
            #expect(reference != example.html, "\(example.testDescription) now matches the spec file; drop the exception")
        }
    }

    @Test func safeModeDropsRawHTML() {
        var diagnostics: [Diagnostic] = []
        let html = Markdown.render("<div onclick=\"x()\">hi</div>\n\nText <b>bold</b>\n", path: "p.md", resolver: nil,
                                   diagnostics: &diagnostics).html
        #expect(html == "<!-- raw HTML omitted -->\n<p>Text <!-- raw HTML omitted -->bold<!-- raw HTML omitted --></p>\n")
    }
}
