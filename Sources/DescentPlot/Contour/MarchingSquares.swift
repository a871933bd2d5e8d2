// Contour lines of a sampled function by marching squares.
import DescentCore

/// Line segments of the level set {f = level} of a function sampled on a rectangular grid.
///
/// Each grid cell is classified by which of its four corners lie at or above the level (16 cases);
/// where an edge has one corner on each side, the crossing point is found by linear interpolation
/// t = (level − v₀)/(v₁ − v₀). The two ambiguous saddle cases are resolved with the cell-centre
/// average (the "asymptotic decider" simplified to the mean of the corners). Cells with a non-finite
/// corner are skipped, so a function with singularities leaves a hole rather than garbage.
///
/// - Parameters:
///   - grid: values, shape [ny, nx]; `grid[i, j]` = f(xs[j], ys[i]).
///   - xs: the nx grid abscissae (increasing). - ys: the ny ordinates (increasing).
///   - level: the contour value.
/// - Returns: segments in data coordinates, each crossing one cell.
/// - Complexity: O(nx·ny) per level.
/// - Reference: W. E. Lorensen and H. E. Cline, "Marching cubes: a high resolution 3D surface
///   construction algorithm", SIGGRAPH 1987 (the 2-D case); G. M. Nielson and B. Hamann, "The
///   asymptotic decider", IEEE Visualization 1991.
func marchingSquares(grid: Tensor, xs: [Double], ys: [Double], level: Double) -> [(Point, Point)] {
    precondition(grid.rank == 2 && grid.shape == [ys.count, xs.count],
                 "marchingSquares: grid shape \(grid.shape) does not match [\(ys.count), \(xs.count)]")
    let ny = ys.count, nx = xs.count
    guard nx >= 2 && ny >= 2 else { return [] }
    var segments: [(Point, Point)] = []
    grid.scalars.withUnsafeBufferPointer { z in
        for i in 0..<(ny - 1) {
            for j in 0..<(nx - 1) {
                // Corners counter-clockwise from bottom-left: 0 = (j,i), 1 = (j+1,i), 2 = (j+1,i+1), 3 = (j,i+1).
                // Scalars and a bit mask rather than arrays: no allocation per cell.
                let v0 = z[i * nx + j], v1 = z[i * nx + j + 1], v2 = z[(i + 1) * nx + j + 1], v3 = z[(i + 1) * nx + j]
                guard v0.isFinite && v1.isFinite && v2.isFinite && v3.isFinite else { continue }
                let mask = (v0 >= level ? 1 : 0) | (v1 >= level ? 2 : 0) | (v2 >= level ? 4 : 0) | (v3 >= level ? 8 : 0)
                if mask == 0 || mask == 15 { continue }
                let x0 = xs[j], x1 = xs[j + 1], y0 = ys[i], y1 = ys[i + 1]
                // Edge e joins corner e and corner (e+1)%4: 0 bottom, 1 right, 2 top, 3 left. Every edge is
                // interpolated left→right or bottom→top, so the two cells sharing an edge compute
                // bit-identical crossings and `joinedPolylines` can chain them by exact equality.
                func crossing(_ e: Int) -> Point {
                    switch e {
                    case 0: return Point(x: x0 + (level - v0) / (v1 - v0) * (x1 - x0), y: y0)
                    case 1: return Point(x: x1, y: y0 + (level - v1) / (v2 - v1) * (y1 - y0))
                    case 2: return Point(x: x0 + (level - v3) / (v2 - v3) * (x1 - x0), y: y1)
                    default: return Point(x: x0, y: y0 + (level - v0) / (v3 - v0) * (y1 - y0))
                    }
                }
                func isAbove(_ c: Int) -> Bool { mask & (1 << c) != 0 }
                if mask == 5 || mask == 10 {
                    // Saddle: corners 0 and 2 on one side, 1 and 3 on the other. The corners whose
                    // side differs from the centre's are cut off, each by a segment between its two
                    // edges (corner c touches edges c−1 and c).
                    let centreAbove = (v0 + v1 + v2 + v3) / 4 >= level
                    for c in 0..<4 where isAbove(c) != centreAbove {
                        segments.append((crossing((c + 3) % 4), crossing(c)))
                    }
                } else {
                    // Exactly two edges change side.
                    var first = -1
                    for e in 0..<4 where isAbove(e) != isAbove((e + 1) % 4) {
                        if first < 0 { first = e } else { segments.append((crossing(first), crossing(e))) }
                    }
                }
            }
        }
    }
    return segments
}

/// Chains segments that share endpoints into polylines (closed curves end where they start).
///
/// Contours come out of `marchingSquares` one cell at a time; drawn as polylines they take about half
/// the bytes and get proper line joins. Matching is by exact equality of endpoints, which
/// `marchingSquares` guarantees for crossings on a shared edge. Complexity O(n) expected.
func joinedPolylines(_ segments: [(Point, Point)]) -> [[Point]] {
    var byEndpoint: [Point: [Int]] = [:]
    for (k, s) in segments.enumerated() {
        byEndpoint[s.0, default: []].append(k)
        byEndpoint[s.1, default: []].append(k)
    }
    var used = [Bool](repeating: false, count: segments.count)
    /// An unused segment touching `p`, oriented to start at `p`.
    func next(from p: Point) -> (Int, Point)? {
        for k in byEndpoint[p] ?? [] where !used[k] {
            return (k, segments[k].0 == p ? segments[k].1 : segments[k].0)
        }
        return nil
    }
    var lines: [[Point]] = []
    for k in segments.indices where !used[k] {
        used[k] = true
        var forward = [segments[k].0, segments[k].1]
        while let (j, p) = next(from: forward.last!) {
            used[j] = true
            forward.append(p)
        }
        var backward: [Point] = []
        while let (j, p) = next(from: backward.last ?? forward[0]) {
            used[j] = true
            backward.append(p)
        }
        lines.append(backward.reversed() + forward)
    }
    return lines
}
