//! Markdown to HTML, once per page: heading anchors and table of contents, GitHub-style
//! callouts, links to content files rewritten to page URLs, and `{{ checklist(id="...") }}`
//! embeds. Problems (broken links, unknown embeds) come back as diagnostics with their place.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{
    BlockQuoteKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html,
};
use serde::Serialize;

use crate::diagnostics::{Code, Diagnostic, SourceFile, did_you_mean};
use crate::model::Kind;
use crate::render::theme::escape_html;
use crate::resolve::links::{is_external, parse_embed, resolve_relative};
use crate::resolve::{Site, Target, root_prefix};

/// One entry of the on-page table of contents (h2 and h3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A link to `#fragment` of another page, checked once every page's anchors are known.
#[derive(Debug, Clone)]
pub struct FragmentLink {
    pub target: Option<Target>,
    pub fragment: String,
    /// Where the link is written, to report a missing anchor.
    pub place: Diagnostic,
}

#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub anchors: HashSet<String>,
    pub fragment_links: Vec<FragmentLink>,
    /// Links and images to files that are not content files (a PDF, an image), checked against
    /// the site's files once they are known.
    pub file_links: Vec<FileLink>,
    /// Errors and warnings that `build` reports.
    pub diagnostics: Vec<Diagnostic>,
    /// Style warnings that only `check` reports (raw HTML, images without alt text).
    pub lints: Vec<Diagnostic>,
    /// Everything the rendering asked of the rest of the site, with the answers.
    pub lookups: Vec<Lookup>,
}

/// One question a rendering asked of the site beyond its own text. A rendering can be reused
/// (in another department's handbook, or after an edit elsewhere in `serve`) wherever every
/// lookup gets the same answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Lookup {
    /// A link to a content file: the page it became, if any.
    Link {
        resolved: String,
        target: Option<Target>,
        path: Option<String>,
    },
    /// An embed: a hash of its card, if the item exists.
    Embed {
        kind: Kind,
        id: String,
        card: Option<u64>,
    },
}

impl Lookup {
    fn link(site: &Site, resolved: String) -> Self {
        let target = site.target_of_source(&resolved);
        let path = target.map(|t| site.target_path(t));
        Lookup::Link {
            resolved,
            target,
            path,
        }
    }

    fn embed(kind: Kind, id: &str, card: Option<&str>) -> Self {
        Lookup::Embed {
            kind,
            id: id.to_string(),
            card: card.map(|html| xxhash_rust::xxh3::xxh3_64(html.as_bytes())),
        }
    }
}

impl Rendered {
    /// Whether this rendering, made for the page at `page_path`, is what rendering the same
    /// text in `site` would give: no problems were found, and every lookup answers the same.
    pub fn holds_in(&self, site: &Site, page_path: &str, embed: &EmbedRenderer) -> bool {
        self.diagnostics.is_empty()
            && self.lookups.iter().all(|lookup| match lookup {
                Lookup::Link { resolved, .. } => Lookup::link(site, resolved.clone()) == *lookup,
                Lookup::Embed { kind, id, .. } => {
                    Lookup::embed(*kind, id, embed(*kind, id, page_path).as_deref()) == *lookup
                }
            })
    }
}

/// Renders an embed card; `None` when the id is unknown.
pub type EmbedRenderer<'a> = dyn Fn(Kind, &str, &str) -> Option<String> + Sync + 'a;

/// Where a piece of Markdown comes from and where it is published.
pub struct MarkdownInput<'a> {
    pub source: &'a SourceFile,
    /// Byte range of the Markdown inside the source file.
    pub start: usize,
    pub end: usize,
    /// Output path of the page it appears on.
    pub page_path: &'a str,
    /// Heading level of the text's top headings, so a facilitator guide nests under the page.
    pub shift_headings: u8,
    /// The titles of `> [!NOTE]`-style callouts, in the theme's words.
    pub callouts: &'a CalloutTitles,
    /// Ids the page around the text already has: a heading that would take one gets a suffix
    /// instead, so the page's ids stay unique (a module page's "Assessment" section and a
    /// facilitator guide's "Assessment" heading).
    pub reserved_ids: &'a [&'a str],
}

