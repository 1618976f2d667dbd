/// A value a template can show: text, a flag, a number, a list to repeat a section for, or an object whose
/// fields `{{name}}` and `{{#name}}` look up. Contexts are built from these instead of `[String: Any]`, so
/// rendering never casts a value to find out what it is.
enum TemplateValue: Sendable {
    case string(String)
    case bool(Bool)
    case int(Int)
    case list([TemplateValue])
    case object(TemplateObject)

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

/// The fields of a template object, in the order they were set. A page's objects have a few fields each (the
/// largest, a content page, about forty), so finding one by comparing short names costs less than hashing every
/// name into a dictionary when the object is made, which is most of what making them cost.
struct TemplateObject: Sendable, ExpressibleByDictionaryLiteral {
    private var fields: [(name: String, value: TemplateValue)]

    /// A literal names each field once (as a dictionary literal must); a name written twice would be found first.
    init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self.init(distinct: elements)
    }

    init(distinct elements: [(String, TemplateValue)]) {
        fields = elements.map { (name: $0.0, value: $0.1) }
    }

    subscript(name: String) -> TemplateValue? {
        get { fields.first { $0.name == name }?.value }
        set {
            if let index = fields.firstIndex(where: { $0.name == name }) {
                if let newValue { fields[index].value = newValue } else { fields.remove(at: index) }
            } else if let newValue {
                fields.append((name, newValue))
            }
        }
    }

    /// Sets every field of `other`, replacing fields of the same name.
    mutating func merge(_ other: TemplateObject) {
        for (name, value) in other.fields { self[name] = value }
    }

    /// The fields by name, for checking against swift-mustache.
    var dictionary: [String: TemplateValue] {
        Dictionary(fields.map { ($0.name, $0.value) }, uniquingKeysWith: { _, new in new })
    }
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByStringInterpolation, ExpressibleByBooleanLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    init(stringLiteral value: String) { self = .string(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(integerLiteral value: Int) { self = .int(value) }
    init(arrayLiteral elements: TemplateValue...) { self = .list(elements) }
    init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .object(TemplateObject(distinct: elements))
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
        case .object(let fields): fields.dictionary.mapValues(\.mustacheValue)
        }
    }
}
