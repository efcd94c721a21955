//! The Markdown pass: every guide's body and every module's facilitator guide rendered once,
//! before any page, with the embed cards they show and the links between them checked.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use rayon::prelude::*;
use tera::Context;

use crate::cache::Memo;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, SourceFile};
use crate::model::{Entry, Kind};
use crate::model::{Located, Module};
use crate::render::markdown::{self, CalloutTitles, EmbedRenderer, MarkdownInput, Rendered};
use crate::render::text;
use crate::render::text::{counted, duration};
use crate::render::theme::{Theme, escape_html};
use crate::resolve::{Site, Target, item_path, root_prefix};

/// The rendered Markdown of a handbook, by index into the project's guides and modules.
pub struct Bodies {
    pub guides: HashMap<usize, Arc<Rendered>>,
    /// Modules' facilitator guides; a module without one has none here.
    pub modules: HashMap<usize, Arc<Rendered>>,
}

/// Embed cards rendered so far. A card depends on the page only through its depth: each is
/// rendered once per depth.
struct EmbedCards<'s> {
    site: &'s Site<'s>,
    theme: &'s Theme,
    cards: Mutex<rustc_hash::FxHashMap<(Kind, String, String), Option<String>>>,
}

impl EmbedCards<'_> {
    fn card(&self, kind: Kind, id: &str, page_path: &str) -> Option<String> {
        let root = root_prefix(page_path);
        let key = (kind, id.to_string(), root);
        let cards = || self.cards.lock().unwrap_or_else(PoisonError::into_inner);
        let known = cards().get(&key).cloned();
        known.unwrap_or_else(|| {
            let card = embed_card(self.site, self.theme, kind, id, &key.2);
            cards().insert(key, card.clone());
            card
        })
    }
}

/// Renders the Markdown of every guide and module, and adds its problems to `diagnostics`
/// and its lints to `lints`.
pub fn render_bodies(
    site: &Site,
    theme: &Theme,
    cache: Option<&Memo<Rendered>>,
    diagnostics: &mut Diagnostics,
    lints: &mut Diagnostics,
) -> Bodies {
    let callouts = &text::callout_titles(theme).unwrap_or_else(|problem| {
        // A broken text.txt fails the build; the Markdown still renders, for its own problems.
        diagnostics.push(problem);
        CalloutTitles::default()
    });
    let cards = EmbedCards {
        site,
        theme,
        cards: Mutex::default(),
    };
    let embed = |kind: Kind, id: &str, page_path: &str| cards.card(kind, id, page_path);
    let guides = crate::timing::timed("  markdown", || {
        render_guides(site, cache, callouts, &embed)
    });
    let modules = site
        .module_order
        .par_iter()
        .filter_map(|&index| {
            let entry = &site.project.modules[index];
            let guide = entry.data.guide.as_ref()?;
            Some((
                index,
                Arc::new(render_module_guide(site, entry, guide, callouts, &embed)),
            ))
        })
        .collect();
    let bodies = Bodies { guides, modules };
    let files = site_files(site, theme);
    for rendered in bodies.guides.values().chain(bodies.modules.values()) {
        diagnostics.extend(rendered.diagnostics.iter().cloned());
        lints.extend(rendered.lints.iter().cloned());
        check_fragment_links(site, &bodies.guides, rendered, diagnostics);
        if let Some(files) = &files {
            check_file_links(rendered, files, diagnostics);
        }
    }
    bodies
}

/// Every guide in parallel. A guide rendered before (for another department's handbook, or in
/// `serve` before an edit) is reused when its text is the same and the site answers its
/// lookups the same way.
fn render_guides(
    site: &Site,
    cache: Option<&Memo<Rendered>>,
    callouts: &CalloutTitles,
    embed: &EmbedRenderer,
) -> HashMap<usize, Arc<Rendered>> {
    let callouts_key = callouts.as_key();
    site.reading_order
        .par_iter()
        .with_max_len(crate::MAX_ITEMS_PER_TASK)
        .map(|&index| {
            let guide = site.guide(index);
            let page_path = site.guide_path(index);
            let render = || {
                let source = SourceFile::new(guide.file.clone(), guide.text.clone());
                let input = MarkdownInput {
                    source: &source,
                    start: guide.body_start,
                    end: guide.text.len(),
                    page_path,
                    shift_headings: 0,
                    callouts,
                    reserved_ids: &[],
                };
                markdown::render(site, &input, embed)
            };
            let Some(cache) = cache else {
                return (index, Arc::new(render()));
            };
            let key = crate::cache::key([
                guide.file.as_bytes(),
                page_path.as_bytes(),
                &guide.body_start.to_le_bytes()[..],
                guide.text.as_bytes(),
                callouts_key.as_bytes(),
            ]);
            let rendered = match cache.get(key) {
                Some(kept) if kept.holds_in(site, page_path, embed) => kept,
                _ => cache.insert(key, render()),
            };
            (index, rendered)
        })
        .collect()
}

