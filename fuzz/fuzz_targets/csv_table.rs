//! A CSV data file (matching profiles): the reader gives a table or located problems, never a
//! panic; every problem's line is inside the file, every row has the header's width, and the
//! problems print.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mentorkit::diagnostics::{Diagnostics, SourceMap, render_plain};
use mentorkit::load::table::table_from_text;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let lines = text.split('\n').count();
    match table_from_text("matching/mentors.csv", text) {
        Ok(table) => {
            for row in &table.rows {
                assert_eq!(row.cells.len(), table.columns.len());
                assert!(row.line >= 1 && row.line <= lines);
            }
        }
        Err(problems) => {
            assert!(!problems.is_empty());
            let mut diagnostics = Diagnostics::default();
            for problem in problems {
                assert!(problem.line <= lines, "line {} of {lines}", problem.line);
                diagnostics.push(problem);
            }
            let _ = render_plain(&diagnostics, &SourceMap::default());
        }
    }
});
