import PipelineContracts

/// The human-readable `report.html`: self-contained (inline CSS, no scripts or external assets).
///
/// Shows per expectation: table, expectation, columns, severity, rows checked, failing rows, message and
/// sample keys. Messages and sample keys are already free of person-level values.
package struct QualityReportPage: Sendable {
    package var document: QualityResultsDocument

    package init(document: QualityResultsDocument) { self.document = document }

    package func render() -> String {
        let report = document.report
        let failedError = document.evaluated.filter { !$0.result.passed && $0.result.severity == .error }
        let failedWarn = document.evaluated.filter { !$0.result.passed && $0.result.severity == .warn }
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <title>Data quality — \(escape(report.layer)) as of \(report.asOf)</title>
            <style>
            body{font-family:Arial,Helvetica,sans-serif;margin:24px;color:#212b32}
            h1{color:#005eb8;font-size:22px} .verdict{padding:10px 14px;border-radius:4px;display:inline-block;font-weight:bold}
            .pass{background:#e6f4ea;color:#007f3b} .fail{background:#fde8e8;color:#d5281b}
            table{border-collapse:collapse;width:100%;margin-top:16px;font-size:13px}
            th,td{border:1px solid #d8dde0;padding:6px 8px;text-align:left;vertical-align:top}
            th{background:#f0f4f5} tr.failed-error td{background:#fde8e8} tr.failed-warn td{background:#fff9e5}
            .num{text-align:right;font-variant-numeric:tabular-nums} .muted{color:#4c6272}
            </style></head><body>
            <h1>Data-quality gate: \(escape(report.layer)) snapshot as of \(report.asOf)</h1>
            <p class="muted">Snapshot run \(escape(report.snapshot.runID?.description ?? "?")) · gate run \(document.runID) · generated \(ContractJSON.format(document.generatedAt))</p>
            <p><span class="verdict \(document.passed ? "pass" : "fail")">\(document.passed ? "PASSED" : "FAILED")</span>
            &nbsp;\(document.evaluated.count) expectations · \(failedError.count) failed (error) · \(failedWarn.count) failed (warn)</p>

            """
        if !failedError.isEmpty {
            html += "<h2>Blocking failures</h2><ul>"
            for item in failedError {
                html += "<li><b>\(escape(item.result.table))</b> · \(escape(item.result.expectation))"
                html += item.result.columns.isEmpty ? "" : " (\(escape(item.result.columns.joined(separator: ", "))))"
                html += ": \(escape(item.result.message))</li>"
            }
            html += "</ul>"
        }
        html += """
            <table><thead><tr><th>Table</th><th>Expectation</th><th>Columns</th><th>Severity</th><th>Result</th>
            <th class="num">Rows checked</th><th class="num">Failing rows</th><th>Details</th><th>Sample keys</th></tr></thead><tbody>

            """
        for item in document.evaluated {
            let result = item.result
            let rowClass = result.passed ? "" : (result.severity == .error ? "failed-error" : "failed-warn")
            html += "<tr class=\"\(rowClass)\"><td>\(escape(result.table))</td><td>\(escape(result.expectation))</td>"
            html += "<td>\(escape(result.columns.joined(separator: ", ")))</td><td>\(result.severity.rawValue)</td>"
            html += "<td>\(result.passed ? "pass" : "FAIL")</td><td class=\"num\">\(result.rowsChecked)</td>"
            html += "<td class=\"num\">\(result.failingRows)</td><td>\(escape(result.message))"
            if let note = item.note { html += "<br><span class=\"muted\">\(escape(note))</span>" }
            html += "</td><td>\(escape(item.sampleKeys.joined(separator: "; ")))</td></tr>\n"
        }
        html += "</tbody></table></body></html>\n"
        return html
    }

    private func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