/// Warns about each link of `rendered` to a heading another guide does not have.
fn check_fragment_links(
    site: &Site,
    guides: &HashMap<usize, Arc<Rendered>>,
    rendered: &Rendered,
    diagnostics: &mut Diagnostics,
) {
    for link in &rendered.fragment_links {
        let Some(Target::Guide(target)) = link.target else {
            continue;
        };
        let Some(anchors) = guides.get(&target).map(|r| &r.anchors) else {
            continue;
        };
        if !anchors.contains(&link.fragment) {
            let mut d = link.place.clone();
            d.severity = crate::diagnostics::Severity::Warning;
            d.code = Code::MissingHeading;
            d.message = format!(
                "no heading `#{}` in {}",
                link.fragment,
                site.guide(target).file
            );
            d.hint = Some(markdown::missing_heading_hint(&link.fragment, anchors));
            diagnostics.push(d);
        }
    }
}

/// Every file the organization-wide handbook's output has: its pages, the theme's and the
/// site's static files, the search index and the data dictionaries. `None` for a department's
/// handbook, whose links may lead into the organization-wide one around it; `check` looks at
/// those links on the generated pages.
fn site_files(site: &Site, theme: &Theme) -> Option<rustc_hash::FxHashSet<String>> {
    if site.is_department() {
        return None;
    }
    let mut files: rustc_hash::FxHashSet<String> =
        crate::resolve::page_paths(site).into_iter().collect();
    files.extend(theme.static_files.iter().map(|f| f.path.clone()));
    files.insert(crate::resolve::SEARCH_INDEX_PATH.to_string());
    let surveys = site.project.surveys.iter();
    files.extend(surveys.map(|e| crate::resolve::survey_dictionary_csv_path(&e.id)));
    Some(files)
}

/// A link or image to a file the site does not have is an error, in `build` as in `check`
/// (which finds the same problem on the generated page, in the same words, at the same place).
fn check_file_links(
    rendered: &Rendered,
    files: &rustc_hash::FxHashSet<String>,
    diagnostics: &mut Diagnostics,
) {
    for link in &rendered.file_links {
        let problem = match &link.target {
            None => "it climbs out of the site".to_string(),
            Some(target) if files.contains(target) || target.starts_with("departments/") => {
                continue;
            }
            Some(target) => format!("`{target}` is not part of the site"),
        };
        let mut d = link.place.clone();
        let name = d.file.clone().unwrap_or_default();
        d.message = format!("broken link `{}`", link.link);
        d.hint = Some(format!("{problem}; links are relative to {name}"));
        diagnostics.push(d);
    }
}

/// The ids of the default theme's module page (`module.html`) around the facilitator guide.
const MODULE_PAGE_IDS: &[&str] = &[
    "objectives",
    "agenda",
    "materials",
    "facilitator-guide",
    "assessment",
];

fn render_module_guide(
    site: &Site,
    entry: &Entry<Module>,
    guide: &Located<String>,
    callouts: &CalloutTitles,
    embed: &EmbedRenderer,
) -> Rendered {
    // The guide is a YAML block scalar; render it on its own and move diagnostics to the
    // lines of the module file (the text starts on the line after `guide: |`).
    let source = SourceFile::new(entry.file.clone(), Arc::from(guide.value.as_str()));
    let page_path = item_path(Kind::Module, &entry.id);
    let input = MarkdownInput {
        source: &source,
        start: 0,
        end: guide.value.len(),
        page_path: &page_path,
        // The guide sits under the page's "Facilitator guide" heading (an h2): its highest
        // headings become h3, whatever level the author started at, so no level is skipped.
        shift_headings: 3u8.saturating_sub(markdown::top_heading_level(&guide.value)),
        callouts,
        reserved_ids: MODULE_PAGE_IDS,
    };
    let mut rendered = markdown::render(site, &input, embed);
    let module_source = site.project.sources.get(&entry.file);
    let relocate = |d: &mut Diagnostic| {
        if let Some(module_source) = module_source {
            let (line, column) = place_in_module(module_source, guide, d.line, d.column);
            let start = module_source.offset_of(line, column);
            let end = module_source.text[start..]
                .find('\n')
                .map_or(module_source.text.len(), |i| start + i);
            *d = Diagnostic {
                severity: d.severity,
                message: std::mem::take(&mut d.message),
                hint: d.hint.take(),
                ..Diagnostic::error(d.code, "").at(
                    module_source,
                    start..end.max(start + 1).min(module_source.text.len()),
                )
            };
        }
    };
    rendered.diagnostics.iter_mut().for_each(relocate);
    rendered.lints.iter_mut().for_each(relocate);
    rendered
        .fragment_links
        .iter_mut()
        .for_each(|l| relocate(&mut l.place));
    rendered
        .file_links
        .iter_mut()
        .for_each(|l| relocate(&mut l.place));
    rendered
}

