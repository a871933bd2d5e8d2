// Clipping polylines to the plot rectangle.

/// Splits `points` into runs of consecutive finite points (a NaN coordinate ends a run: this is how
/// NaN/∞ data become gaps) and clips every run to `rect` with the Liang–Barsky algorithm.
///
/// Clipping matters beyond looks: a diverging series maps to coordinates like 1e298 px, which would
/// bloat the file and overflow renderers; the clipped geometry stays inside the rectangle.
/// - Complexity: O(n).
/// - Reference: Y.-D. Liang and B. A. Barsky, "A new concept and method for line clipping",
///   *ACM Transactions on Graphics* 3(1), 1984, pp. 1–22.
func clippedRuns(_ points: [Point], to rect: Rect) -> [[Point]] {
    var runs: [[Point]] = []
    var current: [Point] = []
    func flush() {
        if !current.isEmpty { runs.append(current) }
        current = []
    }
    var previous: Point? = nil
    for p in points {
        guard p.x.isFinite && p.y.isFinite else {
            flush()
            previous = nil
            continue
        }
        defer { previous = p }
        guard let a = previous else {
            // A lone point that starts a run; kept only if a following segment reaches it.
            continue
        }
        guard let (c0, c1) = clipSegment(a, p, to: rect) else {
            flush()
            continue
        }
        if let last = current.last, last == c0 {
            current.append(c1)
        } else {
            flush()
            current = [c0, c1]
        }
    }
    flush()
    return runs
}

/// Liang–Barsky: the part of segment a→b inside `rect`, or nil when it misses.
func clipSegment(_ a: Point, _ b: Point, to rect: Rect) -> (Point, Point)? {
    let dx = b.x - a.x, dy = b.y - a.y
    var t0 = 0.0, t1 = 1.0
    let checks = [(-dx, a.x - rect.x), (dx, rect.maxX - a.x), (-dy, a.y - rect.y), (dy, rect.maxY - a.y)]
    for (p, q) in checks {
        if p == 0 {
            if q < 0 { return nil }
        } else {
            let r = q / p
            if p < 0 {
                if r > t1 { return nil }
                if r > t0 { t0 = r }
            } else {
                if r < t0 { return nil }
                if r < t1 { t1 = r }
            }
        }
    }
    let c0 = t0 == 0 ? a : Point(x: a.x + t0 * dx, y: a.y + t0 * dy)
    let c1 = t1 == 1 ? b : Point(x: a.x + t1 * dx, y: a.y + t1 * dy)
    return (c0, c1)
}
