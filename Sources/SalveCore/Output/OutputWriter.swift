import Foundation

/// Where a build's files go, one by one, as they are rendered: a 10,000-page site is never held in memory whole.
/// `write` is called from many threads at once, each time with a different file.
protocol OutputSink: Sendable {
    /// Called once, before the first file, with the path of every file the finished site holds but those in the
    /// folder `pending`, whose files are known only later (the search index's, named by their contents, are made
    /// after the pages so that a large site does not hold both in memory).
    func begin(paths: Set<String>, pending: String) throws
    /// Called once, when the files in `begin`'s pending folder are known (`paths`, relative to the site's root),
    /// before the first of them is written.
    func complete(paths: Set<String>, in folder: String) throws
    func write(_ file: OutputFile) throws
}

extension OutputSink {
    func begin(paths: Set<String>, pending: String) throws {}
    func complete(paths: Set<String>, in folder: String) throws {}
}

/// A full build's output: written into a staging folder beside the output folder and swapped in with renames
/// when `finish` is called, so a reader of the output folder never sees a half-written site and a failed build
/// never touches the last good one.
///
/// The site that was replaced is kept beside the output (`.public.salve-previous`) and becomes the next build's
/// staging folder: its folders already exist and its files are written over, which on a 10,000-page site
/// saves creating and deleting 10,000 folders and 20,000 files a build. It is safe to delete at any time.
final class StagedOutput: OutputSink, @unchecked Sendable {
    let output: URL
    private let staging: String
    private let previous: String
    /// Set once by `begin`, before any `write`; `@unchecked Sendable` because nothing else changes.
    private var began = false

    init(output: URL) {
        self.output = output
        let parent = output.deletingLastPathComponent().path
        staging = "\(parent)/.\(output.lastPathComponent).salve-staging"
        previous = "\(parent)/.\(output.lastPathComponent).salve-previous"
    }

    /// Makes the staging folder (from the previous site when there is one) and removes whatever in it the new site
    /// does not hold, leaving the pending folder as it is, for `complete`. Folders are made as files are written
    /// into them (on all cores, beside the rendering, instead of 15,000 of them one by one first). Every file of the
    /// new site must then be written: the renderer writes them all when its cache is empty, which is how full
    /// builds (and the first build of a live session) use this sink.
    func begin(paths: Set<String>, pending: String) throws {
        try FileSystem.removeTree(staging)
        if FileSystem.exists(previous) {
            try FileSystem.rename(previous, to: staging)
        } else {
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        }
        began = true
        var folders = try OutputFolders.of(paths)
        folders.insert(pending)
        try OutputFolders.removeStale(in: staging, keeping: paths, folders: folders, leaving: pending)
    }

    func complete(paths: Set<String>, in folder: String) throws {
        var folders = try OutputFolders.of(paths)
        folders.insert(folder)
        try OutputFolders.removeStale(in: staging, keeping: paths, folders: folders, below: folder)
    }

    func write(_ file: OutputFile) throws {
        let path = "\(staging)/\(file.path)"
        do {
            try FileSystem.write(file.data, to: path)
        } catch let failure as FileSystem.Failure where failure.operation == "open" && failure.code == ENOENT {
            try FileSystem.makeDirectories(String(path[..<path.utf8.lastIndex(of: UInt8(ascii: "/"))!]))
            try FileSystem.write(file.data, to: path)
        }
    }

    /// Swaps the finished staging folder in for the output folder.
    func finish() throws {
        let hadOutput = FileSystem.exists(output.path)
        if hadOutput { try FileSystem.rename(output.path, to: previous) }
        do {
            try FileSystem.rename(staging, to: output.path)
        } catch {
            if hadOutput { try? FileSystem.rename(previous, to: output.path) }
            throw error
        }
    }

    /// Throws away a staging folder that will not be finished (the build failed after it began).
    func abandon() {
        if began { try? FileSystem.removeTree(staging) }
    }
}

/// A live rebuild's output: each changed file is written beside its place in the published site and renamed
/// over it, so a reader sees the old bytes or the new, never half a file; `remove` then deletes files that are
/// gone, and folders they leave empty.
struct InPlaceOutput: OutputSink {
    let output: URL

    func write(_ file: OutputFile) throws {
        guard file.isContained else { throw OutputFolders.WriteError(message: "refusing to write '\(file.path)' outside the output folder") }
        let root = output.path
        let parts = file.path.split(separator: "/")
        var folder = root
        for part in parts.dropLast() {
            folder += "/\(part)"
            try FileSystem.makeDirectory(folder)
        }
        let temporary = "\(folder)/.\(parts.last!).salve-tmp"
        try FileSystem.write(file.data, to: temporary)
        try FileSystem.rename(temporary, to: "\(root)/\(file.path)")
    }

    func remove(_ removed: [String]) throws {
        let root = output.path
        for path in removed where OutputFile(path: path, data: Data()).isContained {
            try FileSystem.removeTree("\(root)/\(path)")
            var folder = path.split(separator: "/").dropLast()
            while !folder.isEmpty, FileSystem.removeIfEmpty("\(root)/\(folder.joined(separator: "/"))") {
                folder = folder.dropLast()
            }
        }
    }
}

/// Output that goes nowhere: `salve check` builds the site only to look at it.
struct DiscardedOutput: OutputSink {
    func write(_ file: OutputFile) throws {}
}

/// The folders of an output tree, and clearing out a recycled one.
enum OutputFolders {
    /// Every folder the files go in, with their parents, once each; fails for a path that would leave the output.
    static func of(_ paths: Set<String>) throws -> Set<String> {
        var folders: Set<String> = []
        for path in paths {
            guard OutputFile(path: path, data: Data()).isContained else {
                throw WriteError(message: "refusing to write '\(path)' outside the output folder")
            }
            // Contained, so no empty segments: each folder is the path up to a slash. Up to the first one known.
            var end = path.utf8.lastIndex(of: UInt8(ascii: "/"))
            while let slash = end, folders.insert(String(path[..<slash])).inserted {
                end = path.utf8[..<slash].lastIndex(of: UInt8(ascii: "/"))
            }
        }
        return folders
    }

    /// Deletes whatever in a recycled staging folder is not part of the new site, so the result holds exactly
    /// the new files: from `below` (the whole folder when empty) down, each entry that is not one of `files` or
    /// `folders` is removed. A depth at a time, each on many threads (`diskBoundMap`); a folder is listed only when
    /// its parent's listing showed it as a real folder, so no symbolic link (nor, on a disk that ignores case,
    /// another spelling of a name) is ever followed out of the site. The folder `leaving` is not listed: what it
    /// holds stays.
    static func removeStale(in root: String, keeping files: Set<String>, folders: Set<String>, leaving: String? = nil,
                            below: String = "") throws {
        var level = [below]
        while !level.isEmpty {
            let listed = diskBoundMap(level) { folder -> (inside: [String], failure: (any Error)?) in
                var inside: [String] = []
                for entry in FileSystem.entries(of: folder.isEmpty ? root : "\(root)/\(folder)") {
                    let path = folder.isEmpty ? entry.name : "\(folder)/\(entry.name)"
                    if entry.isDirectory ? folders.contains(path) : files.contains(path) {
                        if entry.isDirectory && path != leaving { inside.append(path) }
                        continue
                    }
                    do { try FileSystem.removeTree("\(root)/\(path)") } catch { return (inside, error) }
                }
                return (inside, nil)
            }
            if let failure = listed.lazy.compactMap(\.failure).first { throw failure }
            level = listed.flatMap(\.inside)
        }
    }

    struct WriteError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