/// The level of the highest headings in `text` (1 for `#`), or 6 when it has none: how far a
/// text's headings must move to start at a given level.
pub fn top_heading_level(text: &str) -> u8 {
    Parser::new(text)
        .filter_map(|event| match event {
            Event::Start(Tag::Heading { level, .. }) => Some(level as u8),
            _ => None,
        })
        .min()
        .unwrap_or(6)
}

/// The titles callouts show, and the words a screen reader says for a task list's marks, from
/// the theme's interface text (`text.txt`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CalloutTitles {
    pub note: String,
    pub tip: String,
    pub important: String,
    pub warning: String,
    pub caution: String,
    /// Before a ticked and an unticked task list item (`Done: `, `Not done: `).
    pub task_done: String,
    pub task_open: String,
}

impl CalloutTitles {
    /// The title of a callout of `kind`, and the class its box gets.
    fn of(&self, kind: BlockQuoteKind) -> (&'static str, &str) {
        match kind {
            BlockQuoteKind::Note => ("note", &self.note),
            BlockQuoteKind::Tip => ("tip", &self.tip),
            BlockQuoteKind::Important => ("important", &self.important),
            BlockQuoteKind::Warning => ("warning", &self.warning),
            BlockQuoteKind::Caution => ("caution", &self.caution),
        }
    }

    /// Every title, for keys of results that depend on them.
    pub fn as_key(&self) -> String {
        [
            &self.note,
            &self.tip,
            &self.important,
            &self.warning,
            &self.caution,
        ]
        .map(String::as_str)
        .join("\0")
    }
}

/// The Markdown extensions every renderer uses (the HTML pages and the PDFs).
pub(crate) fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// GitHub's heading slug: lowercase, punctuation dropped, spaces to hyphens.
pub fn slugify(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// Tables wrapped in their scrolling box, and task list marks: the events [`Renderer::rewrite`]
/// changes without lints.
fn wrap_block<'e>(event: Event<'e>, walk: &mut Walk<'e>, words: &CalloutTitles) -> Event<'e> {
    match event {
        // A task list item shows the state its author wrote, not a control: a disabled,
        // unlabelled checkbox tells a screen reader nothing, and a tickable one would be a
        // second kind of checklist whose saved ticks break whenever the text is edited
        // (the checklist pages are the tickable, remembered ones). The mark is hidden from
        // screen readers, which read the words instead.
        Event::TaskListMarker(done) => {
            let (mark, words) = if done {
                ("☑", &words.task_done)
            } else {
                ("☐", &words.task_open)
            };
            Event::InlineHtml(CowStr::from(format!(
                "<span class=\"task-mark\" aria-hidden=\"true\">{mark}</span><span class=\"visually-hidden\">{} </span>",
                escape_html(words.trim())
            )))
        }
        Event::Start(Tag::Table(_)) => {
            // A table wider than the window scrolls in its box; a keyboard reaches and
            // scrolls the box only when it can take focus.
            walk.events.push(Event::Html(CowStr::from(
                "<div class=\"table-wrap\" tabindex=\"0\">",
            )));
            event
        }
        Event::End(TagEnd::Table) => {
            walk.events.push(event);
            Event::Html(CowStr::from("</div>\n"))
        }
        other => other,
    }
}

/// The heading ids of one page so far.
#[derive(Default)]
pub(crate) struct Slugs {
    taken: HashSet<String>,
    /// Per base slug, the suffix to try next: a page of many identical headings takes each
    /// id in one step instead of trying `-1`, `-2`... again every time.
    next: HashMap<String, usize>,
}

impl Slugs {
    pub(crate) fn reserving(ids: &[&str]) -> Slugs {
        Slugs {
            taken: ids.iter().map(|id| id.to_string()).collect(),
            next: HashMap::new(),
        }
    }
}

impl Slugs {
    /// `slug`, made unique among the ids taken so far.
    pub(crate) fn unique(&mut self, slug: String) -> String {
        unique_slug(slug, self)
    }
}

/// Makes `slug` unique among the page's ids by appending `-1`, `-2`...
fn unique_slug(slug: String, slugs: &mut Slugs) -> String {
    let base = if slug.is_empty() {
        "section".to_string()
    } else {
        slug
    };
    if slugs.taken.insert(base.clone()) {
        return base;
    }
    let mut n = slugs.next.get(&base).copied().unwrap_or(1);
    let mut candidate = format!("{base}-{n}");
    while slugs.taken.contains(&candidate) {
        n += 1;
        candidate = format!("{base}-{n}");
    }
    slugs.next.insert(base, n + 1);
    slugs.taken.insert(candidate.clone());
    candidate
}

/// Whether a link's address runs code in the reader's browser (`javascript:`, `vbscript:`,
/// `data:`). Browsers ignore case, leading spaces and tabs or newlines inside the scheme, so
/// this does too.
fn runs_code(dest: &str) -> bool {
    let scheme: String = dest
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .take_while(|c| *c != ':')
        .take(12)
        .collect::<String>()
        .to_ascii_lowercase();
    let has_colon = dest.contains(':');
    has_colon && matches!(scheme.as_str(), "javascript" | "vbscript" | "data")
}

fn is_content_file(path: &str) -> bool {
    [".md", ".yaml", ".yml"]
        .iter()
        .any(|ext| path.ends_with(ext))
}

/// The fields of a heading's start tag: level, id, classes and attributes.
type HeadingFields<'e> = (
    HeadingLevel,
    Option<CowStr<'e>>,
    Vec<CowStr<'e>>,
    Vec<(CowStr<'e>, Option<CowStr<'e>>)>,
);

