//! Templates and static files: the theme's, overridden file by file by the site's.
//!
//! Lookup order for a template name: the department's `templates/departments/<id>/` (for that
//! department's pages only), then the site's `templates/`, then the theme, then the theme it
//! extends (`extends: NAME` in `themes/<name>/theme.yaml`), and so on. The `default` theme is
//! embedded in the binary; a project folder `themes/<name>/` takes precedence, so a project can
//! carry its own copy of a theme. Static files follow the same order (without departments).

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use include_dir::{Dir, include_dir};
use serde::Deserialize;
use tera::Tera;
use walkdir::WalkDir;

use crate::diagnostics::{
    Code, Diagnostic, Diagnostics, SourceFile, SourceMap, did_you_mean, display_path,
};
use crate::load::yaml;
use crate::model::DEPARTMENT_TEMPLATES_FOLDER;
use crate::render::partials::SharedPartial;
use crate::render::text::TEXT_TEMPLATE;

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// How many themes an `extends` chain may hold; more is almost certainly a mistake.
const MAX_THEME_CHAIN: usize = 8;

/// Where the site's per-department template overrides live, below `templates/`.
const DEPARTMENT_TEMPLATES: &str = "departments/";

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
    /// Shared with the compiled-template cache, so `serve` does not parse unchanged templates
    /// again on every rebuild.
    pub tera: Arc<Tera>,
    /// The partials `tera` renders once per handbook and page depth.
    pub shared_partials: Arc<[SharedPartial]>,
    /// Theme static files first, then the site's, later entries replacing earlier ones.
    pub static_files: Vec<StaticFile>,
    /// The templates `tera` was built from, kept to build department variants.
    set: TemplateSet,
}

/// `themes/<name>/theme.yaml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeConfig {
    /// A human-readable name.
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// The theme this one is based on: every template and static file this theme does not
    /// have is taken from it.
    #[serde(default)]
    pub extends: Option<crate::model::Located<String>>,
}

