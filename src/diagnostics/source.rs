//! Project files' texts, kept so that diagnostics can show the offending line.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

/// A project file's text, kept so that diagnostics can show the offending line.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: Arc<str>,
    /// Where each line starts, found the first time a diagnostic needs it (most files never
    /// have one) and shared by the file's clones.
    line_starts: Arc<OnceLock<Vec<usize>>>,
}

impl SourceFile {
    pub fn new(name: String, text: Arc<str>) -> Self {
        SourceFile {
            name,
            text,
            line_starts: Arc::default(),
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', self.text.as_bytes()).map(|i| i + 1))
                .collect()
        })
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line_starts = self.line_starts();
        let line_index = match line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1, // line_starts[0] == 0, so i >= 1 here
        };
        let start = line_starts[line_index];
        let column = self
            .text
            .get(start..offset)
            .map_or(1, |prefix| prefix.chars().count() + 1);
        (line_index + 1, column)
    }

    /// Byte offset of a 1-based line and character column, clamped to the text.
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let Some(&start) = self.line_starts().get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let line_text = &self.text[start..];
        let line_end = line_text.find('\n').unwrap_or(line_text.len());
        let within = line_text[..line_end]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line_end, |(i, _)| i);
        start + within
    }

    /// End of the word-like token starting at `start` (for underlining a key or value).
    pub fn token_end(&self, start: usize) -> usize {
        let rest = &self.text[start.min(self.text.len())..];
        let len = rest.find([':', '\n', ',', ']', '}']).unwrap_or(rest.len());
        let len = rest[..len].trim_end().len();
        start + len.max(1).min(rest.len())
    }
}

/// All the texts read during a run, by project-relative name.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    files: BTreeMap<String, SourceFile>,
}

impl SourceMap {
    pub fn add(&mut self, file: SourceFile) {
        self.files.insert(file.name.clone(), file);
    }

    pub fn get(&self, name: &str) -> Option<&SourceFile> {
        self.files.get(name)
    }

    /// Adds every file of `other`.
    pub fn extend(&mut self, other: SourceMap) {
        self.files.extend(other.files);
    }

    /// Every file, by name.
    pub fn iter(&self) -> impl Iterator<Item = &SourceFile> {
        self.files.values()
    }
}
