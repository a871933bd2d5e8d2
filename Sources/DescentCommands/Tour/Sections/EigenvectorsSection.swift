// Section 7 of the tour: four problems whose answer is an eigenvector.
import DescentCore
import DescentLearn
import DescentNeural
import DescentPlot
import Foundation

/// Eigenvectors at work: four problems on the bundled data whose answer is an eigenvector (or a
/// few), each computed by the library and drawn.
///
/// 1. **PCA of digits**: the principal axes are the eigenvectors of the sample covariance
///    S = X̄ᵀX̄/(n − 1) and its eigenvalues λ₁ ≥ λ₂ ≥ … the variances along them; the scree plot shows
///    λᵢ/Σⱼλⱼ, and the scores X̄v₁, X̄v₂ are the 2-D picture that keeps the most variance.
/// 2. **PageRank of the karate club**: the scores r are the eigenvector of eigenvalue 1 of the
///    Google matrix G = αWᵀD⁻¹ + (1 − α)/n·11ᵀ (α = 0.85), r = Gr, found by power iteration.
/// 3. **Spectral clustering of moons and circles**: the eigenvectors of the two smallest eigenvalues
///    of the normalized Laplacian of a 10-nearest-neighbour graph separate the two shapes, which
///    k-means in the plane cannot (its clusters are the two half-planes of a straight line).
/// 4. **RNN stability**: for the linear recurrence h_t = W·h_(t−1) + U·x_t, ∂h_t/∂h_0 = Wᵗ (the t-th power), and
///    ‖Wᵗ‖^(1/t) → ρ(W) (Gelfand's formula): gradients through time vanish for ρ < 1, stay bounded
///    at ρ = 1 and explode for ρ > 1. The growth rate is the slope of log‖∂h_t/∂h_0‖ over the last
///    half of the run, exp(slope), fitted by least squares.
public struct EigenvectorsSection: TourSection {
    public let id = "eigenvectors"
    public let title = "Eigenvectors at work"
    public let activity = "PCA of digits, PageRank of the karate club, spectral clustering, RNN stability"

    public init() {}

    public func write(to page: inout TourPage, options: TourOptions) throws {
        try principalComponents(&page)
        try pageRankOfKarateClub(&page)
        try spectralClustering(&page, options: options)
        try recurrentStability(&page, options: options)
    }

    // MARK: PCA

    private func principalComponents(_ page: inout TourPage) throws {
        let digits = Dataset.digits
        let (n, d) = (digits.rows, digits.columns)
        let fitted = try PCA(components: d).fit(digits.features)
        let ratios = fitted.explainedVarianceRatio.scalars
        var cumulative: [Double] = []
        for r in ratios { cumulative.append((cumulative.last ?? 0) + r) }
        let for90 = (cumulative.firstIndex { $0 >= 0.9 } ?? d - 1) + 1
        let scores = try fitted.transform(digits.features).slice(columns: 0..<2)
        let classes = digits.target.scalars.map { Int($0) }

        page.subheading("Principal components of handwritten digits")
        page.paragraph("""
            The \(n) digits are 8 × 8 images, points in \(d) dimensions. The eigenvectors of their covariance matrix are the \
            directions of largest variance, and each eigenvalue is the variance along its eigenvector. The first \
            component explains \(percent(ratios[0])) of the variance, the second \(percent(ratios[1])); \(for90) of the \
            \(d) components are needed for 90 %.
            """)
        let shown = Swift.min(d, 40)
        page.figure("scree", LineChart(
            title: "Scree plot: digits (\(n) × \(d))", xAxis: Axis("component"), yAxis: Axis("fraction of the variance", range: 0...1),
            series: [.init(name: "explained variance ratio", x: (1...shown).map(Double.init), y: Array(ratios.prefix(shown)), style: .lineAndMarkers),
                     .init(name: "cumulative", x: (1...shown).map(Double.init), y: Array(cumulative.prefix(shown)), style: .line, dash: "6 3")]),
            caption: "Eigenvalues of the digits' covariance as fractions of the total variance, largest first (the first \(shown) of \(d)).")
        page.figure("projection", ScatterPlot(
            title: "Digits on their first two principal components", xAxis: Axis("component 1 score"), yAxis: Axis("component 2 score"),
            points: scores, classes: classes, classNames: digits.targetNames.map { "digit \($0)" }, width: 640, height: 500),
            caption: "Each digit projected on the top two eigenvectors: \(percent(ratios[0] + ratios[1])) of the variance, and already most digits gather by class.")
        let descending = zip(ratios, ratios.dropFirst()).allSatisfy { $0 >= $1 }
        page.check("The explained variances are sorted and the \(d) ratios sum to 1 (sum − 1 = \(TourPage.number(cumulative[d - 1] - 1, digits: 2)))",
                   descending && Swift.abs(cumulative[d - 1] - 1) < 1e-12)
        page.fact("pca_ratio_1", ratios[0])
        page.fact("pca_ratio_2", ratios[1])
        page.fact("pca_components_for_90_percent", Double(for90))
    }