/// Template names and texts, each with the project-relative file it came from.
#[derive(Clone, Default)]
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

    /// Each template read from a file as a source text, so that a message about it can show
    /// the line it points at.
    fn add_sources(&self, sources: &mut SourceMap, origin_prefix: &str) {
        for (_, text, origin) in &self.templates {
            if origin.starts_with(origin_prefix) {
                sources.add(template_source(origin, text));
            }
        }
    }

    /// A template's text as a source, by the file it came from.
    fn source_of(&self, origin: &str) -> Option<SourceFile> {
        self.templates
            .iter()
            .find(|(_, _, o)| o == origin)
            .map(|(_, text, origin)| template_source(origin, text))
    }

    fn has(&self, name: &str) -> bool {
        self.templates.iter().any(|(n, _, _)| n == name)
    }

    /// A warning for an override that replaces nothing but is close to a template that exists
    /// (most likely a typo: `partials/heder.html`); a new name far from all others is a new
    /// template (e.g. a partial the override includes) and needs no warning.
    fn typo_warning(&self, name: &str, origin: &str) -> Option<Diagnostic> {
        if self.has(name) {
            return None;
        }
        let close = did_you_mean(name, self.templates.iter().map(|(n, _, _)| n.as_str()))?;
        Some(
            Diagnostic::warning(Code::Template, format!("template `{name}` overrides no template of the theme"))
                .in_file(Path::new(origin))
                .with_hint(format!(
                    "did you mean `{close}`? An override must have the same relative name as the template it replaces"
                )),
        )
    }

    /// A fingerprint of every template's name and text.
    fn fingerprint(&self) -> u64 {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        for (name, text, origin) in &self.templates {
            for part in [name, text, origin] {
                hasher.update(&(part.len() as u64).to_le_bytes());
                hasher.update(part.as_bytes());
            }
        }
        hasher.digest()
    }

    /// The compiled templates and their shared partials, from the cache when the same set was
    /// compiled before in this process (parsing takes 15-25 ms a set, most of a small
    /// handbook's rebuild in `serve`).
    fn compile(&self, diagnostics: &mut Diagnostics) -> Option<Compiled> {
        /// Sets kept: the organization-wide theme and a few department variants.
        const CACHED_SETS: usize = 32;
        static CACHE: Mutex<Vec<(u64, Compiled)>> = Mutex::new(Vec::new());
        let key = self.fingerprint();
        // A poisoned lock only means another thread panicked mid-update; the cache is then
        // skipped rather than trusted.
        if let Ok(cache) = CACHE.lock()
            && let Some((_, compiled)) = cache.iter().find(|(k, _)| *k == key)
        {
            return Some(compiled.clone());
        }
        let compiled = self.parse(diagnostics)?;
        if let Ok(mut cache) = CACHE.lock() {
            if cache.len() >= CACHED_SETS {
                cache.remove(0);
            }
            cache.push((key, compiled.clone()));
        }
        Some(compiled)
    }

    /// Parses the templates, reporting a syntax error at the file it came from.
    fn parse(&self, diagnostics: &mut Diagnostics) -> Option<Compiled> {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".htm", ".xml", ".svg"]);
        tera.register_filter("tel", tel_filter);
        tera.register_filter("css_string", css_string_filter);
        tera.set_escape_fn(escape_html);
        let raw: Vec<(&str, &str)> = self
            .templates
            .iter()
            .map(|(name, text, _)| (name.as_str(), text.as_str()))
            .collect();
        if let Err(error) = tera.add_raw_templates(raw.iter().copied()) {
            let message = error_chain(&error);
            let failed = self
                .templates
                .iter()
                .find(|(name, _, _)| message.contains(&format!("'{name}'")));
            let place = syntax_error_place(&error);
            let mut diagnostic = match &place {
                Some((_, _, expected)) => {
                    Diagnostic::error(Code::Template, format!("template syntax error: {expected}"))
                }
                None => Diagnostic::error(Code::Template, format!("template error: {message}")),
            }
            .with_hint("fix the template syntax; see the Tera documentation for tags and filters");
            if let Some((_, text, origin)) = failed {
                diagnostic = match place {
                    Some((line, column, _)) => {
                        diagnostic.at_line_column(&template_source(origin, text), line, column)
                    }
                    None => diagnostic.in_file(Path::new(origin)),
                };
            }
            diagnostics.push(diagnostic);
            return None;
        }
        let (shared, added) = crate::render::partials::plan(&tera, &raw);
        if let Err(error) = tera.add_raw_templates(added) {
            // The added templates are texts that just compiled and stubs made here.
            diagnostics.push(Diagnostic::error(
                Code::Template,
                format!("template error: {}", error_chain(&error)),
            ));
            return None;
        }
        Some((Arc::new(tera), shared.into()))
    }
}

/// A template's text as a source for messages, named by the file it came from.
fn template_source(origin: &str, text: &str) -> SourceFile {
    SourceFile::new(origin.to_string(), Arc::from(text))
}

/// Compiled templates and the partials among them rendered once per handbook and depth.
type Compiled = (Arc<Tera>, Arc<[SharedPartial]>);

fn embedded_files(dir: &'static Dir<'static>, out: &mut Vec<&'static include_dir::File<'static>>) {
    out.extend(dir.files());
    for sub in dir.dirs() {
        embedded_files(sub, out);
    }
}

/// Files below `dir` on disk, as (relative path with `/`, full path), sorted; symlinks skipped.
fn disk_files(root: &Path, dir: &Path, diagnostics: &mut Diagnostics) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut files = Vec::new();
    let walk = WalkDir::new(dir).follow_links(false).sort_by_file_name();
    for entry in walk.into_iter().filter_map(Result::ok) {
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if entry.path_is_symlink() {
            let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
            diagnostics.push(
                Diagnostic::warning(Code::Symlink, "symbolic link skipped")
                    .in_file(relative)
                    .with_hint("mentorkit reads only real files inside the project; copy the file here instead"),
            );
        } else if entry.file_type().is_file()
            && let Ok(relative) = entry.path().strip_prefix(dir)
        {
            files.push((display_path(relative), entry.path().to_path_buf()));
        }
    }
    files
}

