import Foundation
import Testing
@testable import SalveCore

/// Edge cases of the parallel maps, reading, and the recycled staging folder, from an independent review of the
/// speed work of issue 14.
@Suite struct ParallelAndOutputEdgeTests {
    @Test func diskBoundMapKeepsOrderAtEveryEdge() {
        #expect(diskBoundMap([Int]()) { $0 }.isEmpty)
        #expect(diskBoundMap([3]) { $0 * 2 } == [6])
        #expect(diskBoundMap([1, 2, 3], threads: 64) { $0 * 2 } == [2, 4, 6])
        #expect(diskBoundMap([1, 2, 3], threads: 1) { $0 * 2 } == [2, 4, 6])
        #expect(diskBoundMap([1, 2, 3], threads: 0) { $0 * 2 } == [2, 4, 6])
        let items = Array(0..<20_001)
        for threads in [2, 3, 7, 16, 40] {
            #expect(diskBoundMap(items, threads: threads) { $0 &* 3 } == items.map { $0 &* 3 }, "\(threads) threads")
        }
        // Results that are themselves optional: nil results must survive the `[Result?]` buffer.
        let optional: [Int?] = diskBoundMap(Array(0..<1_000)) { $0.isMultiple(of: 2) ? nil : $0 }
        #expect(optional == (0..<1_000).map { $0.isMultiple(of: 2) ? nil : $0 })
        // Uneven work, class results (reference counting across threads).
        final class Box: Sendable { let value: Int; init(_ value: Int) { self.value = value } }
        let boxes = diskBoundMap(Array(0..<5_000), threads: 9) { item -> Box in
            if item < 50 { usleep(200) }
            return Box(item)
        }
        #expect(boxes.map(\.value) == Array(0..<5_000))
    }

    /// What `releaseInBackground` is given is freed, once, on a thread other than the caller's: the build goes on
    /// (or exits) meanwhile.
    @Test func valuesAreReleasedOnAnotherThread() {
        final class Tracked: @unchecked Sendable {
            let freed: DispatchSemaphore
            let caller: pthread_t
            let onCaller: UnsafeMutablePointer<Bool>
            init(_ freed: DispatchSemaphore, _ onCaller: UnsafeMutablePointer<Bool>) {
                (self.freed, caller, self.onCaller) = (freed, pthread_self(), onCaller)
            }
            deinit {
                onCaller.pointee = pthread_equal(pthread_self(), caller) != 0
                freed.signal()
            }
        }
        let freed = DispatchSemaphore(value: 0)
        let onCaller = UnsafeMutablePointer<Bool>.allocate(capacity: 1)
        defer { onCaller.deallocate() }
        onCaller.initialize(to: true)
        releaseInBackground([Tracked(freed, onCaller), Tracked(freed, onCaller)])
        #expect(freed.wait(timeout: .now() + 10) == .success)
        #expect(freed.wait(timeout: .now() + 10) == .success)
        #expect(!onCaller.pointee)
        #expect(freed.wait(timeout: .now() + 0.2) == .timedOut, "each value is freed once")
    }

    @Test func parallelMapsAtTheEdges() async {
        #expect(await parallelMap([1, 2]) { $0 } == [1, 2])
        #expect(await parallelMap(Array(0..<129)) { $0 } == Array(0..<129))
        #expect(concurrentChunkMap(Array(0..<65), chunksPerCore: 32) { $0.map { $0 } } == Array(0..<65))
        #expect(concurrentChunkMap(Array(0..<5), chunksPerCore: 1_000) { $0.map { $0 } } == Array(0..<5))
        #expect(concurrentChunkMap(Array(0..<1), chunksPerCore: 1) { $0.map { $0 } } == [0])
    }

    /// A file whose size is unknown and longer than one block (a FIFO: `fstat` says 0).
    @Test func aFifoIsReadToItsEnd() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("salve-fifo-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = "\(folder)/fifo"
        #expect(mkfifo(path, 0o644) == 0)
        let bytes = (0..<200_003).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let writer = Thread {
            let descriptor = open(path, O_WRONLY)
            var offset = 0
            while offset < bytes.count {
                let got = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, min(10_000, bytes.count - offset)) }
                if got <= 0 { break }
                offset += got
            }
            close(descriptor)
        }
        writer.start()
        #expect(FileSystem.read(path) == bytes)
        #if os(Linux)
        let maps = try #require(FileSystem.read("/proc/self/maps"))
        #expect(maps.count > 1_000 && maps.last == UInt8(ascii: "\n"))
        #endif
    }

    /// A symbolic link planted in the recycled staging folder at the path of one of the site's files must not be
    /// written through: the file it points to is outside the output.
    @Test func aFileLinkInTheRecycledFolderIsNotWrittenThrough() async throws {
        let site = try TestSite(linkedSite)
        defer { site.delete() }
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("salve-outside-\(UUID().uuidString).txt")
        try "precious".write(to: outside, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: outside) }
        try await site.buildOK()
        try await site.buildOK()  // now public/ and .public.salve-previous both exist
        let previous = site.root.appendingPathComponent(".public.salve-previous")
        #expect(FileManager.default.fileExists(atPath: previous.path))
        for path in ["robots.txt", "conditions/sciatica/index.html"] {
            let link = previous.appendingPathComponent(path)
            try FileManager.default.removeItem(at: link)
            try FileManager.default.createSymbolicLink(at: link, withDestinationURL: outside)
        }
        // A pipe where a file goes would block a plain open for writing: it is replaced too.
        let pipe = previous.appendingPathComponent("sitemap.xml").path
        try FileManager.default.removeItem(atPath: pipe)
        #expect(mkfifo(pipe, 0o644) == 0)
        try await site.buildOK()
        #expect(try String(contentsOf: outside, encoding: .utf8) == "precious", "a file outside the output was written")
        for path in ["robots.txt", "conditions/sciatica/index.html", "sitemap.xml"] {
            let file = site.root.appendingPathComponent("public/\(path)").path
            #expect(FileSystem.isRegularFile(file), "public/\(path) is not a plain file")
        }
        #expect(try String(contentsOf: site.root.appendingPathComponent("public/robots.txt"), encoding: .utf8).hasPrefix("User-agent"))
    }

    /// `inner.contains("[")` compares characters: a `[` carrying a combining mark is another character, so
    /// `[[sciatica|x[\u{301}y]]` is a link. Comparing bytes alone found the `[` and changed the page's bytes.
    @Test func aBracketWithACombiningMarkIsStillALink() {
        let pieces = WikiLink.split("see [[sciatica|x[\u{301}y]] here")
        #expect(pieces.contains { if case .link(let link) = $0 { link.slug == "sciatica" } else { false } })
    }
}
