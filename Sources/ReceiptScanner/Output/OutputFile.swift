import Foundation

/// Where rows go: a file written under a temporary name and renamed into place when complete
/// (a crash never leaves half a file under the real name), or standard output.
public final class OutputFile {
    private let handle: FileHandle
    private let finalPath: String?
    private let temporaryPath: String?
    private var buffer = Data()

    /// `-` means standard output. Throws a message a person can act on when the folder is not writable.
    public init(path: String) throws(SetupError) {
        if path == "-" {
            handle = .standardOutput
            finalPath = nil
            temporaryPath = nil
            return
        }
        let url = URL(fileURLWithPath: path)
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
            throw SetupError("cannot write output '\(path)': it is a folder; pass a file name with -o")
        }
        let folder = url.deletingLastPathComponent().path
        let temp = folder + "/." + url.lastPathComponent + ".\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: temp, contents: nil),
              let h = FileHandle(forWritingAtPath: temp) else {
            throw SetupError("cannot write output '\(path)': \(errnoText()); choose another path with -o")
        }
        handle = h
        finalPath = path
        temporaryPath = temp
    }

    public func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 64 * 1024 || finalPath == nil { try flush() }
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        do { try handle.write(contentsOf: buffer) } catch {
            throw SetupError("cannot write output \(finalPath.map { "'\($0)'" } ?? "to standard output"): \(error.localizedDescription)")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, syncs and renames the temporary file into place.
    public func commit() throws {
        try flush()
        guard let finalPath, let temporaryPath else { return }
        try handle.synchronize()
        try handle.close()
        guard rename(temporaryPath, finalPath) == 0 else {
            let why = errnoText()
            unlink(temporaryPath)
            throw SetupError("cannot move the finished output into '\(finalPath)': \(why)")
        }
    }

    /// Removes the temporary file (the run could not produce output).
    public func discard() {
        guard let temporaryPath else { return }
        try? handle.close()
        unlink(temporaryPath)
    }
}

/// Output formats for `scan`.
public enum OutputFormat: String, Sendable, CaseIterable {
    case csv, json, jsonl
}

/// A sink that writes its files when the run ends (renaming them into place).
public protocol FinishingSink: ResultSink {
    func finish() throws
}

/// Writes rows in the chosen format. Used on the pipeline's writer thread only.
public final class RowWriter: FinishingSink {
    private let output: OutputFile
    private let format: OutputFormat
    /// The exploded line-items CSV, when asked for.
    private let items: OutputFile?
    private var count = 0

    public init(output: OutputFile, format: OutputFormat, items: OutputFile? = nil) throws {
        self.output = output
        self.format = format
        self.items = items
        try items?.write(CSVFormat.header(ResultRow.itemColumns))
        switch format {
        case .csv: try output.write(CSVFormat.header(ResultRow.columns))
        case .json: try output.write("[\n")
        case .jsonl: break
        }
    }

    public func write(_ result: ScanResult) throws {
        let cells = ResultRow.cells(result)
        switch format {
        case .csv: try output.write(CSVFormat.line(cells))
        case .json: try output.write((count > 0 ? ",\n" : "") + JSONFormat.row(result))
        case .jsonl: try output.write(JSONFormat.row(result) + "\n")
        }
        count += 1
        if let items {
            for row in ResultRow.itemRows(result) { try items.write(CSVFormat.line(row)) }
        }
    }

    public func finish() throws {
        if format == .json { try output.write((count > 0 ? "\n" : "") + "]\n") }
        try output.commit()
        try items?.commit()
    }
}
