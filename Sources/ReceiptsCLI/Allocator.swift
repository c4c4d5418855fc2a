import Foundation

/// glibc serves a block above its mmap threshold with its own mapping and unmaps it on free, but
/// it raises that threshold to the largest block freed so far: after the first decoded page, every
/// later image buffer comes from the heap, and freed heap memory rarely goes back to the system.
/// A fixed threshold keeps image buffers (a 1 Mpx grey page is 1 MB) mapped and returned on free,
/// which lowered a mixed batch's peak RSS by about a tenth at the same speed (docs/measurements.md).
enum Allocator {
    private typealias MallOpt = @convention(c) (Int32, Int32) -> Int32

    static func returnImageBuffersOnFree() {
        // Glibc's Swift module leaves out <malloc.h>; look mallopt up (absent on other C libraries).
        guard let symbol = dlsym(nil, "mallopt") else { return }
        let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD
        _ = unsafeBitCast(symbol, to: MallOpt.self)(mmapThreshold, 1 << 20)
    }
}
