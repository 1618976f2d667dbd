/// A Mustache template compiled once, when the theme loads, and rendered straight into bytes from
/// `TemplateValue` contexts.
///
/// Why not render with swift-mustache, which still checks every template for syntax errors: it looks values up
/// in `Any` contexts, so every `{{name}}` costs an array allocation for the dotted name and several dynamic casts,
/// and every token's output is a new `String`. On a 10,000-page site that was a third of the whole build. This
/// renderer reads the same templates the same way: the parser below follows swift-mustache's (standalone lines,
/// indented partials, inheritance with `{{<parent}}` and `{{$block}}`, set delimiters), and a test renders
/// the default theme and a set of tricky templates with both and compares the bytes. What swift-mustache has beyond
/// the Mustache spec (transforms like `{{uppercased(name)}}`, dynamic partials, `{{% CONTENT_TYPE }}`) is
/// refused when the theme loads, with the line of the tag.
struct CompiledTemplate: Sendable {
    indirect enum Token: Sendable {
        case text([UInt8])
        case variable(Name, escaped: Bool)
        case section(Name, CompiledTemplate)
        case invertedSection(Name, CompiledTemplate)
        /// `{{> name}}`, or `{{< name}}…{{/name}}` with the blocks it overrides. `indentation` is set for a
        /// standalone tag: every line the partial renders after its first is indented by it.
        case partial(String, indentation: [UInt8]?, overrides: [String: CompiledTemplate]?)
        case blockDefinition(String, CompiledTemplate)
        case blockExpansion(String, CompiledTemplate, indentation: [UInt8])
    }

    /// A looked-up name: `.` (the current value), `a.b.c` (first part looked up the context stack, the rest
    /// inside it), or `.a` (only in the current value).
    struct Name: Sendable {
        var parts: [String]
        var isCurrent: Bool
        var onlyInCurrent: Bool

        init(_ text: String) {
            isCurrent = text == "."
            onlyInCurrent = !isCurrent && text.hasPrefix(".")
            parts = text.split(separator: ".").map(String.init)
        }
    }

    var tokens: [Token]

    /// Something in a template that swift-mustache accepts but this renderer does not, and where.
    struct Unsupported: Error, Sendable {
        var message: String
        var line: Int
        var column: Int
    }

    /// Compiles a template that swift-mustache has already parsed without error.
    init(_ text: String) throws(Unsupported) {
        var parser = TemplateParser(text)
        self = try parser.parse(TemplateParser.State())
    }

    init(tokens: [Token]) {
        self.tokens = tokens
    }
}

/// The templates of a theme by name, for rendering and for the partials they use.
struct TemplateSet: Sendable {
    let templates: [String: CompiledTemplate]

    /// Renders template `name` (which must exist) with `context`.
    func render(_ context: TemplateValue, template name: String) -> [UInt8] {
        guard let template = templates[name] else { preconditionFailure("template '\(name)' was not loaded") }
        var output: [UInt8] = []
        output.reserveCapacity(16_384)
        var renderer = TemplateRenderer(library: templates, stack: [context])
        renderer.render(template, into: &output, indentation: nil, overrides: nil)
        return output
    }
}

/// Renders compiled templates the way swift-mustache renders the same text: a value's truth, the context
/// stack, and how indented partials and overridden blocks behave.
private struct TemplateRenderer {
    let library: [String: CompiledTemplate]
    var stack: [TemplateValue]

    mutating func render(_ template: CompiledTemplate, into output: inout [UInt8], indentation: [UInt8]?,
                         overrides: [String: CompiledTemplate]?) {
        guard let indentation, !indentation.isEmpty else {
            for token in template.tokens { render(token, into: &output, indentation: indentation, overrides: overrides) }
            return
        }
        // Inside an indented partial a token's output is indented when it is not empty and this template's output
        // so far ends with a line break ("\r\n" is one character to Swift, and does not count).
        let start = output.count
        for token in template.tokens {
            let mark = output.count
            let afterLineBreak = mark > start && output[mark - 1] == UInt8(ascii: "\n")
                && !(mark - 1 > start && output[mark - 2] == UInt8(ascii: "\r"))
            render(token, into: &output, indentation: indentation, overrides: overrides)
            if afterLineBreak && output.count > mark { output.insert(contentsOf: indentation, at: mark) }
        }
    }

