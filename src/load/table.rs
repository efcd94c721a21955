//! CSV data files a command reads beside the project (matching profiles, pairs): read as a
//! whole, with every cell's place in the file kept for messages.
//!
//! Spreadsheets export CSV in several dialects; the ones that would be misread (a `;`
//! separator, a file that is not UTF-8, rows of the wrong length) are reported, not guessed.

use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::{Code, Diagnostic, SourceFile};

use super::files::read_named_file;

/// A CSV file: its header and rows, as text.
#[derive(Debug, Clone)]
pub struct Table {
    pub source: SourceFile,
    /// The header's names, trimmed.
    pub columns: Vec<String>,
    pub rows: Vec<TableRow>,
}

/// One data row.
#[derive(Debug, Clone)]
pub struct TableRow {
    /// 1-based line of the row in the file.
    pub line: usize,
    /// The cells, trimmed, one per column.
    pub cells: Vec<String>,
    /// Where each cell starts in the file's text.
    starts: Vec<usize>,
}

impl Table {
    /// The index of a column by its name.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }

    /// A problem at a cell (`column` None: at the row's start).
    pub fn at_cell(
        &self,
        diagnostic: Diagnostic,
        row: &TableRow,
        column: Option<usize>,
    ) -> Diagnostic {
        let start = column
            .and_then(|c| row.starts.get(c))
            .or(row.starts.first())
            .copied()
            .unwrap_or(0);
        let text = &self.source.text;
        let start = start + text[start.min(text.len())..].len()
            - text[start.min(text.len())..]
                .trim_start_matches([' ', '\t'])
                .len();
        let end = self.cell_end(start);
        diagnostic.at(&self.source, start..end)
    }

    /// A problem with the header (a missing or unknown column).
    pub fn at_header(&self, diagnostic: Diagnostic, column: Option<usize>) -> Diagnostic {
        let starts = field_starts(&self.source.text, header_start(&self.source.text));
        let start = column.and_then(|c| starts.get(c)).copied().unwrap_or(0);
        let end = self.cell_end(start);
        diagnostic.at(&self.source, start..end)
    }

    fn cell_end(&self, start: usize) -> usize {
        let rest = &self.source.text[start.min(self.source.text.len())..];
        start
            + rest
                .find([',', '\n', '\r'])
                .unwrap_or(rest.len())
                .max(1)
                .min(rest.len())
    }
}

/// Reads the CSV file at `path`, shown in messages as `name`. Every problem of the file is
/// returned at once; a file with any is not used.
pub fn read_table(path: &Path, name: &str) -> Result<Table, Vec<Diagnostic>> {
    let (_, read) = read_named_file(path, Path::new(name));
    let source = match read {
        Ok(source) => source,
        Err(diagnostic) => return Err(vec![diagnostic]),
    };
    parse_table(source)
}