/// One theme of an `extends` chain.
enum ThemeSource {
    /// `themes/<name>/` in the project.
    Disk { name: String, dir: PathBuf },
    /// The built-in default theme.
    Embedded,
}

/// The chain of themes from `name` down to the one that extends nothing, most derived first.
fn theme_chain(
    root: &Path,
    name: &str,
    diagnostics: &mut Diagnostics,
    sources: &mut SourceMap,
) -> Option<Vec<ThemeSource>> {
    let mut chain = Vec::new();
    let mut current = name.to_string();
    // Where the current name was written, for "not found" errors: mentorkit.yaml, or the
    // `extends:` of the theme before it.
    let mut named_at: Option<NamedAt> = None;
    loop {
        if chain.len() >= MAX_THEME_CHAIN
            || chain
                .iter()
                .any(|t| matches!(t, ThemeSource::Disk { name, .. } if *name == current))
        {
            diagnostics.push(place(cycle_error(&chain, &current), named_at.as_ref()));
            return None;
        }
        let dir = root.join("themes").join(&current);
        if !dir.is_dir() {
            if current == "default" {
                chain.push(ThemeSource::Embedded);
                return Some(chain);
            }
            diagnostics.push(not_found_error(&current, named_at.as_ref()));
            return None;
        }
        let extends = theme_extends(&dir, &current, diagnostics, sources).ok()?;
        chain.push(ThemeSource::Disk {
            name: current.clone(),
            dir,
        });
        match extends {
            Some((source, extends)) => {
                current = extends.value.clone();
                named_at = Some((source, extends));
            }
            None => return Some(chain),
        }
    }
}

/// A theme name and the file it is written in.
type NamedAt = (SourceFile, crate::model::Located<String>);

/// The error for a chain of themes that comes back to `current`.
fn cycle_error(chain: &[ThemeSource], current: &str) -> Diagnostic {
    let names: Vec<String> = chain
        .iter()
        .map(|t| match t {
            ThemeSource::Disk { name, .. } => name.clone(),
            ThemeSource::Embedded => "default".into(),
        })
        .collect();
    Diagnostic::error(Code::Theme, format!(
        "theme `{current}` extends itself through {}",
        names.join(" -> ")
    ))
    .with_hint("a theme may extend another, but the chain must end in a theme without `extends` (e.g. `default`)")
}

/// The error for a theme `current` the project does not have, where it was named.
fn not_found_error(current: &str, named_at: Option<&NamedAt>) -> Diagnostic {
    let diagnostic = Diagnostic::error(Code::Theme, format!("theme `{current}` not found")).with_hint(format!(
        "create themes/{current}/ with templates/ and static/ (and `extends: default` in its theme.yaml to change only some files), or use `theme: default`"
    ));
    match named_at {
        Some(_) => place(diagnostic, named_at),
        None => diagnostic.in_file(Path::new("mentorkit.yaml")),
    }
}

/// The theme that the theme `name` in `dir` extends, from its `theme.yaml` (none without one);
/// `Err` once a problem with the file is reported.
fn theme_extends(
    dir: &Path,
    name: &str,
    diagnostics: &mut Diagnostics,
    sources: &mut SourceMap,
) -> Result<Option<NamedAt>, ()> {
    let config_path = dir.join("theme.yaml");
    if !config_path.is_file() {
        return Ok(None);
    }
    let relative = format!("themes/{name}/theme.yaml");
    let text = match crate::load::open_no_link(&config_path).and_then(|mut file| {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut file, &mut text).map(|_| text)
    }) {
        Ok(text) => text,
        Err(error) => {
            diagnostics.push(
                Diagnostic::error(
                    Code::UnreadableFile,
                    format!("cannot read theme.yaml: {error}"),
                )
                .in_file(Path::new(&relative))
                .with_hint("check that the file is readable UTF-8 text"),
            );
            return Err(());
        }
    };
    let source = SourceFile::new(relative, Arc::from(text));
    sources.add(source.clone());
    match yaml::parse::<ThemeConfig>(&source, 0, source.text.len()) {
        Ok(config) => Ok(config.extends.map(|extends| (source, extends))),
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            Err(())
        }
    }
}

