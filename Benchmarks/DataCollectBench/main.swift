// The benchmarks of `make bench`. Each prints its figures beside a reference measured in the
// same run, as a ratio. Usage:
//   datacollect-bench                 all, with the default sizes
//   datacollect-bench submit [HOUSEHOLDS]
//   datacollect-bench append [LEAVES]
//   datacollect-bench verify [EVENTS]
//   datacollect-bench import [EVENTS]
//   datacollect-bench time-travel [EVENTS]
//   datacollect-bench privacy [EVENTS]
//   datacollect-bench sync [EVENTS]
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
let which = arguments.first ?? "all"
let size = arguments.dropFirst().first.flatMap(Int.init)
do {
    switch which {
    case "submit": try submitBenchmark(households: size ?? 2_000)
    case "append": try appendBenchmark(leaves: size ?? 1_000_000)
    case "verify": try verifyBenchmark(events: size ?? 200_000)
    case "import": try importBenchmark(events: size ?? 100_000)
    case "time-travel": try timeTravelBenchmark(events: size ?? 1_000_000)
    case "privacy": try privacyBenchmark(events: size ?? 1_000_000)
    case "sync": try syncBenchmark(events: size ?? 100_000)
    case "all":
        try submitBenchmark(households: 2_000)
        print("")
        try appendBenchmark(leaves: 1_000_000)
        print("")
        try verifyBenchmark(events: 200_000)
        print("")
        try importBenchmark(events: 100_000)
        print("")
        try timeTravelBenchmark(events: 1_000_000)
        print("")
        try privacyBenchmark(events: 100_000)
        print("")
        try syncBenchmark(events: 100_000)
    default:
        print("usage: datacollect-bench [submit [HOUSEHOLDS] | append [LEAVES] | verify [EVENTS] | import [EVENTS] | time-travel [EVENTS] | privacy [EVENTS] | sync [EVENTS]]")
        exit(1)
    }
} catch {
    print("benchmark failed: \(error)")
    exit(1)
}
