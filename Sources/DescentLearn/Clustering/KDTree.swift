import DescentCore

/// A k-d tree over the rows of an n × d matrix, for exact k-nearest-neighbour queries among those
/// rows (as scikit-learn's `KDTree`, which `kneighbors_graph` uses for low-dimensional data).
///
/// Each node holds a contiguous range of the points (copied in tree order, so a leaf is one block of
/// memory) and their bounding box; an inner node splits its range at the median of the coordinate
/// of widest spread. A query walks the tree nearer child first and skips a node whose box lies
/// farther than the current k-th candidate: ‖q − box‖² = Σ_f max(lo_f − q_f, 0, q_f − hi_f)².
///
/// The answer is exactly that of the exhaustive search: distances are the same sums
/// Σ_f (q_f − x_f)² in the same order of f, the box bound never exceeds the distance of a point
/// inside (rounding is monotone), only boxes strictly farther than the k-th candidate are skipped,
/// and candidates are ranked by (distance, index), so ties go to the lower index.
///
/// - Complexity: building O(n·d·log n) (median by quickselect); a query about O(log n + k) node
///   visits for well-spread low-dimensional data (it degrades towards n as d grows, which is why
///   `nearestNeighborAffinity` uses it only for d ≤ `KDTree.dimensionLimit`).
/// - Reference: J. H. Friedman, J. L. Bentley & R. A. Finkel, "An algorithm for finding best matches
///   in logarithmic expected time", ACM TOMS 3(3), 1977.
struct KDTree {
    /// Points per leaf at most.
    static let leafSize = 16
    /// The largest dimension for which the tree beats the exhaustive search (scikit-learn's
    /// `algorithm="auto"` switches to brute force above 15 features).
    static let dimensionLimit = 15

    let n: Int, d: Int
    /// The points in tree order, row-major (n × d).
    private var points: [Double]
    /// The original row of each point in tree order.
    private var index: [Int]
    /// Per node: its range of points, its first child (−1 for a leaf; the second is `first + 1`).
    private var start: [Int] = [], end: [Int] = [], child: [Int] = []
    /// Per node: the bounding box, d lower then d upper bounds.
    private var box: [Double] = []

    /// Builds the tree of the rows of the n × d row-major `x`.
    init(_ x: [Double], n: Int, d: Int) {
        self.n = n
        self.d = d
        index = Array(0..<n)
        points = []
        guard n > 0 else { return }
        var order = index
        build(x, order: &order)
        index = order
        points = [Double](repeating: 0, count: n * d)
        for p in 0..<n { for f in 0..<d { points[p * d + f] = x[order[p] * d + f] } }
    }

    /// Adds the subtree of order[lower..<upper] (breadth of children allocated in pairs).
    private mutating func build(_ x: [Double], order: inout [Int]) {
        var pending = [(node: 0, lower: 0, upper: n)]
        appendNode(lower: 0, upper: n)
        while let (node, lower, upper) = pending.popLast() {
            var lo = [Double](repeating: .infinity, count: d), hi = [Double](repeating: -.infinity, count: d)
            for p in lower..<upper {
                for f in 0..<d { let v = x[order[p] * d + f]; lo[f] = Swift.min(lo[f], v); hi[f] = Swift.max(hi[f], v) }
            }
            for f in 0..<d { box[node * 2 * d + f] = lo[f]; box[node * 2 * d + d + f] = hi[f] }
            guard upper - lower > KDTree.leafSize else { continue }
            var axis = 0
            for f in 1..<Swift.max(d, 1) where hi[f] - lo[f] > hi[axis] - lo[axis] { axis = f }
            let middle = (lower + upper) / 2
            KDTree.select(middle, in: &order, lower, upper) { x[$0 * d + axis] }
            child[node] = start.count
            appendNode(lower: lower, upper: middle)
            appendNode(lower: middle, upper: upper)
            pending.append((child[node], lower, middle))
            pending.append((child[node] + 1, middle, upper))
        }
    }