struct Renderer<'a, 'p> {
    site: &'a Site<'p>,
    input: &'a MarkdownInput<'a>,
    embed: &'a EmbedRenderer<'a>,
    out: Rendered,
    slugs: Slugs,
    /// Errors not reported because the text already has [`MAX_ERRORS_PER_TEXT`].
    suppressed: usize,
}

/// Errors reported per Markdown text before the rest are only counted.
const MAX_ERRORS_PER_TEXT: usize = 100;

impl<'a, 'p> Renderer<'a, 'p> {
    /// A diagnostic of kind `code` at `range` of the text (up to the end of its first line).
    fn place(&self, code: Code, range: &std::ops::Range<usize>) -> Diagnostic {
        let start = self.input.start + range.start;
        let end = (self.input.start + range.end).min(self.input.end);
        let line_end = self.input.source.text[start..end]
            .find('\n')
            .map_or(end, |i| start + i);
        Diagnostic::error(code, "").at(
            self.input.source,
            start..line_end.max(start + 1).min(self.input.end),
        )
    }

    /// Whether the text already has as many errors as are worth reporting: a file with
    /// 100,000 broken links gets the first [`MAX_ERRORS_PER_TEXT`] and a count of the rest,
    /// and their (costly) "did you mean" hints are not computed.
    fn saturated(&mut self) -> bool {
        if self.out.diagnostics.len() >= MAX_ERRORS_PER_TEXT {
            self.suppressed += 1;
            return true;
        }
        false
    }

    fn error(&mut self, code: Code, range: &std::ops::Range<usize>, message: String, hint: String) {
        if self.saturated() {
            return;
        }
        let diagnostic = Diagnostic {
            message,
            ..self.place(code, range)
        }
        .with_hint(hint);
        self.out.diagnostics.push(diagnostic);
    }

    /// Notes a link to a file of the site (not a content file), to check once the site's files
    /// are known. Placed at its first `(link` in the file, as the check of generated pages does,
    /// so the two report one problem once.
    fn note_file_link(&mut self, dest: &str, path: &str, range: &std::ops::Range<usize>) {
        let path = path.split('?').next().unwrap_or_default();
        let source = self.input.source;
        let place = match source.text.find(&format!("({dest}")) {
            Some(at) => {
                Diagnostic::error(Code::BrokenLink, "").at(source, at + 1..at + 1 + dest.len())
            }
            None => self.place(Code::BrokenLink, range),
        };
        self.out.file_links.push(FileLink {
            link: dest.to_string(),
            target: crate::resolve::links::join_output(self.input.page_path, path),
            place,
        });
    }

    /// A link that would run code when clicked is published as `#`; `build` and `check` both
    /// say so.
    fn warn_unsafe_link(&mut self, dest: &str, range: &std::ops::Range<usize>) {
        if self.saturated() {
            return;
        }
        let scheme: String = dest.chars().take_while(|c| *c != ':').collect();
        let mut diagnostic = Diagnostic {
            message: format!(
                "a link to `{}:` runs code when clicked; it is published as `#`",
                scheme.trim()
            ),
            ..self.place(Code::UnsafeLink, range)
        }
        .with_hint("link to a page, a file or an http(s) address");
        diagnostic.severity = crate::diagnostics::Severity::Warning;
        self.out.diagnostics.push(diagnostic);
    }