fn place(diagnostic: Diagnostic, at: Option<&NamedAt>) -> Diagnostic {
    match at {
        Some((source, value)) => diagnostic.at_value(source, value),
        None => diagnostic,
    }
}

/// The templates and static files gathered so far, each replacing any of the same name
/// gathered before.
#[derive(Default)]
struct Gathered {
    set: TemplateSet,
    static_files: Vec<StaticFile>,
}

impl Gathered {
    fn put_static(&mut self, path: String, source: StaticSource) {
        self.static_files.retain(|f| f.path != path);
        self.static_files.push(StaticFile { path, source });
    }

    /// Adds one theme of the chain, over what it extends.
    fn add_theme(&mut self, root: &Path, theme: &ThemeSource, diagnostics: &mut Diagnostics) {
        match theme {
            ThemeSource::Disk { name, dir } => {
                let prefix = format!("themes/{name}/templates");
                for (template, path) in disk_files(root, &dir.join("templates"), diagnostics) {
                    if let Some(text) = read_template(root, &path, diagnostics) {
                        self.set
                            .put(template.clone(), text, format!("{prefix}/{template}"));
                    }
                }
                for (file, path) in disk_files(root, &dir.join("static"), diagnostics) {
                    self.put_static(file, StaticSource::Disk(path));
                }
            }
            ThemeSource::Embedded => self.add_embedded(),
        }
    }

    fn add_embedded(&mut self) {
        let mut files = Vec::new();
        embedded_files(&DEFAULT_THEME, &mut files);
        files.sort_by_key(|f| f.path());
        for file in files {
            let path = display_path(file.path());
            if let Some(name) = path.strip_prefix("templates/") {
                // The embedded theme is written by us in UTF-8.
                let text = file.contents_utf8().unwrap_or_default().to_string();
                self.set
                    .put(name.to_string(), text, format!("themes/default/{path}"));
            } else if let Some(name) = path.strip_prefix("static/") {
                self.put_static(name.to_string(), StaticSource::Embedded(file.contents()));
            }
        }
    }

    fn add_default_text(&mut self) {
        let path = format!("templates/{TEXT_TEMPLATE}");
        if let Some(file) = DEFAULT_THEME.get_file(&path) {
            // The embedded theme is written by us in UTF-8.
            let text = file.contents_utf8().unwrap_or_default().to_string();
            let origin = format!("themes/default/{path}");
            self.set.put(TEXT_TEMPLATE.to_string(), text, origin);
        }
    }

    /// Adds the site's own `templates/` (but the departments') and `static/`, over the theme's.
    fn add_site_files(&mut self, root: &Path, diagnostics: &mut Diagnostics) {
        for (name, path) in disk_files(root, &root.join("templates"), diagnostics) {
            if name.starts_with(DEPARTMENT_TEMPLATES) {
                continue; // one department's overrides, applied by `for_department`
            }
            if let Some(text) = read_template(root, &path, diagnostics) {
                let origin = format!("templates/{name}");
                if let Some(warning) = self.set.typo_warning(&name, &origin) {
                    diagnostics.push(warning);
                }
                self.set.put(name.clone(), text, origin);
            }
        }
        for (name, path) in disk_files(root, &root.join("static"), diagnostics) {
            self.put_static(name, StaticSource::Disk(path));
        }
    }
}

