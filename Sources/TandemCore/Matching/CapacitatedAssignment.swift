import Foundation

/// Min-cost assignment of rows (mentees) to columns (mentors) with column capacities, where a
/// row may also stay unassigned at a cost larger than any sum of real costs.
///
/// It is min-cost flow by successive shortest paths: rows are added one at a time, and each
/// one takes the cheapest augmenting path in the residual graph (Dijkstra on reduced costs,
/// with node potentials kept so that reduced costs stay non-negative). Leaving a row unassigned
/// is an edge to an "unassigned" node of unlimited capacity with cost `unassignedCost`; with
/// that cost above every possible saving, the optimum first maximises the rows assigned, then
/// minimises the total cost. Adding rows one by one (rather than from a super-source) keeps each
/// search local: it stops at the first free column it reaches.
///
/// Deterministic: ties in Dijkstra are broken by node number.
struct CapacitatedAssignment {
    /// Edges of one row: column and integer cost, any order.
    struct Edge: Hashable, Sendable {
        var column: Int32
        var cost: Int32
    }

    let rowCount: Int
    let capacity: [Int]
    private(set) var edges: [[Edge]]
    let unassignedCost: Int

    /// The column each row is assigned to; `unassigned` for the unassigned node, -1 before a row is added.
    private(set) var assignment: [Int]
    private var assignedCost: [Int]
    private(set) var load: [Int]
    /// Rows assigned to each column (the residual graph's reverse edges).
    private var members: [[Int32]]
    private var potential: [Int]

    /// Node numbering: rows 0..<R, columns R..<R+C, then the unassigned node.
    private var columnBase: Int { rowCount }
    private var noneNode: Int { rowCount + capacity.count }
    static let unassigned = Int.max

    // Dijkstra scratch, reused between searches.
    private var dist: [Int]
    private var parent: [Int32]
    private var parentCost: [Int]
    private var touched: [Int32] = []
    private var settled: [Int32] = []
    private var done: [Bool]

    /// - Parameters:
    ///   - capacity: remaining capacity of each column.
    ///   - edges: each row's allowed columns with their costs (costs ≥ 0).
    ///   - maxCost: the largest cost any edge can have; sets the cost of leaving a row unassigned.
    init(capacity: [Int], edges: [[Edge]], maxCost: Int) {
        rowCount = edges.count
        self.capacity = capacity
        self.edges = edges
        unassignedCost = (maxCost + 1) * (edges.count + 1)
        assignment = Array(repeating: -1, count: edges.count)
        assignedCost = Array(repeating: 0, count: edges.count)
        load = Array(repeating: 0, count: capacity.count)
        members = Array(repeating: [], count: capacity.count)
        let nodes = edges.count + capacity.count + 1
        potential = Array(repeating: 0, count: nodes)
        dist = Array(repeating: Int.max, count: nodes)
        parent = Array(repeating: -1, count: nodes)
        parentCost = Array(repeating: 0, count: nodes)
        done = Array(repeating: false, count: nodes)
    }

    /// Adds every row in order.
    mutating func solve() {
        for r in 0..<rowCount { add(row: r) }
    }

    /// Takes row `r` off the unassigned node, gives it `newEdges`, and adds it again.
    ///
    /// Used to give a row left unassigned by a sparse candidate list its full list: the result is
    /// then optimal for the graph that includes the new edges.
    mutating func retry(row r: Int, with newEdges: [Edge]) {
        precondition(assignment[r] == Self.unassigned)
        // The row has no incoming residual edge once it leaves the unassigned node, so it is on
        // no cycle: its edges (and potential) can change freely.
        assignment[r] = -1
        edges[r] = newEdges
        add(row: r)
    }

    /// The row's column, or nil when unassigned.
    func column(of r: Int) -> Int? {
        let c = assignment[r]
        return c >= 0 && c != Self.unassigned ? c : nil
    }

    /// Total cost of the current assignment, counting unassigned rows at `unassignedCost`.
    var totalCost: Int {
        (0..<rowCount).reduce(0) { $0 + (assignment[$1] == Self.unassigned ? unassignedCost : assignedCost[$1]) }
    }

    // MARK: Search

