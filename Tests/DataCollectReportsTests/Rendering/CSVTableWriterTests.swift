import DataCollectIntegrity
import DataCollectReports
import Foundation
import Testing

@Suite("CSV tables")
struct CSVTableWriterTests {
    static let table = ReportTable(
        name: "cells", title: "Cells",
        columns: [.init("text", "Text"), .init("count", "Count", .integer), .init("rate", "Rate", .number)],
        rows: [
            ["plain", 42, 0.5],
            ["a, b", -7, 100.0],
            ["say \"hi\"", .null, .null],
            ["line one\nline two", 1_234_567, 1e-7],
            ["=cmd|' /C calc'!A0", 0, 0],
            ["+1", 1, 1],
            ["-2", 2, 2],
            ["@SUM(A1)", 3, 3],
            ["\tTAB", 4, 4],
            ["\rCR", 5, 5],
            [.bool(true), 6, 6],
            ["short"],
        ])

    let lines = CSVTableWriter.csv(table).components(separatedBy: "\r\n")

    @Test func headerIsTheColumnNamesAndEveryLineEndsInCRLF() {
        let csv = CSVTableWriter.csv(Self.table)
        #expect(lines.first == "text,count,rate")
        #expect(csv.hasSuffix("\r\n"))
        #expect(lines.last == "", "the last record ends in CRLF too")
        #expect(lines.count == Self.table.rows.count + 2)
    }

    @Test func numbersArePlainAndNullIsEmpty() {
        #expect(lines[1] == "plain,42,0.5")
        #expect(lines[2] == "\"a, b\",-7,100", "numbers are never guarded, integers have no .0")
        #expect(lines[3] == "\"say \"\"hi\"\"\",,")
        #expect(lines[4] == "\"line one\nline two\",1234567,1e-7")
        #expect(lines[11] == "true,6,6")
        #expect(lines[12] == "short,,", "a short row is padded")
    }

    @Test func formulasCannotRunInASpreadsheet() {
        #expect(lines[5] == "'=cmd|' /C calc'!A0,0,0")
        #expect(lines[6] == "'+1,1,1")
        #expect(lines[7] == "'-2,2,2")
        #expect(lines[8] == "'@SUM(A1),3,3")
        #expect(lines[9] == "'\tTAB,4,4")
        #expect(lines[10].hasPrefix("\"'\rCR\",5,5"), "quoted because it holds CR")
    }

    @Test func anEmptyTableIsItsHeader() {
        let empty = ReportTable(name: "empty", title: "Empty", columns: [.init("a", "A"), .init("b", "B")], rows: [])
        #expect(CSVTableWriter.csv(empty) == "a,b\r\n")
    }
}
