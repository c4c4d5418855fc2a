// swift-tools-version: 6.1
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
        // The review server only (ReceiptReview); swift-configuration support is not needed.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        // Hummingbird builds on these anyway; the server names their modules itself.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
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
        .target(
            name: "ReceiptReview",
            dependencies: [
                "ReceiptScanner",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]),
        .executableTarget(
            name: "ReceiptsCLI",
            dependencies: [
                "ReceiptScanner",
                "ReceiptReview",
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
