/// What a server account may do. Every route names the roles it admits.
public enum Role: String, Sendable, Hashable, CaseIterable {
    /// Manages users and tenants; reads everything of the tenants it holds.
    case admin
    /// Reads, verifies, time-travels and exports the tenants it holds; never writes events.
    case auditor
    /// Pushes and pulls events of the tenants it holds.
    case collector

    /// Reads a role as the API accepts it: our names in any case, and the existing system's
    /// `ADMIN` and `USER` (a field collector there) so that its admin app keeps working.
    public init?(parsing text: String) {
        switch text.lowercased() {
        case "admin": self = .admin
        case "auditor": self = .auditor
        case "collector", "user": self = .collector
        default: return nil
        }
    }
}
