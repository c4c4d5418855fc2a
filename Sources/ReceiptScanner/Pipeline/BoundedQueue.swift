import Foundation

/// A blocking, bounded FIFO between pipeline threads: `push` waits while it is full (back-pressure),
/// `pop` waits while it is empty and returns nil once it is closed and drained.
///
/// `@unchecked Sendable`: every access to the buffer happens under `condition`'s lock.
final class BoundedQueue<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var buffer: [Element?]
    private var head = 0
    private var count = 0
    private var closed = false

    init(capacity: Int) {
        precondition(capacity > 0)
        buffer = Array(repeating: nil, count: capacity)
    }

    /// Blocks while full. Returns false (dropping the element) if the queue was closed.
    @discardableResult
    func push(_ element: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while count == buffer.count && !closed { condition.wait() }
        guard !closed else { return false }
        buffer[(head + count) % buffer.count] = element
        count += 1
        condition.broadcast()
        return true
    }

    /// Blocks while empty. Nil once closed and empty.
    func pop() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while count == 0 && !closed { condition.wait() }
        guard count > 0 else { return nil }
        let element = buffer[head]
        buffer[head] = nil
        head = (head + 1) % buffer.count
        count -= 1
        condition.broadcast()
        return element
    }

    /// No more pushes; poppers drain what is left, then get nil.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// Closes and throws away what is queued (used when a run is interrupted).
    func closeAndDrain() -> [Element] {
        condition.lock()
        closed = true
        var dropped: [Element] = []
        while count > 0 {
            if let e = buffer[head] { dropped.append(e) }
            buffer[head] = nil
            head = (head + 1) % buffer.count
            count -= 1
        }
        condition.broadcast()
        condition.unlock()
        return dropped
    }
}

/// Counts free slots; `acquire` blocks at zero. Bounds the files in flight between the feeder
/// and the writer, so the reorder buffer (and memory) cannot grow with the batch.
final class Slots: @unchecked Sendable {
    private let condition = NSCondition()
    private var free: Int
    private var closed = false

    init(_ count: Int) { free = count }

    /// False if closed while waiting.
    func acquire() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while free == 0 && !closed { condition.wait() }
        guard !closed else { return false }
        free -= 1
        return true
    }

    func release() {
        condition.lock()
        free += 1
        condition.signal()
        condition.unlock()
    }

    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
