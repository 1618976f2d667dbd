import Yams

/// A value from YAML with the place it was written, so later stages can point at it.
public struct Located<Value: Sendable & Hashable>: Sendable, Hashable {
    public var value: Value
    public var line: Int?
    public var column: Int?

    public init(_ value: Value, line: Int? = nil, column: Int? = nil) {
        self.value = value
        self.line = line
        self.column = column
    }
}

/// Reads typed values out of a YAML document composed by Yams, keeping positions and collecting
/// every problem as a diagnostic instead of stopping at the first.
struct YAMLReader {
    let file: String
    /// Lines of the file that come before the YAML text (1 for the opening `---` of front matter).
    let lineOffset: Int
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String, lineOffset: Int) {
        self.file = file
        self.lineOffset = lineOffset
    }

    /// The top-level mapping's entries in the order written; nil (with a diagnostic) when the YAML is
    /// malformed or is not a mapping.
    mutating func entries(of yaml: String, what: String) -> [(key: Located<String>, value: Node)]? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            if let line = Self.firstTabIndentedLine(yaml) {
                self.error("this line is indented with a tab; YAML needs spaces for indenting, so replace the tab with spaces",
                           line: line + lineOffset, column: 1)
            } else {
                report(error)
            }
            return nil
        } catch {
            self.error("\(what) could not be read: \(error)", at: nil)
            return nil
        }
        guard let root else { return [] }
        guard let mapping = root.mapping else {
            self.error("\(what) must be a list of 'key: value' lines", at: root.mark)
            return nil
        }
        return mapping.map { key, value in
            (Located(key.string ?? "\(key)", line: line(key.mark), column: key.mark?.column), value)
        }
    }

    /// The 1-based line of the first line whose indentation holds a tab, which YAML forbids and editors on some
    /// systems insert. Yams' own message for it ("found character that cannot start any token") does not say so.
    static func firstTabIndentedLine(_ yaml: String) -> Int? {
        for (index, line) in yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let indentation = line.prefix { $0 == " " || $0 == "\t" }
            if indentation.contains("\t"), indentation.count < line.count { return index + 1 }
        }
        return nil
    }

    /// A single line of text.
    mutating func string(_ node: Node, key: String) -> String? {
        guard let scalar = node.scalar else {
            error("'\(key)' must be text, not a list or mapping", at: node.mark)
            return nil
        }
        return scalar.string.trimmingSpacesAndNewlines()
    }

    /// A list of text items; a single item may be written without the list dashes.
    mutating func strings(_ node: Node, key: String) -> [Located<String>] {
        if let scalar = node.scalar {
            // A key with nothing after it (`aliases:`) is an empty list. Yams leaves tags unresolved, so the
            // empty plain scalar is recognised by its style, not by a null tag.
            if scalar.string.isEmpty && scalar.style == .plain { return [] }
            return [Located(scalar.string, line: line(node.mark), column: node.mark?.column)]
        }
        guard let sequence = node.sequence else {
            error("'\(key)' must be a list (lines starting with '- ')", at: node.mark)
            return []
        }
        var result: [Located<String>] = []
        for item in sequence {
            guard let scalar = item.scalar else {
                error("each item of '\(key)' must be text", at: item.mark)
                continue
            }
            result.append(Located(scalar.string, line: line(item.mark), column: item.mark?.column))
        }
        return result
    }

    mutating func bool(_ node: Node, key: String) -> Bool? {
        if let value = node.bool { return value }
        error("'\(key)' must be true or false", at: node.mark)
        return nil
    }

    mutating func int(_ node: Node, key: String) -> Int? {
        if let value = node.int { return value }
        error("'\(key)' must be a whole number", at: node.mark)
        return nil
    }

    mutating func day(_ node: Node, key: String) -> Day? {
        if let text = node.scalar?.string, let day = Day(iso: text) { return day }
        error("'\(key)' must be a date written YYYY-MM-DD, like 2026-03-15", at: node.mark)
        return nil
    }

    /// Reports a key that is not one of `known`, suggesting the closest known key.
    mutating func unknownKey(_ key: Located<String>, known: some Sequence<String>, what: String) {
        diagnostics.append(Diagnostic(file: file, line: key.line, column: key.column,
                                      message: "unknown key '\(key.value)' in \(what)\(Suggestion.hint(for: key.value, in: known))"))
    }

    mutating func error(_ message: String, at mark: Mark?) {
        diagnostics.append(Diagnostic(file: file, line: line(mark), column: mark?.column, message: message))
    }

    mutating func error(_ message: String, line: Int?, column: Int? = nil) {
        diagnostics.append(Diagnostic(file: file, line: line, column: column, message: message))
    }

    func line(_ mark: Mark?) -> Int? {
        mark.map { $0.line + lineOffset }
    }

    private mutating func report(_ error: YamlError) {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let detail = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
            var message = "malformed YAML: \(detail)"
            if problem.contains("mapping values are not allowed") {
                message += "; a value that contains ': ' needs quotes around it"
            } else if (context?.text ?? "").contains("quoted scalar") {
                message += "; did you forget a closing quote?"
            } else if problem.contains("tab") {
                message += "; indent with spaces, not tabs"
            }
            self.error(message, at: mark)
        case let .duplicatedKeysInMapping(duplicates, context):
            self.error("the key '\(duplicates.joined(separator: "', '"))' is written twice; keep one", at: context.mark)
        default:
            self.error("malformed YAML: \(error)", at: nil)
        }
    }
}
