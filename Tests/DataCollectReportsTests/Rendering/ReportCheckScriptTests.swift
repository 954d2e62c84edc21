import DataCollectReports
import Foundation
import Testing

/// The independent check of a written report by `scripts/check-report.py`: JSON Schema
/// validation (common.schema.json with a throwaway schema for the sample's kind, so this does
/// not depend on the per-kind schemas), a strict HTML5 parse by html5lib, no scripts or external
/// resources, one SVG per chart and the CSV headers.
@Suite("Python report checker", .serialized)
struct ReportCheckScriptTests {
    @Test("check-report.py accepts the sample report", .timeLimit(.minutes(10)))
    func thePythonCheckerAcceptsTheSampleReport() throws {
        let temporary = TemporaryFolder("report-check")
        defer { temporary.remove() }
        let report = SampleReports.report()
        let written = try ReportWriter().write(report, to: temporary.appending("report"))
        let schemas = try Self.throwawaySchemas(for: report.kind, in: temporary.appending("schemas"))
        let result = try PythonReportChecker.checkReport(written.folder, schemas: schemas)
        #expect(result.status == 0, "check-report.py found problems:\n\(result.output)")
        #expect(result.output.trimmingCharacters(in: .whitespacesAndNewlines) == "ok")
    }

    @Test("check-report.py finds a script, a broken CSV header and a schema violation", .timeLimit(.minutes(10)))
    func thePythonCheckerFindsProblems() throws {
        let temporary = TemporaryFolder("report-check")
        defer { temporary.remove() }
        let report = SampleReports.report()
        let written = try ReportWriter().write(report, to: temporary.appending("report"))
        let schemas = try Self.throwawaySchemas(for: report.kind, in: temporary.appending("schemas"))
        let html = try String(contentsOfFile: written.html, encoding: .utf8)
            .replacingOccurrences(of: "</footer>", with: "<script>alert(1)</script><img src=\"https://example.com/x.png\"></footer>")
        try html.write(toFile: written.html, atomically: true, encoding: .utf8)
        try "wrong,header\r\n".write(toFile: "\(written.folder)/holds.csv", atomically: true, encoding: .utf8)
        let json = try String(contentsOfFile: written.json, encoding: .utf8)
            .replacingOccurrences(of: "\"status\": \"attention\"", with: "\"status\": \"fine\"")
        try json.write(toFile: written.json, atomically: true, encoding: .utf8)

        let result = try PythonReportChecker.checkReport(written.folder, schemas: schemas)
        #expect(result.status == 1)
        #expect(result.output.contains("report.json: status"), "\(result.output)")
        #expect(result.output.contains("<script"), "\(result.output)")
        #expect(result.output.contains("loads src="), "\(result.output)")
        #expect(result.output.contains("holds.csv: header"), "\(result.output)")
    }

    @Test("the shared common.schema.json is a valid draft 2020-12 schema")
    func theCommonSchemaIsWellFormed() throws {
        let python = try PythonReportChecker.python()
        let path = "\(PythonReportChecker.schemasFolder)/common.schema.json"
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft202012Validator.check_schema(schema)
            assert schema["$id"] == "https://datacollect.example/reports/schemas/common.schema.json"
            assert set(schema["$defs"]) >= {"envelope", "inputs", "section", "block", "table", "chart"}
            print("ok")
            """
        let result = try ProcessRunner.run(python, ["-c", script, path])
        #expect(result.status == 0, "\(result.output)")
    }

    /// A schema folder with the repository's common.schema.json and a minimal `<kind>.schema.json`.
    static func throwawaySchemas(for kind: ReportKind, in folder: String) throws -> String {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "\(PythonReportChecker.schemasFolder)/common.schema.json",
                                         toPath: "\(folder)/common.schema.json")
        let schema = """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "$id": "https://datacollect.example/reports/schemas/\(kind.schemaFileName)",
              "allOf": [{"$ref": "common.schema.json#/$defs/envelope"}],
              "properties": {
                "schema": {"const": "\(kind.schemaFileName)"},
                "kind": {"const": "\(kind.rawValue)"},
                "summary": {"type": "object", "required": ["events"], "properties": {"events": {"type": "integer"}}}
              }
            }
            """
        try schema.write(toFile: "\(folder)/\(kind.schemaFileName)", atomically: true, encoding: .utf8)
        return folder
    }
}