    fn lint(&mut self, code: Code, range: &std::ops::Range<usize>, message: &str, hint: &str) {
        let mut diagnostic = Diagnostic {
            message: message.to_string(),
            ..self.place(code, range)
        }
        .with_hint(hint);
        diagnostic.severity = crate::diagnostics::Severity::Warning;
        self.out.lints.push(diagnostic);
    }

    /// Rewrites a link to a content file into the URL of its page.
    fn rewrite_link(&mut self, dest: &str, range: &std::ops::Range<usize>) -> Option<String> {
        if dest.is_empty() || is_external(dest) {
            return None;
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (dest, None),
        };
        if path.is_empty() {
            // A link within this page; checked against this page's own anchors.
            let place = self.place(Code::MissingHeading, range);
            self.out.fragment_links.push(FragmentLink {
                target: None,
                fragment: fragment.unwrap_or_default().to_string(),
                place,
            });
            return None;
        }
        if !is_content_file(path) {
            self.note_file_link(dest, path, range);
            return None;
        }
        // A department file links as if it were at the organization-wide place it mirrors.
        let from = self.site.project.logical_path(&self.input.source.name);
        let resolved = resolve_relative(from, path).unwrap_or_default();
        let lookup = Lookup::link(self.site, resolved.clone());
        let found = match &lookup {
            Lookup::Link {
                target: Some(target),
                path: Some(path),
                ..
            } => Some((*target, path.clone())),
            _ => None,
        };
        self.out.lookups.push(lookup);
        match found {
            Some((target, target_path)) => {
                let mut url = root_prefix(self.input.page_path) + &target_path;
                if let Some(fragment) = fragment {
                    url.push('#');
                    url.push_str(fragment);
                    let place = self.place(Code::MissingHeading, range);
                    self.out.fragment_links.push(FragmentLink {
                        target: Some(target),
                        fragment: fragment.to_string(),
                        place,
                    });
                }
                Some(url)
            }
            None => {
                self.broken_link(dest, &resolved, from, range);
                None
            }
        }
    }

    /// Reports a link to content file `resolved` (written `dest` in a file at `from`) that is
    /// not published.
    fn broken_link(
        &mut self,
        dest: &str,
        resolved: &str,
        from: &str,
        range: &std::ops::Range<usize>,
    ) {
        if self.saturated() {
            return;
        }
        if let Some(title) = self.site.draft_title(resolved) {
            let message = format!("link to a draft guide: `{dest}` (\"{title}\")");
            self.error(
                Code::DraftLink,
                range,
                message,
                "drafts are not published; remove the link or `draft: true`".into(),
            );
        } else if self.site.project.sources.get(resolved).is_some() {
            // The file is there but did not load: its own error says why, and a
            // "no such file" here would send the author looking in the wrong place.
        } else {
            let known = self.site.project.sources_names();
            let hint = match did_you_mean(resolved, known.iter().map(String::as_str)) {
                Some(close) => {
                    format!("no such content file `{resolved}`; did you mean `{close}`?")
                }
                None => format!("no such content file `{resolved}`; links are relative to {from}"),
            };
            self.error(
                Code::BrokenLink,
                range,
                format!("broken link `{dest}`"),
                hint,
            );
        }
    }

    fn render_embed(&mut self, text: &str, range: &std::ops::Range<usize>) -> Option<String> {
        match parse_embed(text)? {
            Ok((kind, id)) => match self.lookup_embed(kind, &id) {
                Some(html) => Some(html),
                None if self.saturated() => Some(String::new()),
                // Its file is there but did not load, and that error is reported already.
                None if self.site.project.unparsed.contains(&(kind, id.clone())) => {
                    Some(String::new())
                }
                None => {
                    self.unknown_embed(kind, &id, range);
                    Some(String::new())
                }
            },
            Err(inner) => {
                self.error(
                    Code::BadEmbed,
                    range,
                    format!("malformed embed `{{{{ {inner} }}}}`"),
                    "write it as {{ checklist(id=\"first-meeting\") }}, {{ survey(id=\"...\") }} or {{ module(id=\"...\") }}".into(),
                );
                Some(String::new())
            }
        }
    }

