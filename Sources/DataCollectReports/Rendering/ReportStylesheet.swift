/// The stylesheet of `report.html`, inlined in its `<style>` element: system fonts, a readable
/// column, zebra tables with right-aligned numbers, a status badge, and print rules that keep
/// charts and tables whole and drop backgrounds.
enum ReportStylesheet {
    static let css = """
        :root {
          color-scheme: light;
          --text: #1f2328;
          --muted: #57606a;
          --line: #d0d7de;
          --soft: #f6f8fa;
          --link: #0550ae;
        }
        *, *::before, *::after { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
        body {
          margin: 0;
          background: #fff;
          color: var(--text);
          font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans",
            "Liberation Sans", "DejaVu Sans", sans-serif;
        }
        .page { max-width: 60rem; margin: 0 auto; padding: 2.5rem 1.5rem 3rem; }
        code {
          font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace;
          font-size: .85em;
          overflow-wrap: anywhere;
        }
        a { color: var(--link); }

        .report-header { border-bottom: 3px solid var(--text); padding-bottom: 1.25rem; margin-bottom: 1rem; }
        .eyebrow {
          margin: 0 0 .35rem; color: var(--muted); font-size: .75rem; font-weight: 600;
          letter-spacing: .08em; text-transform: uppercase;
        }
        h1 { margin: 0 0 1rem; font-size: 2rem; line-height: 1.2; letter-spacing: -.01em; }
        .status { display: flex; align-items: baseline; gap: .75rem; margin: 0 0 .85rem; }
        .headline { margin: 0; font-size: 1.15rem; line-height: 1.45; }
        .badge {
          flex: none; display: inline-block; padding: .1rem .65rem; border: 1.5px solid; border-radius: 999px;
          font-size: .75rem; font-weight: 700; letter-spacing: .05em; text-transform: uppercase; white-space: nowrap;
          position: relative; top: -.1rem;
        }
        .status-ok .badge { color: #116329; background: #dafbe1; border-color: #1a7f37; }
        .status-attention .badge { color: #7d4e00; background: #fff8c5; border-color: #bf8700; }
        .status-failure .badge { color: #a40e26; background: #ffebe9; border-color: #cf222e; }
        .meta { margin: 0; color: var(--muted); font-size: .875rem; overflow-wrap: anywhere; }

        h2 {
          margin: 2.5rem 0 1rem; padding-bottom: .35rem; border-bottom: 1px solid var(--line);
          font-size: 1.4rem; line-height: 1.3;
        }
        h3 { margin: 1.75rem 0 .6rem; font-size: 1.05rem; }
        p { margin: 0 0 1rem; max-width: 46rem; overflow-wrap: anywhere; }

        dl.facts {
          display: grid; grid-template-columns: repeat(auto-fill, minmax(10.5rem, 1fr)); gap: .75rem;
          margin: 0 0 1.75rem;
        }
        dl.facts > div { padding: .65rem .85rem; border: 1px solid var(--line); border-radius: 6px; background: var(--soft); }
        dl.facts dt { color: var(--muted); font-size: .8rem; line-height: 1.3; }
        dl.facts dd {
          margin: .2rem 0 0; font-size: 1.3rem; font-weight: 650; line-height: 1.25;
          font-variant-numeric: tabular-nums; overflow-wrap: anywhere;
        }
        dl.facts > div.wide { grid-column: span 2; }
        dl.facts > div.wide dd { font-size: 1rem; font-weight: 600; line-height: 1.4; }

        dl.details { display: grid; grid-template-columns: minmax(8rem, max-content) 1fr; gap: .3rem 1.25rem; margin: 0 0 1.25rem; }
        dl.details > div { display: contents; }
        dl.details dt { color: var(--muted); }
        dl.details dd { margin: 0; overflow-wrap: anywhere; }

        figure.chart-figure { margin: 0 0 2rem; padding: 1rem 1.1rem .6rem; border: 1px solid var(--line); border-radius: 6px; }
        figure.chart-figure figcaption { margin: 0 0 .75rem; }
        .chart-title { display: block; font-size: 1.02rem; font-weight: 650; }
        .chart-caption { display: block; color: var(--muted); font-size: .875rem; }
        svg.chart { display: block; width: 100%; height: auto; overflow: visible; }
        svg.chart text { font-family: inherit; }
        svg.chart .bars rect:hover { opacity: .8; }

        .table-wrap { margin: 0 0 1.75rem; overflow-x: auto; }
        table { width: 100%; border-collapse: collapse; font-size: .875rem; font-variant-numeric: tabular-nums; }
        caption { caption-side: top; padding: 0 0 .5rem; text-align: left; font-size: 1rem; font-weight: 650; }
        th, td { padding: .4rem .65rem; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
        td { overflow-wrap: break-word; }
        td.nw { white-space: nowrap; }
        thead th { border-bottom: 2px solid var(--text); font-weight: 650; line-height: 1.3; vertical-align: bottom; }
        tbody tr:nth-child(even) { background: var(--soft); }
        th.num, td.num { text-align: right; white-space: nowrap; }
        thead th.num { white-space: normal; min-width: 4.5rem; }
        td.null, td.empty { color: var(--muted); }
        td.empty { padding: .75rem .65rem; font-style: italic; }
        .table-note { margin: -1.1rem 0 1.75rem; color: var(--muted); font-size: .85rem; }
        table.compact { font-size: .825rem; }
        table.compact caption { font-size: .875rem; font-weight: 400; color: var(--muted); }

        section.inputs { margin-top: 3.5rem; font-size: .9rem; }
        section.inputs h2 { font-size: 1.2rem; }
        footer {
          margin-top: 3rem; padding-top: 1rem; border-top: 1px solid var(--line);
          color: var(--muted); font-size: .8rem;
        }

        @media (max-width: 40rem) {
          .page { padding: 1.5rem 1rem 2rem; }
          h1 { font-size: 1.6rem; }
          .status { flex-direction: column; gap: .4rem; }
          dl.facts > div.wide { grid-column: auto; }
          figure.chart-figure { overflow-x: auto; }
          svg.chart { min-width: 34rem; }
        }

        @media print {
          @page { margin: 1.6cm 1.4cm; }
          body { font-size: 10pt; }
          .page { max-width: none; padding: 0; }
          h2, h3, caption, figcaption { break-after: avoid; page-break-after: avoid; }
          figure.chart-figure, .table-wrap, dl.facts, dl.details, tr { break-inside: avoid; page-break-inside: avoid; }
          figure.chart-figure { border-color: #999; }
          .table-wrap { overflow: visible; }
          table { font-size: 8.5pt; }
          th, td { padding: .25rem .4rem; }
          td.nw { white-space: normal; }
          thead { display: table-header-group; }
          tbody tr:nth-child(even), dl.facts > div { background: none; }
          .badge { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
          a { color: inherit; }
          section.inputs { break-before: page; page-break-before: always; }
        }
        """
}
