import ArgumentParser
import Foundation
import ReceiptScanner

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score extraction against a dataset with ground truth (img/, gt/, ocr/).",
        discussion: """
        Scans img/<id>.* (or, with --text, parses ocr/<id>.txt) and compares merchant, address, date
        and total with gt/<id>.json, normalised: text upper-cased with only letters and digits kept,
        dates as ISO, totals as decimals. A lower-case merchant slug in the truth (e.g. 'aldi') must
        occur in the merchant found; a total may also match one of `alt_totals`; a null field is
        not scored. A missing receipt or empty field counts as wrong. Then the rows the tool calls
        ok, and how many of those have total and date right.
        """)

    @Argument(help: ArgumentHelp("The dataset folder.", valueName: "dataset"))
    var dataset: String

    @Flag(name: .long, help: "Score the parser alone on the dataset's transcriptions in ocr/.")
    var text = false

    @Flag(name: .long, help: "List every wrong field with the expected and found values.")
    var showMisses = false

    @Flag(name: .long, help: "List every row: its status, whether total and date are right, their confidences and the review reasons (tab-separated).")
    var showRows = false

    @Option(name: .shortAndLong, help: "OCR worker threads.")
    var jobs = ScanConfiguration.defaultJobs

    @Option(name: .long, help: ArgumentHelp(
        "Keep the readings in this SQLite journal: a later eval with the same OCR settings parses them again without reading the images (to measure parser changes in seconds).",
        valueName: "file"))
    var journal: String?

    @OptionGroup var ocr: OCROptions
    @OptionGroup var parse: ParseOptions
    @OptionGroup var consensus: ConsensusOptions

    func run() throws {
        Allocator.returnImageBuffersOnFree()
        let truth: [GroundTruth]
        do { truth = try GroundTruth.load(dataset: dataset) } catch {
            printError("\(dataset): cannot read ground truth in gt/: \(error.localizedDescription)")
            throw ExitCode.validationFailure
        }
        var results: [ScanResult] = []
        if text {
            let parser = ReceiptParser(options: try parse.options())
            for gt in truth {
                let path = "\(dataset)/ocr/\(gt.id).txt"
                guard let data = FileManager.default.contents(atPath: path) else { continue }
                results.append(.parsed(results.count, path, parser.parse(String(decoding: data, as: UTF8.self))))
            }
        } else {
            let collector = Collector()
            var config = ScanConfiguration(jobs: jobs, ocr: ocr.settings, images: ocr.limits, parser: try parse.options())
            config.steps = ocr.steps
            if let journal {
                config.resume.reparse = true
                do { config.journal = try Journal(path: journal) } catch {
                    printError("\(error); pass another --journal, or none")
                    throw Exit.cannotStart
                }
            }
            // One spelling of the folder, so a journal kept over evals finds its files again
            // (the same image under another path would read as a duplicate).
            let images = URL(fileURLWithPath: dataset + "/img").standardizedFileURL.path
            let inputs = InputWalker().walk([images])
            let display = ProgressDisplay()
            do {
                _ = try ScanPipeline(configuration: config).run(inputs, into: collector) { display.update($0) }
            } catch {
                printError("\(error)")
                throw Exit.cannotStart
            }
            display.finish()
            results = collector.results
        }
        if !consensus.noConsensus { Consensus.apply(to: &results, spreads: consensus.spreads) }
        var predictions: [String: ScanResult] = [:]
        for r in results {
            let id = ((r.file as NSString).lastPathComponent as NSString).deletingPathExtension
            predictions[id] = r
        }
        let score = Evaluator().score(truth, predictions: predictions)
        if showMisses {
            for m in score.misses { print("\(m.id)\t\(m.field)\texpected: \(m.expected)\tfound: \(m.found)") }
        }
        if showRows {
            let wrong = Set(score.misses.filter { $0.field == "total" || $0.field == "date" }.map { "\($0.id) \($0.field)" })
            for gt in truth {
                let r = predictions[gt.id]
                let c = r?.receipt?.fieldConfidence ?? [:]
                print([gt.id, r?.status.rawValue ?? "missing", wrong.contains("\(gt.id) total") ? "total-wrong" : "total-right",
                       wrong.contains("\(gt.id) date") ? "date-wrong" : "date-right",
                       String(format: "%.2f", c["total"] ?? 0), String(format: "%.2f", c["date"] ?? 0),
                       r?.errorText ?? ""].joined(separator: "\t"))
            }
        }
        print("field      correct  of   accuracy")
        for field in Evaluator.fields {
            guard let n = score.counted[field], n > 0 else { continue }
            let c = score.correct[field] ?? 0
            print(row(field, c, n))
        }
        print(row("all", score.allCorrect, score.receipts))
        print(row("rows ok", score.okRows, score.receipts))
        print(row("ok right", score.okRight, score.okRows) + "  (of the ok rows, total and date right)")
    }

    private func row(_ name: String, _ correct: Int, _ of: Int) -> String {
        name.padding(toLength: 9, withPad: " ", startingAt: 0)
            + String(format: " %7d %4d   %6.1f%%", correct, of, 100 * Double(correct) / Double(max(1, of)))
    }
}

/// Keeps results in memory (an eval set is small), for scoring.
final class Collector: ResultSink {
    var results: [ScanResult] = []
    func write(_ result: ScanResult) throws { results.append(result) }
}
