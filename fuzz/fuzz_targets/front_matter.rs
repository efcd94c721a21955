//! A guide file: `---` front matter, then Markdown. Splitting and parsing must never panic.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use mentorkit::diagnostics::{Diagnostics, SourceFile, SourceMap, render_plain};
use mentorkit::load::parse_front_matter;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let source = SourceFile::new("content/guides/goals/fuzz.md".into(), Arc::from(text));
    let mut diagnostics = Diagnostics::default();
    if let Some((_, body_start)) = parse_front_matter(&source, &mut diagnostics) {
        assert!(body_start <= source.text.len() && source.text.is_char_boundary(body_start));
    }
    let mut sources = SourceMap::default();
    sources.add(source);
    let _ = render_plain(&diagnostics, &sources);
});
