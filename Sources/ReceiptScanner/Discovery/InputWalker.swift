import Foundation

/// One input the scan will produce a row for.
public struct DiscoveredInput: Sendable, Hashable {
    public var path: String
    /// Nil when the file could not be read or is not an image; `error` then says why.
    public var format: ImageFormat?
    public var error: StageError?
    /// The page (1-based) of a PDF; each page is its own input and row.
    public var page: Int? = nil

    /// What the journal keys this input's reading by: the file's hash, and the page for a PDF.
    func contentKey(_ sha256: String) -> String { Self.withPage(sha256, page) }

    /// A PDF page is its own content and row: `<hash or path>#page=N`.
    static func withPage(_ key: String, _ page: Int?) -> String { page.map { "\(key)#page=\($0)" } ?? key }
}

/// Walks files and folders (recursively) and keeps images by content.
///
/// - Order is stable: paths sorted bytewise inside each folder, arguments in the order given.
/// - Folders are entered once each (by device and inode), so symlink loops end the walk.
/// - In a folder, a file that is not an image is skipped unless its name claims an image
///   (then it becomes a failed row). A file named on the command line always gets a row.
public struct InputWalker: Sendable {
    public init() {}

    public func walk(_ roots: [String]) -> [DiscoveredInput] {
        var out: [DiscoveredInput] = []
        var visited = Set<FileIdentity>()
        for root in roots {
            var st = stat()
            guard stat(root, &st) == 0 else {
                out.append(DiscoveredInput(path: root, format: nil,
                                           error: StageError(.discover, "cannot open: \(errnoText())")))
                continue
            }
            if (st.st_mode & S_IFMT) == S_IFDIR {
                walkDirectory(root, identity: FileIdentity(st), visited: &visited, into: &out)
            } else {
                if let input = classify(root, explicit: true) { out += pages(of: input) }
            }
        }
        return out
    }

    private struct FileIdentity: Hashable {
        var device: UInt64
        var inode: UInt64
        init(_ st: stat) { device = UInt64(st.st_dev); inode = UInt64(st.st_ino) }
    }

    private func walkDirectory(_ dir: String, identity: FileIdentity, visited: inout Set<FileIdentity>,
                               into out: inout [DiscoveredInput]) {
        guard visited.insert(identity).inserted else { return }  // a loop or a second link to it
        guard let handle = opendir(dir) else {
            out.append(DiscoveredInput(path: dir, format: nil,
                                       error: StageError(.discover, "cannot read folder: \(errnoText())")))
            return
        }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." || name.hasPrefix(".") { continue }
            names.append(name)
        }
        closedir(handle)
        names.sort { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        let prefix = dir.hasSuffix("/") ? dir : dir + "/"
        for name in names {
            let path = prefix + name
            var st = stat()
            if stat(path, &st) != 0 {
                // Dangling link, link loop, permission: a row only if the name claims an image,
                // or it is a link (the user may have meant it).
                var lst = stat()
                let isLink = lstat(path, &lst) == 0 && (lst.st_mode & S_IFMT) == S_IFLNK
                if isLink || claimsImage(name) {
                    out.append(DiscoveredInput(path: path, format: nil,
                                               error: StageError(.discover, "cannot open: \(errnoText())")))
                }
                continue
            }
            switch st.st_mode & S_IFMT {
            case S_IFDIR:
                walkDirectory(path, identity: FileIdentity(st), visited: &visited, into: &out)
            case S_IFREG:
                if let input = classify(path, explicit: false) { out += pages(of: input) }
            default:
                continue  // sockets, fifos, devices: never images, and reading a fifo could block
            }
        }
    }

    /// A PDF becomes one input per page (its page count read now); anything else stays one input.
    private func pages(of input: DiscoveredInput) -> [DiscoveredInput] {
        guard input.format == .pdf else { return [input] }
        var failed = input
        failed.format = nil
        let pdf: PDFDocument
        do {
            pdf = try PDFDocument([UInt8](try Data(contentsOf: URL(fileURLWithPath: input.path))))
        } catch let error as StageError {
            failed.error = StageError(.discover, error.message)
            return [failed]
        } catch {
            failed.error = StageError(.discover, "cannot read: \(error.localizedDescription)")
            return [failed]
        }
        let count = pdf.pageCount
        guard count > 0 else {
            failed.error = StageError(.discover, "the PDF has no pages")
            return [failed]
        }
        var out = (1...min(count, PDFDocument.maxPages)).map { page in
            var p = input
            p.page = page
            return p
        }
        if count > PDFDocument.maxPages {
            failed.error = StageError(.discover, "the PDF has \(count) pages; only the first \(PDFDocument.maxPages) are read (receipts are short)")
            out.append(failed)
        }
        return out
    }

    private func claimsImage(_ name: String) -> Bool {
        guard let dot = name.lastIndex(of: ".") else { return false }
        return ImageFormat.imageExtensions.contains(name[name.index(after: dot)...].lowercased())
    }

    /// Reads the first bytes and decides: image, failed row, or skip (nil).
    private func classify(_ path: String, explicit: Bool) -> DiscoveredInput? {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            return DiscoveredInput(path: path, format: nil, error: StageError(.discover, "cannot open: \(errnoText())"))
        }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) != S_IFREG {
            return explicit ? DiscoveredInput(path: path, format: nil,
                                              error: StageError(.discover, "not a regular file")) : nil
        }
        var head = [UInt8](repeating: 0, count: 16)
        let n = head.withUnsafeMutableBytes { read(fd, $0.baseAddress, 16) }
        guard n >= 0 else {
            return DiscoveredInput(path: path, format: nil, error: StageError(.discover, "cannot read: \(errnoText())"))
        }
        if let format = ImageFormat.sniff(head.prefix(n)) {
            return DiscoveredInput(path: path, format: format, error: nil)
        }
        guard explicit || claimsImage((path as NSString).lastPathComponent) else { return nil }
        let why = n == 0 ? "empty file (0 bytes)" : "not an image: the content is not a known image format (JPEG, PNG, TIFF, GIF, BMP, WebP, JPEG 2000, PNM, HEIC, PDF)"
        return DiscoveredInput(path: path, format: nil, error: StageError(.discover, why))
    }
}

func errnoText(_ code: Int32 = errno) -> String {
    String(cString: strerror(code))
}
