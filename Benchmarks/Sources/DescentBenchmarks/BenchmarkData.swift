import Descent
import Foundation

/// The benchmark inputs, written once as raw little-endian files that both sides read, so that
/// ours and the peer's work on bit-identical data. `manifest.json` names each array's file,
/// shape and element type (float64 or int64).
struct BenchmarkData: Sendable {
    /// Bump when a generator below changes, so stale files are regenerated.
    static let version = 5
    let directory: URL

    struct ArrayEntry: Codable {
        var file: String
        var shape: [Int]
        var dtype: String
    }
    struct Manifest: Codable {
        var version: Int
        var arrays: [String: ArrayEntry]
    }

    var manifestURL: URL { directory.appendingPathComponent("manifest.json") }

    /// Whether every file of the current version is present.
    var isPrepared: Bool {
        guard let data = try? Data(contentsOf: manifestURL),
              let manifest = try? JSONDecoder().decode(Manifest.self, from: data),
              manifest.version == Self.version else { return false }
        return manifest.arrays.values.allSatisfy {
            FileManager.default.fileExists(atPath: directory.appendingPathComponent($0.file).path)
        }
    }

    // MARK: Reading

    func doubles(_ name: String) -> [Double] { read(name, as: Double.self) }
    func ints(_ name: String) -> [Int] { read(name, as: Int.self) }

    func tensor(_ name: String, shape: [Int]) -> Tensor {
        let values = doubles(name)
        precondition(values.count == Tensor.elementCount(shape), "\(name): \(values.count) values for shape \(shape)")
        return Tensor(shape: shape, scalars: values)
    }