    /// Reports an embed of an item the project does not have.
    fn unknown_embed(&mut self, kind: Kind, id: &str, range: &std::ops::Range<usize>) {
        let project = &self.site.project;
        let known: Vec<&str> = match kind {
            Kind::Checklist => project.checklists.iter().map(|e| e.id.as_str()).collect(),
            Kind::Survey => project.surveys.iter().map(|e| e.id.as_str()).collect(),
            Kind::Module => project.modules.iter().map(|e| e.id.as_str()).collect(),
        };
        let hint = match did_you_mean(id, known.iter().copied()) {
            Some(close) => format!("did you mean `{close}`?"),
            None => format!("add content/{}/{id}.yaml or fix the id", kind.folder()),
        };
        self.error(
            Code::UnknownReference,
            range,
            format!("unknown {} `{id}` in embed", kind.noun()),
            hint,
        );
    }

    fn lookup_embed(&mut self, kind: Kind, id: &str) -> Option<String> {
        let card = (self.embed)(kind, id, self.input.page_path);
        self.out
            .lookups
            .push(Lookup::embed(kind, id, card.as_deref()));
        card
    }

    fn shift(&self, level: HeadingLevel) -> HeadingLevel {
        let n = (level as u8 + self.input.shift_headings).min(6);
        HeadingLevel::try_from(n as usize).unwrap_or(HeadingLevel::H6)
    }

