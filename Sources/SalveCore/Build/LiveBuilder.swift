import Foundation

/// What a change to one path in a site folder means for a rebuild.
public enum ChangeKind: Sendable, Equatable {
    /// A page under `content/`, or a folder of them.
    case content
    /// A Mustache template under `templates/`.
    case template
    /// A file under `templates/assets/`, copied into the site as it is.
    case asset
    /// A file under `static/` (images, leaflets), published as it is.
    case staticFile
    /// `salve.yaml`.
    case settings
    /// Anything a build does not read: hidden files, editor swap files, other folders.
    case ignored

    /// Classifies `path`, relative to the site folder (`content/conditions/sciatica.md`). Pure, so it can be
    /// tested with a table. Hidden files and folders are ignored, as builds skip them; other files in
    /// `content/` count even when they are not Markdown, because a full build warns about them too.
    public static func of(_ path: String) -> ChangeKind {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard let top = parts.first, !parts.contains(where: { $0.hasPrefix(".") }) else { return .ignored }
        switch top {
        case "salve.yaml": return parts.count == 1 ? .settings : .ignored
        case "content": return .content
        case "static": return .staticFile
        case "templates":
            if parts.count > 1, parts[1] == "assets" { return .asset }
            let name = parts.last!
            return name.hasSuffix(".mustache") || !name.contains(".") ? .template : .ignored
        default: return .ignored
        }
    }
}

/// What one rebuild did, for the terminal line and the browser.
public struct RebuildReport: Sendable {
    /// The paths whose change started this rebuild (empty for the first build).
    public var changes: [String]
    /// Errors and warnings of the whole site as it is now.
    public var diagnostics: [Diagnostic]
    /// True when the output folder holds this version of the site.
    public var succeeded: Bool
    /// Pages whose bodies went through Markdown again, and files rendered through the theme.
    public var bodiesRendered: Int
    public var filesRendered: Int
    /// Output files written (their bytes changed) and removed.
    public var written: [String]
    public var removed: [String]
    public var milliseconds: Double
    /// How long each stage took, for `--timings`.
    public var stages: [Stage] = []
    /// True when the edit was applied to the pages it reaches (`PageEdit`), not through the whole pipeline.
    public var pageByPage = false

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

    /// True when the browser should reload: files changed, or the last build had failed and this one worked.
    public var changedOutput: Bool { !written.isEmpty || !removed.isEmpty }

    /// One line for the terminal: what changed, what was redone, how long it took.
    public var line: String {
        let what: String
        switch changes.count {
        case 0: what = "Built the site"
        case 1: what = "\(changes[0]) changed"
        default: what = "\(changes.count) files changed (\(changes.prefix(2).joined(separator: ", "))\(changes.count > 2 ? ", …" : ""))"
        }
        let time = "\(Int(milliseconds.rounded())) ms"
        guard succeeded else {
            return "\(what): \(errors.count) \(errors.count == 1 ? "error" : "errors"); still serving the last good site (\(time))"
        }
        let files = written.count + removed.count
        return "\(what): \(filesRendered) \(filesRendered == 1 ? "page" : "pages") rendered, "
            + "\(files) \(files == 1 ? "file" : "files") written, \(time)"
    }
}

/// A site kept in memory between builds, for `salve serve` and `salve build --watch`: a change re-reads only
/// the files that changed, re-renders only the outputs whose inputs changed (the cached pipeline compares each
/// output's inputs with the last build's), and writes only files whose bytes differ. Its output is byte for byte a
/// clean full build's of the same files; a randomized test checks that after every edit.
public struct LiveBuilder: Sendable {
    public let options: BuildOptions
    /// Content files as last read: path → text, or the reason it cannot be a page.
    private var files: [String: Result<String, Diagnostic>] = [:]
    private var settingsText: String?
    private var staticFiles: [String: Result<Data, Diagnostic>] = [:]
    private var theme: Result<Theme, BuildFailure>?
    private var cache = BuildCache()
    /// True once the output folder holds a build of this session, so later builds may write in place.
    private var published = false

    public init(options: BuildOptions) {
        self.options = options
    }