/// Loads the theme named in the config (with the themes it extends) plus the site's overrides.
pub fn load(
    root: &Path,
    theme_name: &str,
    diagnostics: &mut Diagnostics,
    sources: &mut SourceMap,
) -> Option<Theme> {
    let chain = theme_chain(root, theme_name, diagnostics, sources)?;
    let mut gathered = Gathered::default();
    // The most basic theme first, so that each theme replaces what it extends.
    for theme in chain.iter().rev() {
        gathered.add_theme(root, theme, diagnostics);
    }
    if !gathered.set.has(TEXT_TEMPLATE) {
        // A theme that extends no other still gets the interface text, in the default's words.
        gathered.add_default_text();
    }
    gathered.add_site_files(root, diagnostics);
    let Gathered { set, static_files } = gathered;
    set.add_sources(sources, "");
    let (tera, shared_partials) = set.compile(diagnostics)?;
    Some(Theme {
        tera,
        shared_partials,
        static_files,
        set,
    })
}

impl Theme {
    /// The theme for one department's pages: this theme plus `templates/departments/<id>/`.
    /// `None` when the department overrides no template (use this theme as it is) or when an
    /// override does not compile (reported in `diagnostics`).
    pub fn for_department(
        &self,
        root: &Path,
        id: &str,
        diagnostics: &mut Diagnostics,
        sources: &mut SourceMap,
    ) -> Option<Theme> {
        let folder = root.join(DEPARTMENT_TEMPLATES_FOLDER).join(id);
        let files = disk_files(root, &folder, diagnostics);
        if files.is_empty() {
            return None;
        }
        let mut set = self.set.clone();
        for (name, path) in files {
            if let Some(text) = read_template(root, &path, diagnostics) {
                let origin = format!("{DEPARTMENT_TEMPLATES_FOLDER}/{id}/{name}");
                if let Some(warning) = set.typo_warning(&name, &origin) {
                    diagnostics.push(warning);
                }
                set.put(name, text, origin);
            }
        }
        set.add_sources(sources, &format!("{DEPARTMENT_TEMPLATES_FOLDER}/{id}/"));
        let (tera, shared_partials) = set.compile(diagnostics)?;
        Some(Theme {
            tera,
            shared_partials,
            static_files: self.static_files.clone(),
            set,
        })
    }

    /// A template's file as a source text, for messages.
    pub fn template_source(&self, name: &str) -> Option<SourceFile> {
        self.set.source_of(self.origin_of(name)?)
    }

    /// The file a template was read from (project-relative, or `themes/default/...` for the
    /// built-in theme), for messages and tests.
    pub fn origin_of(&self, name: &str) -> Option<&str> {
        self.set
            .templates
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|(_, _, origin)| origin.as_str())
    }
}

/// Ids of the departments that `templates/departments/` has overrides for.
pub fn department_override_ids(root: &Path) -> Vec<String> {
    let Ok(read) = fs::read_dir(root.join(DEPARTMENT_TEMPLATES_FOLDER)) else {
        return Vec::new();
    };
    let mut ids: Vec<String> = read
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with('.'))
        .collect();
    ids.sort();
    ids
}

/// `{{ phone | tel }}`: a phone number as the part of a `tel:` link that dials it.
fn tel_filter(
    value: &tera::Value,
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    Ok(tera::Value::String(tel_uri(
        value.as_str().unwrap_or_default(),
    )))
}

/// `{{ text | css_string | safe }}`: text as the inside of a double-quoted CSS string (a
/// `content:` of a print page's running header), for a `<style>` element.
fn css_string_filter(
    value: &tera::Value,
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let text = match value {
        tera::Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    Ok(tera::Value::String(css_string(&text)))
}

/// Text as the inside of a double-quoted CSS string: letters, digits, spaces and common
/// punctuation as they are, every other character as a CSS escape (`\22 ` for `"`), so no
/// text can end the string, the rule or the `<style>` element.
pub fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric()
            || matches!(
                c,
                ' ' | '.' | ',' | ':' | '-' | '(' | ')' | '\'' | '&' | '·'
            )
        {
            out.push(c);
        } else {
            out.push_str(&format!("\\{:x} ", u32::from(c)));
        }
    }
    out
}

