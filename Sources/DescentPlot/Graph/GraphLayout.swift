// Where to put the nodes of a graph drawing: a spectral layout, optionally refined by forces.
import DescentCore
import Foundation

/// An undirected edge {source, target} of a graph drawing, with a positive weight.
public struct GraphEdge: Sendable, Hashable {
    /// One endpoint (a node index 0 … n−1).
    public var source: Int
    /// The other endpoint.
    public var target: Int
    /// The edge's weight wᵤᵥ > 0 (1 for an unweighted graph).
    public var weight: Double

    /// An edge {source, target} of weight `weight`.
    public init(_ source: Int, _ target: Int, weight: Double = 1) {
        self.source = source
        self.target = target
        self.weight = weight
    }
}

/// How a graph drawing places its nodes. Both layouts are deterministic (no random start), so the
/// same graph always gives the same picture.
///
/// - `spectral`: the coordinates of node i are (v₂ᵢ, v₃ᵢ), where v₂, v₃ are the eigenvectors of the
///   second and third smallest eigenvalues of the Laplacian L = D − W (W the weighted adjacency,
///   D = diag(Σⱼ wᵢⱼ)), each with its largest-magnitude entry positive. They minimise
///   Σ_{edges} wᵤᵥ‖pᵤ − pᵥ‖² among centred, orthonormal coordinate vectors, so strongly connected
///   nodes land close together (Hall 1970; networkx's `spectral_layout`).
/// - `forceDirected(iterations:)`: the spectral layout, spread slightly apart by a fixed
///   golden-angle offset (nodes with identical neighbourhoods have identical spectral
///   coordinates), then `iterations` steps of Fruchterman–Reingold as networkx runs them: with
///   k = 1/√n, node i moves along Σⱼ (pᵢ − pⱼ)(k²/dᵢⱼ² − wᵢⱼ dᵢⱼ/k) (repulsion k²/d between all
///   pairs, attraction w d²/k along edges; dᵢⱼ clipped below at 0.01), by a step of length equal to
///   a temperature that cools linearly from a tenth of the layout's extent to 0 (a force shorter
///   than 0.01 moves its node by a tenth of the temperature, as in networkx).
///
/// Both are finally centred and scaled so the largest |coordinate| is 1 (networkx's `rescale_layout`).
///
/// Reference: K. Hall, "An r-dimensional quadratic placement algorithm", Management Science 17, 1970;
/// T. Fruchterman and E. Reingold, "Graph drawing by force-directed placement", Software: Practice
/// and Experience 21, 1991.
public enum GraphLayout: Sendable, Hashable {
    /// Laplacian eigenvectors 2 and 3.
    case spectral
    /// The spectral layout refined by `iterations` Fruchterman–Reingold steps.
    case forceDirected(iterations: Int)

    /// The layout of graph drawings: spectral, refined by 300 force-directed steps.
    public static let `default` = GraphLayout.forceDirected(iterations: 300)

    /// The node positions, centred, with the largest |coordinate| equal to 1 (0 for one node).
    ///
    /// A graph of two nodes has no third eigenvector: its spectral y coordinates are 0. Should LAPACK
    /// fail on the Laplacian (it does not for finite weights), the nodes go on a circle.
    /// - Precondition: endpoints in 0 ..< nodeCount, weights positive and finite, iterations ≥ 0.
    /// - Complexity: O(n³) for the eigenvectors plus O(iterations · n²) for the forces.
    public func positions(nodeCount n: Int, edges: [GraphEdge]) -> (x: [Double], y: [Double]) {
        for e in edges {
            precondition((0..<n).contains(e.source) && (0..<n).contains(e.target), "GraphLayout: edge {\(e.source), \(e.target)} outside 0..<\(n)")
            precondition(e.weight > 0 && e.weight.isFinite, "GraphLayout: edge {\(e.source), \(e.target)} has weight \(e.weight); weights must be positive and finite")
        }
        guard n > 1 else { return (Array(repeating: 0, count: n), Array(repeating: 0, count: n)) }
        var weights = [Double](repeating: 0, count: n * n)
        for e in edges where e.source != e.target {
            weights[e.source * n + e.target] += e.weight
            weights[e.target * n + e.source] += e.weight
        }
        var (x, y) = Self.spectralPositions(n: n, weights: weights)
        if case .forceDirected(let iterations) = self {
            precondition(iterations >= 0, "GraphLayout: iterations must be ≥ 0, got \(iterations)")
            Self.refine(&x, &y, weights: weights, iterations: iterations)
        }
        return Self.rescaled(x, y)
    }

