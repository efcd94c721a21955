//! What every PDF's Typst source shares: the preamble (the theme's style, the document's
//! facts), the files the engine may read (the style, the logo, the guides' images, each read
//! from the project beforehand), and where a guide's links, images and embeds lead.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;

use serde::Serialize;

use super::engine::{Document, check_image};
use super::markdown::{LinkTo, Places};
use super::markup::{self, label};
use crate::diagnostics::{Code, Diagnostic, SourceFile};
use crate::model::{Kind, Paper};
use crate::render::theme::{StaticFile, StaticSource};
use crate::resolve::links::{is_external, join_output, resolve_relative};
use crate::resolve::{Site, Target};

/// The theme's PDF style, read by every document as `/mentorkit.typ`.
pub(super) const STYLE: &str = include_str!("../../../themes/default/pdf/mentorkit.typ");

/// The accent of the default theme's pages, for PDFs of a handbook without its own.
const DEFAULT_ACCENT: &str = "#0b5c8a";

/// The facts every page of a PDF shows (cover, running header and footer).
#[derive(Serialize)]
pub struct Meta<'a> {
    pub title: String,
    pub organization: Option<&'a str>,
    pub department: Option<&'a str>,
    pub version: Option<&'a str>,
    pub effective: Option<&'a str>,
    pub next_review: Option<&'a str>,
    pub owner: Option<&'a str>,
    pub approved_by: Option<&'a str>,
    pub paper: &'static str,
    pub lang: String,
    pub accent: String,
}

impl<'a> Meta<'a> {
    pub fn of(site: &'a Site, title: String) -> Meta<'a> {
        let config = site.config;
        let document = config.document.as_ref();
        let department = department_view(site);
        let accent = department
            .and_then(|d| d.branding.accent.clone())
            .unwrap_or_else(|| DEFAULT_ACCENT.to_string());
        Meta {
            title,
            organization: config.organization.as_ref().map(|o| o.name.as_str()),
            department: department.map(|d| d.name.as_str()),
            version: document.map(|d| d.version.as_str()),
            effective: document.and_then(|d| d.effective.as_deref()),
            next_review: document.and_then(|d| d.next_review.as_deref()),
            owner: document.and_then(|d| d.owner.as_deref()),
            approved_by: document.and_then(|d| d.approved_by.as_deref()),
            paper: match config.print.paper {
                Paper::A4 => "a4",
                Paper::Letter => "letter",
            },
            lang: typst_language(&config.language),
            accent,
        }
    }
}

fn department_view<'a>(site: &Site<'a>) -> Option<&'a crate::resolve::variants::DepartmentView> {
    let variant = site.variant?;
    variant.all.entries[variant.index].department.as_ref()
}

/// The site's language as Typst takes it (a two- or three-letter code), for hyphenation and
/// quotes; English when the site's tag has none.
fn typst_language(tag: &str) -> String {
    let code = tag.split(['-', '_']).next().unwrap_or_default();
    let valid = (2..=3).contains(&code.len()) && code.chars().all(|c| c.is_ascii_alphabetic());
    if valid {
        code.to_ascii_lowercase()
    } else {
        "en".to_string()
    }
}

