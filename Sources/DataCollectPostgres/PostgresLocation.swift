import Foundation

/// Where a PostgreSQL database is, from a `postgres://user:password@host:port/database` URL
/// (`DATABASE_URL` or `--database`). TLS is not configured here: use a loopback address or a
/// local TLS-terminating proxy; `sslmode` other than `disable` is refused rather than ignored.
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String

    public init(host: String, port: Int = 5432, user: String, password: String? = nil, database: String) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
    }

    public enum ParseError: Error, CustomStringConvertible {
        case invalid(String)
        public var description: String {
            switch self {
            case .invalid(let why): "The PostgreSQL URL is not usable: \(why). Expected postgres://user:password@host:5432/database."
            }
        }
    }

    public init(url text: String) throws {
        guard let components = URLComponents(string: text), let scheme = components.scheme,
              ["postgres", "postgresql"].contains(scheme)
        else { throw ParseError.invalid("it does not start with postgres://") }
        guard let host = components.host, !host.isEmpty else { throw ParseError.invalid("it names no host") }
        guard let user = components.user, !user.isEmpty else { throw ParseError.invalid("it names no user") }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else { throw ParseError.invalid("it names no database") }
        if let mode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value, mode != "disable" {
            throw ParseError.invalid("sslmode=\(mode) is not supported (only disable)")
        }
        self.init(host: host, port: components.port ?? 5432, user: user,
                  password: components.password?.removingPercentEncoding, database: database)
    }

    /// The URL without the password, for messages and logs.
    public var description: String { "postgres://\(user)@\(host):\(port)/\(database)" }
}
