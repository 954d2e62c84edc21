/// Why a PostgreSQL store could not be opened or used, in words a data officer can act on.
public enum PostgresStoreError: Error, CustomStringConvertible {
    case cannotConnect(String, underlying: String)
    case invalidSchemaName(String)
    case newerSchema(Int)
    case rolledBack

    public var description: String {
        switch self {
        case .cannotConnect(let location, let underlying):
            "Cannot connect to PostgreSQL at \(location): \(underlying)"
        case .invalidSchemaName(let name):
            "The schema name \(name) is not allowed: use lowercase letters, digits and '_' (at most 63)."
        case .newerSchema(let version):
            "The database was written by a newer version of datacollect (schema \(version))."
        case .rolledBack:
            "PostgreSQL rolled the transaction back instead of committing it (a statement in it failed); nothing of it was stored."
        }
    }
}