    // MARK: PageRank

    private func pageRankOfKarateClub(_ page: inout TourPage) throws {
        let club = Dataset.karateClub
        let graph = Graph(club)
        // networkx's damping 0.85, iterated far past its tolerance (n·10⁻⁶ in L1) so that r = Gr to ~10⁻¹¹.
        let options = PageRankOptions(tolerance: 1e-12, maxIterations: 1000)
        let result = try pageRank(of: graph, options: options)
        let r = result.scores, n = club.nodeCount
        let top = result.top(2)
        // r = Gr, G = αWᵀD⁻¹ + (1 − α)/n·11ᵀ (no dangling nodes: every member has a friend).
        let alpha = options.damping
        let degrees = graph.degrees()
        var image = [Double](repeating: (1 - alpha) / Double(n), count: n)
        for e in club.edges {
            image[e.target] += alpha * e.weight * r[e.source] / degrees[e.source]
            image[e.source] += alpha * e.weight * r[e.target] / degrees[e.target]
        }
        let eigenResidual = zip(image, r).reduce(0.0) { $0 + Swift.abs($1.0 - $1.1) }
        let byDegree = (0..<n).sorted { (degrees[$0], -$0) > (degrees[$1], -$1) }

        page.subheading("PageRank of Zachary's karate club")
        page.paragraph("""
            The karate club's \(n) members and \(club.edges.count) friendships (weighted by how many contexts two members \
            shared). A random surfer follows a friendship with probability α = \(TourPage.number(alpha)), or jumps to a \
            random member; the fraction of time spent at each member is the eigenvector of eigenvalue 1 of the \
            Google matrix G = αWᵀD⁻¹ + (1 − α)/n·11ᵀ. Power iteration found it in \(result.iterations) steps. The top \
            node is \(top[0]) (\(club.nodeLabels[top[0]])'s side, PageRank \(TourPage.number(r[top[0]], digits: 3))), then \
            node \(top[1]) (\(club.nodeLabels[top[1]])'s side, \(TourPage.number(r[top[1]], digits: 3))): the club's \
            two leaders, its instructor and its administrator, over whose quarrel it split in two.
            """)
        page.figure("karate", GraphPlot(
            title: "Karate club: node area ∝ PageRank", nodeCount: n,
            edges: club.edges.map { GraphEdge($0.source, $0.target, weight: $0.weight) },
            nodeValues: r, valueName: "PageRank", groups: club.nodeLabels.map { "\(club.labelName): \($0)" },
            weightedLayout: false,
            notes: ["Highest PageRank: node \(top[0]) (\(TourPage.number(r[top[0]], digits: 3))), then node \(top[1]) (\(TourPage.number(r[top[1]], digits: 3)))."],
            width: 720, height: 560),
            caption: "Nodes placed by the Laplacian's eigenvectors 2 and 3 (of the unweighted graph), refined by a force-directed layout; coloured by the side each member joined after the split; line width ∝ edge weight.")
        page.check("r is an eigenvector of G with eigenvalue 1: ‖Gr − r‖₁ = \(TourPage.number(eigenResidual, digits: 2)), and Σr = \(TourPage.number(r.reduce(0, +), digits: 12))",
                   result.termination == .convergedResidual && eigenResidual < 1e-9 && Swift.abs(r.reduce(0, +) - 1) < 1e-12)
        page.check("The two highest PageRanks, nodes \(top[0]) and \(top[1]), are the two members with the most (weighted) friendships",
                   Set(top) == Set(byDegree.prefix(2)))
        page.fact("pagerank_top_node", Double(top[0]))
        page.fact("pagerank_second_node", Double(top[1]))
        page.fact("pagerank_top_score", r[top[0]])
        page.fact("pagerank_iterations", Double(result.iterations))
    }

