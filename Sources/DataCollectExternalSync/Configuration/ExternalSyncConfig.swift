public import DataCollectIntegrity

/// A tenant's `externalSync` settings, read from its app configuration:
/// `{type, url, auth?, extraFields?: [{name, value}]}` (values are strings).
///
/// `extraFields` may hold secrets (an `apiKey`), so this type never prints them: its
/// description lists the field names only.
///
/// ```swift
/// let config = try ExternalSyncConfig(appConfiguration: tenant.configuration)
/// config.type                    // "webhook"
/// config.extraField("apiKey")    // the first match, or nil
/// ```
public struct ExternalSyncConfig: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
    public struct ExtraField: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// Selects the adapter in an ``ExternalSyncAdapterRegistry`` (`webhook`, `mock-sync-server`).
    public var type: String
    /// The external system's base URL (may be empty for in-process adapters).
    public var url: String
    /// Informational, as in the existing system (`basic` asks the admin for credentials).
    public var auth: String?
    public var extraFields: [ExtraField]

    public init(type: String, url: String, auth: String? = nil, extraFields: [ExtraField] = []) {
        self.type = type
        self.url = url
        self.auth = auth
        self.extraFields = extraFields
    }

    /// Reads the `externalSync` member of a whole app configuration.
    public init(appConfiguration: JSONValue) throws(ExternalSyncError) {
        guard let section = appConfiguration["externalSync"], !section.isNull else {
            throw ExternalSyncError(.notConfigured, field: "externalSync",
                                    message: "The app configuration has no externalSync section; add {type, url} to enable external sync.")
        }
        try self.init(json: section)
    }

    /// Reads an `externalSync` object.
    public init(json: JSONValue) throws(ExternalSyncError) {
        guard let object = json.objectValue else {
            throw Self.invalid("externalSync", "externalSync must be a JSON object {type, url, auth?, extraFields?}.")
        }
        guard let type = object["type"]?.stringValue, !type.isEmpty else {
            throw Self.invalid("externalSync.type", "externalSync.type is required and must be a non-empty string.")
        }
        let url = object["url"]
        guard url == nil || url?.isNull == true || url?.stringValue != nil else {
            throw Self.invalid("externalSync.url", "externalSync.url must be a string.")
        }
        let auth = object["auth"]
        guard auth == nil || auth?.isNull == true || auth?.stringValue != nil else {
            throw Self.invalid("externalSync.auth", "externalSync.auth must be a string.")
        }
        var fields: [ExtraField] = []
        if let list = object["extraFields"], !list.isNull {
            guard let items = list.arrayValue else {
                throw Self.invalid("externalSync.extraFields",
                                   "externalSync.extraFields must be a list of {name, value} objects (an object is not supported).")
            }
            for (index, item) in items.enumerated() {
                guard let name = item["name"]?.stringValue, !name.isEmpty else {
                    throw Self.invalid("externalSync.extraFields[\(index)].name", "Each extra field needs a non-empty string name.")
                }
                guard let value = item["value"]?.stringValue else {
                    throw Self.invalid("externalSync.extraFields[\(index)].value", "Each extra field's value must be a string.")
                }
                fields.append(ExtraField(name: name, value: value))
            }
        }
        self.init(type: type, url: url?.stringValue ?? "", auth: auth?.stringValue, extraFields: fields)
    }

    /// The value of the first extra field with this name.
    public func extraField(_ name: String) -> String? {
        extraFields.first { $0.name == name }?.value
    }

    public var description: String {
        "ExternalSyncConfig(type: \(type), extraFields: [\(extraFields.map(\.name).joined(separator: ", "))])"
    }

    public var customMirror: Mirror {
        Mirror(self, children: ["type": type, "extraFieldNames": extraFields.map(\.name)])
    }

    private static func invalid(_ field: String, _ message: String) -> ExternalSyncError {
        ExternalSyncError(.invalidConfiguration, field: field, message: message)
    }
}

/// Basic credentials an admin gives for one run (`{username, password}`). Never printed.
public struct ExternalSyncCredentials: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
    public var username: String
    public var password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    public var description: String { "ExternalSyncCredentials(redacted)" }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
