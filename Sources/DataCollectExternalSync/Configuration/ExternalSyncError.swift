/// Why an external sync could not run or stopped: a stable code, the configuration field it
/// concerns (when there is one) and a sentence saying how to fix it.
///
/// Messages never hold credentials, API keys, URLs or response bodies: errors reach logs and
/// HTTP answers.
///
/// ```swift
/// throw ExternalSyncError(.unknownAdapterType, field: "externalSync.type",
///                         message: "No external sync adapter is registered for this type.")
/// ```
public struct ExternalSyncError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The app configuration has no `externalSync` section.
        public static let notConfigured = Code(rawValue: "EXTERNAL_SYNC_NOT_CONFIGURED")
        /// `externalSync.type` names no registered adapter.
        public static let unknownAdapterType = Code(rawValue: "UNKNOWN_ADAPTER_TYPE")
        /// The `externalSync` section is malformed (a missing url, extraFields of the wrong shape).
        public static let invalidConfiguration = Code(rawValue: "INVALID_EXTERNAL_SYNC_CONFIG")
        /// No credentials were available, or the external system refused them (401/403).
        public static let authenticationFailed = Code(rawValue: "EXTERNAL_AUTHENTICATION_FAILED")
        /// The external system could not be reached (connection refused, timeout, TLS).
        public static let unreachable = Code(rawValue: "EXTERNAL_SYSTEM_UNREACHABLE")
        /// The external system answered with an error status.
        public static let refused = Code(rawValue: "EXTERNAL_REQUEST_REFUSED")
        /// The external system answered something that is not the documented JSON.
        public static let invalidResponse = Code(rawValue: "EXTERNAL_INVALID_RESPONSE")
    }

    public let code: Code
    /// The configuration or response field concerned, as a path (`externalSync.extraFields[1].value`).
    public let field: String?
    /// A sentence without secrets or values.
    public let message: String

    public init(_ code: Code, field: String? = nil, message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    /// True when the external system, not the configuration, is at fault: the server answers 502.
    public var isExternalFailure: Bool {
        [.authenticationFailed, .unreachable, .refused, .invalidResponse].contains(code)
    }

    public var description: String {
        if let field { return "\(code) (\(field)): \(message)" }
        return "\(code): \(message)"
    }
}
