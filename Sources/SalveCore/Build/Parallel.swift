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
