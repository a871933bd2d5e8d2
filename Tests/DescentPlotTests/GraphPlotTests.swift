import DescentCore
@testable import DescentPlot
import Foundation
import Testing
import _TestSupport

/// Graph drawings: the spectral layout against networkx's `spectral_layout` (generator:
/// Tools/references/graph_layout.py) and exact mathematics (a path's Fiedler vector), the
/// force-directed refinement's determinism and spread, and the SVG: valid, one disc and label per
/// node, legends, notes, same bytes for the same graph.
@Suite("Graph drawings")
struct GraphPlotTests {
    static let reference = try! ReferenceData.load("graph_layout")

    static func edges(_ c: ReferenceData) -> [GraphEdge] {
        (c.object["edges"] as! [[Any]]).map {
            GraphEdge(Int(ReferenceData.number($0[0], "u")), Int(ReferenceData.number($0[1], "v")), weight: ReferenceData.number($0[2], "w"))
        }
    }

    /// `values` times the sign that best matches `target` (eigenvector signs are arbitrary).
    static func aligned(_ values: [Double], to target: [Double]) -> [Double] {
        zip(values, target).reduce(0.0) { $0 + $1.0 * $1.1 } < 0 ? values.map { -$0 } : values
    }

    @Test("the spectral layout equals networkx's spectral_layout up to each axis' sign (karate weighted and not, a small weighted graph)")
    func spectralMatchesNetworkx() {
        for c in Self.reference.cases("cases") {
            let (x, y) = GraphLayout.spectral.positions(nodeCount: c.int("nodes"), edges: Self.edges(c))
            // Distinct eigenvalues (gaps ≥ 0.4) make the eigenvectors well conditioned: LAPACK's dsyevd
            // and NumPy's eig agree to ~n·ε/gap.
            expectClose(Self.aligned(x, to: c.doubles("x")), c.doubles("x"), rtol: 0, atol: 1e-12, "\(c.string("name")) x")
            expectClose(Self.aligned(y, to: c.doubles("y")), c.doubles("y"), rtol: 0, atol: 1e-12, "\(c.string("name")) y")
        }
    }

    @Test("a path's spectral x coordinates are its Fiedler vector cos(π(i + ½)/n), rescaled: monotone along the path")
    func pathFiedlerVector() {
        let n = 9
        let (x, _) = GraphLayout.spectral.positions(nodeCount: n, edges: (0..<(n - 1)).map { GraphEdge($0, $0 + 1) })
        let fiedler = (0..<n).map { cos(Double.pi * (Double($0) + 0.5) / Double(n)) }
        // The path's Laplacian eigenvalues 2 − 2cos(πk/n) are simple: exact to rounding. (Both axes share
        // one scale factor, so compare shapes: each vector over its largest entry.)
        let shape = Self.aligned(x, to: fiedler), largest = shape.map(Swift.abs).max()!
        expectClose(shape.map { $0 / largest }, fiedler.map { $0 / fiedler[0] }, rtol: 0, atol: 1e-12, "Fiedler vector of P₉")
        #expect(zip(shape, shape.dropFirst()).allSatisfy { $0 > $1 }, "monotone along the path")
    }

    @Test("the force-directed layout is deterministic, spreads out nodes with equal spectral coordinates, and keeps edges short")
    func forceDirected() {
        let karate = Self.reference.cases("cases")[1]    // unweighted
        let (n, edges) = (karate.int("nodes"), Self.edges(karate))
        let a = GraphLayout.default.positions(nodeCount: n, edges: edges)
        let b = GraphLayout.default.positions(nodeCount: n, edges: edges)
        #expect(a.x == b.x && a.y == b.y)
        #expect(a.x.map(Swift.abs).max()! <= 1 + 1e-12 && a.y.map(Swift.abs).max()! <= 1 + 1e-12)
        func distance(_ i: Int, _ j: Int) -> Double { ((a.x[i] - a.x[j]) * (a.x[i] - a.x[j]) + (a.y[i] - a.y[j]) * (a.y[i] - a.y[j])).squareRoot() }
        var closest = Double.infinity, all = 0.0, pairs = 0
        for i in 0..<n { for j in (i + 1)..<n { closest = Swift.min(closest, distance(i, j)); all += distance(i, j); pairs += 1 } }
        // Nodes 17 and 21 have the same neighbours, so the same spectral coordinates: the forces part them.
        let spectral = GraphLayout.spectral.positions(nodeCount: n, edges: edges)
        #expect(Swift.abs(spectral.x[17] - spectral.x[21]) < 1e-9 && Swift.abs(spectral.y[17] - spectral.y[21]) < 1e-9)
        #expect(closest > 0.02, "closest pair at \(closest)")
        let meanEdge = edges.reduce(0.0) { $0 + distance($1.source, $1.target) } / Double(edges.count)
        #expect(meanEdge < 0.75 * all / Double(pairs), "edges \(meanEdge) vs all pairs \(all / Double(pairs))")
    }

