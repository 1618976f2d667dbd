/// Reads Mustache text into a `CompiledTemplate` the way swift-mustache's parser reads it, step for step, so
/// that whitespace comes out the same: text is cut into one token per line; a tag alone on its line
/// ("standalone") takes its line's indentation and line break with it; a standalone partial keeps the
/// indentation to indent what it renders. Only templates swift-mustache has parsed without error reach it.
struct TemplateParser {
    struct State {
        var newLine = true
        var isPartialDefinition = false
        var isPartialDefinitionTopLevel = false
        var start: [Character] = ["{", "{"]
        var end: [Character] = ["}", "}"]
        var partialDefinitionIndent: Int?

        func inSection(_ name: String, newLine: Bool) -> State {
            var state = self
            state.isPartialDefinitionTopLevel = false
            if !newLine { state.newLine = false }
            return state
        }

        func inInheritingPartial(_ name: String) -> State {
            var state = self
            state.newLine = true
            state.isPartialDefinition = true
            state.isPartialDefinitionTopLevel = true
            return state
        }
    }

    private let text: [Character]
    private var position = 0

    init(_ source: String) {
        text = Array(source)
    }

    private var atEnd: Bool { position >= text.count }
    /// The character at the current position, or NUL at the end (as swift-mustache's parser answers).
    private var current: Character { atEnd ? "\0" : text[position] }

    mutating func parse(_ initial: State) throws(CompiledTemplate.Unsupported) -> CompiledTemplate {
        var tokens: [CompiledTemplate.Token] = []
        var state = initial
        var whiteSpaceBefore: [Character] = []
        func emit(_ characters: [Character]) { tokens.append(.text(Array(String(characters).utf8))) }

        while !atEnd {
            if state.newLine {
                let whiteSpace = read { $0 == " " || $0 == "\t" }
                if state.isPartialDefinition && !state.isPartialDefinitionTopLevel {
                    if let indent = state.partialDefinitionIndent {
                        whiteSpaceBefore = Array(whiteSpace.dropFirst(indent))
                    } else {
                        state.partialDefinitionIndent = whiteSpace.count
                    }
                } else {
                    whiteSpaceBefore = whiteSpace
                }
            }
            let plain = readUntilTagOrNewline(state)
            if current.isNewline && !atEnd {
                emit(whiteSpaceBefore + plain + [current])
                state.newLine = true
                position += 1
                continue
            }
            if !plain.isEmpty {
                emit(whiteSpaceBefore + plain)
                whiteSpaceBefore = []
                state.newLine = false
            }
            if atEnd { break }
            let tagStart = position - state.start.count  // where the tag's opening delimiter begins, for messages
            var setNewLine = false
            func flushWhiteSpace() {
                if !whiteSpaceBefore.isEmpty {
                    emit(whiteSpaceBefore)
                    whiteSpaceBefore = []
                }
            }
            switch current {
            case "#", "^":
                let inverted = current == "^"
                position += 1
                let name = try readName(state, tag: tagStart)
                if isStandalone(state) { setNewLine = true } else { flushWhiteSpace() }
                let inner = try parse(state.inSection(name, newLine: setNewLine))
                tokens.append(inverted ? .invertedSection(CompiledTemplate.Name(name), inner) : .section(CompiledTemplate.Name(name), inner))
            case "/":
                position += 1
                _ = try readName(state, tag: tagStart)
                if isStandalone(state) { setNewLine = true } else { flushWhiteSpace() }
                return CompiledTemplate(tokens: tokens)
            case "!":
                position += 1
                skipPast(state.end)
                setNewLine = isStandalone(state)
            case "{", "&":
                flushWhiteSpace()
                let triple = current == "{"
                position += 1
                let name = try readName(state, tag: tagStart)
                if triple && current == "}" { position += 1 }
                tokens.append(.variable(CompiledTemplate.Name(name), escaped: false))
            case ">":
                position += 1
                _ = read { $0.isWhitespace }
                if current == "*" { throw unsupported("dynamic partials ({{>*name}}) are not supported", at: tagStart) }
                let name = readPartialName(state)
                if !whiteSpaceBefore.isEmpty { emit(whiteSpaceBefore) }
                if isStandalone(state) {
                    setNewLine = true
                    tokens.append(.partial(name, indentation: Array(String(whiteSpaceBefore).utf8), overrides: nil))
                } else {
                    tokens.append(.partial(name, indentation: nil, overrides: nil))
                }
                whiteSpaceBefore = []
            case "<":
                position += 1
                _ = read { $0.isWhitespace }
                let name = readPartialName(state)
                if name.hasPrefix("*") { throw unsupported("dynamic parents ({{<*name}}) are not supported", at: tagStart) }
                if !whiteSpaceBefore.isEmpty { emit(whiteSpaceBefore) }
                if isStandalone(state) { setNewLine = true }
                let inner = try parse(state.inInheritingPartial(name))
                var overrides: [String: CompiledTemplate] = [:]
                for case .blockDefinition(let block, let template) in inner.tokens { overrides[block] = template }
                tokens.append(.partial(name, indentation: Array(String(whiteSpaceBefore).utf8), overrides: overrides))
                whiteSpaceBefore = []
            case "$":
                position += 1
                let name = try readName(state, tag: tagStart)
                if state.isPartialDefinitionTopLevel {
                    if isStandalone(state) { setNewLine = true }
                    tokens.append(.blockDefinition(name, try parse(state.inSection(name, newLine: setNewLine))))
                } else {
                    if !whiteSpaceBefore.isEmpty { emit(whiteSpaceBefore) }
                    if isStandalone(state) { setNewLine = true }
                    let inner = try parse(state.inSection(name, newLine: setNewLine))
                    tokens.append(.blockExpansion(name, inner, indentation: Array(String(whiteSpaceBefore).utf8)))
                    whiteSpaceBefore = []
                }
            case "=":
                position += 1
                _ = read { $0.isWhitespace }
                let start = read { !$0.isWhitespace }
                _ = read { $0.isWhitespace }
                let end = read { $0 != "=" && !$0.isWhitespace }
                _ = read { $0.isWhitespace }
                position += 1 + state.end.count  // "=" and the closing delimiter, which swift-mustache checked
                state.start = start
                state.end = end
                state.isPartialDefinitionTopLevel = false
                setNewLine = isStandalone(state)
            case "%":
                throw unsupported("pragmas like {{% CONTENT_TYPE: TEXT }} are not supported", at: tagStart)
            default:
                flushWhiteSpace()
                let name = try readName(state, tag: tagStart)
                tokens.append(.variable(CompiledTemplate.Name(name), escaped: true))
            }
            state.newLine = setNewLine
        }
        return CompiledTemplate(tokens: tokens)
    }

