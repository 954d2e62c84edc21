#!/usr/bin/env python3
"""Checks a report folder written by `datacollect report`, independently of the Swift code.

Usage: check-report.py REPORT_FOLDER SCHEMAS_FOLDER

- report.json is valid against SCHEMAS_FOLDER/<kind>.schema.json (draft 2020-12, formats
  checked), with every *.schema.json of SCHEMAS_FOLDER registered by its $id;
- report.html parses as HTML5 without a single parse error (html5lib, strict), holds no
  script, no inline event handler, no external resource (no http(s) URL except the SVG
  namespace, no src, no <link>, no link other than to the report's own CSV files);
- there is one <svg> per chart of report.json, each with id="chart-<id>";
- each table's CSV file exists, its header row is the column names and it has one line per row.

Prints one line per problem and exits 1, or prints "ok" and exits 0.
Needs: pip install html5lib jsonschema referencing
"""

import csv
import json
import re
import sys
from datetime import datetime
from pathlib import Path

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
URL = re.compile(r"https?://", re.IGNORECASE)
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


def local(name):
    """The local part of an html5lib etree name: "{namespace}svg" -> "svg"."""
    return name.rsplit("}", 1)[-1] if isinstance(name, str) else ""


def load_json(path, problems):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(f"{path.name}: missing")
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        problems.append(f"{path.name}: not valid JSON: {error}")
    return None


def format_checker(jsonschema):
    checker = jsonschema.FormatChecker()

    # jsonschema only checks date-time when rfc3339-validator is installed: check it here.
    @checker.checks("date-time", raises=ValueError)
    def is_date_time(value):
        if not isinstance(value, str):
            return True
        if not RFC3339.match(value):
            return False
        datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
        return True

    return checker


def check_json(report, schemas, data, problems):
    import jsonschema
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    registry = Registry()
    by_name = {}
    for path in sorted(schemas.glob("*.schema.json")):
        contents = load_json(path, problems)
        if not isinstance(contents, dict):
            continue
        by_name[path.name] = contents
        uri = contents.get("$id")
        if not isinstance(uri, str):
            problems.append(f"{path}: no $id")
            continue
        registry = registry.with_resource(uri, Resource.from_contents(contents, default_specification=DRAFT202012))
    kind = data.get("kind") if isinstance(data, dict) else None
    if not isinstance(kind, str):
        problems.append("report.json: no kind")
        return
    schema = by_name.get(f"{kind}.schema.json")
    if schema is None:
        problems.append(f"report.json: no schema {kind}.schema.json in {schemas}")
        return
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, registry=registry, format_checker=format_checker(jsonschema))
    for error in sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]):
        where = "/".join(str(part) for part in error.absolute_path) or "(top)"
        problems.append(f"report.json: {where}: {error.message}")


def charts_and_tables(data):
    charts, tables = [], []
    sections = data.get("sections") if isinstance(data, dict) else None
    for section in sections if isinstance(sections, list) else []:
        blocks = section.get("blocks") if isinstance(section, dict) else None
        for block in blocks if isinstance(blocks, list) else []:
            if not isinstance(block, dict):
                continue
            if block.get("type") == "chart" and isinstance(block.get("chart"), dict):
                charts.append(block["chart"])
            if block.get("type") == "table" and isinstance(block.get("table"), dict):
                tables.append(block["table"])
    return charts, tables


def check_html(report, charts, tables, problems):
    import html5lib

    path = report / "report.html"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append("report.html: missing")
        return
    except UnicodeDecodeError as error:
        problems.append(f"report.html: not UTF-8: {error}")
        return
    strict = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        strict.parse(text)
    except html5lib.html5parser.ParseError as error:
        position = strict.errors[-1][0] if strict.errors else ("?", "?")
        problems.append(f"report.html: HTML parse error at line {position[0]}, column {position[1]}: {error}")
    document = html5lib.HTMLParser(namespaceHTMLElements=False).parse(text)

    if re.search(r"<script", text, re.IGNORECASE):
        problems.append("report.html: holds <script")
    csv_files = {table.get("csv") for table in tables}
    svgs = 0
    for element in document.iter():
        tag = local(element.tag)
        if tag == "svg":
            svgs += 1
        if tag in ("script", "link", "iframe", "object", "embed", "base"):
            problems.append(f"report.html: has a <{tag}> element")
        if tag == "style" and (URL.search(element.text or "") or "@import" in (element.text or "")):
            problems.append("report.html: the stylesheet refers to an external resource")
        for raw_name, value in element.attrib.items():
            name = local(raw_name).lower()
            if name.startswith("on"):
                problems.append(f"report.html: <{tag}> has an inline event handler {name}")
            elif name == "xmlns" and tag == "svg" and value == SVG_NAMESPACE:
                continue
            elif name in ("src", "srcset", "data", "poster", "action", "formaction"):
                problems.append(f"report.html: <{tag}> loads {name}={value!r}")
            elif name == "href" and not (tag == "a" and value in csv_files):
                problems.append(f"report.html: <{tag}> links to {value!r} (only the report's own CSV files may be linked)")
            elif URL.search(value) or (name == "style" and "url(" in value):
                problems.append(f"report.html: <{tag}> {name}={value!r} refers to an external resource")
    if svgs != len(charts):
        problems.append(f"report.html: {svgs} <svg> elements for {len(charts)} charts in report.json")
    for chart in charts:
        if f'id="chart-{chart.get("id")}"' not in text:
            problems.append(f"report.html: no id=\"chart-{chart.get('id')}\" for the chart {chart.get('id')!r}")


def check_csv(report, tables, problems):
    for table in tables:
        name = table.get("csv")
        path = report / str(name)
        if not isinstance(name, str) or "/" in name or not path.is_file():
            problems.append(f"{name}: missing (table {table.get('name')!r})")
            continue
        try:
            with path.open(encoding="utf-8", newline="") as handle:
                rows = list(csv.reader(handle))
        except (UnicodeDecodeError, csv.Error) as error:
            problems.append(f"{name}: cannot be read as CSV: {error}")
            continue
        expected = [column.get("name") for column in table.get("columns", [])]
        if not rows or rows[0] != expected:
            problems.append(f"{name}: header {rows[0] if rows else []} is not the column names {expected}")
        if len(rows) - 1 != len(table.get("rows", [])):
            problems.append(f"{name}: {len(rows) - 1} rows, report.json has {len(table.get('rows', []))}")


def main(argv):
    if len(argv) != 3:
        print("usage: check-report.py REPORT_FOLDER SCHEMAS_FOLDER", file=sys.stderr)
        return 2
    report, schemas = Path(argv[1]), Path(argv[2])
    problems = []
    try:
        import html5lib  # noqa: F401
        import jsonschema  # noqa: F401
        import referencing  # noqa: F401
    except ImportError as error:
        print(f"missing Python package: {error.name} (pip install html5lib jsonschema referencing)")
        return 1
    if not report.is_dir():
        print(f"{report}: not a folder")
        return 1
    data = load_json(report / "report.json", problems)
    if data is not None:
        check_json(report, schemas, data, problems)
    charts, tables = charts_and_tables(data)
    check_html(report, charts, tables, problems)
    check_csv(report, tables, problems)
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
