/// A link or image in a page body that can be checked only once the whole site is known: a heading on another
/// page (or this one), or a page or file the site writes. The Markdown stage records them; `ReferenceCheck`
/// checks them after every body is rendered, so a body cached from an earlier build is checked again each time.
public struct BodyReference: Sendable, Hashable {
    public enum Target: Sendable, Hashable {
        /// A heading id on the page with this slug; nil for the page the link is on.
        case heading(page: String?, id: String)
        /// A path below the site root (`/conditions/sciatica/`, `/images/leg.png`), without the base path,
        /// and the `#fragment` after it, if any.
        case sitePath(String, fragment: String?)
        /// An address on the web (`https://…`), checked only by `salve check --external`.
        case external(String)
    }

    public var target: Target
    /// The link as the author wrote it, for messages: `[[sciatica#causes]]`, `/images/leg.png`.
    public var written: String
    /// True for `![..](..)`: the message says "image".
    public var isImage: Bool
    public var line: Int?
    public var column: Int?
}
