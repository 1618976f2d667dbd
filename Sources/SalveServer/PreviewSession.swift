import Foundation
import Hummingbird
import SalveCore

/// `salve serve` from start to end: build the site, listen once it is built, then rebuild on every change and tell
/// the open pages. It lives here, not in the command, so that a test can run all of it.
public enum PreviewSession {
    /// Builds the site of `options`, serves its output folder on `host:port` (port 0 picks a free one) and rebuilds
    /// on every change, until `changes` ends or the task is cancelled; then it stops listening and returns.
    ///
    /// - `changes`: paths relative to the site folder, one batch per burst of edits; nil watches the site folder.
    ///   A test passes its own stream, so it needs no inotify and no waiting for the file system.
    /// - `onListening`: the site's address (`http://127.0.0.1:8080/legs/`), called only after the first build has
    ///   finished, so that the address shows the site rather than an empty folder (or, when that build failed, the
    ///   page that lists its errors).
    /// - `report`: the first build and every rebuild, called before the open pages are told of it.
    ///
    /// Throws what stopped the server or the watcher; `PreviewServer.listenFailure` turns a failure to listen into
    /// one line for the terminal.
    public static func run(_ options: BuildOptions, host: String = "127.0.0.1", port: Int = 8080,
                           changes: AsyncStream<[String]>? = nil,
                           onListening: @escaping @Sendable (_ address: String) async -> Void,
                           report: @escaping @Sendable (RebuildReport) async -> Void) async throws {
        let live = LiveReload()
        let builder = LiveBuilder(options: options)
        let basePath = SiteBuilder.basePath(of: options.siteDirectory)
        let app = PreviewServer.application(output: options.outputDirectory, basePath: basePath, live: live,
                                            host: host, port: port) { port in
            await onListening("http://\(host):\(port)\(basePath)/")
        }
        let (built, buildDone) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let publish: @Sendable (RebuildReport) async -> Void = { rebuilt in
            await report(rebuilt)
            await live.publish(rebuilt)
            buildDone.yield()
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                // Ends the wait below also when the watcher could not start, so its error is thrown, not waited on.
                defer { buildDone.finish() }
                if let changes {
                    await LiveSession.run(builder, changes: changes, report: publish)
                } else {
                    try await LiveSession.watch(builder, report: publish)
                }
            }
            var firstBuildDone = false
            for await _ in built {
                firstBuildDone = true
                break
            }
            guard firstBuildDone else {
                try await group.next()
                return
            }
            // Ctrl-C or SIGTERM ends the preview at once: a graceful shutdown would wait forever for open event streams.
            group.addTask { try await app.runService(gracefulShutdownSignals: []) }
            try await group.next()
            group.cancelAll()
        }
    }
}
