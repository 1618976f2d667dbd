import Foundation

/// Maps `items` on all cores, keeping their order. Work is split into a few chunks per core so that one
/// slow item does not hold up a whole core's share.
func parallelMap<Item: Sendable, Result: Sendable>(_ items: [Item], _ transform: @escaping @Sendable (Item) -> Result) async -> [Result] {
    let chunkCount = min(items.count, ProcessInfo.processInfo.activeProcessorCount * 4)
    guard chunkCount > 1 else { return items.map(transform) }
    let chunkSize = (items.count + chunkCount - 1) / chunkCount
    return await withTaskGroup(of: (Int, [Result]).self) { group in
        for start in stride(from: 0, to: items.count, by: chunkSize) {
            let chunk = Array(items[start..<min(start + chunkSize, items.count)])
            group.addTask { (start, chunk.map(transform)) }
        }
        var pieces: [(Int, [Result])] = []
        for await piece in group { pieces.append(piece) }
        return pieces.sorted { $0.0 < $1.0 }.flatMap(\.1)
    }
}

/// Maps `items` on all cores, keeping their order, for synchronous code: each chunk of a few items per core is
/// mapped by `transform`, which gets the whole chunk, so that it can keep a cache for the items of its chunk.
func concurrentChunkMap<Item: Sendable, Result: Sendable>(_ items: [Item], _ transform: @Sendable (ArraySlice<Item>) -> [Result]) -> [Result] {
    let chunkCount = min(items.count, ProcessInfo.processInfo.activeProcessorCount * 4)
    guard chunkCount > 1 else { return transform(items[...]) }
    let chunkSize = (items.count + chunkCount - 1) / chunkCount
    var chunks = [[Result]](repeating: [], count: chunkCount)
    chunks.withUnsafeMutableBufferPointer { buffer in
        nonisolated(unsafe) let results = buffer  // each iteration writes only its own element
        DispatchQueue.concurrentPerform(iterations: chunkCount) { index in
            let start = min(index * chunkSize, items.count)
            results[index] = transform(items[start..<min(start + chunkSize, items.count)])
        }
    }
    return chunks.flatMap { $0 }
}
