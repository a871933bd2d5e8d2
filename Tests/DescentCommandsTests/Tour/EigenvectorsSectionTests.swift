import DescentCommands
import DescentCore
import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif
import _TestSupport

/// Tour section 7, "Eigenvectors at work", run once in quick mode: its key numbers against
/// scikit-learn (PCA's explained variance ratios on digits) and networkx (the karate club's PageRank
/// order), both from DescentLearnTests' committed references; spectral clustering beating k-means on
/// moons and circles; the recurrent growth rates against ρ; every claim confirmed; every figure valid,
/// deterministic SVG with its series.
@Suite("Tour: eigenvectors")
struct EigenvectorsSectionTests {
    static let options = TourOptions(quick: true, seed: 0)
    static let result = Tour.run([EigenvectorsSection()], options: options)
    static var page: TourPage { result.page("eigenvectors")! }

    /// A reference JSON of DescentLearnTests (Tools/references/pca.py, pagerank.py), read directly:
    /// `ReferenceData.load` only searches this target's folders. Foundation's reader may be a few ulps
    /// off on 17-digit decimals, far below the tolerances used here.
    static func learnReference(_ name: String, file: String = #filePath) throws -> [String: Any] {
        let url = URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("DescentLearnTests/References/\(name).json")
        return try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }

    func fact(_ name: String) throws -> Double { try #require(Self.page.fact(name), "fact \(name)") }

    @Test("the section runs without error and every claim it checks holds")
    func claimsHold() {
        #expect(Self.result.failures.isEmpty, "\(Self.result.failures)")
        #expect(Self.page.checks.count >= 8)
        #expect(Tour.sections.map(\.id).contains("eigenvectors"))
    }

    @Test("PCA of digits: the first two explained variance ratios equal scikit-learn's")
    func pcaRatios() throws {
        let full = try Self.learnReference("pca")["full"] as! [String: Any]
        let ratios = (full["explained_variance_ratio"] as! [Any]).map { ($0 as! NSNumber).doubleValue }
        // Both from an SVD of the same centred data (LAPACK here, NumPy's there): ~1e-14 relative.
        expectClose(try fact("pca_ratio_1"), ratios[0], rtol: 1e-10, "first component vs sklearn PCA")
        expectClose(try fact("pca_ratio_2"), ratios[1], rtol: 1e-10, "second component vs sklearn PCA")
        let needed = try fact("pca_components_for_90_percent")
        #expect(needed > 2 && needed < 64)
    }

    @Test("PageRank of the karate club: node 33 then node 0, as networkx ranks them")
    func pageRankTop() throws {
        let cases = try Self.learnReference("pagerank")["cases"] as! [[String: Any]]
        let karate = try #require(cases.first { $0["name"] as? String == "karate_weighted" })
        let scores = (karate["networkx"] as! [String: Any]).mapValues { ($0 as! NSNumber).doubleValue }
        let order = scores.keys.sorted { scores[$0]! > scores[$1]! }.map { Int($0)! }
        #expect(Array(order.prefix(2)) == [33, 0], "networkx's own order")
        #expect(try fact("pagerank_top_node") == Double(order[0]))
        #expect(try fact("pagerank_second_node") == Double(order[1]))
        // networkx stops once an L1 step is below n·10⁻⁶ = 3.4e-5, which leaves its iterate within
        // α/(1 − α)·3.4e-5 ≈ 2e-4 (L1) of the fixed point the section converges to.
        expectClose(try fact("pagerank_top_score"), scores[String(order[0])]!, rtol: 0, atol: 2e-4, "top score vs networkx")
    }

    @Test("spectral clustering recovers moons and circles (ARI > 0.9), k-means does not (ARI below spectral's)")
    func clusteringARI() throws {
        for shape in ["moons", "circles"] {
            let spectral = try fact("\(shape)_spectral_ari"), kmeans = try fact("\(shape)_kmeans_ari")
            #expect(spectral > 0.9, "\(shape): spectral ARI \(spectral)")
            #expect(spectral > kmeans, "\(shape): spectral \(spectral) vs k-means \(kmeans)")
            #expect(kmeans < 0.6, "\(shape): k-means ARI \(kmeans)")
        }
    }

    @Test("RNN stability: ρ = 0.8, 1, 1.25; growth rates within 5 % of ρ and exactly proportional to it; vanishing and exploding")
    func recurrentGrowth() throws {
        let radii = try (1...3).map { try fact("rnn_radius_\($0)") }
        let rates = try (1...3).map { try fact("rnn_growth_rate_\($0)") }
        // ρ of a scaled matrix from LAPACK's dgeev: exact to rounding.
        expectClose(radii, [0.8, 1, 1.25], rtol: 1e-12, "spectral radii of the scaled W")
        for (rate, radius) in zip(rates, radii) { #expect(Swift.abs(rate / radius - 1) < 0.05, "rate \(rate) for ρ \(radius)") }
        // The three W are one matrix scaled, so ‖(cW)ᵗ‖ = cᵗ‖Wᵗ‖ and the rates scale exactly with ρ.
        expectClose(zip(rates, radii).map { $0 / $1 }, Array(repeating: rates[1] / radii[1], count: 3), rtol: 1e-9,
                    "rate / ρ is the same for the three radii")
        #expect(try fact("rnn_final_norm_1") < 1e-6)
        #expect(try fact("rnn_final_norm_3") > 1e6)
    }

    @Test("every figure is valid SVG with its series, and a second run gives the same bytes")
    func figures() throws {
        let figures = Self.page.figures
        #expect(figures.map(\.name) == ["eigenvectors-scree", "eigenvectors-projection", "eigenvectors-karate",
                                        "eigenvectors-moons", "eigenvectors-circles", "eigenvectors-rnn"])
        let expected: [String: [String]] = [
            "eigenvectors-scree": ["explained variance ratio", "cumulative"],
            "eigenvectors-projection": (0...9).map { "digit \($0)" },
            "eigenvectors-karate": ["club: Mr. Hi", "club: Officer", "node area ∝ PageRank", "33", "0", "Highest PageRank: node 33 (0.097), then node 0 (0.0885)."],
            "eigenvectors-moons": ["cluster 1", "cluster 2"],
            "eigenvectors-circles": ["cluster 1", "cluster 2"],
            "eigenvectors-rnn": ["ρ(W) = 0.8", "ρ(W) = 1", "ρ(W) = 1.25", "ρᵗ = 0.8ᵗ", "ρᵗ = 1ᵗ", "ρᵗ = 1.25ᵗ"],
        ]
        for figure in figures {
            #expect(figure.svg.hasPrefix("<svg") && figure.svg.hasSuffix("</svg>\n"), "\(figure.name)")
            let parser = XMLParser(data: Data(figure.svg.utf8))
            #expect(parser.parse(), "\(figure.name) is not well-formed XML")
            for name in expected[figure.name] ?? [] {
                #expect(figure.svg.contains(">\(name)<"), "\(figure.name) lacks \(name)")
            }
        }
        let again = Tour.run([EigenvectorsSection()], options: Self.options).page("eigenvectors")!
        #expect(again.figures == figures, "same seed, same figures")
    }
}