    /// Columns 1 and 2 of the Laplacian's eigenvectors (ascending eigenvalues).
    private static func spectralPositions(n: Int, weights: [Double]) -> (x: [Double], y: [Double]) {
        var laplacian = weights.map { -$0 }
        for i in 0..<n {
            laplacian[i * n + i] = (0..<n).reduce(0.0) { $0 + weights[i * n + $1] }
        }
        guard let eigen = try? SymmetricEigen(Tensor(shape: [n, n], scalars: laplacian)) else {
            let angles = (0..<n).map { 2 * Double.pi * Double($0) / Double(n) }
            return (angles.map(cos), angles.map(sin))
        }
        let v = eigen.eigenvectors
        return ((0..<n).map { v[$0, 1] }, (0..<n).map { n > 2 ? v[$0, 2] : 0 })
    }

    /// Fruchterman–Reingold steps from the given positions (networkx's `_fruchterman_reingold`,
    /// without its random start).
    private static func refine(_ x: inout [Double], _ y: inout [Double], weights: [Double], iterations: Int) {
        let n = x.count
        // Into the unit square networkx's k = 1/√n is tuned for, each node nudged along the golden
        // angle by 1 % so that nodes with equal spectral coordinates feel a repulsion.
        (x, y) = rescaled(x, y)
        let goldenAngle = Double.pi * (3 - 5.0.squareRoot())
        for i in 0..<n {
            x[i] = (x[i] + 1) / 2 + 0.01 * cos(goldenAngle * Double(i))
            y[i] = (y[i] + 1) / 2 + 0.01 * sin(goldenAngle * Double(i))
        }
        let k = 1 / Double(n).squareRoot()
        let extent = Swift.max((x.max() ?? 0) - (x.min() ?? 0), (y.max() ?? 0) - (y.min() ?? 0))
        var temperature = extent * 0.1
        let cooling = temperature / Double(iterations + 1)
        for _ in 0..<iterations {
            var moveX = [Double](repeating: 0, count: n), moveY = [Double](repeating: 0, count: n)
            for i in 0..<n {
                var fx = 0.0, fy = 0.0
                for j in 0..<n where j != i {
                    let dx = x[i] - x[j], dy = y[i] - y[j]
                    let d = Swift.max((dx * dx + dy * dy).squareRoot(), 0.01)
                    let scale = k * k / (d * d) - weights[i * n + j] * d / k
                    fx += dx * scale
                    fy += dy * scale
                }
                let norm = (fx * fx + fy * fy).squareRoot()
                let length = norm < 0.01 ? 0.1 : norm
                moveX[i] = fx * temperature / length
                moveY[i] = fy * temperature / length
            }
            for i in 0..<n {
                x[i] += moveX[i]
                y[i] += moveY[i]
            }
            temperature -= cooling
        }
    }

    /// Centred, then scaled so that the largest |coordinate| is 1.
    static func rescaled(_ x: [Double], _ y: [Double]) -> (x: [Double], y: [Double]) {
        guard !x.isEmpty else { return (x, y) }
        let mx = x.reduce(0, +) / Double(x.count), my = y.reduce(0, +) / Double(y.count)
        let cx = x.map { $0 - mx }, cy = y.map { $0 - my }
        let limit = (cx + cy).map(Swift.abs).max() ?? 0
        guard limit > 0 else { return (cx, cy) }
        return (cx.map { $0 / limit }, cy.map { $0 / limit })
    }
}