    fn run(mut self) -> Rendered {
        let text = &self.input.source.text[self.input.start..self.input.end];
        let mut walk = Walk {
            // About one event per 16 bytes of Markdown: sized once instead of grown step by step.
            events: Vec::with_capacity(text.len() / 16),
            heading: None,
            paragraph: None,
            image_alt: None,
        };
        for (event, range) in Parser::new_ext(text, markdown_options()).into_offset_iter() {
            let event = self.rewrite(event, &range, &mut walk);
            if let (Some((alt, _)), Event::Text(t)) = (&mut walk.image_alt, &event) {
                alt.push_str(t);
            }
            if walk.heading.is_some() {
                self.in_heading(event, &mut walk);
                continue;
            }
            if walk.paragraph.is_some() {
                self.in_paragraph(event, &mut walk);
                continue;
            }
            match event {
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }) => walk.heading = Some(((level, id, classes, attrs), Vec::new(), String::new())),
                Event::Start(Tag::Paragraph) => {
                    walk.paragraph = Some((Vec::with_capacity(16), range.clone()))
                }
                other => walk.events.push(other),
            }
        }
        self.finish(text.len(), walk.events)
    }

    /// An event as the page shows it: links to content files rewritten, callouts and tables
    /// wrapped, and lints taken on the way.
    fn rewrite<'e>(
        &mut self,
        event: Event<'e>,
        range: &std::ops::Range<usize>,
        walk: &mut Walk<'e>,
    ) -> Event<'e> {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = if runs_code(&dest_url) {
                    self.warn_unsafe_link(&dest_url, range);
                    CowStr::from("#")
                } else {
                    match self.rewrite_link(&dest_url, range) {
                        Some(url) => CowStr::from(url),
                        None => dest_url,
                    }
                };
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image { ref dest_url, .. }) => {
                if !dest_url.is_empty() && !is_external(dest_url) && !dest_url.starts_with('#') {
                    let dest = dest_url.to_string();
                    let path = dest.split('#').next().unwrap_or_default().to_string();
                    self.note_file_link(&dest, &path, range);
                }
                walk.image_alt = Some((String::new(), range.clone()));
                event
            }
            Event::End(TagEnd::Image) => {
                if let Some((alt, range)) = walk.image_alt.take()
                    && alt.trim().is_empty()
                {
                    self.lint(
                        Code::ImageAlt,
                        &range,
                        "image without alt text",
                        "describe the image: ![what it shows](file.png)",
                    );
                }
                event
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                self.lint(
                    Code::RawHtml,
                    range,
                    "raw HTML in Markdown",
                    "prefer Markdown; raw HTML is passed through unchecked",
                );
                event
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, title) = self.input.callouts.of(kind);
                let title = escape_html(title);
                Event::Html(CowStr::from(format!(
                    "<aside class=\"callout callout-{class}\" role=\"note\" aria-label=\"{title}\">\n<p class=\"callout-title\">{title}</p>\n"
                )))
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => Event::Html(CowStr::from("</aside>\n")),
            other => wrap_block(other, walk, self.input.callouts),
        }
    }

    /// An event inside an open heading: kept until the heading ends, which then gets its
    /// unique anchor, its place in the table of contents and its `#` link.
    fn in_heading<'e>(&mut self, event: Event<'e>, walk: &mut Walk<'e>) {
        if let Some((_, inner, title)) = &mut walk.heading
            && !matches!(event, Event::End(TagEnd::Heading(_)))
        {
            if let Event::Text(t) | Event::Code(t) = &event {
                title.push_str(t);
            }
            inner.push(event);
            return;
        }
        let Some(((level, id, classes, attrs), inner, title)) = walk.heading.take() else {
            return;
        };
        let slug = match id {
            Some(id) => unique_slug(id.to_string(), &mut self.slugs),
            None => unique_slug(slugify(&title), &mut self.slugs),
        };
        let level = self.shift(level);
        if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
            self.out.toc.push(TocEntry {
                level: level as u8,
                id: slug.clone(),
                title: title.trim().to_string(),
            });
        }
        walk.events.push(Event::Start(Tag::Heading {
            level,
            id: Some(CowStr::from(slug.clone())),
            classes,
            attrs,
        }));
        walk.events.extend(inner);
        walk.events.push(Event::InlineHtml(CowStr::from(format!(
            " <a class=\"anchor\" href=\"#{slug}\" aria-hidden=\"true\" tabindex=\"-1\">#</a>"
        ))));
        walk.events.push(Event::End(TagEnd::Heading(level)));
        self.out.anchors.insert(slug);
    }

    /// An event inside an open paragraph: kept until the paragraph ends; a paragraph of only
    /// text that is an embed becomes its card.
    fn in_paragraph<'e>(&mut self, event: Event<'e>, walk: &mut Walk<'e>) {
        if let Some((inner, _)) = &mut walk.paragraph
            && !matches!(event, Event::End(TagEnd::Paragraph))
        {
            inner.push(event);
            return;
        }
        let Some((inner, range)) = walk.paragraph.take() else {
            return;
        };
        let all_text = inner.iter().all(|e| matches!(e, Event::Text(_)));
        let embedded = if all_text {
            let joined: String = inner
                .iter()
                .filter_map(|e| match e {
                    Event::Text(t) => Some(t.as_ref()),
                    _ => None,
                })
                .collect();
            self.render_embed(&joined, &range)
        } else {
            None
        };
        match embedded {
            Some(card) => walk.events.push(Event::Html(CowStr::from(card))),
            None => {
                walk.events.push(Event::Start(Tag::Paragraph));
                walk.events.extend(inner);
                walk.events.push(event);
            }
        }
    }

    /// The HTML of `events`, from a text of `text_len` bytes, and the count of errors not shown.
    fn finish(mut self, text_len: usize, events: Vec<Event>) -> Rendered {
        let mut html_out = String::with_capacity(text_len * 3 / 2);
        html::push_html(&mut html_out, events.into_iter());
        self.out.html = html_out;
        if self.suppressed > 0 {
            let mut more = Diagnostic::error(
                Code::TooManyErrors,
                format!("{} more errors in this text are not shown", self.suppressed),
            )
            .with_hint("fix the errors above first; the rest are often the same mistake");
            more.file = Some(self.input.source.name.clone());
            self.out.diagnostics.push(more);
        }
        self.out
    }
}

/// What [`Renderer::run`] holds while it walks the events: the output so far and the
/// constructs whose output depends on their whole content.
struct Walk<'e> {
    events: Vec<Event<'e>>,
    /// An open heading: its tag's fields, its events so far and its text (for the slug).
    heading: Option<(HeadingFields<'e>, Vec<Event<'e>>, String)>,
    /// An open paragraph: its events so far and where it starts (it may be an embed).
    paragraph: Option<(Vec<Event<'e>>, std::ops::Range<usize>)>,
    /// An open image: its alt text so far and where it is.
    image_alt: Option<(String, std::ops::Range<usize>)>,
}

/// A link or image to a file of the site that is not a page made from content.
#[derive(Debug, Clone, PartialEq)]
pub struct FileLink {
    /// As written.
    pub link: String,
    /// Where the link goes in the output, relative to the site's root; `None` when it climbs
    /// out of the site.
    pub target: Option<String>,
    /// A diagnostic placed at the link, for reporting it.
    pub place: Diagnostic,
}