/// A phone number as written (`555-0142 ext. 5210`, `+1 (555) 014-2 x12`) in the form a
/// `tel:` link dials (RFC 3966): digits with a leading `+`, and `;ext=` for an extension.
pub fn tel_uri(phone: &str) -> String {
    let lower = phone.to_lowercase();
    let first_digit = lower.find(|c: char| c.is_ascii_digit()).unwrap_or(0);
    let marker = lower[first_digit..]
        .find(['x', '#', 'e', ',', ';'])
        .map(|at| first_digit + at);
    let (number, extension) = match marker {
        Some(at) => (&phone[..at], &lower[at..]),
        None => (phone, ""),
    };
    let mut uri: String = number
        .trim_start()
        .char_indices()
        .filter(|(i, c)| c.is_ascii_digit() || (*i == 0 && *c == '+'))
        .map(|(_, c)| c)
        .collect();
    let extension: String = extension.chars().filter(char::is_ascii_digit).collect();
    if !extension.is_empty() {
        uri.push_str(";ext=");
        uri.push_str(&extension);
    }
    uri
}

/// HTML-escapes text for element content and quoted attributes. Unlike Tera's default it leaves
/// `/` alone, so relative URLs stay readable (`../guides/a.html`) and equally safe.
pub fn escape_html(input: &str) -> String {
    let mut output = String::with_capacity(input.len() + input.len() / 8);
    let mut plain = 0;
    // Every special character is ASCII, so byte offsets around them are char boundaries.
    for (at, byte) in input.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#x27;",
            _ => continue,
        };
        output.push_str(&input[plain..at]);
        output.push_str(entity);
        plain = at + 1;
    }
    output.push_str(&input[plain..]);
    output
}

fn read_template(root: &Path, path: &Path, diagnostics: &mut Diagnostics) -> Option<String> {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let read = crate::load::open_no_link(path).and_then(|mut file| {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut file, &mut bytes).map(|_| bytes)
    });
    match read.map(String::from_utf8) {
        Ok(Ok(text)) => Some(text),
        Ok(Err(_)) => {
            diagnostics.push(
                Diagnostic::error(Code::UnreadableFile, "template is not valid UTF-8 text")
                    .in_file(relative)
                    .with_hint("save the template as UTF-8"),
            );
            None
        }
        Err(error) => {
            diagnostics.push(
                Diagnostic::error(
                    Code::UnreadableFile,
                    format!("cannot read template: {error}"),
                )
                .in_file(relative)
                .with_hint("check the file's permissions"),
            );
            None
        }
    }
}

/// A Tera error with its causes, on one line (Tera puts the useful part in the sources).
pub fn error_chain(error: &tera::Error) -> String {
    // A shared partial's original is kept under an internal name; users know it by its own.
    chain_text(error)
        .replace('\n', " ")
        .replace(crate::render::partials::SHARED_PREFIX, "")
}

