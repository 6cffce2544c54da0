/// Byte strings looked for in one pass over a text, one table step per byte: an Aho–Corasick
/// automaton with every transition filled in. Bytes that occur in no fragment share one column
/// of the table (most of a text's bytes lead straight back to the start).
struct FragmentAutomaton: Sendable {
    /// Each byte's column; 0 for a byte in no fragment.
    private let columns: [Int]
    private let width: Int
    /// `next[state * width + column]`.
    private let next: [Int32]
    /// Whether a fragment ends at a state (there or at the end of one of its suffixes).
    private let found: [Bool]

    /// The automaton of `fragments` (an empty fragment is never found).
    init(_ fragments: [[UInt8]]) {
        var columns = [Int](repeating: 0, count: 256)
        var width = 1
        for byte in Set(fragments.joined()).sorted() {
            columns[Int(byte)] = width
            width += 1
        }
        // The trie: children by column, and the states where a fragment ends.
        var children: [[Int32]] = [[Int32](repeating: -1, count: width)]
        var ends = [false]
        for fragment in fragments where !fragment.isEmpty {
            var state = 0
            for byte in fragment {
                let column = columns[Int(byte)]
                if children[state][column] < 0 {
                    children[state][column] = Int32(children.count)
                    children.append([Int32](repeating: -1, count: width))
                    ends.append(false)
                }
                state = Int(children[state][column])
            }
            ends[state] = true
        }
        (self.columns, self.width) = (columns, width)
        (next, found) = Self.transitions(children, ends, width: width)
    }

    /// The full table, breadth first: a missing child goes where the state's longest proper
    /// suffix in the trie goes.
    private static func transitions(_ children: [[Int32]], _ ends: [Bool], width: Int) -> ([Int32], [Bool]) {
        var next = [Int32](repeating: 0, count: children.count * width)
        var found = ends
        var fallback = [Int](repeating: 0, count: children.count)
        var queue: [Int] = []
        for column in 0..<width where children[0][column] >= 0 {
            next[column] = children[0][column]
            queue.append(Int(children[0][column]))
        }
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            found[state] = found[state] || found[fallback[state]]
            for column in 0..<width {
                let child = children[state][column]
                if child >= 0 {
                    fallback[Int(child)] = Int(next[fallback[state] * width + column])
                    next[state * width + column] = child
                    queue.append(Int(child))
                } else {
                    next[state * width + column] = next[fallback[state] * width + column]
                }
            }
        }
        return (next, found)
    }

    /// The start state.
    static let start = 0

    /// The state after `byte`.
    @inline(__always)
    func step(_ state: Int, _ byte: UInt8) -> Int {
        Int(next[state &* width &+ columns[Int(byte)]])
    }

    /// Whether a fragment ends at `state`.
    @inline(__always)
    func isMatch(_ state: Int) -> Bool { found[state] }

    /// Whether one of the fragments occurs in `bytes`.
    func occurs(in bytes: some Sequence<UInt8>) -> Bool {
        var state = Self.start
        for byte in bytes {
            state = step(state, byte)
            if found[state] { return true }
        }
        return false
    }
}