/// Renders one piece of Markdown for the page at `input.page_path`.
pub fn render(site: &Site, input: &MarkdownInput, embed: &EmbedRenderer) -> Rendered {
    let renderer = Renderer {
        site,
        input,
        embed,
        out: Rendered::default(),
        slugs: Slugs::reserving(input.reserved_ids),
        suppressed: 0,
    };
    let mut rendered = renderer.run();
    // Links within the page can be checked right away.
    let anchors = rendered.anchors.clone();
    rendered.fragment_links.retain(|link| {
        if link.target.is_some() {
            return true;
        }
        if !anchors.contains(&link.fragment)
            && !link.fragment.is_empty()
            && !is_footnote(&link.fragment)
        {
            let mut d = link.place.clone();
            d.severity = crate::diagnostics::Severity::Warning;
            d.message = format!("no heading `#{}` on this page", link.fragment);
            d.hint = Some(missing_heading_hint(&link.fragment, &anchors));
            rendered.diagnostics.push(d);
        }
        false
    });
    rendered
}

/// What to say about a link to a heading a page does not have: the closest heading, or the
/// headings there are.
pub fn missing_heading_hint(fragment: &str, anchors: &HashSet<String>) -> String {
    const SHOWN: usize = 8;
    // Sorted, so the hint is the same every run.
    let mut all: Vec<&str> = anchors.iter().map(String::as_str).collect();
    all.sort_unstable();
    if let Some(close) = did_you_mean(fragment, all.iter().copied()) {
        return format!("did you mean `#{close}`?");
    }
    if all.is_empty() {
        return "the page has no headings to link to; link to the page itself".into();
    }
    let listed: Vec<String> = all.iter().take(SHOWN).map(|a| format!("`#{a}`")).collect();
    let more = match all.len().saturating_sub(SHOWN) {
        0 => String::new(),
        rest => format!(" and {rest} more"),
    };
    format!("the headings there are {}{more}", listed.join(", "))
}

/// Footnote references are generated by the Markdown renderer, not written as links.
fn is_footnote(fragment: &str) -> bool {
    fragment.starts_with("fn")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_that_run_code_are_recognized_as_browsers_read_them() {
        for dest in [
            "javascript:x",
            " JavaScript:x",
            "java\tscript:x",
            "java\nscript:x",
            "VBScript:x",
            "data:text/html,x",
        ] {
            assert!(runs_code(dest), "{dest:?}");
        }
        for dest in [
            "https://x.org/javascript:x",
            "javascript.md",
            "data-sharing.md",
            "mailto:a@b.org",
            "#data:x",
            "",
        ] {
            assert!(!runs_code(dest), "{dest:?}");
        }
    }

    #[test]
    fn slugs_follow_github() {
        assert_eq!(slugify("How we count a leaver"), "how-we-count-a-leaver");
        assert_eq!(slugify("Goals & outcomes (2026)"), "goals--outcomes-2026");
        assert_eq!(slugify("  Café? Yes!  "), "café-yes");
    }

    #[test]
    fn slugs_are_unique_per_page() {
        let mut taken = Slugs::default();
        assert_eq!(unique_slug("notes".into(), &mut taken), "notes");
        assert_eq!(unique_slug("notes".into(), &mut taken), "notes-1");
        assert_eq!(unique_slug("notes-2".into(), &mut taken), "notes-2");
        assert_eq!(unique_slug("notes".into(), &mut taken), "notes-3");
        assert_eq!(unique_slug("notes-1".into(), &mut taken), "notes-1-1");
        assert_eq!(unique_slug(String::new(), &mut taken), "section");
        assert_eq!(unique_slug(String::new(), &mut taken), "section-1");
    }

    #[test]
    fn a_missing_heading_gets_the_closest_one_or_the_list() {
        let anchors: HashSet<String> = (1..=10).map(|i| format!("step-{i:02}")).collect();
        assert_eq!(
            missing_heading_hint("stpe-03", &anchors),
            "did you mean `#step-03`?"
        );
        assert_eq!(
            missing_heading_hint("budget", &anchors),
            "the headings there are `#step-01`, `#step-02`, `#step-03`, `#step-04`, \
             `#step-05`, `#step-06`, `#step-07`, `#step-08` and 2 more"
        );
        assert!(missing_heading_hint("x", &HashSet::new()).contains("no headings"));
    }
}
