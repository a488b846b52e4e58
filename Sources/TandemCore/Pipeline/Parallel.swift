import Foundation

/// Work spread over every core, with results in the order of the input: the pipeline stays
/// deterministic however the threads interleave.
enum Parallel {
    /// `transform` of every element, computed on all cores; the order is kept. `chunks` caps how
    /// many workers share the items (each takes every `chunks`-th one); small inputs stay on one.
    static func map<T: Sendable, R: Sendable>(_ items: [T], chunks: Int? = nil, _ transform: @Sendable (T) -> R) -> [R] {
        var out = [R?](repeating: nil, count: items.count)
        let chunks = max(1, min(items.count, chunks ?? min(8, items.count / 32)))
        out.withUnsafeMutableBufferPointer { buffer in
            let buffer = UnsafeSendableBuffer(buffer)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                for i in stride(from: chunk, to: items.count, by: chunks) { buffer.base[i] = transform(items[i]) }
            }
        }
        return out.map { $0! }
    }
}

/// Lets parallel workers write disjoint slots of one buffer.
struct UnsafeSendableBuffer<T>: @unchecked Sendable {
    let base: UnsafeMutableBufferPointer<T>
    init(_ base: UnsafeMutableBufferPointer<T>) { self.base = base }
}
