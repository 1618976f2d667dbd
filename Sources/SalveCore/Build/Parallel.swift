import Foundation

/// Maps `items` on all cores, keeping their order. Each core takes the next few items as soon as it is done with
/// its last ones, so a run of slow items (the search index's largest files, which sort together) does not leave
/// one core working alone: split into a fixed share per core, such runs made large builds wait on one core.
func parallelMap<Item: Sendable, Result: Sendable>(_ items: [Item], _ transform: @escaping @Sendable (Item) -> Result) async -> [Result] {
    let workers = min(items.count, ProcessInfo.processInfo.activeProcessorCount)
    guard workers > 1 else { return items.map(transform) }
    let queue = WorkQueue(count: items.count, workers: workers)
    return await withTaskGroup(of: [(start: Int, results: [Result])].self) { group in
        for _ in 0..<workers {
            group.addTask {
                var done: [(start: Int, results: [Result])] = []
                while let range = queue.next() { done.append((range.lowerBound, items[range].map(transform))) }
                return done
            }
        }
        var pieces: [(start: Int, results: [Result])] = []
        for await done in group { pieces += done }
        return pieces.sorted { $0.start < $1.start }.flatMap(\.results)
    }
}

/// Maps `items` on all cores, keeping their order, for synchronous code: `transform` gets a whole chunk of items,
/// so that it can keep a cache or buffer for the items of its chunk. The chunks are many (`chunksPerCore` for each
/// core) and handed to whichever core is free, for the reason given at `parallelMap`; a transform whose chunks'
/// results are costly to join can ask for fewer.
func concurrentChunkMap<Item: Sendable, Result: Sendable>(_ items: [Item], chunksPerCore: Int = 32,
                                                         _ transform: @Sendable (ArraySlice<Item>) -> [Result]) -> [Result] {
    let chunkCount = min(items.count, ProcessInfo.processInfo.activeProcessorCount * chunksPerCore)
    guard chunkCount > 1 else { return transform(items[...]) }
    let chunkSize = (items.count + chunkCount - 1) / chunkCount
    let chunkTotal = (items.count + chunkSize - 1) / chunkSize
    var chunks = [[Result]](repeating: [], count: chunkTotal)
    chunks.withUnsafeMutableBufferPointer { buffer in
        nonisolated(unsafe) let results = buffer  // each iteration writes only its own element
        DispatchQueue.concurrentPerform(iterations: chunkTotal) { index in  // hands out iterations as cores come free
            let start = index * chunkSize
            results[index] = transform(items[start..<min(start + chunkSize, items.count)])
        }
    }
    return chunks.flatMap { $0 }
}

/// The ranges of `0..<count` that `parallelMap`'s workers take in turn: small enough that the last ones finish
/// close together, large enough that taking one costs nothing next to the work (about 64 per worker).
/// `@unchecked Sendable`: `next` holds the lock.
private final class WorkQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var start = 0
    private let count: Int
    private let grain: Int

    init(count: Int, workers: Int) {
        self.count = count
        grain = max(1, count / (workers * 64))
    }

    func next() -> Range<Int>? {
        lock.withLock {
            guard start < count else { return nil }
            defer { start = min(start + grain, count) }
            return start..<min(start + grain, count)
        }
    }
}

/// Maps `items` keeping their order, on more threads than there are cores (`threads`; by default 16, or two a
/// core on a machine with more), for work that waits on the disk: reading, writing or listing 145,000 files that
/// are not in the page cache kept both cores half idle, each thread waiting on one read at a time.
///
/// The calling thread works too, and waits for the items, not for the threads: a thread that cannot be made
/// (Foundation's `Thread.start` says nothing when a process limit refuses it) leaves its share to the others
/// instead of the map waiting for it forever.
func diskBoundMap<Item: Sendable, Result: Sendable>(_ items: [Item], threads: Int = max(16, 2 * ProcessInfo.processInfo.activeProcessorCount),
                                                  _ transform: @escaping @Sendable (Item) -> Result) -> [Result] {
    let workers = min(items.count, threads)
    guard workers > 1 else { return items.map(transform) }
    let queue = WorkQueue(count: items.count, workers: workers)
    let progress = Progress(total: items.count)
    var results = [Result?](repeating: nil, count: items.count)
    results.withUnsafeMutableBufferPointer { buffer in
        nonisolated(unsafe) let slots = buffer  // each item's slot is written by the one worker that took it
        @Sendable func work() {
            while let range = queue.next() {
                for index in range { slots[index] = transform(items[index]) }
                progress.add(range.count)
            }
        }
        // Threads of their own: libdispatch's queues keep to about one thread per core.
        for _ in 1..<workers { Thread(block: work).start() }
        work()
        progress.waitForAll()
    }
    return results.map { $0! }
}

/// How many of `diskBoundMap`'s items are done, and waiting until all are. `@unchecked Sendable`: the condition's
/// lock guards `done`.
private final class Progress: @unchecked Sendable {
    private let condition = NSCondition()
    private var done = 0
    private let total: Int

    init(total: Int) {
        self.total = total
    }

    func add(_ count: Int) {
        condition.withLock {
            done += count
            if done == total { condition.broadcast() }
        }
    }

    func waitForAll() {
        condition.withLock {
            while done < total { condition.wait() }
        }
    }
}

/// Lets `value` go on a thread of its own, so that freeing what only it holds does not hold up the build: at
/// 145,000 pages the shared list items, the search index and the site are millions of small objects, and freeing
/// them took over a second of one core while the other waited. A one-shot build's process may exit before that
/// thread is done; its memory goes back to the system with the process (as `clang -disable-free` does).
func releaseInBackground<Value>(_ value: consuming Value) {
    let holder = Holder(value)
    Thread { holder.value = nil }.start()
}

/// What `releaseInBackground` hands to its thread; `@unchecked Sendable`: only that thread touches it after.
private final class Holder<Value>: @unchecked Sendable {
    var value: Value?

    init(_ value: consuming Value) {
        self.value = value
    }
}