/// Parses a CSV text already read.
pub fn parse_table(source: SourceFile) -> Result<Table, Vec<Diagnostic>> {
    let text = source.text.clone();
    let body_start = header_start(&text);
    if text[body_start..].trim().is_empty() {
        let problem = Diagnostic::error(Code::UnreadableFile, "the file is empty")
            .in_file(Path::new(&source.name))
            .with_hint("a CSV file starts with a header row naming its columns");
        return Err(vec![problem]);
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text[body_start..].as_bytes());
    let mut records = reader.records();
    let mut problems = Vec::new();
    let header = match records.next() {
        Some(Ok(record)) => record,
        _ => return Err(vec![syntax_problem(&source, body_start)]),
    };
    let columns: Vec<String> = header.iter().map(|c| c.trim().to_string()).collect();
    check_header(&source, &columns, &mut problems);
    let mut rows = Vec::new();
    for record in records {
        match record {
            Ok(record) => {
                let start = record_start(&text, body_start, &record);
                let row = TableRow {
                    line: source.line_column(start).0,
                    cells: record.iter().map(|c| c.trim().to_string()).collect(),
                    starts: field_starts(&text, start),
                };
                if row.cells.len() != columns.len() {
                    problems.push(wrong_length(&source, &row, columns.len()));
                }
                rows.push(row);
            }
            Err(error) => {
                let at = error.position().map_or(0, |p| p.byte() as usize);
                problems.push(syntax_problem(&source, body_start + at));
                break;
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Table {
        source,
        columns,
        rows,
    })
}

/// Where a record's first cell starts (the reader may place a record after `\r\n` at its
/// `\n`).
fn record_start(text: &str, body_start: usize, record: &csv::StringRecord) -> usize {
    let at = body_start + record.position().map_or(0, |p| p.byte() as usize);
    at + text[at.min(text.len())..]
        .bytes()
        .take_while(|b| matches!(b, b'\r' | b'\n'))
        .count()
}

/// Where the header starts: after a byte-order mark, which spreadsheets write.
fn header_start(text: &str) -> usize {
    if text.starts_with('\u{feff}') { 3 } else { 0 }
}

fn check_header(source: &SourceFile, columns: &[String], problems: &mut Vec<Diagnostic>) {
    let first_line = source.text[header_start(&source.text)..]
        .lines()
        .next()
        .unwrap_or("");
    if columns.len() == 1 && first_line.contains(';') {
        problems.push(
            Diagnostic::error(Code::UnreadableFile, "the columns are separated by `;`, not by commas")
                .at_line_column(source, 1, 1)
                .with_hint("export the sheet as \"CSV UTF-8 (comma delimited)\", or replace the `;` separators with commas"),
        );
        return;
    }
    let starts = field_starts(&source.text, header_start(&source.text));
    for (index, name) in columns.iter().enumerate() {
        let span = starts
            .get(index)
            .map_or(0..0, |&s| s..s + name.len().max(1));
        if name.is_empty() {
            problems.push(
                Diagnostic::error(
                    Code::MissingKey,
                    format!("column {} has no name", index + 1),
                )
                .at(source, span)
                .with_hint("give every column a name in the header row"),
            );
        } else if columns[..index].contains(name) {
            problems.push(
                Diagnostic::error(
                    Code::DuplicateId,
                    format!("the header names column `{name}` twice"),
                )
                .at(source, span)
                .with_hint("rename or remove one of the two columns"),
            );
        }
    }
}

fn wrong_length(source: &SourceFile, row: &TableRow, expected: usize) -> Diagnostic {
    let start = row.starts.first().copied().unwrap_or(0);
    let end = start + source.text[start..].find(['\n', '\r']).unwrap_or(0).max(1);
    Diagnostic::error(
        Code::WrongType,
        format!(
            "this row has {} cells, the header {expected}",
            row.cells.len()
        ),
    )
    .at(source, start..end.min(source.text.len()))
    .with_hint("a cell with a comma in it is written in double quotes: \"Smith, Jo\"")
}

fn syntax_problem(source: &SourceFile, at: usize) -> Diagnostic {
    Diagnostic::error(Code::UnreadableFile, "this is not valid CSV")
        .at(source, at..at)
        .with_hint("check the quotes: a cell that starts with \" ends with \"")
}

/// Where each field of the record starting at `start` begins, following CSV's quoting.
fn field_starts(text: &str, start: usize) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![start];
    let mut quoted = false;
    let mut at = start;
    while at < bytes.len() {
        match bytes[at] {
            b'"' => quoted = !quoted,
            b',' if !quoted => starts.push(at + 1),
            b'\n' | b'\r' if !quoted => break,
            _ => {}
        }
        at += 1;
    }
    starts
}

/// A table from text, for tests.
pub fn table_from_text(name: &str, text: &str) -> Result<Table, Vec<Diagnostic>> {
    parse_table(SourceFile::new(name.to_string(), Arc::from(text)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> Table {
        table_from_text("people.csv", text).expect("parses")
    }

    fn problems(text: &str) -> Vec<Diagnostic> {
        table_from_text("people.csv", text).expect_err("is refused")
    }

    #[test]
    fn cells_are_trimmed_and_located_through_quotes() {
        let t = table("\u{feff}id, name ,campus\nm1,\"Ortiz, Dana\",North\r\nm2,Lee, South\n");
        assert_eq!(t.columns, ["id", "name", "campus"]);
        assert_eq!(t.rows[0].cells, ["m1", "Ortiz, Dana", "North"]);
        assert_eq!(t.rows[1].line, 3);
        let d = t.at_cell(Diagnostic::error(Code::Matching, "x"), &t.rows[0], Some(2));
        assert_eq!((d.line, d.column), (2, 18));
        let d = t.at_cell(Diagnostic::error(Code::Matching, "x"), &t.rows[1], Some(2));
        assert_eq!((d.line, d.column), (3, 9));
        assert_eq!(t.column("campus"), Some(2));
    }

    #[test]
    fn empty_files_semicolons_and_ragged_rows_are_refused() {
        assert!(problems("")[0].message.contains("empty"));
        assert!(problems("\u{feff}\n \n")[0].message.contains("empty"));
        let semicolons = problems("id;name\nm1;Dana\n");
        assert!(
            semicolons[0].message.contains("separated by `;`"),
            "{semicolons:?}"
        );
        let ragged = problems("id,name\nm1\nm2,Lee,extra\n");
        assert_eq!(ragged.len(), 2);
        assert_eq!((ragged[0].line, ragged[1].line), (2, 3));
        assert!(ragged[0].message.contains("1 cells, the header 2"));
    }

    #[test]
    fn header_names_are_required_and_unique() {
        let found = problems("id,,name,id\nm1,a,b,c\n");
        let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            ["column 2 has no name", "the header names column `id` twice"]
        );
        assert_eq!(found[1].column, 10);
    }

    #[test]
    fn a_file_that_is_not_utf8_is_named_in_the_message() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.csv");
        std::fs::write(&path, b"id,name\nm1,Jos\xe9\n").unwrap();
        let found = read_table(&path, "matching/x.csv").unwrap_err();
        assert_eq!(found[0].file.as_deref(), Some("matching/x.csv"));
        assert!(found[0].message.contains("UTF-8"));
        assert_eq!(found[0].line, 2);
    }
}
