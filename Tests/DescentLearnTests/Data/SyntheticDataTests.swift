import DescentCore
import DescentLearn
import Foundation
import Testing
import _TestSupport

/// The seeded moons and circles against scikit-learn's `make_moons` / `make_circles` without noise
/// (Tools/references/synthetic_data.py → References/synthetic_data.json), the noise's statistics,
/// determinism by seed, and the errors.
@Suite("Synthetic data: moons and circles")
struct SyntheticDataTests {
    static let reference = try! ReferenceData.load("synthetic_data")

    static func check(_ data: LabeledData, _ expected: ReferenceData, _ name: String) {
        // cos and sin of the same angles; libm and NumPy may differ in the last ulp (1e-16 absolute).
        expectClose(data.features, expected.tensor("points"), rtol: 0, atol: 1e-15, "\(name): the curve's points")
        #expect(data.target.scalars.map { Int($0) } == (expected.object["labels"] as! [Any]).map { Int(ReferenceData.number($0, "label")) }, "\(name)")
        #expect(data.columnNames == ["x", "y"] && data.targetNames == ["0", "1"], "\(name)")
    }

    @Test("noise-free moons equal scikit-learn's make_moons(shuffle=False), for even, odd and tiny counts")
    func moonsMatchScikitLearn() throws {
        for case_ in Self.reference.cases("moons") {
            let count = case_.int("count")
            Self.check(try SyntheticData.moons(count: count), case_, "moons(\(count))")
        }
    }

    @Test("noise-free circles equal scikit-learn's make_circles(shuffle=False), factors 0 … 0.8")
    func circlesMatchScikitLearn() throws {
        for case_ in Self.reference.cases("circles") {
            let (count, factor) = (case_.int("count"), case_.double("factor"))
            Self.check(try SyntheticData.circles(count: count, factor: factor), case_, "circles(\(count), \(factor))")
        }
    }

    @Test("the noise is N(0, σ²) on each coordinate, the same for the same seed and different for another")
    func noise() throws {
        let (n, sigma) = (4000, 0.1)
        let exact = try SyntheticData.moons(count: n).features.scalars
        let noisy = try SyntheticData.moons(count: n, noise: sigma, seed: 7)
        let residual = zip(noisy.features.scalars, exact).map { $0 - $1 }
        let mean = residual.reduce(0, +) / Double(residual.count)
        let sd = (residual.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(residual.count - 1)).squareRoot()
        // 8000 draws: the mean's standard error is σ/√8000 ≈ 0.0011, the sd's ≈ σ/√16000 ≈ 0.0008;
        // 4 standard errors leave a false failure below 1e-4.
        #expect(Swift.abs(mean) < 4 * sigma / Double(residual.count).squareRoot(), "mean \(mean)")
        #expect(Swift.abs(sd - sigma) < 4 * sigma / (2 * Double(residual.count)).squareRoot(), "sd \(sd)")
        #expect(noisy == (try SyntheticData.moons(count: n, noise: sigma, seed: 7)))
        #expect(noisy.features != (try SyntheticData.moons(count: n, noise: sigma, seed: 8)).features)
        #expect(noisy.target == (try SyntheticData.moons(count: n)).target, "noise leaves the classes alone")
        let circles = try SyntheticData.circles(count: 9, factor: 0.5, noise: 0.05, seed: 3)
        #expect(circles == (try SyntheticData.circles(count: 9, factor: 0.5, noise: 0.05, seed: 3)))
        #expect(circles.classCounts == [4, 5])
    }

    @Test("bad arguments throw one-line errors naming the generator and the value")
    func errors() {
        #expect(throws: SyntheticDataError.tooFewPoints(generator: "moons", count: 1)) { try SyntheticData.moons(count: 1) }
        #expect(throws: SyntheticDataError.tooFewPoints(generator: "circles", count: -3)) { try SyntheticData.circles(count: -3) }
        #expect(throws: SyntheticDataError.invalidNoise(generator: "moons", noise: -0.1)) { try SyntheticData.moons(count: 10, noise: -0.1) }
        #expect(throws: SyntheticDataError.self) { try SyntheticData.circles(count: 10, noise: .nan) }
        #expect(throws: SyntheticDataError.self) { try SyntheticData.moons(count: 10, noise: .infinity) }
        #expect(throws: SyntheticDataError.invalidFactor(1)) { try SyntheticData.circles(count: 10, factor: 1) }
        #expect(throws: SyntheticDataError.invalidFactor(-0.5)) { try SyntheticData.circles(count: 10, factor: -0.5) }
        #expect(SyntheticDataError.invalidFactor(1.5).description == "SyntheticData.circles: factor must be in [0, 1) (the inner radius relative to the outer), got 1.5")
        #expect(SyntheticDataError.tooFewPoints(generator: "moons", count: 0).description.contains("at least 2"))
    }
}