/// A Typst document being written: its source and the files it reads.
pub struct Source {
    pub text: String,
    files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl Source {
    /// A document that imports the theme's style and typesets with `meta`.
    pub fn new(meta: &Meta) -> Source {
        let mut text = String::with_capacity(64 * 1024);
        text.push_str("#import \"/mentorkit.typ\": *\n#let meta = ");
        text.push_str(&markup::value(meta));
        text.push_str(
            "\n#let meta = meta + (accent: rgb(meta.accent))\n#show: handbook.with(meta)\n",
        );
        Source {
            text,
            files: Mutex::new(BTreeMap::new()),
        }
    }

    /// Adds a line of markup (mentorkit's own; user strings go in through [`markup`]).
    pub fn line(&mut self, line: &str) {
        self.text.push_str(line);
        self.text.push('\n');
    }

    /// Makes `bytes` readable at `path` in the document.
    pub fn add_file(&self, path: String, bytes: Vec<u8>) {
        if let Ok(mut files) = self.files.lock() {
            files.insert(path, bytes);
        }
    }

    pub fn into_document(self) -> Document {
        let mut files: Vec<(String, Vec<u8>)> = self
            .files
            .into_inner()
            .map(|files| files.into_iter().collect())
            .unwrap_or_default();
        files.push(("/mentorkit.typ".to_string(), STYLE.as_bytes().to_vec()));
        Document {
            source: self.text,
            files,
        }
    }
}

/// A document titled `title` that begins with its cover (with the logo, when the engine can
/// draw it), and the warnings so far.
pub fn with_cover(site: &Site, title: String) -> (Source, Vec<Diagnostic>) {
    let mut source = Source::new(&Meta::of(site, title));
    let mut warnings = Vec::new();
    let logo = add_logo(site, &source, &mut warnings);
    source.line(&format!(
        "#cover(meta, logo: {})",
        markup::optional(logo.as_deref())
    ));
    (source, warnings)
}

/// Reads `relative` (a path inside the project) for the engine, if it is a real file it can
/// draw; otherwise says why not.
fn read_image(root: &Path, relative: &Path) -> Result<Vec<u8>, String> {
    let bytes = read_project_file(root, relative)?
        .ok_or_else(|| format!("`{}` is not a file in the project", relative.display()))?;
    check_image(&bytes)?;
    Ok(bytes)
}

/// The bytes of `relative` inside the project, or `None` when it is not a real file there;
/// opened as every project file is, never through a symbolic link.
fn read_project_file(root: &Path, relative: &Path) -> Result<Option<Vec<u8>>, String> {
    if !crate::load::is_real_file(root, relative) {
        return Ok(None);
    }
    read_file(&root.join(relative)).map(Some)
}

/// The bytes of the file at `path`, opened never through a symbolic link.
fn read_file(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    crate::load::open_no_link(path)
        .and_then(|mut file| file.read_to_end(&mut bytes))
        .map_err(|e| e.to_string())?;
    Ok(bytes)
}

/// The logo a PDF's cover shows: the department's, else the organization's. A logo the
/// engine cannot draw is left off with a warning.
fn add_logo(site: &Site, source: &Source, warnings: &mut Vec<Diagnostic>) -> Option<String> {
    let root = &site.project.root;
    let department = site
        .variant
        .and_then(|v| v.all.entries[v.index].id.as_deref())
        .and_then(|id| site.project.departments.iter().find(|d| d.id == id));
    let (file, place) = match department.and_then(|d| Some((d, d.data.branding.logo.as_ref()?))) {
        Some((department, logo)) => (
            Path::new(&department.folder).join(&logo.value),
            department.file.clone(),
        ),
        None => {
            let logo = site.config.organization.as_ref()?.logo.as_ref()?;
            (Path::new("static").join(logo), "mentorkit.yaml".to_string())
        }
    };
    match read_image(root, &file) {
        Ok(bytes) => {
            let name = file.extension().map_or(String::new(), |e| {
                format!(".{}", e.to_string_lossy().to_ascii_lowercase())
            });
            let path = format!("/logo{name}");
            source.add_file(path.clone(), bytes);
            Some(path)
        }
        Err(why) => {
            let mut warning = Diagnostic::warning(
                Code::Pdf,
                format!(
                    "the logo `{}` is left off the PDFs' covers: {why}",
                    file.display()
                ),
            )
            .with_hint("use a PNG, JPEG or SVG file inside the project");
            warning.file = Some(place);
            warnings.push(warning);
            None
        }
    }
}

/// The label of a guide in a PDF, and of a checklist or survey.
pub fn guide_label(site: &Site, index: usize) -> String {
    label("g", &site.guide(index).key)
}

pub fn item_label(kind: Kind, id: &str) -> String {
    match kind {
        Kind::Checklist => label("c", id),
        Kind::Survey => label("s", id),
        Kind::Module => label("m", id),
    }
}

/// Where a PDF's Markdown leads: the guides, checklists, surveys and modules it holds.
pub struct PdfPlaces<'a> {
    pub site: &'a Site<'a>,
    /// The theme's files, which a guide's images may be.
    pub theme_files: &'a [StaticFile],
    pub source: &'a Source,
    /// What this PDF holds.
    pub holds: &'a (dyn Fn(Target) -> bool + Sync),
}

