// swift-tools-version:6.0
import Foundation
import PackageDescription

let package = Package(
    name: "Descent",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Descent", targets: ["Descent"]),
        .executable(name: "descent", targets: ["descent"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // BLAS/LAPACK: OpenBLAS + LAPACKE on Linux (found through pkg-config).
        .systemLibrary(
            name: "CLAPACK",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"]), .brew(["openblas"])]
        ),
        // Sparse Cholesky / LDLᵀ factorization (shift-invert eigensolves): SuiteSparse's CHOLMOD from Debian.
        .systemLibrary(
            name: "CSuiteSparse",
            providers: [.apt(["libsuitesparse-dev"]), .brew(["suite-sparse"])]
        ),
        // Vectorized elementary functions (exp) for the element-wise kernels, dispatched by CPU at run time.
        .target(name: "CDescentVectorMath"),
        // printf's %g for the CLI's readable numbers (Swift cannot call variadic C functions cheaply).
        .target(name: "CDescentFormat"),
        .target(
            name: "DescentCore",
            dependencies: [
                "CLAPACK",
                "CSuiteSparse",
                "CDescentVectorMath",
                .product(name: "ComplexModule", package: "swift-numerics"),
                .product(name: "RealModule", package: "swift-numerics"),
            ]
        ),
        .target(name: "DescentAutodiff", dependencies: ["DescentCore"]),
        .target(name: "DescentOptimize", dependencies: ["DescentCore", "DescentAutodiff", "CDescentVectorMath", "CLAPACK"]),
        // SVG charts and HTML reports; depends on nothing of ours but Core's value types.
        .target(name: "DescentPlot", dependencies: ["DescentCore"]),
        // Models fitted to data (datasets, tables, regression, classification, paths, CV); bundled datasets as resources.
        .target(name: "DescentLearn", dependencies: ["DescentCore", "DescentAutodiff", "DescentOptimize"],
                resources: [.copy("Resources")]),
        // Neural networks as functions of one flat parameter vector: layers, Sequential, training, saved weights.
        .target(name: "DescentNeural", dependencies: ["DescentCore", "DescentAutodiff", "DescentOptimize", "DescentLearn"]),
        .target(name: "Descent", dependencies: ["DescentCore", "DescentAutodiff", "DescentOptimize", "DescentLearn", "DescentNeural", "DescentPlot"]),
        .target(
            name: "DescentCommands",
            dependencies: [
                "Descent",
                "CDescentFormat",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "descent", dependencies: ["DescentCommands"]),
        .target(name: "_TestSupport", dependencies: ["DescentCore"], path: "Tests/_TestSupport"),
        .testTarget(name: "DescentCoreTests", dependencies: ["DescentCore", "_TestSupport"], exclude: ["References"]),
        .testTarget(name: "DescentAutodiffTests", dependencies: ["DescentAutodiff", "_TestSupport"], exclude: ["References"]),
        .testTarget(name: "DescentOptimizeTests", dependencies: ["DescentOptimize", "_TestSupport"], exclude: ["References"]),
        .testTarget(name: "DescentLearnTests", dependencies: ["DescentLearn", "_TestSupport"], exclude: ["References"]),
        .testTarget(name: "DescentNeuralTests", dependencies: ["DescentNeural", "_TestSupport"], exclude: ["References"]),
        .testTarget(name: "DescentPlotTests", dependencies: ["DescentPlot", "_TestSupport"], exclude: ["References"]),
        .testTarget(name: "DescentCommandsTests", dependencies: ["DescentCommands", "_TestSupport"], exclude: ["References"]),
        // README.md's Swift blocks, extracted at build time and run as tests (ReadmeTests).
        .executableTarget(name: "ReadmeSnippetExtractor", path: "Tools/ReadmeSnippetExtractor"),
        .plugin(name: "ReadmeSnippets", capability: .buildTool(), dependencies: ["ReadmeSnippetExtractor"],
                path: "Plugins/ReadmeSnippets"),
        .testTarget(name: "ReadmeTests", dependencies: ["Descent", "_TestSupport"], plugins: ["ReadmeSnippets"]),
        // Release-only benchmark runner (`make bench`); never imported by the library.
        .executableTarget(name: "DescentBenchmarks", dependencies: ["Descent"], path: "Benchmarks/Sources/DescentBenchmarks"),
    ],
    swiftLanguageModes: [.v6]
)

// Fuzz targets (`make fuzz`, built by Fuzz/fuzz.sh): one executable per input format, in
// Fuzz/Targets/<Name>/, whose entry point is libFuzzer's `LLVMFuzzerTestOneInput` (libFuzzer
// supplies `main`, so they only link with `--sanitize=fuzzer`). Declared only when DESCENT_FUZZ is
// set, so that `swift build`, `make test` and `make docs` never see them.
if Context.environment["DESCENT_FUZZ"] != nil {
    let fuzzTargets: [(name: String, dependencies: [Target.Dependency])] = [
        ("FuzzExpression", ["DescentAutodiff"]),
        ("FuzzCSV", ["DescentCore"]),
        ("FuzzTriplets", ["DescentCommands"]),
        ("FuzzNPY", ["DescentCore"]),
        ("FuzzMatrixMarket", ["DescentCore"]),
        ("FuzzTable", ["DescentCore"]),
    ]
    package.targets.append(.target(name: "DescentFuzzSupport", dependencies: ["DescentCore"], path: "Fuzz/Support"))
    for target in fuzzTargets {
        package.targets.append(.executableTarget(name: target.name, dependencies: target.dependencies + ["DescentFuzzSupport"],
                                                 path: "Fuzz/Targets/\(target.name)"))
    }
}

// MPI (issue 13): `DescentDistributed`, its C shim `CDescentMPI`, the `DescentDistributedChecks`
// executable that the tests run under `mpirun`, and the tests. Declared only when an MPI
// implementation is installed (Open MPI's or MPICH's pkg-config file is found; `make deps` installs
// Open MPI), so that the core library, `swift build` and `make test` work without MPI.
// DESCENT_MPI=0 hides them even when MPI is installed; DESCENT_MPI=ompi|mpich names the pkg-config
// package when it is somewhere unusual. The umbrella `Descent` never depends on them; the CLI reaches
// them through `#if canImport(DescentDistributed)`.
let mpiPackage: String? = {
    let setting = Context.environment["DESCENT_MPI"]
    if setting == "0" { return nil }
    if let setting, !setting.isEmpty, setting != "1" { return setting }
    var directories = (Context.environment["PKG_CONFIG_PATH"] ?? "").split(separator: ":").map(String.init)
    directories += ["/usr/lib/x86_64-linux-gnu/pkgconfig", "/usr/lib/aarch64-linux-gnu/pkgconfig", "/usr/lib/pkgconfig",
                    "/usr/lib64/pkgconfig", "/usr/share/pkgconfig", "/usr/local/lib/pkgconfig",
                    "/opt/homebrew/lib/pkgconfig", "/usr/lib64/openmpi/lib/pkgconfig"]
    for name in ["ompi", "mpich"] where directories.contains(where: { FileManager.default.fileExists(atPath: "\($0)/\(name).pc") }) {
        return name
    }
    return setting == "1" ? "ompi" : nil
}()
if let mpiPackage {
    package.targets += [
        .systemLibrary(name: "CDescentMPI", pkgConfig: mpiPackage,
                       providers: [.apt(["libopenmpi-dev", "openmpi-bin"]), .brew(["open-mpi"])]),
        .target(name: "DescentDistributed", dependencies: ["CDescentMPI", "DescentCore", "DescentOptimize"]),
        .executableTarget(name: "DescentDistributedChecks", dependencies: ["DescentDistributed", "DescentOptimize"]),
        .testTarget(name: "DescentDistributedTests", dependencies: ["DescentDistributed", "DescentOptimize", "_TestSupport"],
                    exclude: ["References"]),
    ]
    if let commands = package.targets.first(where: { $0.name == "DescentCommands" }) {
        commands.dependencies.append("DescentDistributed")
    }
}
