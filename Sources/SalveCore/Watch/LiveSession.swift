import Foundation

/// Changed paths waiting for the next rebuild. Changes that arrive while a rebuild runs gather here and start
/// one more rebuild when it ends, which reads the files as they are then: the last write always wins.
final class ChangeInbox: @unchecked Sendable {
    private let lock = NSLock()
    private var paths: Set<String> = []
    private let continuation: AsyncStream<Void>.Continuation
    /// Fires when paths arrive; at most one signal waits, however many batches came.
    let signals: AsyncStream<Void>

    init() {
        (signals, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    func add(_ batch: [String]) {
        lock.withLock { paths.formUnion(batch) }
        continuation.yield()
    }

    func finish() {
        continuation.finish()
    }

    /// Everything that arrived since the last call, sorted.
    func take() -> [String] {
        lock.withLock {
            defer { paths = [] }
            return paths.sorted()
        }
    }
}

/// `salve serve` and `salve build --watch`: a first full build, then one rebuild per burst of changes, each
/// reported to `report` once all its writes are done.
public enum LiveSession {
    /// Runs until `changes` ends. `report` sees the first build and every rebuild after it.
    public static func run(_ builder: LiveBuilder, changes: AsyncStream<[String]>,
                           report: @escaping @Sendable (RebuildReport) async -> Void) async {
        var builder = builder
        await report(await builder.rebuild())
        let inbox = ChangeInbox()
        let feeder = Task {
            for await batch in changes { inbox.add(batch) }
            inbox.finish()
        }
        for await _ in inbox.signals {
            let paths = builder.relevant(inbox.take())
            guard !paths.isEmpty else { continue }
            await report(await builder.rebuild(changes: paths))
        }
        feeder.cancel()
    }

    #if canImport(Glibc)
    /// Watches the site folder of `builder` and runs until the task is cancelled.
    public static func watch(_ builder: LiveBuilder, report: @escaping @Sendable (RebuildReport) async -> Void) async throws {
        let watcher = try FolderWatcher(site: builder.options.siteDirectory)
        await withTaskCancellationHandler {
            await run(builder, changes: watcher.changes(), report: report)
        } onCancel: {
            watcher.stop()
        }
    }
    #else
    /// Watching uses inotify, which only Linux has; elsewhere `salve serve` and `salve build --watch` say so.
    public static func watch(_ builder: LiveBuilder, report: @escaping @Sendable (RebuildReport) async -> Void) async throws {
        throw UnsupportedPlatform()
    }

    struct UnsupportedPlatform: Error, CustomStringConvertible {
        var description: String {
            "watching for changes needs Linux (inotify) for now; run 'salve build' after each change and serve public/ yourself"
        }
    }
    #endif
}
