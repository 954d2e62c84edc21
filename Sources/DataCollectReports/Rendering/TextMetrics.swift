/// Rough text widths for laying out chart labels without a font engine: 0.6 em per character
/// (0.62 for the wide DejaVu Sans of many Linux systems is close), 1 em for wide East Asian
/// characters and emoji.
enum TextMetrics {
    static func width(_ text: String, fontSize: Double) -> Double {
        text.reduce(0) { sum, character in
            let wide = character.unicodeScalars.first.map { $0.value >= 0x1100 } ?? false
            return sum + fontSize * (wide ? 1.0 : 0.62)
        }
    }

    /// `text` cut to at most `maxWidth`, ending in "…" when cut.
    static func truncated(_ text: String, maxWidth: Double, fontSize: Double) -> String {
        guard width(text, fontSize: fontSize) > maxWidth else { return text }
        var kept = ""
        let ellipsis = width("…", fontSize: fontSize)
        for character in text {
            if width(kept + String(character), fontSize: fontSize) + ellipsis > maxWidth { break }
            kept.append(character)
        }
        return kept.trimmingTrailingSpaces() + "…"
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
