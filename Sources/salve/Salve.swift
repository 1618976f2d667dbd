import ArgumentParser
import Foundation
import SalveCore
import SalveLinks
import SalveServer

#if canImport(CJemalloc)
import CJemalloc  // links jemalloc, which takes over malloc (Sources/CJemalloc/shim.h)
#endif

@main
struct Salve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "salve",
        abstract: "Build patient-education websites from Markdown pages.",
        version: SalveVersion.current,
        subcommands: [Build.self, Serve.self, Check.self, New.self, Init.self, ReadabilityCommand.self],
        defaultSubcommand: Build.self
    )
}

/// The site folder option shared by every subcommand.
struct SiteOptions: ParsableArguments {
    @Option(name: [.short, .long], help: "The site folder, holding salve.yaml, content/ and templates/.")
    var site: String = "."

    var siteURL: URL { URL(fileURLWithPath: site, isDirectory: true) }
}

/// The options `build` and `serve` share, declared once so they cannot drift apart.
struct BuildFlags: ParsableArguments {
    @Option(name: [.short, .long], help: "Where to write the site. Default: public/ in the site folder.")
    var output: String?

    @Flag(help: "Include pages marked 'draft: true'.")
    var drafts = false

    @Flag(help: "Print how long each stage of the build, and of every rebuild, took, and the memory in use after it.")
    var timings = false

    /// The one place where the command line becomes a build's options.
    func buildOptions(site: SiteOptions) -> BuildOptions {
        BuildOptions(siteDirectory: site.siteURL, outputDirectory: output.map { URL(fileURLWithPath: $0, isDirectory: true) },
                     includeDrafts: drafts)
    }
}

struct Build: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Build the site into public/ (or --output).")

    @OptionGroup var options: SiteOptions

    @OptionGroup var flags: BuildFlags

    @Flag(help: "Keep running: rebuild whenever content/, templates/ or salve.yaml change, writing only changed files.")
    var watch = false

    func run() async throws {
        let buildOptions = flags.buildOptions(site: options)
        let timings = flags.timings
        if watch {
            printLine("Watching \(displayPath(options.siteURL)) for changes; press Ctrl-C to stop.")
            try await LiveSession.watch(LiveBuilder(options: buildOptions)) { report in printReport(report, timings: timings) }
            return
        }
        do {
            let summary = try await SiteBuilder.build(buildOptions)
            for warning in summary.warnings { printError(warning.description) }
            if timings {
                for stage in summary.stages {
                    print("  \(stage.name): \(Int(stage.milliseconds.rounded())) ms (\(Int(stage.cpuMilliseconds.rounded())) ms CPU"
                          + (stage.residentMegabytes.map { ", \($0) MB resident)" } ?? ")"))
                }
            }
            print("Built \(summary.pages) pages (\(summary.files) files) into \(displayPath(buildOptions.outputDirectory)) "
                  + "in \(Int(summary.milliseconds.rounded())) ms, 0 errors.")
        } catch {
            let errors = error.diagnostics.filter { $0.severity == .error }
            for diagnostic in error.diagnostics { printError(diagnostic.description) }
            printError("Build failed with \(errors.count) \(errors.count == 1 ? "error" : "errors"); "
                       + "\(displayPath(buildOptions.outputDirectory)) was left as it was.")
            throw ExitCode.failure
        }
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the site, serve it for preview, and rebuild and reload the browser on every change.",
        discussion: "Serves the output folder on loopback only, unless --host says otherwise. Not for production: publish the files of 'salve build' instead.")

    @OptionGroup var options: SiteOptions

    @Option(help: "The address to listen on. 0.0.0.0 makes the preview visible to other machines.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on; 0 picks a free one.")
    var port = 8080

    @OptionGroup var flags: BuildFlags

    func run() async throws {
        let buildOptions = flags.buildOptions(site: options)
        let timings = flags.timings
        do {
            try await PreviewSession.run(buildOptions, host: host, port: port) { address in
                printLine("Serving \(displayPath(buildOptions.outputDirectory)) at \(address) ; press Ctrl-C to stop.")
            } report: { report in
                printReport(report, timings: timings)
            }
        } catch {
            guard let line = PreviewServer.listenFailure(error, host: host, port: port) else { throw error }
            printError(line)
            throw ExitCode.failure
        }
    }
}

/// One line per rebuild, and the errors of a failed one, like `salve build` prints them.
func printReport(_ report: RebuildReport, timings: Bool) {
    if !report.succeeded {
        for diagnostic in report.diagnostics { printError(diagnostic.description) }
    }
    printLine(report.line)
    if timings {
        printLine(report.stages.map { "\($0.name) \(Int($0.milliseconds.rounded())) ms" }.joined(separator: ", "))
    }
}

/// Prints at once, also when output goes to a pipe or file: a watching process prints as things happen.
func printLine(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

struct ReadabilityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "readability",
        abstract: "Print each page's Flesch–Kincaid grade and SMOG index, hardest first, and the means.",
        discussion: """
            Patient pages should read at grade 6 to 8. Each page's body is measured, and its summary's grade is shown             beside it. Only real sentences count: a sentence ends at '.', '!' or '?', so a heading or a list item             without one runs on into the next sentence, as a reader meets it.
            """)

    @OptionGroup var options: SiteOptions

    func run() async throws {
        print(await ReadabilityReport.make(site: options.siteURL).text)
    }
}

struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the site for the content team: review dates, reading level, care cards, findability, sources.",
        discussion: """
            Runs the whole build in memory (it writes nothing), then the content checks, and prints each finding as \
            'path:line:col: error|warning|note: message [check]', then a summary. Exits with 1 when there is an error \
            (with --strict, also a warning). Thresholds are set under 'check:' in salve.yaml; see docs/check.md.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, github
    }

    @OptionGroup var options: SiteOptions

    @Option(help: "Judge review dates against this day (YYYY-MM-DD) instead of today, for results that do not change.")
    var today: String?

    @Option(help: "How to print the findings: text, json (docs/check.md) or github (workflow annotations).")
    var format: Format = .text

    @Flag(help: "Also fetch every http(s) link in bodies and sources (HEAD, then GET), 8 at a time; results are kept for a day in .salve-cache/.")
    var external = false

    @Option(help: "With --external: seconds to wait for each address.")
    var timeout: Int = 10

    @Flag(help: "Fail on warnings too, not only on errors.")
    var strict = false

    @Option(help: "Also write the editors' dashboard, one HTML file, into this folder (it must be outside the published site).")
    var report: String?

    func run() async throws {
        let day: Day
        if let today {
            guard let parsed = Day(iso: today) else { throw ValidationError("--today must be a date written YYYY-MM-DD, like 2026-11-29") }
            day = parsed
        } else {
            day = Scaffold.today()
        }
        var links: ExternalLinkCheck?
        let fetcher = external ? HTTPLinkFetcher(timeout: .seconds(max(1, timeout))) : nil
        if let fetcher {
            links = ExternalLinkCheck(fetcher: fetcher, cacheFile: options.siteURL.appendingPathComponent(".salve-cache/external-links.json"))
        }
        var dashboard: URL?
        if let report {
            let folder = URL(fileURLWithPath: report, isDirectory: true).standardizedFileURL
            for (inside, why) in [("public", "the published site (public/), where it would be deployed"),
                                   ("content", "content/, where the next build would take it for a page")] {
                let protected = options.siteURL.appendingPathComponent(inside).standardizedFileURL
                if folder.path == protected.path || folder.path.hasPrefix(protected.path + "/") {
                    throw ValidationError("--report \(report) is inside \(why); choose a folder outside it, like --report reports/")
                }
            }
            dashboard = folder
        }
        let report = await CheckReport.make(site: options.siteURL, today: day, external: links)
        await fetcher?.shutdown()
        if let dashboard {
            try FileManager.default.createDirectory(at: dashboard, withIntermediateDirectories: true)
            try Data(Dashboard.html(report).utf8).write(to: dashboard.appendingPathComponent("index.html"))
            let shown = displayPath(dashboard)
            printError("Wrote the dashboard to \(shown)\(shown.hasSuffix("/") ? "" : "/")index.html")
        }
        switch format {
        case .text: print(report.text)
        case .json: print(report.json)
        case .github: print(report.github)
        }
        if report.fails(strict: strict) { throw ExitCode.failure }
    }
}

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a new draft page with its front matter filled in.",
        discussion: "KIND is one of: condition, symptom, treatment, test, risk-factor, page.")

    @OptionGroup var options: SiteOptions

    @Argument(help: "The kind of page: condition, symptom, treatment, test, risk-factor or page.")
    var kind: String

    @Argument(help: "The page's title, in quotes.")
    var title: String

    func run() throws {
        guard let pageKind = Scaffold.kind(named: kind) else {
            throw ValidationError("unknown kind '\(kind)'; use one of condition, symptom, treatment, test, risk-factor, page")
        }
        let path: String
        do {
            path = try Scaffold.writeNewPage(kind: pageKind, title: title, site: options.siteURL, today: Scaffold.today())
        } catch let error as ScaffoldError {
            throw ValidationError(error.description)
        }
        print("Wrote \(path) as a draft. Fill it in, then remove 'draft: true' to publish it.")
    }
}

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create a new, working site in a folder.")

    @Argument(help: "The folder to create. It must not exist or must be empty.")
    var directory: String

    @Option(help: "The site's name.")
    var title = "My health information site"

    func run() throws {
        let root = URL(fileURLWithPath: directory, isDirectory: true)
        let manager = FileManager.default
        if let existing = try? manager.contentsOfDirectory(atPath: root.path), !existing.isEmpty {
            throw ValidationError("\(directory) is not empty; choose a new folder so nothing is overwritten")
        }
        for file in Scaffold.newSite(title: title, today: Scaffold.today()) {
            let url = root.appendingPathComponent(file.path)
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try file.data.write(to: url)
        }
        print("Created a new site in \(directory). Next: salve build --site \(directory)")
    }
}

func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

func displayPath(_ url: URL) -> String {
    let cwd = FileManager.default.currentDirectoryPath
    let path = url.standardizedFileURL.path
    return path.hasPrefix(cwd + "/") ? String(path.dropFirst(cwd.count + 1)) + "/" : path
}
