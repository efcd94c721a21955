//! Templates and static files: the theme's, overridden file by file by the site's.
//!
//! Lookup order for a template name: the site's `templates/`, then the theme. The `default`
//! theme is embedded in the binary; a project folder `themes/<name>/` takes precedence, so a
//! project can carry its own copy of a theme.

use std::fs;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use tera::Tera;
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics, display_path};

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A file to copy into the output as it is.
#[derive(Debug, Clone)]
pub enum StaticSource {
    Embedded(&'static [u8]),
    Disk(PathBuf),
}

#[derive(Debug, Clone)]
pub struct StaticFile {
    /// Output-relative path with `/` separators.
    pub path: String,
    pub source: StaticSource,
}

pub struct Theme {
    pub tera: Tera,
    /// Theme static files first, then the site's, later entries replacing earlier ones.
    pub static_files: Vec<StaticFile>,
}

/// Template names and texts, each with the project-relative file it came from.
struct TemplateSet {
    templates: Vec<(String, String, String)>,
}

impl TemplateSet {
    /// Adds or replaces a template by name.
    fn put(&mut self, name: String, text: String, origin: String) {
        match self.templates.iter_mut().find(|(n, _, _)| *n == name) {
            Some(slot) => *slot = (name, text, origin),
            None => self.templates.push((name, text, origin)),
        }
    }
}

fn embedded_files(dir: &'static Dir<'static>, out: &mut Vec<&'static include_dir::File<'static>>) {
    out.extend(dir.files());
    for sub in dir.dirs() {
        embedded_files(sub, out);
    }
}

/// Files below `dir` on disk, as (relative path with `/`, full path), sorted; symlinks skipped.
fn disk_files(dir: &Path) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(|e| {
            let relative = e.path().strip_prefix(dir).ok()?;
            Some((display_path(relative), e.path().to_path_buf()))
        })
        .collect()
}

/// Loads the theme named in the config plus the site's overrides.
pub fn load(root: &Path, theme_name: &str, diagnostics: &mut Diagnostics) -> Option<Theme> {
    let mut set = TemplateSet {
        templates: Vec::new(),
    };
    let mut static_files: Vec<StaticFile> = Vec::new();
    let theme_dir = root.join("themes").join(theme_name);

    if theme_dir.is_dir() {
        let prefix = format!("themes/{theme_name}/templates");
        for (name, path) in disk_files(&theme_dir.join("templates")) {
            if let Some(text) = read_template(root, &path, diagnostics) {
                set.put(name.clone(), text, format!("{prefix}/{name}"));
            }
        }
        for (name, path) in disk_files(&theme_dir.join("static")) {
            static_files.push(StaticFile {
                path: name,
                source: StaticSource::Disk(path),
            });
        }
    } else if theme_name == "default" {
        let mut files = Vec::new();
        embedded_files(&DEFAULT_THEME, &mut files);
        files.sort_by_key(|f| f.path());
        for file in files {
            let path = display_path(file.path());
            if let Some(name) = path.strip_prefix("templates/") {
                // The embedded theme is written by us in UTF-8.
                let text = file.contents_utf8().unwrap_or_default().to_string();
                set.put(name.to_string(), text, format!("themes/default/{path}"));
            } else if let Some(name) = path.strip_prefix("static/") {
                static_files.push(StaticFile {
                    path: name.to_string(),
                    source: StaticSource::Embedded(file.contents()),
                });
            }
        }
    } else {
        diagnostics.push(
            Diagnostic::error(format!("theme `{theme_name}` not found"))
                .in_file(Path::new("mentorkit.yaml"))
                .with_hint(format!(
                    "create themes/{theme_name}/ with templates/ and static/, or use `theme: default`"
                )),
        );
        return None;
    }

    for (name, path) in disk_files(&root.join("templates")) {
        if let Some(text) = read_template(root, &path, diagnostics) {
            set.put(name.clone(), text, format!("templates/{name}"));
        }
    }
    for (name, path) in disk_files(&root.join("static")) {
        static_files.retain(|f| f.path != name);
        static_files.push(StaticFile {
            path: name,
            source: StaticSource::Disk(path),
        });
    }

    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".htm", ".xml", ".svg"]);
    tera.set_escape_fn(escape_html);
    let raw: Vec<(&str, &str)> = set
        .templates
        .iter()
        .map(|(name, text, _)| (name.as_str(), text.as_str()))
        .collect();
    if let Err(error) = tera.add_raw_templates(raw) {
        let message = error_chain(&error);
        let origin = set
            .templates
            .iter()
            .find(|(name, _, _)| message.contains(&format!("'{name}'")))
            .map(|(_, _, origin)| origin.clone());
        let mut diagnostic = Diagnostic::error(format!("template error: {message}"))
            .with_hint("fix the template syntax; see the Tera documentation for tags and filters");
        if let Some(origin) = origin {
            diagnostic = diagnostic.in_file(Path::new(&origin));
        }
        diagnostics.push(diagnostic);
        return None;
    }
    Some(Theme { tera, static_files })
}

/// HTML-escapes text for element content and quoted attributes. Unlike Tera's default it leaves
/// `/` alone, so relative URLs stay readable (`../guides/a.html`) and equally safe.
pub fn escape_html(input: &str) -> String {
    let mut output = String::with_capacity(input.len() + input.len() / 8);
    for c in input.chars() {
        match c {
            '&' => output.push_str("&amp;"),
            '<' => output.push_str("&lt;"),
            '>' => output.push_str("&gt;"),
            '"' => output.push_str("&quot;"),
            '\'' => output.push_str("&#x27;"),
            _ => output.push(c),
        }
    }
    output
}

fn read_template(root: &Path, path: &Path, diagnostics: &mut Diagnostics) -> Option<String> {
    let relative = path.strip_prefix(root).unwrap_or(path);
    match fs::read(path).map(String::from_utf8) {
        Ok(Ok(text)) => Some(text),
        Ok(Err(_)) => {
            diagnostics.push(
                Diagnostic::error("template is not valid UTF-8 text")
                    .in_file(relative)
                    .with_hint("save the template as UTF-8"),
            );
            None
        }
        Err(error) => {
            diagnostics.push(
                Diagnostic::error(format!("cannot read template: {error}"))
                    .in_file(relative)
                    .with_hint("check the file's permissions"),
            );
            None
        }
    }
}

/// A Tera error with its causes, on one line (Tera puts the useful part in the sources).
pub fn error_chain(error: &tera::Error) -> String {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message.replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_and_quotes_but_keeps_slashes() {
        assert_eq!(
            escape_html("<script>alert('x' & \"y\")</script>"),
            "&lt;script&gt;alert(&#x27;x&#x27; &amp; &quot;y&quot;)&lt;/script&gt;"
        );
        assert_eq!(escape_html("../guides/a.html"), "../guides/a.html");
    }
}
