import Foundation

/// Publishes a finished site so that a reader of the output folder never sees a half-written site and a
/// failed build never touches the last good one: write everything into a staging folder beside the
/// output, then swap it in with renames.
///
/// The site that was replaced is kept beside the output (`.public.salve-previous`) and becomes the next
/// build's staging folder: its folders already exist and stale files are removed, which on a 10,000-page site
/// saves creating and deleting 10,000 folders per build. It is safe to delete at any time.
enum OutputWriter {
    static func publish(_ files: [OutputFile], to output: URL) async throws {
        let parent = output.deletingLastPathComponent().path
        let name = output.lastPathComponent
        let staging = "\(parent)/.\(name).salve-staging"
        let previous = "\(parent)/.\(name).salve-previous"
        try FileSystem.removeTree(staging)
        if FileSystem.exists(previous) {
            try FileSystem.rename(previous, to: staging)
        } else {
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        }
        do {
            let folders = try folders(of: files)
            try removeStale(in: staging, keeping: Set(files.map(\.path)), folders: folders)
            // Folders one by one, parents first (parallel mkdir measured no faster); files on all cores.
            for folder in folders.sorted(by: { $0.count < $1.count }) { try FileSystem.makeDirectory("\(staging)/\(folder)") }
            try await run(files) { try FileSystem.write($0.data, to: "\(staging)/\($0.path)") }

            let hadOutput = FileSystem.exists(output.path)
            if hadOutput { try FileSystem.rename(output.path, to: previous) }
            do {
                try FileSystem.rename(staging, to: output.path)
            } catch {
                if hadOutput { try? FileSystem.rename(previous, to: output.path) }
                throw error
            }
        } catch {
            try? FileSystem.removeTree(staging)
            throw error
        }
    }

    /// Updates a published site in place, for live rebuilds: each changed file is written beside its place
    /// and renamed over it, so a reader sees the old bytes or the new, never half a file; removed files go,
    /// and so do folders they leave empty.
    static func apply(_ files: [OutputFile], removing removed: [String], to output: URL) async throws {
        let root = output.path
        for folder in try folders(of: files).sorted(by: { $0.count < $1.count }) { try FileSystem.makeDirectory("\(root)/\(folder)") }
        try await run(files) { file in
            let folder = file.path.split(separator: "/").dropLast().map { "\($0)/" }.joined()
            let temporary = "\(root)/\(folder).\(file.path.split(separator: "/").last!).salve-tmp"
            try FileSystem.write(file.data, to: temporary)
            try FileSystem.rename(temporary, to: "\(root)/\(file.path)")
        }
        for path in removed where OutputFile(path: path, data: Data()).isContained {
            try FileSystem.removeTree("\(root)/\(path)")
            var folder = path.split(separator: "/").dropLast()
            while !folder.isEmpty, FileSystem.children(of: "\(root)/\(folder.joined(separator: "/"))").isEmpty {
                try FileSystem.removeTree("\(root)/\(folder.joined(separator: "/"))")
                folder = folder.dropLast()
            }
        }
    }

    /// Every folder the files go in, with their parents, once each; fails for a path that would leave the output.
    private static func folders(of files: [OutputFile]) throws -> Set<String> {
        var folders: Set<String> = []
        for file in files {
            guard file.isContained else { throw WriteError(message: "refusing to write '\(file.path)' outside the output folder") }
            var folder = file.path.split(separator: "/").dropLast()
            while !folder.isEmpty, folders.insert(folder.joined(separator: "/")).inserted { folder = folder.dropLast() }
        }
        return folders
    }

    /// Runs `operation` on every item on all cores, throwing the first failure.
    private static func run<Item: Sendable>(_ items: [Item], _ operation: @escaping @Sendable (Item) throws -> Void) async throws {
        let failures = await parallelMap(items) { item -> String? in
            do { try operation(item); return nil } catch { return "\(error)" }
        }
        if let failure = failures.first(where: { $0 != nil }) { throw WriteError(message: failure!) }
    }

    /// Deletes whatever in a recycled staging folder is not part of the new site, so the result holds exactly
    /// the new files. `relative` is the path below `root` being looked at.
    private static func removeStale(in root: String, keeping files: Set<String>, folders: Set<String>, relative: String = "") throws {
        for name in FileSystem.children(of: relative.isEmpty ? root : "\(root)/\(relative)") {
            let path = relative.isEmpty ? name : "\(relative)/\(name)"
            if folders.contains(path) {
                if FileSystem.isDirectory("\(root)/\(path)") {
                    try removeStale(in: root, keeping: files, folders: folders, relative: path)
                } else {
                    try FileSystem.removeTree("\(root)/\(path)")
                }
            } else if !files.contains(path) || FileSystem.isDirectory("\(root)/\(path)") {
                try FileSystem.removeTree("\(root)/\(path)")
            }
        }
    }

    struct WriteError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
