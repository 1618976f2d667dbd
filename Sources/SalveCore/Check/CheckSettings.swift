import Yams

/// The thresholds `salve check` holds pages to, from `check:` in `salve.yaml`. Each has the default a team
/// following the NHS's content standards would pick.
public struct CheckSettings: Sendable, Hashable {
    /// A review due within this many days is a warning.
    public var dueSoonDays = 60
    /// The highest Flesch–Kincaid grade a page body or summary may read at before a warning.
    public var maxGrade = 8.0
    /// The highest SMOG index a page body may reach before a warning.
    public var maxSMOG = 10.0
    /// Summaries shorter or longer than these word counts are a warning: too short says nothing in search results,
    /// too long is cut off.
    public var summaryMinWords = 8
    public var summaryMaxWords = 30
    /// The most bullets an emergency or routine card (`maxCardItems`) or an urgent card (`maxUrgentCardItems`) should
    /// have: on a phone a long card hides the sign that matters.
    public var maxCardItems = 5
    public var maxUrgentCardItems = 6

    public init() {}

    static let keys = ["due_soon_days", "max_grade", "max_smog", "summary_min_words", "summary_max_words", "max_card_items",
                       "max_urgent_card_items"]

    static func parse(_ node: Node, reader: inout YAMLReader) -> CheckSettings {
        var settings = CheckSettings()
        guard let mapping = node.mapping else {
            reader.error("'check' must have settings under it, such as 'due_soon_days: 60' or 'max_grade: 8'", at: node.mark)
            return settings
        }
        for (key, value) in mapping {
            let name = key.string ?? ""
            func count() -> Int? {
                guard let number = reader.int(value, key: "check.\(name)") else { return nil }
                if number < 0 { reader.error("'check.\(name)' must not be negative", at: value.mark) }
                return max(0, number)
            }
            func grade() -> Double? {
                if let number = value.float ?? value.int.map(Double.init) { return number }
                reader.error("'check.\(name)' must be a number, like 8 or 7.5", at: value.mark)
                return nil
            }
            switch name {
            case "due_soon_days": settings.dueSoonDays = count() ?? settings.dueSoonDays
            case "max_grade": settings.maxGrade = grade() ?? settings.maxGrade
            case "max_smog": settings.maxSMOG = grade() ?? settings.maxSMOG
            case "summary_min_words": settings.summaryMinWords = count() ?? settings.summaryMinWords
            case "summary_max_words": settings.summaryMaxWords = count() ?? settings.summaryMaxWords
            case "max_card_items": settings.maxCardItems = count() ?? settings.maxCardItems
            case "max_urgent_card_items": settings.maxUrgentCardItems = count() ?? settings.maxUrgentCardItems
            default:
                reader.unknownKey(Located(name, line: reader.line(key.mark), column: key.mark?.column), known: keys, what: "'check'")
            }
        }
        return settings
    }
}