    private func read<T>(_ name: String, as: T.Type) -> [T] {
        let path = directory.appendingPathComponent(name + (T.self == Double.self ? ".f64" : ".i64")).path
        guard let file = fopen(path, "rb") else { fatalError("cannot open \(path): run `DescentBenchmarks prepare` first") }
        defer { fclose(file) }
        fseek(file, 0, SEEK_END)
        let count = ftell(file) / MemoryLayout<T>.stride
        fseek(file, 0, SEEK_SET)
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let got = fread(buffer.baseAddress, MemoryLayout<T>.stride, count, file)
            precondition(got == count, "short read of \(path)")
            initialized = count
        }
    }

    /// The CSV file of the `csv_read_3000` case: 3000 × 3000 N(0, 1) numbers in shortest
    /// round-trip decimal form (≈ 180 MB), written once, outside the raw-array manifest.
    var csvURL: URL { directory.appendingPathComponent("csv3000.csv") }

    /// Writes `csvURL` when it is missing (both sides then read the same bytes).
    func prepareCSV() throws {
        guard !FileManager.default.fileExists(atPath: csvURL.path) else { return }
        var g = SeededGenerator(seed: 12_000)
        let matrix = Tensor.randomNormal([3000, 3000], using: &g)
        let partial = csvURL.appendingPathExtension("partial")
        try matrix.writeCSV(to: partial.path)
        try FileManager.default.moveItem(at: partial, to: csvURL)
    }

    // MARK: Writing (the generators)

    /// Generates every input from fixed seeds. Each array has its own seed so that adding an
    /// array never changes the others.
    func prepare() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var arrays: [String: ArrayEntry] = [:]
        func write<T>(_ name: String, _ values: [T], shape: [Int]) throws {
            let ext = T.self == Double.self ? "f64" : "i64"
            let url = directory.appendingPathComponent("\(name).\(ext)")
            try values.withUnsafeBytes { try Data($0).write(to: url) }
            arrays[name] = ArrayEntry(file: url.lastPathComponent, shape: shape, dtype: T.self == Double.self ? "float64" : "int64")
        }
        func normal(_ shape: [Int], seed: UInt64) -> [Double] {
            var g = SeededGenerator(seed: seed)
            return Tensor.randomNormal(shape, using: &g).scalars
        }

        for n in [1024, 2048] {
            try write("matmul\(n)_a", normal([n, n], seed: 1000 + UInt64(n)), shape: [n, n])
            try write("matmul\(n)_b", normal([n, n], seed: 2000 + UInt64(n)), shape: [n, n])
        }
        // Symmetric: (M + Mᵀ)/2, exactly symmetric in floating point.
        let m = Tensor(shape: [1000, 1000], scalars: normal([1000, 1000], seed: 3000))
        try write("eigh1000_a", ((m + m.transposed) * 0.5).scalars, shape: [1000, 1000])
        try write("eig500_a", normal([500, 500], seed: 4000), shape: [500, 500])
        try write("svd1000x500_a", normal([1000, 500], seed: 5000), shape: [1000, 500])
        try write("solve2000_a", normal([2000, 2000], seed: 6000), shape: [2000, 2000])
        try write("solve2000_b", normal([2000], seed: 6001), shape: [2000])
        try write("lstsq4000x500_a", normal([4000, 500], seed: 7000), shape: [4000, 500])
        try write("lstsq4000x500_b", normal([4000], seed: 7001), shape: [4000])
        let n = 10_000_000
        var g = SeededGenerator(seed: 8000)
        try write("exp_x", Tensor.randomUniform([n], in: -20..<20, using: &g).scalars, shape: [n])
        try write("axpy_x", normal([n], seed: 9000), shape: [n])
        try write("axpy_y", normal([n], seed: 9001), shape: [n])

        // CSR, 10⁶ × 10⁶ with 10 non-zeros per row: one column drawn in each tenth of the columns,
        // so columns are distinct and sorted within a row (canonical CSR) yet spread at random.
        let rows = 1_000_000, perRow = 10, band = rows / perRow
        var cg = SeededGenerator(seed: 10_000)
        var indptr = [Int](repeating: 0, count: rows + 1)
        var indices = [Int](); indices.reserveCapacity(rows * perRow)
        for i in 0..<rows {
            for k in 0..<perRow { indices.append(k * band + Int(cg.next() % UInt64(band))) }
            indptr[i + 1] = indices.count
        }
        try write("csr_indptr", indptr, shape: [rows + 1])
        try write("csr_indices", indices, shape: [rows * perRow])
        try write("csr_values", normal([rows * perRow], seed: 10_001), shape: [rows * perRow])
        try write("csr_x", normal([rows], seed: 10_002), shape: [rows])

        // Autodiff: logistic regression 10⁴ × 100 (labels 0/1), a 100-32-1 tanh network on 10³
        // samples with its parameters flattened (W1 100×32, b1 32, W2 32, b2 1) and an HVP direction,
        // and the starting point of the 50-variable Hessian.
        try write("logistic_x", normal([10_000, 100], seed: 11_000), shape: [10_000, 100])
        var lg = SeededGenerator(seed: 11_001)
        try write("logistic_y", (0..<10_000).map { _ in lg.nextUniform() < 0.5 ? 0.0 : 1.0 }, shape: [10_000])
        try write("logistic_w", Tensor.randomNormal([100], standardDeviation: 0.1, using: &lg).scalars, shape: [100])
        try write("tanhnet_x", normal([1000, 100], seed: 12_000), shape: [1000, 100])
        try write("tanhnet_y", normal([1000], seed: 12_001), shape: [1000])
        var tg = SeededGenerator(seed: 12_002)
        try write("tanhnet_theta", Tensor.randomNormal([3265], standardDeviation: 0.1, using: &tg).scalars, shape: [3265])
        try write("tanhnet_v", normal([3265], seed: 12_003), shape: [3265])
        var hg = SeededGenerator(seed: 13_000)
        try write("hessian50_x", Tensor.randomUniform([50], in: -1..<1, using: &hg).scalars, shape: [50])

        // Optimization (OptimizeCases.swift): logistic regression data X ~ N(0, 1), labels yᵢ = 1 when
        // uᵢ < σ(xᵢᵀw_true) with w_true ~ N(0, 0.3²) (margins of standard deviation ≈ 3, so the
        // classes overlap and the minimizer is finite), for L-BFGS (10⁵ × 100) and SAGA (10⁴ × 50);
        // and the parameters and gradient of the 10⁷-parameter Adam step.
        func logisticData(_ name: String, rows: Int, columns: Int, seed: UInt64) throws {
            let x = Tensor(shape: [rows, columns], scalars: normal([rows, columns], seed: seed))
            var lg = SeededGenerator(seed: seed + 1)
            let margins = matmul(x, Tensor.randomNormal([columns], standardDeviation: 0.3, using: &lg))
            let y = margins.scalars.map { m in lg.nextUniform() < 1 / (1 + Foundation.exp(-m)) ? 1.0 : 0.0 }
            try write("\(name)_x", x.scalars, shape: [rows, columns])
            try write("\(name)_y", y, shape: [rows])
        }
        try logisticData("lbfgs_logistic", rows: 100_000, columns: 100, seed: 14_000)
        try logisticData("saga", rows: 10_000, columns: 50, seed: 15_000)
        try write("adam_theta", normal([n], seed: 16_000), shape: [n])
        // L1-logistic path (LogisticCases.swift): X 2000 × 500 N(0, 1), 20 informative columns
        // with N(0, 1) coefficients, labels drawn from the logistic model.
        let l1x = Tensor(shape: [2000, 500], scalars: normal([2000, 500], seed: 17_000))
        var l1g = SeededGenerator(seed: 17_001)
        let l1w = Tensor(shape: [500]) { j in j < 20 ? l1g.nextNormal() : 0 }
        let l1y = matmul(l1x, l1w).scalars.map { m in l1g.nextUniform() < 1 / (1 + Foundation.exp(-m)) ? 1.0 : 0.0 }
        try write("l1path_x", l1x.scalars, shape: [2000, 500])
        try write("l1path_y", l1y, shape: [2000])
        try write("adam_g", normal([n], seed: 16_001), shape: [n])
        try write("pca_x", pcaBenchmarkMatrix().scalars, shape: [10_000, 500])   // PCACases.swift

        let manifest = Manifest(version: Self.version, arrays: arrays)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(manifest).write(to: manifestURL)
    }
}
