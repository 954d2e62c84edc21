/// How many rows (or `IN` list values) go into each multi-row statement: a batch is cut into
/// chunks of these sizes only, largest first (1,234 rows: 500, 500, 100, 100, 20, 5, 5, 1, 1,
/// 1, 1). Each table then has at most five statement texts, so the prepared-statement caches
/// (SQLite's, and PostgreSQL's placeholder rewriting) stay small however batches vary. At
/// most 13 parameters a row: 6,500 per statement, under both databases' limits (32,766 for
/// SQLite ≥ 3.32, 65,535 for PostgreSQL).
public enum StatementChunks {
    public static let sizes = [500, 100, 20, 5, 1]

    /// Consecutive ranges covering `0..<count`, each of one of ``sizes``.
    public static func ranges(_ count: Int) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        for size in sizes {
            while count - start >= size {
                ranges.append(start..<(start + size))
                start += size
            }
        }
        return ranges
    }
}
