/// schema.org `MedicalWebPage` JSON-LD that says only what the page visibly shows.
enum StructuredData {
    /// The page's JSON-LD; `forward` holds the pages it names in its front matter, by field.
    static func json(for page: SourcePage, forward: [LinkField: [Card]], chrome: SiteChrome) -> String {
        let matter = page.frontMatter
        func linked(_ field: LinkField, type: String) -> [JSONText.Value] {
            (forward[field] ?? []).map {
                .object([("@type", .string(type)), ("name", .string($0.title)), ("url", .string(chrome.absoluteURL($0.urlPath)))])
            }
        }
        var about: [(String, JSONText.Value)] = [("@type", .string(aboutType(page.kind))), ("name", .string(matter.title))]
        if !matter.aliases.isEmpty { about.append(("alternateName", .array(matter.aliases.map { .string($0) }))) }
        if page.kind == .condition {
            let fields: [(String, LinkField, String)] = [
                ("signOrSymptom", .symptoms, "MedicalSignOrSymptom"), ("possibleTreatment", .treatments, "MedicalTherapy"),
                ("typicalTest", .tests, "MedicalTest"), ("riskFactor", .riskFactors, "MedicalRiskFactor"),
                ("cause", .causes, "MedicalCause"),
            ]
            for (key, field, type) in fields {
                let values = linked(field, type: type)
                if !values.isEmpty { about.append((key, .array(values))) }
            }
            let areas: [JSONText.Value] = matter.bodyAreas.map {
                .object([("@type", .string("AnatomicalStructure")), ("name", .string(chrome.areaName($0.value)))])
            }
            if !areas.isEmpty { about.append(("associatedAnatomy", .array(areas))) }
        }
        var object: [(String, JSONText.Value)] = [
            ("@context", .string("https://schema.org")), ("@type", .string("MedicalWebPage")), ("name", .string(matter.title)),
            ("description", .string(matter.summary)), ("url", .string(chrome.absoluteURL(page.urlPath))),
            ("inLanguage", .string(chrome.settings.language)), ("medicalAudience", .object([("@type", .string("Patient"))])),
            ("about", .object(about)),
        ]
        if let day = matter.lastReviewed { object.append(("lastReviewed", .string(day.description))) }
        if let reviewer = matter.reviewedBy { object.append(("reviewedBy", .object([("@type", .string("Person")), ("name", .string(reviewer))]))) }
        var out = JSONText(forHTML: true)
        out.value(.object(object))
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// schema.org `BreadcrumbList`: the pages of `trail`, then the current page by name alone (it links nowhere
    /// on the page, so the JSON-LD names no address for it either).
    static func breadcrumbs(_ trail: [Crumb], current: String, chrome: SiteChrome) -> String {
        var items: [JSONText.Value] = trail.enumerated().map { index, crumb in
            .object([("@type", .string("ListItem")), ("position", .int(index + 1)), ("name", .string(crumb.title)),
                     ("item", .string(chrome.absoluteURL(crumb.urlPath)))])
        }
        items.append(.object([("@type", .string("ListItem")), ("position", .int(trail.count + 1)), ("name", .string(current))]))
        var out = JSONText(forHTML: true)
        out.value(.object([("@context", .string("https://schema.org")), ("@type", .string("BreadcrumbList")), ("itemListElement", .array(items))]))
        return String(decoding: out.bytes, as: UTF8.self)
    }

    private static func aboutType(_ kind: PageKind) -> String {
        switch kind {
        case .condition: "MedicalCondition"
        case .symptom: "MedicalSignOrSymptom"
        case .treatment: "MedicalTherapy"
        case .test: "MedicalTest"
        case .riskFactor: "MedicalRiskFactor"
        case .page: "Thing"
        }
    }
}
