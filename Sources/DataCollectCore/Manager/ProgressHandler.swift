/// Told how far a long operation got: items done so far, of all the items it will do (events
/// replayed, subjects rewritten, records written). Called on the working thread; for progress
/// bars, never for control flow.
public typealias ProgressHandler = @Sendable (_ done: Int, _ total: Int) -> Void
