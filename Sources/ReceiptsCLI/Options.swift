import Foundation
import ArgumentParser
import ReceiptScanner

/// Options every command that reads images shares.
struct OCROptions: ParsableArguments {
    @Option(name: .long, help: "Tesseract language(s), joined with '+' (e.g. eng+deu). Each needs its tesseract-ocr-<lang> package.")
    var lang = "eng"

    @Option(name: .long, help: "Tesseract page segmentation mode (6: one block of text, best for receipts; 3: automatic).")
    var psm = 6

    @Option(name: .long, help: "Seconds one image may take in OCR before it is given up as failed.")
    var ocrTimeout = 60.0

    @Option(name: .long, help: "Refuse images larger than this many megapixels (read from the header, before decoding).")
    var maxMegapixels = 100.0

    @Option(name: .long, help: "Image preparation and reading: auto (scale a full-size phone photo's large print down to the size receipts read best, crop to the receipt's paper and content, deskew, read a photo in shade whose row would go to review again with its light evened out, read a nearly empty reading again from a local threshold, find the way up of doubtful readings, read the header again with Tesseract's Latin-script model (tesseract-ocr-script-latn), read the total's line and two dates printed a digit apart again and take the value most readings give, a second look when the date or total is missing, a date still missing read from the image enlarged) or none (the image as it is, read once).")
    var prepare: PrepareMode = .auto

    @Option(name: .customLong("add-step"), help: ArgumentHelp(
        "For experiments: a preparation step to add to the --prepare preset (repeatable).",
        discussion: PreparationStep.allCases.map { "\($0.rawValue): \($0.summary)\(PreparationStep.auto.contains($0) ? " (auto)" : "")" }
            .joined(separator: "\n"),
        valueName: "step"))
    var addSteps: [PreparationStep] = []

    @Option(name: .customLong("skip-step"), help: ArgumentHelp(
        "For experiments: a preparation step to leave out of the --prepare preset (repeatable; names as for --add-step).",
        valueName: "step"))
    var skipSteps: [PreparationStep] = []

    /// The preset with the added steps, less the skipped ones.
    var steps: Set<PreparationStep> {
        prepare.steps.union(addSteps).subtracting(skipSteps)
    }

    func validate() throws {
        guard (0...13).contains(psm) else { throw ValidationError("--psm must be 0...13") }
        guard ocrTimeout > 0 else { throw ValidationError("--ocr-timeout must be positive") }
        guard maxMegapixels > 0 else { throw ValidationError("--max-megapixels must be positive") }
    }

    var settings: OCRSettings {
        OCRSettings(language: lang, pageSegmentationMode: psm, deadline: .milliseconds(Int(ocrTimeout * 1000)))
    }

    var limits: ImageLimits { ImageLimits(maxMegapixels: maxMegapixels) }
}

/// Options that shape parsing.
struct ParseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Order of an ambiguous numeric date like 03/04/2024: dmy, mdy or ymd.",
        discussion: "Without it the receipt decides (its currency, tax words, a US address or phone number, a country's name), else the batch (dates of the same shop, else of most receipts, whose order shows by itself); a date nothing decides is read day first and the row is flagged needs_review."))
    var dateOrder: DateOrder?

    @Option(name: .long, help: "ISO 4217 code to assume when a receipt prints no currency (e.g. EUR, MYR); also names a bare '$'.")
    var currency: String?

    @Option(name: .long, help: ArgumentHelp(
        "A YAML file of per-merchant rules (see Examples/rules.yaml): names, field patterns, date order, currency, lines to ignore.",
        valueName: "file"))
    var rules: String?

    func validate() throws {
        if let currency, currency.count != 3 || !currency.allSatisfy({ $0.isASCII && $0.isLetter }) {
            throw ValidationError("--currency takes a three-letter ISO 4217 code such as EUR or USD")
        }
        _ = try loadRules()
    }

    /// The parser settings, with the rules file read and checked.
    func options() throws -> ParserOptions {
        ParserOptions(dateOrder: dateOrder, defaultCurrency: currency?.uppercased(), rules: try loadRules())
    }

    private func loadRules() throws -> RulesFile? {
        guard let rules else { return nil }
        guard let data = FileManager.default.contents(atPath: rules) else {
            throw ValidationError("\(rules): cannot read the rules file")
        }
        do {
            return try RulesFile.parse(yaml: String(decoding: data, as: UTF8.self), file: rules)
        } catch {
            throw ValidationError("\(error)")
        }
    }
}

extension DateOrder: ExpressibleByArgument {}
extension OutputFormat: ExpressibleByArgument {}
extension ExportProfile: ExpressibleByArgument {}
extension PrepareMode: ExpressibleByArgument {}
extension PreparationStep: ExpressibleByArgument {}

/// Whether a batch's rows agree their merchants' names and addresses (`Consensus`).
struct ConsensusOptions: ParsableArguments {
    @Flag(name: .long, help: ArgumentHelp(
        "Keep each receipt's own reading: no name, address, date order or doubtful year decided by the batch.",
        discussion: """
        By default a merchant's name or address a few characters from a reading that more \
        receipts of the batch share takes that reading (this copy was misread), a date whose \
        order the receipt does not show takes the order the batch's dates show, a year that at \
        most 2% of the batch's dates show, while 80% of them lie in two years running, sends its \
        row to review (a misread digit), and rows are written when the batch ends.
        """))
    var noConsensus = false

    @Option(name: .long, help: ArgumentHelp(
        "For experiments: how far (differing letters over the longer name) a name may be from the batch's reading and still take it.",
        valueName: "0-1"))
    var nameSpread = Consensus.Spreads().name

    @Option(name: .long, help: ArgumentHelp(
        "For experiments: the same for addresses (lower than for names: one chain's outlets print addresses closer than names).",
        valueName: "0-1"))
    var addressSpread = Consensus.Spreads().address

    var spreads: Consensus.Spreads { Consensus.Spreads(name: nameSpread, address: addressSpread) }

    func validate() throws {
        for (flag, value) in [("--name-spread", nameSpread), ("--address-spread", addressSpread)] where !(0..<1).contains(value) {
            throw ValidationError("\(flag) must be at least 0 and below 1 (a share of the letters), not \(value)")
        }
    }
}