impl Places for PdfPlaces<'_> {
    fn link(&self, dest: &str, from: &str, own: &str) -> LinkTo {
        if dest.starts_with("http://")
            || dest.starts_with("https://")
            || dest.starts_with("mailto:")
        {
            return LinkTo::Url(dest.to_string());
        }
        if is_external(dest) {
            return LinkTo::Nowhere;
        }
        let (path, fragment) = dest.split_once('#').unwrap_or((dest, ""));
        if path.is_empty() {
            return match fragment {
                "" => LinkTo::Nowhere,
                fragment => LinkTo::Heading {
                    guide: own.to_string(),
                    heading: label(own, fragment),
                },
            };
        }
        let from = self.site.project.logical_path(from);
        let Some(target) = resolve_relative(from, path)
            .and_then(|resolved| self.site.target_of_source(&resolved))
            .filter(|t| (self.holds)(*t))
        else {
            return LinkTo::Nowhere;
        };
        let base = match target {
            Target::Guide(index) => guide_label(self.site, index),
            Target::Item(kind, index) => item_label(kind, self.site.item_id(kind, index)),
        };
        if fragment.is_empty() || !matches!(target, Target::Guide(_)) {
            LinkTo::Label(base)
        } else {
            let heading = label(&base, fragment);
            LinkTo::Heading {
                guide: base,
                heading,
            }
        }
    }

    fn image(&self, dest: &str, page_path: &str) -> Result<String, String> {
        if is_external(dest) && !dest.starts_with('/') {
            return Err("the PDF engine reads no network".to_string());
        }
        let target = match dest.strip_prefix('/') {
            Some(rooted) => Some(rooted.to_string()),
            None => join_output(page_path, dest),
        }
        .ok_or_else(|| "it is outside the site".to_string())?;
        let target = target
            .split(['?', '#'])
            .next()
            .unwrap_or_default()
            .to_string();
        let bytes = self.site_file(&target)?;
        check_image(&bytes)?;
        let path = format!("/site/{target}");
        self.source.add_file(path.clone(), bytes);
        Ok(path)
    }

    fn embed(&self, kind: Kind, id: &str) -> Option<(String, Option<String>)> {
        let index = self.site.lookup(kind, id)?;
        let title = self.site.item_title(kind, index).to_string();
        let held = (self.holds)(Target::Item(kind, index));
        Some((title, held.then(|| item_label(kind, id))))
    }
}

impl PdfPlaces<'_> {
    /// The bytes of the site's file at `target`: the project's `static/`, else the theme's.
    /// A file that is in neither is not part of the site, which the HTML pages already report
    /// as a broken link (an error): the PDF adds nothing.
    fn site_file(&self, target: &str) -> Result<Vec<u8>, String> {
        let relative = Path::new("static").join(target);
        if let Some(bytes) = read_project_file(&self.site.project.root, &relative)? {
            return Ok(bytes);
        }
        match self
            .theme_files
            .iter()
            .find(|f| f.path == target)
            .map(|f| &f.source)
        {
            Some(StaticSource::Embedded(bytes)) => Ok(bytes.to_vec()),
            Some(StaticSource::Disk(path)) => read_file(path),
            None => Err(String::new()),
        }
    }
}

/// The source file of a guide, for located warnings.
pub fn guide_source(site: &Site, index: usize) -> SourceFile {
    let guide = site.guide(index);
    SourceFile::new(guide.file.clone(), guide.text.clone())
}