    // MARK: Spectral clustering

    private func spectralClustering(_ page: inout TourPage, options: TourOptions) throws {
        // 200 points: with fewer, or more, the 10-nearest-neighbour graph of a noisy moon breaks up
        // more often (a stray point alone, a third component) for some seeds.
        let count = 200
        let neighbors = 10
        page.subheading("Spectral clustering where k-means fails")
        page.paragraph("""
            Two moons and two concentric circles (\(count) points each, Gaussian noise σ = 0.05, seed \(options.seed)). \
            k-means splits the plane by a straight line between its two centres, so it cuts both shapes in half. \
            Spectral clustering joins each point to its \(neighbors) nearest neighbours, takes the eigenvectors of the two \
            smallest eigenvalues of the graph's normalized Laplacian, and runs k-means on those coordinates instead: \
            along the eigenvectors the shapes are two tight groups.
            """)
        var rows: [[HTMLReport.TableCell]] = []
        let shapes: [(name: String, key: String, data: LabeledData)] = [
            ("two moons", "moons", try SyntheticData.moons(count: count, noise: 0.05, seed: options.seed)),
            ("two circles", "circles", try SyntheticData.circles(count: count, factor: 0.5, noise: 0.05, seed: options.seed &+ 1)),
        ]
        for shape in shapes {
            let truth = shape.data.target.scalars.map { Int($0) }
            let spectral = try SpectralClustering(clusters: 2, affinity: .nearestNeighbors(count: neighbors), seed: options.seed).fit(shape.data.features)
            let kmeans = try KMeans(clusters: 2, restarts: 10, seed: options.seed).fit(shape.data.features)
            let spectralARI = try adjustedRandIndex(spectral.labels, truth)
            let kmeansARI = try adjustedRandIndex(kmeans.labels, truth)
            func panel(_ method: String, _ labels: [Int], _ ari: Double) -> ScatterPlot {
                ScatterPlot(title: "\(method) on \(shape.name): ARI \(TourPage.number(ari, digits: 3))", xAxis: Axis("x"), yAxis: Axis("y"),
                            points: shape.data.features, classes: labels, classNames: ["cluster 1", "cluster 2"], width: 440, height: 360)
            }
            page.figure(shape.key, ChartRow([panel("spectral", spectral.labels, spectralARI), panel("k-means", kmeans.labels, kmeansARI)]),
                        caption: "The \(shape.name) coloured by the clusters found: spectral clustering (left) and k-means (right).")
            rows.append([.text(shape.name), .number(spectralARI), .number(kmeansARI),
                         .text(spectral.eigenvalues.map { TourPage.number($0, digits: 3) }.joined(separator: ", "))])
            page.check("On the \(shape.name), spectral clustering's ARI \(TourPage.number(spectralARI, digits: 3)) is above k-means' \(TourPage.number(kmeansARI, digits: 3))",
                       spectralARI > kmeansARI)
            page.fact("\(shape.key)_spectral_ari", spectralARI)
            page.fact("\(shape.key)_kmeans_ari", kmeansARI)
        }
        page.table(header: ["data", "spectral ARI", "k-means ARI", "λ₁, λ₂, λ₃ of the normalized Laplacian"], rows: rows)
        page.note("""
            The adjusted Rand index (ARI) compares the clusters with the true shapes: 1 is a perfect match, 0 what random \
            labels score. λ₁ = 0 always (its eigenvector is D^(1/2)·1); λ₂ is 0 when the graph falls into two pieces, \
            and small when only a few edges join two groups: its eigenvector is then nearly constant on each group, \
            which is what k-means separates in the embedding.
            """)
    }

    // MARK: RNN stability

