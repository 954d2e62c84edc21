import Dispatch
import Synchronization

/// Checks a log's pages on a background queue while the verifier reads the next ones, and
/// lends the verifier the pages to read into.
///
/// `scan` is touched only by the check queue, which runs one page at a time, in order, and by
/// the verifier once it has waited for the queue's work to end (`DispatchGroup.wait`). A page
/// box belongs to the reader from ``takeFreePage(log:)`` until it hands it to ``check(_:)``,
/// and to the check until that returns it to the pool. What both sides read at any time — the
/// pool, whether the scan has stopped, an error — is behind a mutex.
final class ScanWorker: @unchecked Sendable {
    /// How many pages may be read and not yet checked, the one being read included.
    static let pagesInFlight = 3

    /// A page, boxed so that the reader and the check hand it over without copying its storage.
    final class PageBox: @unchecked Sendable {
        var page: SealedPage

        init(log: LogName) {
            page = SealedPage(log: log)
        }
    }

    private struct Shared {
        var freePages: [PageBox] = []
        var stopped = false
        var error: (any Error)?
    }

    var scan: LogScan
    private let shared = Mutex(Shared())
    private let freeSlots = DispatchSemaphore(value: ScanWorker.pagesInFlight)

    init(_ scan: LogScan) {
        self.scan = scan
    }

    /// A page to read into, waiting while ``pagesInFlight`` pages are read and not yet checked.
    func takeFreePage(log: LogName) -> PageBox {
        freeSlots.wait()
        return shared.withLock { $0.freePages.popLast() } ?? PageBox(log: log)
    }

    /// Returns a page that was taken but not handed to ``check(_:)``.
    func giveBack(_ box: PageBox) {
        shared.withLock { $0.freePages.append(box) }
        freeSlots.signal()
    }

    /// Checks a page (on the check queue), unless the scan has already stopped.
    func check(_ box: PageBox) {
        defer { giveBack(box) }
        guard !hasStopped else { return }
        do {
            try scan.check(box.page)
            if scan.failure != nil { shared.withLock { $0.stopped = true } }
        } catch {
            shared.withLock {
                $0.error = error
                $0.stopped = true
            }
        }
    }

    /// Whether the check found a failure or an error: reading further pages is pointless.
    var hasStopped: Bool {
        shared.withLock { $0.stopped }
    }

    /// Whether the scan has stopped at a failure; rethrows an error raised while checking.
    /// Call only once the check queue's work has ended.
    func finished() throws -> Bool {
        if let error = shared.withLock({ $0.error }) { throw error }
        return scan.failure != nil
    }
}
