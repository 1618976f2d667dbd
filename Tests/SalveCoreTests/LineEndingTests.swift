import Foundation
import Testing
@testable import SalveCore

/// Files from any editor: the same site saved with LF, CRLF or CR line endings, with or without a byte-order
/// mark, in its pages, `salve.yaml` and templates, builds to exactly the same files.
@Suite struct LineEndingTests {
    enum Style: String, CaseIterable {
        case lf, crlf, cr, bomLF, bomCRLF

        func apply(_ text: String) -> String {
            switch self {
            case .lf: text
            case .crlf: text.replacingOccurrences(of: "\n", with: "\r\n")
            case .cr: text.replacingOccurrences(of: "\n", with: "\r")
            case .bomLF: "\u{FEFF}" + text
            case .bomCRLF: "\u{FEFF}" + text.replacingOccurrences(of: "\n", with: "\r\n")
            }
        }
    }

    /// The linked test site, a template of its own with a multi-line block, and a page with a table, a code
    /// block, a list and a hard line break, whose bytes would show any stray carriage return.
    static var files: [String: String] {
        var files = linkedSite
        files["salve.yaml"] = TestSite.settings + "\ndescription: >\n  A site saved\n  by many editors.\n"
        files["templates/not-found.mustache"] = DefaultTheme.files["not-found.mustache"]! + "\n{{! a comment\nover two lines }}\n<p>Lost?</p>\n"
        files["content/treatments/stretching.md"] = page("""
            title: Stretching
            summary: >
              Gentle moves that
              lengthen muscles.
            aliases:
              - stretches
              - stretch
            """, body: """
            ## How to stretch

            | Stretch | Hold |
            | --- | --- |
            | Calf | 30 seconds |

            ```
            step 1
            step 2
            ```

            - one
            - two\\
              and a half

            Back to [[sciatica#how-it-feels]].
            """)
        return files
    }

    @Test func everyLineEndingAndByteOrderMarkBuildsTheSameSite() async throws {
        var outputs: [Style: [String: Data]] = [:]
        for style in Style.allCases {
            let site = try TestSite([:], settings: style.apply(Self.files["salve.yaml"]!))
            defer { site.delete() }
            for (path, text) in Self.files where path != "salve.yaml" {
                try Data(style.apply(text).utf8).write(to: site.root.appendingPathComponent(path).creatingFolders())
            }
            try await site.buildOK()
            outputs[style] = site.outputSnapshot()
        }
        let reference = try #require(outputs[.lf])
        #expect(reference.count > 20)
        #expect(String(decoding: reference["treatments/stretching/index.html"] ?? Data(), as: UTF8.self).contains("<td>30 seconds</td>"))
        #expect(String(decoding: reference["404.html"] ?? Data(), as: UTF8.self).contains("<p>Lost?</p>"))
        for style in Style.allCases where style != .lf {
            let output = try #require(outputs[style])
            #expect(output.keys.sorted() == reference.keys.sorted(), "\(style)")
            for (path, data) in reference where output[path] != data {
                Issue.record("\(style): \(path) differs from the LF build")
            }
            #expect(!output.filter { !$0.key.hasSuffix(".png") }.values.contains { $0.contains(UInt8(ascii: "\r")) },
                    "\(style): a carriage return reached the output")
        }
    }

    @Test func normalisingLeavesPlainTextAlone() {
        #expect(TextFile.normalized("a\nb\n") == "a\nb\n")
        #expect(TextFile.normalized("\u{FEFF}a\r\nb\rc\n") == "a\nb\nc\n")
        #expect(TextFile.decode(Data([0xEF, 0xBB, 0xBF, 0x61, 0x0D, 0x0A])) == "a\n")
        #expect(TextFile.decode(Data([0xFF, 0xFE])) == nil)
    }
}

extension URL {
    /// This file URL, after creating the folders it goes in.
    func creatingFolders() throws -> URL {
        try FileManager.default.createDirectory(at: deletingLastPathComponent(), withIntermediateDirectories: true)
        return self
    }
}