    /// Plain text up to a line break or the opening delimiter of a tag; the delimiter is read too.
    private mutating func readUntilTagOrNewline(_ state: State) -> [Character] {
        var plain: [Character] = []
        while !atEnd {
            let character = text[position]
            if character == "\n" || character == "\r\n" { break }
            if character == state.start[0] {
                if matches(state.start) {
                    position += state.start.count
                    break
                }
                plain.append(character)
                position += 1
                continue
            }
            plain.append(character)
            position += 1
        }
        return plain
    }

    /// A tag's name and its closing delimiter. Names with brackets are swift-mustache's transforms.
    private mutating func readName(_ state: State, tag: Int) throws(CompiledTemplate.Unsupported) -> String {
        _ = read { $0.isWhitespace }
        let name = String(read { Self.nameCharacters.contains($0) })
        _ = read { $0.isWhitespace }
        if name.contains("(") {
            throw unsupported("transforms like {{uppercased(name)}} are not supported; write the value as it should be shown", at: tag)
        }
        position += state.end.count
        return name
    }

    private mutating func readPartialName(_ state: State) -> String {
        let name = String(read { Self.partialNameCharacters.contains($0) })
        _ = read { $0.isWhitespace }
        position += state.end.count
        return name
    }

    private mutating func skipPast(_ delimiter: [Character]) {
        while !atEnd && !matches(delimiter) { position += 1 }
        position = min(text.count, position + delimiter.count)
    }

    /// True, moving past the line break, when only spaces or tabs follow up to the end of the line (or text),
    /// and the tag began its line.
    private mutating func isStandalone(_ state: State) -> Bool {
        guard state.newLine else { return false }
        if atEnd { return true }
        var probe = position
        while probe < text.count && (text[probe] == " " || text[probe] == "\t") { probe += 1 }
        guard probe < text.count, text[probe].isNewline else { return false }
        position = probe + 1
        return true
    }

    private func matches(_ delimiter: [Character]) -> Bool {
        position + delimiter.count <= text.count && text[position..<position + delimiter.count].elementsEqual(delimiter)
    }

    private mutating func read(while condition: (Character) -> Bool) -> [Character] {
        let start = position
        while !atEnd && condition(text[position]) { position += 1 }
        return Array(text[start..<position])
    }

    private func unsupported(_ message: String, at index: Int) -> CompiledTemplate.Unsupported {
        let before = text[..<min(index, text.count)]
        let line = before.filter { $0 == "\n" || $0 == "\r\n" }.count + 1
        let column = before.count - (before.lastIndex(where: { $0 == "\n" || $0 == "\r\n" }).map { $0 + 1 } ?? 0) + 1
        return CompiledTemplate.Unsupported(message: message, line: line, column: column)
    }

    private static let nameCharacters = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?()*")
    private static let partialNameCharacters = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?()*/")
}