    private mutating func appendNode(lower: Int, upper: Int) {
        start.append(lower); end.append(upper); child.append(-1)
        box.append(contentsOf: repeatElement(0, count: 2 * d))
    }

    /// Rearranges order[lower..<upper] so that position `k` holds the element that sorting by `key`
    /// would put there, smaller-or-equal keys before it and greater-or-equal after (Hoare's
    /// quickselect with a median-of-three pivot; expected O(upper − lower)).
    static func select(_ k: Int, in order: inout [Int], _ lower: Int, _ upper: Int, key: (Int) -> Double) {
        var (left, right) = (lower, upper - 1)
        while left < right {
            let mid = (left + right) / 2
            var candidates = [key(order[left]), key(order[mid]), key(order[right])]
            candidates.sort()
            let pivot = candidates[1]
            var (i, j) = (left, right)
            while i <= j {
                while key(order[i]) < pivot { i += 1 }
                while key(order[j]) > pivot { j -= 1 }
                if i <= j { order.swapAt(i, j); i += 1; j -= 1 }
            }
            if k <= j { right = j } else if k >= i { left = i } else { return }
        }
    }

    /// The `count` indexed points nearest to the point `q` (d coordinates), row `excluded` left out
    /// (the query itself), as original row indices ordered by (distance, index), written to
    /// `output[0..<count]`. `best`, `bestIndex` (count entries each) and `stack` are scratch.
    /// - Precondition: 1 ≤ count ≤ the number of points other than `excluded`.
    func nearest(to q: UnsafePointer<Double>, excluding excluded: Int, count: Int, best: inout [Double], bestIndex: inout [Int],
                 stack: inout [(node: Int, bound: Double)], output: UnsafeMutablePointer<Int>) {
        for t in 0..<count { best[t] = .infinity; bestIndex[t] = Int.max }
        let d = self.d
        points.withUnsafeBufferPointer { p in
            box.withUnsafeBufferPointer { b in
                stack.removeAll(keepingCapacity: true)
                stack.append((0, 0))
                while let (node, bound) = stack.popLast() {
                    if bound > best[count - 1] { continue }
                    let first = child[node]
                    if first < 0 {
                        for position in start[node]..<end[node] {
                            let j = index[position]
                            if j == excluded { continue }
                            var s = 0.0
                            for f in 0..<d { let t = q[f] - p[position * d + f]; s += t * t }
                            // Insertion into the (distance, index)-sorted list of the nearest so far.
                            if s < best[count - 1] || (s == best[count - 1] && j < bestIndex[count - 1]) {
                                var t = count - 1
                                while t > 0 && (best[t - 1] > s || (best[t - 1] == s && bestIndex[t - 1] > j)) {
                                    best[t] = best[t - 1]; bestIndex[t] = bestIndex[t - 1]; t -= 1
                                }
                                best[t] = s; bestIndex[t] = j
                            }
                        }
                        continue
                    }
                    let near = KDTree.boxDistance(q, b, node: first, d: d), far = KDTree.boxDistance(q, b, node: first + 1, d: d)
                    // The nearer child is popped (searched) first.
                    if near <= far {
                        stack.append((first + 1, far)); stack.append((first, near))
                    } else {
                        stack.append((first, near)); stack.append((first + 1, far))
                    }
                }
            }
        }
        for t in 0..<count { output[t] = bestIndex[t] }
    }

    /// ‖q − box‖² of `node`'s bounding box.
    private static func boxDistance(_ q: UnsafePointer<Double>, _ b: UnsafeBufferPointer<Double>, node: Int, d: Int) -> Double {
        var s = 0.0
        let base = node * 2 * d
        for f in 0..<d {
            let below = b[base + f] - q[f], above = q[f] - b[base + d + f]
            let gap = Swift.max(below, above, 0)
            s += gap * gap
        }
        return s
    }
}
