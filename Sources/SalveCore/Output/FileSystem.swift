#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

// `FileSystem.read` and `FileSystem.rename` hide the C functions of the same names inside the enum; these name them
// once for each C library.
private func posixRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.read(descriptor, buffer, count)
    #else
    Darwin.read(descriptor, buffer, count)
    #endif
}

private func posixRename(_ from: String, _ to: String) -> Int32 {
    #if canImport(Glibc)
    Glibc.rename(from, to)
    #else
    Darwin.rename(from, to)
    #endif
}

/// The few file operations publishing needs, made straight with POSIX calls: Foundation's FileManager on Linux
/// spends most of a 10,000-page build creating folders, writing files and removing the previous site.
enum FileSystem {
    struct Failure: Error, CustomStringConvertible {
        var operation: String
        var path: String
        var code: Int32
        var description: String { "\(operation) \(path): \(String(cString: strerror(code)))" }
    }

    /// Creates a folder; one that already exists is fine. Its parent must exist.
    static func makeDirectory(_ path: String) throws {
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw Failure(operation: "mkdir", path: path, code: errno) }
    }

    /// Writes `bytes` to the file at `path`, creating it or replacing what it held. When the file already holds
    /// exactly these bytes they are not written again, only its modification time is set to now: a rebuild writes
    /// over the site before last (see `StagedOutput`), most of whose files are unchanged, and reading them from the
    /// page cache costs far less than writing them (145,000 pages are 3.4 GB the disk would have to take). The
    /// time still moves on, as if written: the site before last may hold bytes that the last build changed, and a
    /// file changed back must not look older than the change to deploy tools or `Last-Modified`.
    ///
    /// An existing file is written over and then cut to length, not emptied first: ext4 flushes a file emptied
    /// with `O_TRUNC` to disk when it is closed, which made rewriting a 10,000-page site wait on the disk.
    ///
    /// Whatever else is at `path` (a symbolic link, a pipe) is replaced by the file, never written through: a link
    /// planted in the recycled staging folder must not carry the site's bytes to a file outside it.
    static func write(_ bytes: some ContiguousBytes, to path: String) throws {
        var descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0o644)
        var status = stat()
        var statted = descriptor >= 0 && fstat(descriptor, &status) == 0  // once a file: 305,000 of them at 145,000 pages
        if descriptor < 0 && errno == ELOOP || statted && status.st_mode & S_IFMT != S_IFREG {
            if descriptor >= 0 { close(descriptor) }
            if unlink(path) != 0 { throw Failure(operation: "unlink", path: path, code: errno) }
            descriptor = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o644)
            statted = descriptor >= 0 && fstat(descriptor, &status) == 0
        }
        guard descriptor >= 0 else { throw Failure(operation: "open", path: path, code: errno) }
        defer { close(descriptor) }
        guard statted else { throw Failure(operation: "stat", path: path, code: errno) }
        try bytes.withUnsafeBytes { buffer in
            if status.st_size == off_t(buffer.count), holds(buffer, descriptor) {
                if futimens(descriptor, nil) != 0 { throw Failure(operation: "touch", path: path, code: errno) }
                return
            }
            var offset = 0
            while offset < buffer.count {
                let written = pwrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset, off_t(offset))
                if written < 0 {
                    if errno == EINTR { continue }
                    throw Failure(operation: "write", path: path, code: errno)
                }
                offset += written
            }
            if status.st_size == off_t(buffer.count) { return }
            if ftruncate(descriptor, off_t(buffer.count)) != 0 { throw Failure(operation: "truncate", path: path, code: errno) }
        }
    }

    /// True when the open file holds `bytes` (its size was checked): read back and compared a block at a time.
    private static func holds(_ bytes: UnsafeRawBufferPointer, _ descriptor: Int32) -> Bool {
        let block = 65_536
        let room = UnsafeMutableRawPointer.allocate(byteCount: min(block, max(bytes.count, 1)), alignment: 16)
        defer { room.deallocate() }
        var offset = 0
        while offset < bytes.count {
            let got = pread(descriptor, room, min(block, bytes.count - offset), off_t(offset))
            if got < 0 && errno == EINTR { continue }
            guard got > 0, memcmp(room, bytes.baseAddress! + offset, got) == 0 else { return false }
            offset += got
        }
        return true
    }

    /// The bytes of the file at `path`, or nil when it cannot be read.
    static func read(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        // Read into room for the size and one byte more, left uninitialized (zeroing it, then growing it by the
        // size again to find the end, cost a page fault and a copy a file at 145,000 pages); the end is the read
        // that returns nothing.
        var (failed, grew) = (false, false)
        var bytes = [UInt8](unsafeUninitializedCapacity: max(Int(status.st_size), 0) + 1) { buffer, count in
            count = 0
            while count < buffer.count {
                let got = posixRead(descriptor, buffer.baseAddress! + count, buffer.count - count)
                if got < 0 && errno == EINTR { continue }
                if got <= 0 {
                    failed = got < 0
                    return
                }
                count += got
            }
            grew = true  // longer than when it was measured: the rest follows
        }
        var block = [UInt8](repeating: 0, count: grew ? 65_536 : 0)
        while grew && !failed {
            let got = block.withUnsafeMutableBytes { posixRead(descriptor, $0.baseAddress!, $0.count) }
            if got < 0 && errno == EINTR { continue }
            if got <= 0 {
                failed = got < 0
                break
            }
            bytes += block[..<got]
        }
        return failed ? nil : bytes
    }

    /// Removes a file or a whole folder tree, without following symbolic links. A missing path is fine.
    static func removeTree(_ path: String) throws {
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        guard status.st_mode & S_IFMT == S_IFDIR else {
            if unlink(path) != 0 { throw Failure(operation: "unlink", path: path, code: errno) }
            return
        }
        for name in children(of: path) { try removeTree("\(path)/\(name)") }
        if rmdir(path) != 0 { throw Failure(operation: "rmdir", path: path, code: errno) }
    }

    /// Removes the folder at `path` if it is empty; false when it is not (or is not a folder), without listing it.
    static func removeIfEmpty(_ path: String) -> Bool {
        rmdir(path) == 0
    }

    /// Creates a folder and any of its parents that are missing; folders that already exist are fine.
    static func makeDirectories(_ path: String) throws {
        if mkdir(path, 0o755) == 0 || errno == EEXIST { return }
        guard errno == ENOENT, let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")), slash > path.utf8.startIndex else {
            throw Failure(operation: "mkdir", path: path, code: errno)
        }
        try makeDirectories(String(path[..<slash]))
        try makeDirectory(path)
    }

    /// The entries of a folder (not `.` or `..`), each with whether it is a real folder (not a symbolic link to
    /// one), as the folder's listing says where it can: no `lstat` per entry. Empty when it is not a readable folder.
    static func entries(of path: String) -> [(name: String, isDirectory: Bool)] {
        // Not through a symbolic link: a folder that became one is not listed.
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return [] }
        guard let directory = fdopendir(descriptor) else {
            close(descriptor)
            return []
        }
        defer { closedir(directory) }
        var entries: [(name: String, isDirectory: Bool)] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            guard name != "." && name != ".." else { continue }
            let type = Int(entry.pointee.d_type)
            entries.append((name, type == Int(DT_UNKNOWN) ? isDirectory("\(path)/\(name)") : type == Int(DT_DIR)))
        }
        return entries
    }

    /// Names in a folder (not `.` or `..`); empty when it is not a readable folder.
    static func children(of path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// True for a real folder, not a symbolic link to one.
    static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
    }

    /// True for a regular file, not a symbolic link to one.
    static func isRegularFile(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
    }

    static func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }

    static func rename(_ from: String, to: String) throws {
        if posixRename(from, to) != 0 { throw Failure(operation: "rename", path: from, code: errno) }
    }
}