/// The error and its causes, one after the other, as Tera wrote them.
fn chain_text(error: &tera::Error) -> String {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

/// The line, column and expectation of a template syntax error, read from the parser's
/// message (`--> 5:391`, then the line with a caret, then `= expected ...`).
fn syntax_error_place(error: &tera::Error) -> Option<(usize, usize, String)> {
    let text = chain_text(error);
    let (_, place) = text.split_once("--> ")?;
    let (line, rest) = place.split_once(':')?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let expected = text
        .lines()
        .rev()
        .find_map(|line| line.trim().strip_prefix("= "))?;
    Some((
        line.trim().parse().ok()?,
        column.parse().ok()?,
        expected.to_string(),
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn phone_numbers_become_numbers_a_phone_dials() {
        assert_eq!(tel_uri("555-0142"), "5550142");
        assert_eq!(tel_uri("+1 (555) 014-2 ext. 5210"), "+15550142;ext=5210");
        assert_eq!(tel_uri("555 0142 x12"), "5550142;ext=12");
        assert_eq!(tel_uri("+44 20 7946 0958"), "+442079460958");
    }

    use super::*;

    #[test]
    fn css_strings_cannot_end_the_string_or_the_style_element() {
        assert_eq!(
            css_string("Version 2.1 · Riverbend"),
            "Version 2.1 · Riverbend"
        );
        assert_eq!(css_string("a\"b"), "a\\22 b");
        assert_eq!(css_string("</style>"), "\\3c \\2f style\\3e ");
        assert_eq!(css_string("x\\y\nz"), "x\\5c y\\a z");
        assert_eq!(css_string("}@import"), "\\7d \\40 import");
    }

    #[test]
    fn escaping_covers_markup_and_quotes_but_keeps_slashes() {
        assert_eq!(
            escape_html("<script>alert('x' & \"y\")</script>"),
            "&lt;script&gt;alert(&#x27;x&#x27; &amp; &quot;y&quot;)&lt;/script&gt;"
        );
        assert_eq!(escape_html("../guides/a.html"), "../guides/a.html");
        assert_eq!(escape_html("Café <b>—ü</b>"), "Café &lt;b&gt;—ü&lt;/b&gt;");
        assert_eq!(escape_html("&"), "&amp;");
        assert_eq!(escape_html(""), "");
    }

    /// The names of the partials the theme of the project at `root` renders once per depth
    /// (and navigation, for those marked `nav`).
    fn shared_partial_names(root: &Path) -> Vec<String> {
        let mut diagnostics = Diagnostics::default();
        let theme = load(root, "default", &mut diagnostics, &mut SourceMap::default())
            .expect("the theme compiles");
        theme
            .shared_partials
            .iter()
            .map(|p| match p.by_nav {
                true => format!("{} (nav)", p.name),
                false => p.name.clone(),
            })
            .collect()
    }

    #[test]
    fn the_default_header_footer_and_navigation_are_shared() {
        let folder = tempfile::tempdir().unwrap();
        // The header and footer print only site-wide values, the navigation those and `nav`;
        // the breadcrumbs and table of contents depend on the page.
        assert_eq!(
            shared_partial_names(folder.path()),
            [
                "partials/footer.html",
                "partials/header.html",
                "partials/nav.html (nav)",
                "partials/print-page.html",
                "partials/private-page-style.html"
            ]
        );
    }

    /// [`shared_partial_names`] of a project that overrides one partial with `text`.
    fn shared_with_override(partial: &str, text: &str) -> Vec<String> {
        let folder = tempfile::tempdir().unwrap();
        let partials = folder.path().join("templates/partials");
        fs::create_dir_all(&partials).unwrap();
        fs::write(partials.join(partial), text).unwrap();
        shared_partial_names(folder.path())
    }

    #[test]
    fn a_navigation_override_that_reads_the_page_is_rendered_on_every_page() {
        let text = "<ul>{% if page.path == \"index.html\" %}<li>Home</li>{% endif %}{{ nav.guides | safe }}</ul>";
        assert_eq!(
            shared_with_override("nav.html", text),
            [
                "partials/footer.html",
                "partials/header.html",
                "partials/print-page.html",
                "partials/private-page-style.html"
            ]
        );
    }

    #[test]
    fn an_override_that_reads_the_page_is_rendered_on_every_page() {
        assert_eq!(
            shared_with_override("header.html", "<header>{{ page.title }}</header>"),
            [
                "partials/footer.html",
                "partials/nav.html (nav)",
                "partials/print-page.html",
                "partials/private-page-style.html"
            ]
        );
    }
}
