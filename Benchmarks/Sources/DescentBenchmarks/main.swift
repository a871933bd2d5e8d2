// Benchmark runner, built in release by `make bench` (Benchmarks/run.sh drives it together with
// the peers' scripts). Each invocation does one thing and prints one JSON object on stdout:
//
//   DescentBenchmarks prepare <data-dir>                 write the shared inputs (raw float64/int64)
//   DescentBenchmarks list                               the case names, one per line
//   DescentBenchmarks run <case> <data-dir> <repeats> <warmup>   time one case in this process
//   DescentBenchmarks crossover <rows> [d,d,… ρ]         ridge: normal equations vs gradient descent as d grows
//   DescentBenchmarks info                               OpenBLAS configuration and threads
//   DescentBenchmarks limits <threads>                   GEMM GFLOP/s and STREAM triad GB/s
//   DescentBenchmarks profiles run|plot …               performance profiles (PerformanceProfiles.swift)
//   DescentBenchmarks lora-digits                        LoRA vs full fine-tuning on digits (LoRADigitsExperiment.swift)
import Descent
import Foundation

func printJSON(_ object: [String: Any]) {
    let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("DescentBenchmarks: \(message)\n".utf8))
    exit(2)
}

// The process-wide allocator settings the `descent` tool also applies (see AllocatorTuning);
// DESCENT_ALLOCATOR_TUNING=off measures without them.
if ProcessInfo.processInfo.environment["DESCENT_ALLOCATOR_TUNING"] != "off" {
    AllocatorTuning.apply()
}

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "prepare" where arguments.count == 2:
    let data = BenchmarkData(directory: URL(fileURLWithPath: arguments[1]))
    if !data.isPrepared { try data.prepare() }
    let linearData = LinearModelData(directory: data.directory)
    if !linearData.isPrepared { try linearData.prepare() }
    try data.prepareCSV()
    printJSON(["prepared": data.directory.path, "version": BenchmarkData.version])
case "list":
    for c in benchmarkCases + autodiffCases + hessianBlockCases + reductionCases + optimizeCases + logisticCases + linearModelCases + pcaCases + pageRankCases + clusteringCases + eigensolverCases + neuralCases + neuralCurvatureCases + kfacCases where c.name != "noop" { print("\(c.name)\t\(c.peer)") }
case "run" where arguments.count == 5:
    guard let c = (benchmarkCases + autodiffCases + hessianBlockCases + reductionCases + optimizeCases + logisticCases + linearModelCases + pcaCases + pageRankCases + clusteringCases + eigensolverCases + neuralCases + neuralCurvatureCases + kfacCases).first(where: { $0.name == arguments[1] }) else {
        printJSON(["case": arguments[1], "available": false])
        exit(0)
    }
    guard let repeats = Int(arguments[3]), let warmup = Int(arguments[4]) else { fail("repeats and warmup must be integers") }
    let result = c.run(BenchmarkData(directory: URL(fileURLWithPath: arguments[2])), repeats, warmup)
    printJSON(["case": c.name, "available": true, "times_ms": result.times, "cpu_ms": result.cpuTimes, "check": result.check,
               "peak_rss_mib": Measurement.peakResidentMiB(), "details": result.details])
case "crossover" where arguments.count == 2 || arguments.count == 4:
    // Ridge by normal equations vs gradient descent as d grows (no peer; see LinearModelCases.swift).
    guard let rows = Int(arguments[1]) else { fail("rows must be an integer") }
    if arguments.count == 4 {
        guard let correlation = Double(arguments[3]) else { fail("correlation must be a number") }
        let columns = arguments[2].split(separator: ",").compactMap { Int($0) }
        ridgeCrossover(rows: rows, columns: columns, correlation: correlation, alpha: 1)
    } else {
        // Independent columns (κ stays small as d grows), then pairwise correlation 0.5 (κ ≈ 1 + d).
        ridgeCrossover(rows: rows, columns: [25, 50, 100, 200, 400, 800, 1600], correlation: 0, alpha: 1)
        ridgeCrossover(rows: rows, columns: [25, 50, 100, 200, 400], correlation: 0.5, alpha: 1)
    }
case "info":
    printJSON(PhysicalLimits.blasInfo().merging(["elementwise_threads": String(ProcessInfo.processInfo.activeProcessorCount)]) { a, _ in a })
case "limits" where arguments.count == 2:
    guard let threads = Int(arguments[1]), threads >= 1 else { fail("threads must be a positive integer") }
    var limits: [String: Any] = [
        "gemm2048_gflops_1thread": PhysicalLimits.gemmGFlops(n: 2048, threads: 1, repeats: 3),
        "triad_gbs_1thread": PhysicalLimits.triadGBs(elements: 20_000_000, threads: 1, repeats: 5),
    ]
    if threads > 1 {
        limits["gemm2048_gflops_\(threads)threads"] = PhysicalLimits.gemmGFlops(n: 2048, threads: threads, repeats: 3)
        limits["triad_gbs_\(threads)threads"] = PhysicalLimits.triadGBs(elements: 20_000_000, threads: threads, repeats: 5)
    }
    printJSON(limits)
case "profiles":
    try profilesCommand(Array(arguments.dropFirst()))
case "lora-digits":
    printJSON(try loraDigitsExperiment())
default:
    fail("usage: DescentBenchmarks prepare <dir> | list | run <case> <dir> <repeats> <warmup> | info | limits <threads> | profiles … | crossover <rows> [<d,d,…> <correlation>] | lora-digits")
}