    @Test("tiny graphs: no nodes, one node, two nodes, no edges")
    func tinyGraphs() throws {
        #expect(GraphLayout.default.positions(nodeCount: 0, edges: []).x.isEmpty)
        #expect(GraphLayout.spectral.positions(nodeCount: 1, edges: []) == ([0], [0]))
        let two = GraphLayout.spectral.positions(nodeCount: 2, edges: [GraphEdge(0, 1)])
        #expect(Set(two.x.map(Swift.abs)) == [1] && two.y == [0, 0])
        for n in 0...3 {
            let svg = GraphPlot(title: "tiny", nodeCount: n, edges: []).svg()
            let inspection = try SVGInspection(svg)
            #expect(try inspection.elements("circle").count == n)
            #expect(!svg.contains("NaN") && !svg.contains("nan"))
        }
    }

    @Test("the SVG: valid, a disc and a label per node, an edge line per edge, group and size legends, same bytes twice")
    func svg() throws {
        let karate = Self.reference.cases("cases")[0]
        let (n, edges) = (karate.int("nodes"), Self.edges(karate))
        let values = (0..<n).map { 1 + Double($0 % 5) }
        let groups = (0..<n).map { $0 < 17 ? "left" : "right" }
        let chart = GraphPlot(title: "Karate <club>", nodeCount: n, edges: edges, nodeValues: values, valueName: "score", groups: groups)
        let svg = chart.svg()
        #expect(svg == chart.svg())
        let inspection = try SVGInspection(svg)
        // n node discs, two group swatches, three size-scale discs.
        #expect(try inspection.elements("circle").count == n + 2 + 3)
        #expect(try inspection.elements("line").count == edges.count)
        let texts = try inspection.texts()
        #expect(texts.contains("Karate <club>") && texts.contains("left") && texts.contains("right") && texts.contains("node area ∝ score"))
        for i in 0..<n { #expect(texts.contains(String(i)), "label \(i)") }
        // Colours from the Okabe–Ito palette, one per group.
        #expect(svg.contains(Palette.color(0)) && svg.contains(Palette.color(1)))
        // Discs stay inside the canvas.
        for circle in try inspection.elements("circle") {
            let cx = Double(SVGInspection.attribute(circle, "cx")!)!, cy = Double(SVGInspection.attribute(circle, "cy")!)!
            let r = Double(SVGInspection.attribute(circle, "r")!)!
            #expect(cx - r >= 0 && cx + r <= chart.width && cy - r >= 0 && cy + r <= chart.height)
        }
        // Disc area ∝ value: the largest value's disc has the largest radius, √5 times the smallest (value 1 → 15/√5 px ≥ 4).
        let radii = try inspection.elements("circle").prefix(n).map { Double(SVGInspection.attribute($0, "r")!)! }
        expectClose(radii.max()! / radii.min()!, 5.0.squareRoot(), rtol: 0.01, "rounded to 0.01 px")
    }

    @Test("negative and non-finite values are drawn at the smallest size with a note; custom labels are written")
    func badValues() throws {
        let chart = GraphPlot(nodeCount: 3, edges: [GraphEdge(0, 1), GraphEdge(1, 2)], nodeValues: [1, .nan, -2],
                              nodeLabels: ["alpha", "beta", "gamma"], layout: .spectral)
        let texts = try SVGInspection(chart.svg()).texts()
        #expect(texts.contains("2 nodes with a negative or non-finite value drawn at the smallest size."))
        #expect(texts.contains("alpha") && texts.contains("beta") && texts.contains("gamma"))
    }
}

@Suite("Graph drawings: overlap")
struct GraphPlotOverlapTests {
    @Test("discs never overlap by more than rounding once separated, even for coincident centres, and stay in bounds")
    func discsSeparate() {
        var points = [Point(x: 50, y: 50), Point(x: 50, y: 50), Point(x: 55, y: 52), Point(x: 200, y: 200)]
        let radii = [10.0, 10, 6, 4]
        let bounds = Rect(x: 0, y: 0, width: 300, height: 300)
        GraphPlot.separate(&points, radii: radii, within: bounds)
        for i in 0..<4 {
            #expect(bounds.contains(points[i]))
            for j in (i + 1)..<4 {
                let d = ((points[i].x - points[j].x) * (points[i].x - points[j].x) + (points[i].y - points[j].y) * (points[i].y - points[j].y)).squareRoot()
                #expect(d >= radii[i] + radii[j] + 1 - 0.05, "discs \(i) and \(j) at \(d)")
            }
        }
        #expect(points[3] == Point(x: 200, y: 200), "a disc clear of the others does not move")
    }
}
