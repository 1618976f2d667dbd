/// A value a template can show: text, a flag, a number, a list to repeat a section for, or an object whose
/// fields `{{name}}` and `{{#name}}` look up. Contexts are built from these instead of `[String: Any]`, so
/// rendering never casts a value to find out what it is.
enum TemplateValue: Sendable {
    case string(String)
    case bool(Bool)
    case int(Int)
    case list([TemplateValue])
    case object([String: TemplateValue])

    /// `text` when there is one; otherwise `false`, which templates test with `{{#name}}` or `{{^name}}`.
    static func optional(_ text: String?) -> TemplateValue {
        text.map(TemplateValue.string) ?? .bool(false)
    }

    /// `value` when there is one; otherwise `false`.
    static func optional(_ value: TemplateValue?) -> TemplateValue {
        value ?? .bool(false)
    }

    /// The field `name` of an object; nil for every other value and for a field it does not have.
    subscript(name: String) -> TemplateValue? {
        if case .object(let fields) = self { return fields[name] }
        return nil
    }
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByStringInterpolation, ExpressibleByBooleanLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    init(stringLiteral value: String) { self = .string(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(integerLiteral value: Int) { self = .int(value) }
    init(arrayLiteral elements: TemplateValue...) { self = .list(elements) }
    init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, new in new }))
    }
}

extension TemplateValue {
    /// The value as `swift-mustache` would be given it, for checking that both renderers agree.
    var mustacheValue: Any {
        switch self {
        case .string(let text): text
        case .bool(let flag): flag
        case .int(let number): number
        case .list(let items): items.map(\.mustacheValue)
        case .object(let fields): fields.mapValues(\.mustacheValue)
        }
    }
}
