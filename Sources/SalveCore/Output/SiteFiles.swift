#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Lists files under a folder, the one place Salve walks the disk for input.
enum SiteFiles {
    /// Paths of regular files below `directory`, relative to it, sorted; hidden files and folders and symbolic
    /// links are skipped (a link could lead outside the site). An absent folder has no files.
    static func list(_ directory: URL) -> [String] {
        var paths: [String] = []
        walk(directory.standardizedFileURL.path, relative: "", into: &paths)
        return paths.sorted()
    }

    private static func walk(_ folder: String, relative: String, into paths: inout [String]) {
        guard let directory = opendir(folder) else { return }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            guard !name.hasPrefix(".") else { continue }
            let path = "\(folder)/\(name)"
            let child = relative.isEmpty ? name : "\(relative)/\(name)"
            var type = Int32(entry.pointee.d_type)
            if type == Int32(DT_UNKNOWN) {  // some file systems do not say; ask
                var status = stat()
                guard lstat(path, &status) == 0 else { continue }
                type = status.st_mode & S_IFMT == S_IFDIR ? Int32(DT_DIR) : status.st_mode & S_IFMT == S_IFREG ? Int32(DT_REG) : Int32(DT_LNK)
            }
            if type == Int32(DT_DIR) {
                walk(path, relative: child, into: &paths)
            } else if type == Int32(DT_REG) {
                paths.append(child)
            }
        }
    }
}
