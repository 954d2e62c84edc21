import DataCollectIntegrity
import Foundation

/// The one place the library reads the wall clock.
enum WallClock {
    static func epochMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }
}
