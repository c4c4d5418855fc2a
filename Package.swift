// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "receipts",
    products: [
        .executable(name: "receipts", targets: ["ReceiptsCLI"]),
        .library(name: "ReceiptScanner", targets: ["ReceiptScanner"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CTesseract", pkgConfig: "tesseract",
            providers: [.apt(["libtesseract-dev"])]),
        .systemLibrary(
            name: "CLeptonica", pkgConfig: "lept",
            providers: [.apt(["libleptonica-dev"])]),
        .systemLibrary(
            name: "CCurl", pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(
            name: "CHeif", pkgConfig: "libheif",
            providers: [.apt(["libheif-dev"])]),
        .systemLibrary(
            name: "CPoppler", pkgConfig: "poppler-glib",
            providers: [.apt(["libpoppler-glib-dev"])]),
        .systemLibrary(
            name: "CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]),
        .target(
            name: "ReceiptScanner",
            dependencies: ["CTesseract", "CLeptonica", "CCurl", "CSQLite", "CHeif", "CPoppler", .product(name: "Yams", package: "Yams")]),
        .executableTarget(
            name: "ReceiptsCLI",
            dependencies: [
                "ReceiptScanner",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(
            name: "ParseBench",
            dependencies: ["ReceiptScanner"],
            path: "Benchmarks/ParseBench"),
        .testTarget(
            name: "ReceiptScannerTests",
            dependencies: ["ReceiptScanner"],
            resources: []),
        .testTarget(
            name: "ReceiptsCLITests",
            dependencies: ["ReceiptScanner"],
            exclude: ["Tools"]),
    ],
    swiftLanguageModes: [.v6]
)
