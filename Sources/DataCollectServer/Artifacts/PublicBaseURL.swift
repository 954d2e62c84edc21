import Foundation
public import HTTPTypes

/// The server's address as field devices reach it, written into public artifacts and their QR
/// codes. Set it (`--public-url`, `DATACOLLECT_PUBLIC_URL`) whenever a proxy or TLS terminator
/// stands in front of the server; otherwise it is `http://` and the request's `Host` header.
public enum PublicBaseURL {
    /// The URL without trailing slashes, or nil when it is not an absolute http(s) URL with a
    /// host (and no query, fragment or credentials).
    public static func normalized(_ text: String) -> String? {
        var url = text.trimmingCharacters(in: .whitespaces)
        while url.hasSuffix("/") { url.removeLast() }
        let scheme = ["https://", "http://"].first { url.lowercased().hasPrefix($0) }
        guard let scheme else { return nil }
        let rest = url.dropFirst(scheme.count)
        let authority = rest.prefix { $0 != "/" }
        guard !authority.isEmpty, isHost(authority),
              !rest.contains(where: { "?#@ \\\"'<>".contains($0) || $0.isNewline }) else { return nil }
        return url
    }

    /// The base for one request: the configured URL, else `http://` and a well-formed `Host`.
    public static func base(configured: String?, request: HTTPRequest) -> String? {
        if let configured { return configured }
        guard let host = request.authority, isHost(host[...]) else { return nil }
        return "http://" + host
    }

    /// A host name or address with an optional port: letters, digits, `.`, `-`, `:`, `[`, `]`.
    private static func isHost(_ text: Substring) -> Bool {
        !text.isEmpty && text.count <= 255 && text.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || ".-:[]".unicodeScalars.contains($0))
        }
    }
}