    private func recurrentStability(_ page: inout TourPage, options: TourOptions) throws {
        let (hidden, steps) = (6, 100)
        let radii = [0.8, 1.0, 1.25]
        var generator = SeededGenerator(seed: options.seed &+ 2)
        let base = Tensor.randomNormal([hidden, hidden], using: &generator)
        let baseRadius = try Eigen(base).eigenvalues.map(\.length).max() ?? 1
        let layer = ElmanRecurrent(inputFeatures: 1, hiddenFeatures: hidden, activation: .identity)
        let inputWeight = Tensor.randomNormal([hidden, 1], standardDeviation: 0.5, using: &generator)
        let sequence = Tensor.randomNormal([1, steps], using: &generator)
        let start = Tensor.randomNormal([1, hidden], using: &generator)
        var series: [LineChart.Series] = []
        var rates: [Double] = []
        for (k, radius) in radii.enumerated() {
            let w = base * (radius / baseRadius)
            let stability = try RecurrentStability(layer: layer, parameters: [inputWeight, w, Tensor.zeros([hidden])],
                                                   sequence: sequence, initialState: start)
            let rate = growthRate(stability.jacobianNorms)
            rates.append(rate)
            let t = (1...steps).map(Double.init)
            series.append(.init(name: "ρ(W) = \(TourPage.number(stability.spectralRadius, digits: 3))", x: t, y: stability.jacobianNorms, color: Palette.color(k)))
            series.append(.init(name: "ρᵗ = \(TourPage.number(stability.spectralRadius, digits: 3))ᵗ", x: t, y: stability.spectralRadiusPowers,
                                color: Palette.color(k), dash: "2 4"))
            page.fact("rnn_radius_\(k + 1)", stability.spectralRadius)
            page.fact("rnn_growth_rate_\(k + 1)", rate)
            page.fact("rnn_final_norm_\(k + 1)", stability.jacobianNorms[steps - 1])
        }
        page.subheading("Vanishing and exploding gradients in a recurrent network")
        page.paragraph("""
            A linear recurrent layer h_t = W·h_(t−1) + U·x_t with \(hidden) hidden units, run for \(steps) steps with one \
            random W scaled to three spectral radii ρ(W) = max |λ(W)|. Automatic differentiation gives the exact Jacobian \
            ∂h_t/∂h_0 = Wᵗ; its norm grows like ρᵗ, since ‖Wᵗ‖^(1/t) → ρ as t grows (Gelfand's formula). The fitted growth rates \
            per step are \(rates.map { TourPage.number($0, digits: 4) }.joined(separator: ", ")) for ρ = \
            \(radii.map { TourPage.number($0) }.joined(separator: ", ")): after \(steps) steps a perturbation of h_0 has \
            shrunk, stayed, or grown by the factors in the figure.
            """)
        page.figure("rnn", LineChart(
            title: "‖∂h_t/∂h_0‖₂ of a linear recurrence", xAxis: Axis("time step t"), yAxis: Axis("‖∂h_t/∂h_0‖₂ (spectral norm)", scale: .log10),
            series: series),
            caption: "Solid: the norm of the Jacobian measured by automatic differentiation; dotted: ρᵗ, the eigenvalue's prediction. W is not symmetric, so the two differ by a bounded factor.")
        for (radius, rate) in zip(radii, rates) {
            page.check("For ρ = \(TourPage.number(radius)), ‖∂h_t/∂h_0‖ grows by \(TourPage.number(rate, digits: 4)) per step, within 5 % of ρ",
                       Swift.abs(rate / radius - 1) < 0.05)
        }
    }

    /// exp of the least-squares slope of log yₜ against t over the last half of the run.
    private func growthRate(_ y: [Double]) -> Double {
        let half = y.count / 2
        let t = (half..<y.count).map(Double.init), v = y[half...].map { Foundation.log($0) }
        let mt = t.reduce(0, +) / Double(t.count), mv = v.reduce(0, +) / Double(v.count)
        let covariance = zip(t, v).reduce(0.0) { $0 + ($1.0 - mt) * ($1.1 - mv) }
        let variance = t.reduce(0.0) { $0 + ($1 - mt) * ($1 - mt) }
        return Foundation.exp(covariance / variance)
    }

    /// "14.9 %".
    private func percent(_ fraction: Double) -> String { "\(TourPage.number(100 * fraction, digits: 3)) %" }
}