    private mutating func add(row s: Int) {
        // A potential that makes every edge out of the new row non-negative (it has no incoming edge).
        var p = potential[noneNode] - unassignedCost
        for e in edges[s] { p = max(p, potential[columnBase + Int(e.column)] - Int(e.cost)) }
        potential[s] = p

        var heap = NodeHeap()
        dist[s] = 0
        touched.append(Int32(s))
        heap.push(0, Int32(s))
        var target = -1
        while let (d, v32) = heap.pop() {
            let v = Int(v32)
            if done[v] || d != dist[v] { continue }
            done[v] = true
            settled.append(v32)
            if v == noneNode { target = v; break }
            if v >= columnBase {
                let c = v - columnBase
                if load[c] < capacity[c] { target = v; break }
                // Reverse edges: move one of the column's rows elsewhere.
                for r32 in members[c] {
                    let r = Int(r32)
                    let rc = -assignedCost[r] + potential[v] - potential[r]
                    relax(r, from: v, d + rc, cost: -assignedCost[r], &heap)
                }
            } else {
                let current = assignment[v]
                for e in edges[v] {
                    let c = Int(e.column)
                    if c == current { continue }
                    let w = columnBase + c
                    relax(w, from: v, d + Int(e.cost) + potential[v] - potential[w], cost: Int(e.cost), &heap)
                }
                if current != Self.unassigned {
                    relax(noneNode, from: v, d + unassignedCost + potential[v] - potential[noneNode], cost: unassignedCost, &heap)
                }
            }
        }
        precondition(target >= 0, "the unassigned node is always reachable")
        let dt = dist[target]
        for v32 in settled {
            let v = Int(v32)
            if dist[v] < dt { potential[v] += dist[v] - dt }
        }
        augment(from: s, to: target)
        for v in touched {
            dist[Int(v)] = Int.max
            done[Int(v)] = false
            parent[Int(v)] = -1
        }
        touched.removeAll(keepingCapacity: true)
        settled.removeAll(keepingCapacity: true)
    }

    private mutating func relax(_ w: Int, from v: Int, _ nd: Int, cost: Int, _ heap: inout NodeHeap) {
        guard !done[w], nd < dist[w] else { return }
        if dist[w] == Int.max { touched.append(Int32(w)) }
        dist[w] = nd
        parent[w] = Int32(v)
        parentCost[w] = cost
        heap.push(nd, Int32(w))
    }

    /// Walks the path back: each row on it moves to the column (or unassigned node) after it.
    private mutating func augment(from s: Int, to target: Int) {
        var v = target
        while true {
            let r = Int(parent[v])
            let old = assignment[r]
            let cost = parentCost[v]
            if old >= 0 && old != Self.unassigned {
                members[old].removeAll { $0 == Int32(r) }
            }
            if v == noneNode {
                assignment[r] = Self.unassigned
                assignedCost[r] = 0
            } else {
                let c = v - columnBase
                assignment[r] = c
                assignedCost[r] = cost
                members[c].append(Int32(r))
            }
            if r == s { break }
            v = Int(parent[r])
        }
        if target != noneNode { load[target - columnBase] += 1 }
    }
}

/// A binary min-heap of (distance, node), ties broken by node for determinism.
private struct NodeHeap {
    private var keys: [Int] = []
    private var nodes: [Int32] = []

    mutating func push(_ key: Int, _ node: Int32) {
        keys.append(key)
        nodes.append(node)
        var i = keys.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            guard less(i, p) else { break }
            keys.swapAt(i, p)
            nodes.swapAt(i, p)
            i = p
        }
    }

    mutating func pop() -> (Int, Int32)? {
        guard let key = keys.first else { return nil }
        let node = nodes[0]
        let lastKey = keys.removeLast(), lastNode = nodes.removeLast()
        if !keys.isEmpty {
            keys[0] = lastKey
            nodes[0] = lastNode
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < keys.count && less(l, m) { m = l }
                if r < keys.count && less(r, m) { m = r }
                if m == i { break }
                keys.swapAt(i, m)
                nodes.swapAt(i, m)
                i = m
            }
        }
        return (key, node)
    }

    private func less(_ a: Int, _ b: Int) -> Bool { (keys[a], nodes[a]) < (keys[b], nodes[b]) }
}
