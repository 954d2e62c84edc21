import Dispatch
import Synchronization

/// Checks a log's pages on a background queue while the verifier reads the next ones, and
/// lends the verifier the pages to read into.
///
/// The reading thread, when it is ahead, does part of the check's work instead of waiting:
/// while a page it handed over still waits for the check (``hasPagesWaiting``), it vouches
/// for the records of the page it holds (``RecordLeafHasher``), and the check takes those
/// results instead of hashing the records again. Neither thread then idles while the other
/// has work; the results are the same whichever thread hashed a record.
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
        /// What the reading thread found for the page's first records (see ``LogScan/check(_:vouched:)``).
        var vouched: [RecordLeafHasher.Vouched?] = []

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
    /// Pages handed to ``check(_:)`` whose check has not started.
    private let pagesWaiting = Atomic<Int>(0)

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

    /// Notes that a page is handed over; call just before queueing its ``check(_:)``.
    func willCheck() {
        pagesWaiting.add(1, ordering: .relaxed)
    }

    /// Whether a page handed over still waits for its check: the check has work queued, so the
    /// reading thread may spend time on the page it holds before handing it over.
    var hasPagesWaiting: Bool {
        pagesWaiting.load(ordering: .relaxed) > 0
    }

    /// Checks a page (on the check queue), unless the scan has already stopped.
    func check(_ box: PageBox) {
        pagesWaiting.subtract(1, ordering: .relaxed)
        defer { giveBack(box) }
        guard !hasStopped else { return }
        do {
            try scan.check(box.page, vouched: box.vouched)
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