    /// Rebuilds after `changes` (paths relative to the site folder); nil reads the whole site, as the first
    /// build does. Writes nothing unless the whole site built without errors.
    public mutating func rebuild(changes: [String]? = nil) async -> RebuildReport {
        let start = ContinuousClock.now
        var timer = StageTimer()
        let site = options.siteDirectory
        let kinds = changes.map { Set($0.map(ChangeKind.of)) } ?? [.content, .template, .settings]
        if changes == nil {
            files = Dictionary(uniqueKeysWithValues: SiteBuilder.readContent(site))
        } else if let changes {
            // A new folder comes with the paths of the files in it (the watcher lists them); reading the folder reads them.
            let changed = Set(changes.filter { ChangeKind.of($0) == .content })
            for path in changed.sorted() where !Self.ancestors(of: path).contains(where: changed.contains) { refresh(path) }
        }
        if kinds.contains(.settings) || settingsText == nil { settingsText = SiteBuilder.readSettings(site) }
        if changes == nil || kinds.contains(.staticFile) { staticFiles = await SiteBuilder.readStaticFiles(site) }
        if theme == nil || kinds.contains(.template) || kinds.contains(.asset) {
            theme = Theme.load(siteTemplates: site.appendingPathComponent("templates"), displayPath: "templates")
        }
        timer.lap("read files")
        if published, let changes, let edit = pageEdit(changes, kinds: kinds) {
            do {
                let inPlace = InPlaceOutput(output: options.outputDirectory)
                if let result = try await edit.apply(to: &cache, output: inPlace, timer: &timer) {
                    try inPlace.remove(result.output?.removed ?? [])
                    return report(result, changes: changes, start: start, timer: &timer)
                }
            } catch {
                forgetOutput()
                var report = RebuildReport(changes: changes, diagnostics: [Diagnostic(file: options.outputDirectory.path, message: "could not write the site: \(error)")],
                                           succeeded: false, bodiesRendered: 0, filesRendered: 0, written: [], removed: [], milliseconds: 0)
                report.milliseconds = StageTimer.milliseconds(start.duration(to: .now))
                return report
            }
        }
        let input = SiteInput(settingsText: settingsText, files: files.map { ($0.key, $0.value) }, staticFiles: staticFiles,
                              siteHasSettingsFile: SiteBuilder.hasSettingsFile(site))
        // The first build of a session is published whole, in one swap; later ones write changed files in place.
        let staged = published ? nil : StagedOutput(output: options.outputDirectory)
        let inPlace = InPlaceOutput(output: options.outputDirectory)
        let sink: any OutputSink = staged ?? inPlace
        let result = await SiteBuilder.makeSite(input, theme: theme!, includeDrafts: options.includeDrafts, cache: cache, output: sink,
                                                timer: &timer)
        cache = result.cache
        var report = RebuildReport(changes: changes ?? [], diagnostics: result.diagnostics, succeeded: false,
                                   bodiesRendered: result.bodiesRendered, filesRendered: result.output?.rendered ?? 0,
                                   written: [], removed: [], milliseconds: 0)
        if let output = result.output {
            do {
                if let staged {
                    try staged.finish()
                    published = true
                } else {
                    try inPlace.remove(output.removed)
                }
                report.succeeded = true
                report.written = output.written
                report.removed = output.removed
            } catch {
                staged?.abandon()
                forgetOutput()
                report.diagnostics.append(Diagnostic(file: options.outputDirectory.path, message: "could not write the site: \(error)"))
            }
        } else {
            staged?.abandon()
            if result.writeFailed { forgetOutput() }
        }
        timer.lap("publish")
        report.milliseconds = StageTimer.milliseconds(start.duration(to: .now))
        report.stages = timer.stages
        return report
    }

    /// The edit to apply page by page, when `changes` are only to Markdown files that were read before and still
    /// can be: the common case of an author saving pages.
    private func pageEdit(_ changes: [String], kinds: Set<ChangeKind>) -> PageEdit? {
        guard kinds == [.content], case .success(let theme) = theme else { return nil }
        var edited: [(path: String, text: String)] = []
        for path in Set(changes) {
            guard case .success(let text) = files[path] else { return nil }
            edited.append((path, text))
        }
        return PageEdit(files: edited.sorted { $0.path < $1.path }, theme: theme)
    }

    /// The report of a rebuild that applied an edit page by page.
    private func report(_ result: SiteResult, changes: [String], start: ContinuousClock.Instant, timer: inout StageTimer) -> RebuildReport {
        timer.lap("publish")
        var report = RebuildReport(changes: changes, diagnostics: result.diagnostics, succeeded: true, bodiesRendered: result.bodiesRendered,
                                   filesRendered: result.output?.rendered ?? 0, written: result.output?.written ?? [],
                                   removed: result.output?.removed ?? [], milliseconds: 0)
        report.milliseconds = StageTimer.milliseconds(start.duration(to: .now))
        report.stages = timer.stages
        report.pageByPage = true
        return report
    }

    /// The paths in `changes` that a rebuild must look at: not ignored, and for content, a file or folder that
    /// exists now or was read before. Editors and tools that write a temporary file next to a page and rename it
    /// away at once (`sed -i`, some IDEs) leave paths that are neither, and rebuilding for them would do nothing.
    public func relevant(_ changes: [String]) -> [String] {
        changes.filter { path in
            switch ChangeKind.of(path) {
            case .ignored: return false
            case .content:
                let prefix = path + "/"
                return FileSystem.exists(options.siteDirectory.appendingPathComponent(path).path)
                    || files.keys.contains { $0 == path || $0.hasPrefix(prefix) }
            case .template, .asset, .settings, .staticFile: return true
            }
        }
    }

    /// After a write failed part way the output folder may be part old, part new: forget what it holds, so the
    /// next build publishes it whole.
    private mutating func forgetOutput() {
        cache.output = OutputCache()
        published = false
    }

    /// `content/a/b.md` → `content/a`, `content`.
    static func ancestors(of path: String) -> [String] {
        var parts = path.split(separator: "/").dropLast()
        var result: [String] = []
        while !parts.isEmpty {
            result.append(parts.joined(separator: "/"))
            parts = parts.dropLast()
        }
        return result
    }

    /// Reads one changed path under `content/` again: a file, a folder that appeared (all its files), or
    /// something that is gone (with everything that was under it).
    private mutating func refresh(_ path: String) {
        let site = options.siteDirectory
        let absolute = site.appendingPathComponent(path).path
        // The common case, a page saved again: a file that was read before is still a file (so nothing was under it).
        if files[path] != nil, FileSystem.isRegularFile(absolute) {
            files[path] = SiteBuilder.readContentFile(path, in: site)
            return
        }
        let prefix = path + "/"
        let gone = files.keys.filter { $0 == path || $0.hasPrefix(prefix) }  // gathered first: removing while walking the keys copied the table
        for known in gone { files[known] = nil }
        if FileSystem.isDirectory(absolute) {
            for relative in SiteFiles.list(site.appendingPathComponent(path)) {
                files[prefix + relative] = SiteBuilder.readContentFile(prefix + relative, in: site)
            }
        } else if FileSystem.isRegularFile(absolute) {
            files[path] = SiteBuilder.readContentFile(path, in: site)
        }
    }
}