    private mutating func render(_ token: CompiledTemplate.Token, into output: inout [UInt8], indentation: [UInt8]?,
                                 overrides: [String: CompiledTemplate]?) {
        switch token {
        case .text(let bytes):
            output.append(contentsOf: bytes)
        case .variable(let name, let escaped):
            guard let value = lookUp(name) else { return }
            switch value {
            case .string(let text): escaped ? Self.appendEscaped(text, to: &output) : output.append(contentsOf: text.utf8)
            case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
            case .int(let number): output.append(contentsOf: String(number).utf8)
            case .list, .object: break  // swift-mustache printed Swift's description of the value; nothing is better
            }
        case .section(let name, let inner):
            switch lookUp(name) {
            case nil, .bool(false): break
            case .bool(true): render(inner, into: &output, indentation: indentation, overrides: overrides)
            case .list(let items):
                for item in items { withPushed(item) { $0.render(inner, into: &output, indentation: indentation, overrides: overrides) } }
            case let value?:
                withPushed(value) { $0.render(inner, into: &output, indentation: indentation, overrides: overrides) }
            }
        case .invertedSection(let name, let inner):
            switch lookUp(name) {
            case nil, .bool(false): render(inner, into: &output, indentation: indentation, overrides: overrides)
            case .list(let items) where items.isEmpty:
                withPushed(.list(items)) { $0.render(inner, into: &output, indentation: indentation, overrides: overrides) }
            default: break
            }
        case .partial(let name, let indented, let inheriting):
            guard let partial = library[name] else { return }
            var merged = overrides
            if let inheriting {
                merged = overrides.map { $0.merging(inheriting) { outer, _ in outer } } ?? inheriting
            }
            let deeper = indented.map { (indentation ?? []) + $0 } ?? indentation
            render(partial, into: &output, indentation: deeper, overrides: merged)
        case .blockExpansion(let name, let fallback, let indented):
            render(overrides?[name] ?? fallback, into: &output, indentation: (indentation ?? []) + indented, overrides: overrides)
        case .blockDefinition:
            preconditionFailure("block definitions are only read by the partial that holds them")
        }
    }

    private mutating func withPushed(_ value: TemplateValue, _ body: (inout TemplateRenderer) -> Void) {
        stack.append(value)
        body(&self)
        stack.removeLast()
    }

    /// The value a name refers to: its first part is looked up from the innermost value outwards, the rest inside it.
    private func lookUp(_ name: CompiledTemplate.Name) -> TemplateValue? {
        if name.isCurrent { return stack.last }
        guard let first = name.parts.first else { return stack.last }
        var value: TemplateValue
        if name.onlyInCurrent {
            guard let found = stack.last?[first] else { return nil }
            value = found
        } else {
            guard let found = stack.reversed().lazy.compactMap({ $0[first] }).first else { return nil }
            value = found
        }
        for part in name.parts.dropFirst() {
            guard let next = value[part] else { return nil }
            value = next
        }
        return value
    }

    /// Appends `text` with `<`, `>`, `&`, `"` and `'` escaped, as swift-mustache escapes HTML, with one difference:
    /// swift-mustache compares whole characters, so a quote followed by a combining accent (one character) slipped
    /// through unescaped and could end an attribute; here every quote byte is escaped.
    static func appendEscaped(_ text: String, to output: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "<"): output.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): output.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "&"): output.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "\""): output.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): output.append(contentsOf: "&#39;".utf8)
            default: output.append(byte)
            }
        }
    }
}
