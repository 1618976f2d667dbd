import Foundation
import Mustache

/// The templates and assets a site is rendered with: the built-in default theme, with any file of the
/// site's own `templates/` folder taking the place of the default of the same name.
struct Theme: Sendable {
    let templates: TemplateSet
    /// Asset path under `assets/` → bytes.
    let assets: [String: Data]
    /// Template name → a digest of its text and of every partial and parent it uses, however deep: when it
    /// changes, the pages rendered with that template must be rendered again.
    let fingerprints: [String: Int]

    /// The templates Salve renders by name; a site may override each.
    static let requiredTemplates = ["layout", "page", "list", "home", "search", "not-found"]

    /// Reads the site's template folder (which may be missing) over the default theme and checks that
    /// every template parses and every partial or parent it names exists.
    static func load(siteTemplates directory: URL, displayPath: String) -> Result<Theme, BuildFailure> {
        var files: [String: (text: String, origin: String)] = [:]
        for (name, text) in DefaultTheme.files { files[name] = (text, "(built-in theme)/\(name)") }
        var diagnostics: [Diagnostic] = []
        var binaryAssets: [String: Data] = DefaultTheme.binaryFiles.compactMapValues { Data(base64Encoded: $0) }
        for relative in SiteFiles.list(directory) {
            let origin = "\(displayPath)/\(relative)"
            let url = directory.appendingPathComponent(relative)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                diagnostics.append(Diagnostic(file: origin, message: "could not read this file"))
                continue
            }
            if relative.hasPrefix("assets/") {
                binaryAssets[relative] = data
                files[relative] = nil
            } else if relative.hasSuffix(".mustache") {
                guard let text = TextFile.decode(data) else {
                    diagnostics.append(Diagnostic(file: origin, message: "templates must be UTF-8 text"))
                    continue
                }
                files[relative] = (text, origin)
            }
        }

        // swift-mustache checks the syntax (its messages are good); templates it accepts are compiled for rendering.
        var templates: [String: CompiledTemplate] = [:]
        var origins: [String: String] = [:]
        for (path, file) in files where path.hasSuffix(".mustache") {
            let name = String(path.dropLast(".mustache".count))
            origins[name] = file.origin
            do {
                _ = try MustacheTemplate(string: file.text)
                templates[name] = try CompiledTemplate(file.text)
            } catch let error as MustacheTemplate.ParserError {
                diagnostics.append(Diagnostic(file: file.origin, line: error.context.lineNumber, column: error.context.columnNumber,
                                              message: "template syntax error: \(error.error)"))
            } catch let error as CompiledTemplate.Unsupported {
                diagnostics.append(Diagnostic(file: file.origin, line: error.line, column: error.column, message: error.message))
            } catch {
                diagnostics.append(Diagnostic(file: file.origin, message: "template syntax error: \(error)"))
            }
        }
        // swift-mustache renders a missing partial as nothing, silently; a typo would drop a care card.
        for (path, file) in files where path.hasSuffix(".mustache") {
            let name = String(path.dropLast(".mustache".count))
            for reference in partialReferences(in: file.text) where origins[reference.name] == nil {
                diagnostics.append(Diagnostic(file: file.origin, line: reference.line, column: reference.column, message:
                    "template '\(name)' uses partial '\(reference.name)', which does not exist\(Suggestion.hint(for: reference.name, in: origins.keys))"))
            }
        }
        var assets = binaryAssets
        for (path, file) in files where path.hasPrefix("assets/") && assets[path] == nil {
            assets[path] = Data(file.text.utf8)
        }
        guard diagnostics.isEmpty else { return .failure(BuildFailure(diagnostics)) }
        let texts = Dictionary(uniqueKeysWithValues: files.filter { $0.key.hasSuffix(".mustache") }.map {
            (String($0.key.dropLast(".mustache".count)), $0.value.text)
        })
        return .success(Theme(templates: TemplateSet(templates: templates), assets: assets, fingerprints: fingerprints(of: texts)))
    }

    /// For each template, a digest of the texts of the templates it uses directly or through others.
    static func fingerprints(of texts: [String: String]) -> [String: Int] {
        let uses = texts.mapValues { Set(partialReferences(in: $0).map(\.name)) }
        return texts.keys.reduce(into: [:]) { result, name in
            var seen: Set<String> = [name]
            var queue = [name]
            while let next = queue.popLast() {
                for used in uses[next] ?? [] where seen.insert(used).inserted { queue.append(used) }
            }
            var hasher = Hasher()
            for used in seen.sorted() { hasher.combine(used); hasher.combine(texts[used]) }
            result[name] = hasher.finalize()
        }
    }

    /// Names in `{{> name}}` and `{{< name}}` tags, with their positions.
    static func partialReferences(in text: String) -> [(name: String, line: Int, column: Int)] {
        var references: [(String, Int, Int)] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line[...]
            while let open = rest.range(of: "{{") {
                let afterOpen = rest[open.upperBound...].drop(while: { $0 == " " })
                guard let sigil = afterOpen.first, sigil == ">" || sigil == "<",
                      let close = afterOpen.range(of: "}}") else {
                    rest = rest[open.upperBound...]
                    continue
                }
                let name = afterOpen.dropFirst()[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                let column = line.distance(from: line.startIndex, to: open.lowerBound) + 1
                references.append((name, index + 1, column))
                rest = afterOpen[close.upperBound...]
            }
        }
        return references
    }

    /// The fingerprint of a template `load` checked.
    func fingerprint(of template: String) -> Int {
        fingerprints[template] ?? 0
    }

    /// Renders the named template; the name must be one that `load` checked.
    func render(_ context: TemplateValue, template name: String) -> [UInt8] {
        templates.render(context, template: name)
    }
}