/// Where a line and column of a module's `guide` text are in the module file. A block scalar
/// (`guide: |`) starts on the line after its indicator, every line indented by the block's
/// indentation; a scalar on the key's line starts where it is written (after its quote).
fn place_in_module(
    module: &SourceFile,
    guide: &Located<String>,
    line: usize,
    column: usize,
) -> (usize, usize) {
    let (line, column) = (line.max(1), column.max(1));
    let (value_line, value_column) = (
        guide.referenced.line() as usize,
        guide.referenced.column() as usize,
    );
    let text = &module.text;
    let at = module.offset_of(value_line, value_column);
    let line_start = module.offset_of(value_line, 1);
    // The parser places a block scalar at its indicator or at its first line of text.
    let block_first_line = if text[at..].starts_with(['|', '>']) {
        Some(value_line + 1)
    } else if text[line_start..at].trim().is_empty() && ends_with_indicator(module, value_line) {
        Some(value_line)
    } else {
        None
    };
    match block_first_line {
        Some(first) => {
            let indent_line = module.offset_of(first, 1);
            let indent = text[indent_line..]
                .chars()
                .take_while(|c| *c == ' ')
                .count();
            (first + line - 1, indent + column)
        }
        None if line == 1 => {
            let quoted = text[at..].starts_with(['"', '\'']);
            (value_line, value_column + column - usize::from(!quoted))
        }
        None => (value_line + line - 1, column),
    }
}

/// Whether the line before `line` ends with a block scalar's indicator (`|`, `>-`, `|+2`...).
fn ends_with_indicator(module: &SourceFile, line: usize) -> bool {
    if line < 2 {
        return false;
    }
    let start = module.offset_of(line - 1, 1);
    let end = module.offset_of(line, 1);
    let previous = module.text[start..end].trim_end();
    let indicator = previous.trim_end_matches(|c: char| c.is_ascii_digit() || c == '-' || c == '+');
    indicator.ends_with(['|', '>'])
}

/// The inline summary card for `{{ checklist(id="...") }}` and friends, on a page `root` away
/// from the handbook's root.
fn embed_card(site: &Site, theme: &Theme, kind: Kind, id: &str, root: &str) -> Option<String> {
    let (title, summary, meta) = match kind {
        Kind::Checklist => {
            let e = site.checklist(id)?;
            let meta = counted(theme, "checklist_meta", e.data.item_count());
            (&e.data.title, e.data.intro.clone(), meta)
        }
        Kind::Survey => {
            let e = site.survey(id)?;
            let meta = counted(theme, "survey_meta", e.data.all_questions().count());
            (&e.data.title, e.data.intro.clone(), meta)
        }
        Kind::Module => {
            let e = site.module(id)?;
            (
                &e.data.title,
                e.data.objectives.first().cloned(),
                duration(theme, e.data.duration_minutes),
            )
        }
    };
    let mut context = Context::new();
    // A broken embed or text template is reported when the theme's pages render; here the
    // card falls back to a plain link so the guide still renders.
    let fallback = || {
        format!(
            "<p><a href=\"{root}{}\">{}</a></p>",
            item_path(kind, id),
            escape_html(title)
        )
    };
    let Ok(meta) = meta else {
        return Some(fallback());
    };
    context.insert("kind", kind.noun());
    context.insert("id", id);
    context.insert("title", title);
    context.insert("summary", &summary);
    context.insert("meta", &meta);
    let url = format!("{root}{}", item_path(kind, id));
    context.insert("url", &url);
    Some(
        theme
            .tera
            .render("partials/embed.html", &context)
            .unwrap_or_else(|_| fallback()),
    )
}
