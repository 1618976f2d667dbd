#if canImport(Glibc)
import Foundation
import Glibc

/// Watches a site folder with Linux's inotify: `salve.yaml`, and `content/`, `templates/` and `static/` with every folder
/// below them, including folders that appear later. Each burst of events (an editor's save, a `git checkout`)
/// becomes one batch of changed paths once the folder has been quiet for a moment.
public final class FolderWatcher: @unchecked Sendable {
    /// The folders watched, below the site folder.
    static let trees = ["content", "templates", "static"]
    static let mask = UInt32(IN_CLOSE_WRITE | IN_MODIFY | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO
                             | IN_DELETE_SELF | IN_DONT_FOLLOW)

    private let root: String
    private let descriptor: Int32
    private let lock = NSLock()
    /// Watch descriptor → folder path relative to the site ("" for the site folder). Used by the reading thread only.
    private var folders: [Int32: String] = [:]
    private var stopped = false

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public init(site: URL) throws {
        root = site.standardizedFileURL.path
        descriptor = inotify_init1(Int32(IN_CLOEXEC))
        guard descriptor >= 0 else {
            throw Failure(description: "cannot watch \(root) for changes: \(String(cString: strerror(errno)))")
        }
        try watch("")
        for tree in Self.trees { try watchTree(tree) }
    }

    deinit {
        close(descriptor)
    }

    /// Batches of changed paths, relative to the site folder and sorted. A batch is sent once no event has
    /// come for `quiet`. The stream ends after `stop()`.
    public func changes(quiet: Duration = .milliseconds(40)) -> AsyncStream<[String]> {
        let (stream, continuation) = AsyncStream<[String]>.makeStream(bufferingPolicy: .unbounded)
        let quietMilliseconds = Int32(quiet.components.seconds * 1000 + quiet.components.attoseconds / 1_000_000_000_000_000)
        let thread = Thread { [self] in
            var pending: Set<String> = []
            while !isStopped {
                var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                let ready = poll(&poller, 1, pending.isEmpty ? 200 : quietMilliseconds)
                if ready > 0 {
                    pending.formUnion(readEvents())
                } else if ready == 0, !pending.isEmpty {
                    continuation.yield(pending.sorted())
                    pending = []
                }
            }
            continuation.finish()
        }
        thread.name = "salve-watcher"
        thread.start()
        return stream
    }

    public func stop() {
        lock.withLock { stopped = true }
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    /// Adds a watch on one folder (relative to the site).
    private func watch(_ folder: String) throws {
        let path = folder.isEmpty ? root : "\(root)/\(folder)"
        let mask = folder.isEmpty ? UInt32(IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_CLOSE_WRITE | IN_MODIFY) : Self.mask
        let watch = inotify_add_watch(descriptor, path, mask | UInt32(IN_ONLYDIR))
        if watch < 0 {
            if errno == ENOENT || errno == ENOTDIR { return } // gone already, or not a folder: nothing to watch
            throw Failure(description: "cannot watch \(path): \(String(cString: strerror(errno)))"
                          + (errno == ENOSPC ? "; raise fs.inotify.max_user_watches" : ""))
        }
        folders[watch] = folder
    }

    /// Watches a folder and every folder below it, skipping hidden folders and symbolic links as builds do.
    /// Returns what is inside (files and folders, relative to the site, hidden ones left out).
    @discardableResult
    private func watchTree(_ folder: String) throws -> [String] {
        guard FileSystem.isDirectory("\(root)/\(folder)") else { return [] }
        // The watch comes before the listing: whatever appears after the listing raises an event of its own.
        try watch(folder)
        var found: [String] = []
        for name in FileSystem.children(of: "\(root)/\(folder)") where !name.hasPrefix(".") {
            let path = "\(folder)/\(name)"
            found.append(path)
            if FileSystem.isDirectory("\(root)/\(path)") { found += try watchTree(path) }
        }
        return found
    }

    /// Stops watching a folder that was removed or moved away, and every folder below it.
    private func unwatchTree(_ folder: String) {
        for (watch, path) in folders where path == folder || path.hasPrefix(folder + "/") {
            inotify_rm_watch(descriptor, watch)
            folders[watch] = nil
        }
    }

    /// Reads the events waiting on the descriptor and returns the paths they name.
    private func readEvents() -> Set<String> {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        let count = read(descriptor, &buffer, buffer.count)
        guard count > 0 else { return [] }
        var changed: Set<String> = []
        var offset = 0
        while offset + 16 <= count {
            let (watch, mask, length) = buffer.withUnsafeBytes { raw in
                (raw.loadUnaligned(fromByteOffset: offset, as: Int32.self), raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self),
                 Int(raw.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self)))
            }
            let nameBytes = buffer[(offset + 16)..<min(offset + 16 + length, count)].prefix { $0 != 0 }
            let name = String(decoding: nameBytes, as: UTF8.self)
            offset += 16 + length
            changed.formUnion(handle(watch: watch, mask: mask, name: name))
            if mask & UInt32(IN_Q_OVERFLOW) != 0 { changed.formUnion(["salve.yaml"] + Self.trees) }
        }
        return changed
    }

    /// Keeps the watches up to date with one event and returns the changed paths a build reads: the path the
    /// event names and, for a folder that appeared, everything already inside it.
    private func handle(watch: Int32, mask: UInt32, name: String) -> [String] {
        if mask & UInt32(IN_IGNORED) != 0 {
            folders[watch] = nil
            return []
        }
        guard let folder = folders[watch] else { return [] }
        let path = folder.isEmpty ? name : (name.isEmpty ? folder : "\(folder)/\(name)")
        if folder.isEmpty, !(name == "salve.yaml" || Self.trees.contains(name)) { return [] }
        var paths = [path]
        if mask & UInt32(IN_ISDIR) != 0 {
            if mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0, !name.hasPrefix(".") {
                // Files written into a new folder before its watch existed raise no event (`mkdir -p` then a write,
                // a folder moved in): as inotify(7) advises, list what the folder holds once it is watched.
                paths += (try? watchTree(path)) ?? []
            } else if mask & UInt32(IN_DELETE | IN_MOVED_FROM) != 0 {
                unwatchTree(path)
            }
        }
        return paths.filter { ChangeKind.of($0) != .ignored }
    }
}
#endif
