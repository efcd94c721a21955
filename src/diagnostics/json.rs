//! Diagnostics as JSON, for editors and CI: `{"errors": n, "warnings": n, "diagnostics": [...]}`,
//! each diagnostic with its severity, code, message, place and hint.

use serde::Serialize;

use super::{Code, Diagnostics, Severity};

/// A diagnostic as JSON output gives it.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    severity: Severity,
    /// The kind of problem, in kebab-case (e.g. `unknown-key`).
    code: Code,
    message: &'a str,
    file: Option<&'a str>,
    line: usize,
    column: usize,
    hint: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    errors: usize,
    warnings: usize,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

/// The report as JSON: `{"errors": n, "warnings": n, "diagnostics": [...]}`.
pub fn to_json(diagnostics: &Diagnostics) -> String {
    let sorted = diagnostics.sorted();
    let json = JsonReport {
        errors: diagnostics.error_count(),
        warnings: diagnostics.warning_count(),
        diagnostics: sorted
            .iter()
            .map(|d| JsonDiagnostic {
                severity: d.severity,
                code: d.code,
                message: &d.message,
                file: d.file.as_deref(),
                line: d.line,
                column: d.column,
                hint: d.hint.as_deref(),
            })
            .collect(),
    };
    // Serializing plain structs of strings and numbers cannot fail.
    serde_json::to_string_pretty(&json).unwrap_or_default()
}
