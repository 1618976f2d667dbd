import Foundation

/// Publishes a finished site so that a reader of the output folder never sees a half-written site and a
/// failed build never touches the last good one: write everything into a staging folder beside the
/// output, then swap it in with renames.
enum OutputWriter {
    static func publish(_ files: [OutputFile], to output: URL) throws {
        let manager = FileManager.default
        let parent = output.deletingLastPathComponent()
        let name = output.lastPathComponent
        let staging = parent.appendingPathComponent(".\(name).salve-staging")
        let previous = parent.appendingPathComponent(".\(name).salve-previous")
        try? manager.removeItem(at: staging)
        try? manager.removeItem(at: previous)
        try manager.createDirectory(at: staging, withIntermediateDirectories: true)
        do {
            var made: Set<String> = []
            for file in files {
                guard file.isContained else { throw WriteError(message: "refusing to write '\(file.path)' outside the output folder") }
                let url = staging.appendingPathComponent(file.path)
                let folder = url.deletingLastPathComponent().path
                if made.insert(folder).inserted {
                    try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
                }
                try file.data.write(to: url)
            }
            if manager.fileExists(atPath: output.path) {
                try manager.moveItem(at: output, to: previous)
            }
            try manager.moveItem(at: staging, to: output)
            try? manager.removeItem(at: previous)
        } catch {
            try? manager.removeItem(at: staging)
            if !manager.fileExists(atPath: output.path), manager.fileExists(atPath: previous.path) {
                try? manager.moveItem(at: previous, to: output)
            }
            throw error
        }
    }

    struct WriteError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
