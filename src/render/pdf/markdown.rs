//! Markdown to Typst markup: the PDF's one path for guides and facilitator guides. It reads the
//! same Markdown with the same options as the HTML renderer (headings with the same ids, so a
//! link to `guide.md#heading` lands on that heading in the PDF), and writes every piece of text
//! through [`markup::push_text`]. What a PDF cannot hold (raw HTML, an image that is missing or
//! unreadable) is left out with a located warning.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, Event, Parser, Tag, TagEnd};

use super::markup::{self, push_text};
use crate::diagnostics::{Code, Diagnostic, SourceFile};
use crate::model::Kind;
use crate::render::markdown::{CalloutTitles, Slugs, markdown_options, slugify};
use crate::resolve::links::parse_embed;

/// Where a link in the text goes in the PDF.
pub enum LinkTo {
    /// A place inside the same PDF.
    Label(String),
    /// A heading inside the same PDF, or the start of its guide if the heading is not there
    /// (a department's version of the guide may not have it; `build` warns about the link).
    Heading { guide: String, heading: String },
    /// An address outside it.
    Url(String),
    /// Nowhere a PDF can point: the link's text is kept, without a link.
    Nowhere,
}

/// What the text's links, images and embeds stand for in this PDF.
pub trait Places: Sync {
    /// Where `dest`, written in the file at logical path `from`, leads; `own` is the label
    /// of the text's own guide (for a link to one of its headings, `#heading`).
    fn link(&self, dest: &str, from: &str, own: &str) -> LinkTo;
    /// The image at `dest`, written in a text published at `page_path`: its path in the
    /// engine's files, or why it is left out.
    fn image(&self, dest: &str, page_path: &str) -> Result<String, String>;
    /// An embedded checklist or survey: its title and its label in this PDF, if it is in it.
    fn embed(&self, kind: Kind, id: &str) -> Option<(String, Option<String>)>;
}

/// A piece of Markdown to convert.
pub struct Text<'a> {
    pub source: &'a SourceFile,
    /// Byte range of the Markdown inside the source file.
    pub range: Range<usize>,
    /// The file links resolve from (a department file links from its organization-wide place).
    pub from: &'a str,
    /// Where the text's web page is, which its images' paths are relative to.
    pub page_path: &'a str,
    /// Added to the level of every heading of the text (its `##` is level 2 plus this).
    pub heading_offset: u8,
    /// The prefix of its headings' labels (a guide's own label).
    pub label: &'a str,
    pub callouts: &'a CalloutTitles,
}

/// The markup of a text, and what it left out.
pub struct Converted {
    pub markup: String,
    pub warnings: Vec<Diagnostic>,
}

/// Warnings per text before the rest are only counted, as the HTML renderer does.
const MAX_WARNINGS: usize = 20;

/// Lists and quotes nested deeper than this are laid out flat in the PDF: the engine has a
/// nesting limit of its own, and no printed page shows more levels.
const MAX_NESTING: usize = 12;

/// Converts `text` to Typst markup.
pub fn convert(text: &Text, places: &dyn Places) -> Converted {
    let markdown = &text.source.text[text.range.clone()];
    let events: Vec<(Event, Range<usize>)> = Parser::new_ext(markdown, markdown_options())
        .into_offset_iter()
        .collect();
    let (body, footnotes) = split_footnotes(events);
    let mut writer = Writer {
        text,
        places,
        out: String::with_capacity(markdown.len() * 2),
        warnings: Vec::new(),
        left_out: 0,
        slugs: Slugs::reserving(&[]),
        footnotes: &footnotes,
        open: Vec::new(),
        depth: 0,
        in_html_block: false,
        nesting: Vec::new(),
    };
    writer.write(&body);
    if writer.left_out > 0 {
        let mut more = Diagnostic::warning(
            Code::Pdf,
            format!("{} more things are left out of the PDF", writer.left_out),
        );
        more.file = Some(text.source.name.clone());
        writer.warnings.push(more);
    }
    Converted {
        markup: writer.out,
        warnings: writer.warnings,
    }
}

type Events<'e> = Vec<(Event<'e>, Range<usize>)>;

/// The text's events without its footnote definitions, and the definitions by label.
fn split_footnotes(events: Events) -> (Events, HashMap<String, Events>) {
    let mut body = Vec::with_capacity(events.len());
    let mut footnotes: HashMap<String, Events> = HashMap::new();
    let mut current: Option<(String, Events)> = None;
    for (event, range) in events {
        match (&mut current, event) {
            (None, Event::Start(Tag::FootnoteDefinition(label))) => {
                current = Some((label.to_string(), Vec::new()));
            }
            (Some(_), Event::End(TagEnd::FootnoteDefinition)) => {
                if let Some((label, events)) = current.take() {
                    footnotes.entry(label).or_insert(events);
                }
            }
            (Some((_, events)), event) => events.push((event, range)),
            (None, event) => body.push((event, range)),
        }
    }
    (body, footnotes)
}

/// A construct whose closing markup depends on what it held.
enum Open {
    Heading {
        title: String,
        id: Option<String>,
    },
    Paragraph {
        start: usize,
        text: String,
        only_text: bool,
        range: Range<usize>,
    },
    Image {
        alt: String,
        dest: String,
        range: Range<usize>,
    },
    Code {
        lang: Option<String>,
        text: String,
    },
}

struct Writer<'a, 'e> {
    text: &'a Text<'a>,
    places: &'a dyn Places,
    out: String,
    warnings: Vec<Diagnostic>,
    left_out: usize,
    slugs: Slugs,
    footnotes: &'a HashMap<String, Events<'e>>,
    open: Vec<Open>,
    /// Footnotes inside footnotes: followed this deep at most.
    depth: usize,
    /// Inside an HTML block, reported once at its start.
    in_html_block: bool,
    /// The open lists, items and quotes: whether each is laid out flat.
    nesting: Vec<bool>,
}

impl<'e> Writer<'_, 'e> {
    fn write(&mut self, events: &[(Event<'e>, Range<usize>)]) {
        for (event, range) in events {
            if self.in_capture(event) {
                continue;
            }
            match event {
                Event::Start(tag) => self.start(tag, range),
                Event::End(tag) => self.end(*tag),
                Event::Text(text) => self.text(text),
                Event::Code(code) => self.inline_code(code),
                Event::SoftBreak => self.text(" "),
                Event::HardBreak => self.out.push_str("#linebreak();"),
                Event::Rule => self.out.push_str("\n#line(length: 100%)\n\n"),
                Event::TaskListMarker(done) => self.out.push_str(if *done {
                    "#task(true);"
                } else {
                    "#task(false);"
                }),
                Event::FootnoteReference(label) => self.footnote(label),
                Event::Html(_) if self.in_html_block => {}
                Event::Html(html) | Event::InlineHtml(html) => self.html(html, range),
                Event::InlineMath(text) | Event::DisplayMath(text) => self.text(text),
            }
        }
    }

    /// Text inside an image (its alt text) or a code block is kept for the end of it.
    fn in_capture(&mut self, event: &Event) -> bool {
        let captured = match (self.open.last_mut(), event) {
            (Some(Open::Image { alt, .. }), Event::Text(_) | Event::Code(_)) => alt,
            (Some(Open::Code { text, .. }), Event::Text(_)) => text,
            (Some(Open::Image { .. }), Event::End(TagEnd::Image)) => return false,
            (Some(Open::Image { .. }), _) => return true,
            _ => return false,
        };
        if let Event::Text(t) | Event::Code(t) = event {
            captured.push_str(t);
        }
        true
    }

    fn text(&mut self, text: &str) {
        for open in self.open.iter_mut().rev() {
            match open {
                Open::Heading { title, .. } => {
                    title.push_str(text);
                    break;
                }
                Open::Paragraph { text: all, .. } => {
                    all.push_str(text);
                    break;
                }
                _ => {}
            }
        }
        push_text(&mut self.out, text);
    }

    fn inline_code(&mut self, code: &str) {
        self.not_only_text();
        if let Some(Open::Heading { title, .. }) = self.open.last_mut() {
            title.push_str(code);
        }
        self.out.push_str("#raw(");
        markup::push_string(&mut self.out, code);
        self.out.push_str(");");
    }

    fn not_only_text(&mut self) {
        if let Some(Open::Paragraph { only_text, .. }) = self.open.last_mut() {
            *only_text = false;
        }
    }

    fn start(&mut self, tag: &Tag<'e>, range: &Range<usize>) {
        if !matches!(tag, Tag::Paragraph) {
            self.not_only_text();
        }
        match tag {
            Tag::Paragraph => self.open.push(Open::Paragraph {
                start: self.out.len(),
                text: String::new(),
                only_text: true,
                range: range.clone(),
            }),
            Tag::Heading { level, id, .. } => {
                let level = (*level as u8 + self.text.heading_offset).min(6);
                self.out
                    .push_str(&format!("\n#heading(level: {level}, outlined: false)["));
                self.open.push(Open::Heading {
                    title: String::new(),
                    id: id.as_ref().map(|id| id.to_string()),
                });
            }
            Tag::BlockQuote(_) | Tag::List(_) | Tag::Item if self.too_deep(tag, range) => {}
            Tag::BlockQuote(kind) => self.block_quote(*kind),
            Tag::CodeBlock(kind) => self.open.push(Open::Code {
                lang: match kind {
                    CodeBlockKind::Fenced(lang) if !lang.is_empty() => Some(lang.to_string()),
                    _ => None,
                },
                text: String::new(),
            }),
            Tag::HtmlBlock => {
                self.in_html_block = true;
                self.html(
                    &self.text.source.text[self.text.range.start..][range.clone()],
                    range,
                );
            }
            Tag::List(Some(first)) => self.out.push_str(&format!("\n#enum(start: {first},")),
            Tag::List(None) => self.out.push_str("\n#list("),
            Tag::Item => self.out.push('['),
            Tag::Table(alignments) => self.table(alignments),
            Tag::TableHead => self.out.push_str("table.header("),
            Tag::TableRow => {}
            Tag::TableCell => self.out.push('['),
            Tag::Emphasis => self.out.push_str("#emph["),
            Tag::Strong => self.out.push_str("#strong["),
            Tag::Strikethrough => self.out.push_str("#strike["),
            Tag::Superscript => self.out.push_str("#super["),
            Tag::Subscript => self.out.push_str("#sub["),
            Tag::Link { dest_url, .. } => self.link(dest_url),
            Tag::Image { dest_url, .. } => self.open.push(Open::Image {
                alt: String::new(),
                dest: dest_url.to_string(),
                range: range.clone(),
            }),
            Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_) => self.out.push_str("#["),
        }
    }

    fn end(&mut self, tag: TagEnd) {
        if matches!(tag, TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item)
            && self.nesting.pop() == Some(true)
        {
            // A container laid out flat: its end is a paragraph break.
            self.out.push_str("\n\n");
            return;
        }
        match tag {
            TagEnd::Paragraph => self.end_paragraph(),
            TagEnd::Heading(_) => self.end_heading(),
            TagEnd::BlockQuote(_) => self.out.push_str("]\n\n"),
            TagEnd::CodeBlock => self.end_code(),
            TagEnd::HtmlBlock => self.in_html_block = false,
            TagEnd::List(_) => self.out.push_str(")\n\n"),
            TagEnd::Item | TagEnd::TableCell => self.out.push_str("],"),
            TagEnd::TableHead => self.out.push_str("),"),
            TagEnd::TableRow => {}
            TagEnd::Table => self.out.push_str(")\n\n"),
            TagEnd::Image => self.end_image(),
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::MetadataBlock(_) => self.out.push(']'),
        }
    }

    /// Whether a list, item or quote opening at `range` is nested too deep to lay out as
    /// such; the first one is reported.
    fn too_deep(&mut self, _tag: &Tag, range: &Range<usize>) -> bool {
        let open = self.nesting.iter().filter(|flat| !**flat).count();
        let flat = open >= MAX_NESTING || self.nesting.last() == Some(&true);
        if flat && !self.nesting.contains(&true) {
            self.warn(
                range,
                &format!("lists and quotes nested over {MAX_NESTING} levels deep are laid out flat in the PDF"),
                "the web page nests them; fewer levels read better on paper too",
            );
        }
        self.nesting.push(flat);
        flat
    }

    fn block_quote(&mut self, kind: Option<BlockQuoteKind>) {
        let callouts = self.text.callouts;
        let (class, title) = match kind {
            Some(BlockQuoteKind::Note) => ("note", &callouts.note),
            Some(BlockQuoteKind::Tip) => ("tip", &callouts.tip),
            Some(BlockQuoteKind::Important) => ("important", &callouts.important),
            Some(BlockQuoteKind::Warning) => ("warning", &callouts.warning),
            Some(BlockQuoteKind::Caution) => ("caution", &callouts.caution),
            None => {
                self.out.push_str("\n#quote(block: true)[");
                return;
            }
        };
        self.out.push_str(&format!("\n#callout(\"{class}\", "));
        markup::push_string(&mut self.out, title);
        self.out.push_str(")[");
    }

    fn table(&mut self, alignments: &[pulldown_cmark::Alignment]) {
        use pulldown_cmark::Alignment;
        let aligns: Vec<&str> = alignments
            .iter()
            .map(|a| match a {
                Alignment::Center => "center",
                Alignment::Right => "right",
                Alignment::None | Alignment::Left => "left",
            })
            .collect();
        self.out.push_str(&format!(
            "\n#md-table(columns: {}, align: ({},),",
            aligns.len().max(1),
            aligns.join(",")
        ));
    }

    fn link(&mut self, dest: &str) {
        match self.places.link(dest, self.text.from, self.text.label) {
            LinkTo::Label(label) => self.out.push_str(&format!("#link(<{label}>)[")),
            LinkTo::Heading { guide, heading } => self
                .out
                .push_str(&format!("#heading-link(<{guide}>, \"{heading}\")[")),
            LinkTo::Url(url) => {
                self.out.push_str("#link(");
                markup::push_string(&mut self.out, &url);
                self.out.push_str(")[");
            }
            LinkTo::Nowhere => self.out.push_str("#["),
        }
    }

    fn end_paragraph(&mut self) {
        let Some(Open::Paragraph {
            start,
            text,
            only_text,
            range,
        }) = self.open.pop()
        else {
            return;
        };
        let embed = only_text.then(|| parse_embed(&text)).flatten();
        match embed {
            Some(Ok((kind, id))) => {
                self.out.truncate(start);
                self.embed(kind, &id);
            }
            Some(Err(_)) => self.leave_out(&range, "a malformed embed is left out of the PDF"),
            None => {}
        }
        self.out.push_str("\n\n");
    }

    /// An embedded checklist or survey: a reference to its page in the PDF.
    fn embed(&mut self, kind: Kind, id: &str) {
        let Some((title, label)) = self.places.embed(kind, id) else {
            return;
        };
        self.out.push_str("#embed-ref(");
        markup::push_string(&mut self.out, kind.noun());
        self.out.push_str(", ");
        markup::push_string(&mut self.out, &title);
        match label {
            Some(label) => self.out.push_str(&format!(", <{label}>)")),
            None => self.out.push_str(", none)"),
        }
    }

    fn end_heading(&mut self) {
        let Some(Open::Heading { title, id, .. }) = self.open.pop() else {
            return;
        };
        let slug = self.slugs.unique(id.unwrap_or_else(|| slugify(&title)));
        let label = markup::label(self.text.label, &slug);
        self.out.push_str(&format!("]<{label}>\n"));
    }

    fn end_code(&mut self) {
        let Some(Open::Code { lang, text }) = self.open.pop() else {
            return;
        };
        self.out.push_str("\n#raw(block: true, lang: ");
        self.out.push_str(&markup::optional(lang.as_deref()));
        self.out.push_str(", ");
        markup::push_string(&mut self.out, text.trim_end_matches('\n'));
        self.out.push_str(")\n\n");
    }

    fn end_image(&mut self) {
        let Some(Open::Image { alt, dest, range }) = self.open.pop() else {
            return;
        };
        match self.places.image(&dest, self.text.page_path) {
            Ok(path) => {
                self.out.push_str("#md-image(");
                markup::push_string(&mut self.out, &path);
                self.out.push_str(", ");
                markup::push_string(&mut self.out, &alt);
                self.out.push_str(");");
            }
            // Not part of the site: the HTML page reports the broken link.
            Err(why) if why.is_empty() => {
                self.out.push_str("#left-out(");
                markup::push_string(&mut self.out, &alt);
                self.out.push_str(");");
            }
            Err(why) => {
                self.leave_out(
                    &range,
                    &format!("the image `{dest}` is left out of the PDF: {why}"),
                );
                self.out.push_str("#left-out(");
                markup::push_string(&mut self.out, &alt);
                self.out.push_str(");");
            }
        }
    }

    fn footnote(&mut self, label: &str) {
        let Some(events) = self.footnotes.get(label) else {
            return;
        };
        if self.depth > 2 {
            return;
        }
        self.depth += 1;
        self.out.push_str("#footnote[");
        self.write(events);
        self.out.push(']');
        self.depth -= 1;
    }

    fn html(&mut self, html: &str, range: &Range<usize>) {
        let trimmed = html.trim();
        if trimmed.is_empty() || trimmed.starts_with("<!--") {
            return;
        }
        if matches!(trimmed, "<br>" | "<br/>" | "<br />") {
            self.out.push_str("#linebreak();");
            return;
        }
        let shown: String = trimmed.chars().take(40).collect();
        self.warn(
            range,
            &format!("raw HTML `{shown}` is left out of the PDF"),
            "prefer Markdown: the web page shows the HTML, the PDF has only what is written in Markdown",
        );
    }

    /// A located warning for something the PDF leaves out.
    fn leave_out(&mut self, range: &Range<usize>, message: &str) {
        self.warn(
            range,
            message,
            "the web page shows it; write it in Markdown to have it in the PDF too",
        );
    }

    /// A located warning about the PDF.
    fn warn(&mut self, range: &Range<usize>, message: &str, hint: &str) {
        if self.warnings.len() >= MAX_WARNINGS {
            self.left_out += 1;
            return;
        }
        let source = self.text.source;
        let start = self.text.range.start + range.start;
        let line_end = source.text[start..]
            .find('\n')
            .map_or(source.text.len(), |i| start + i);
        let end = (self.text.range.start + range.end)
            .min(line_end)
            .max(start + 1);
        let warning = Diagnostic::warning(Code::Pdf, message)
            .at(source, start..end.min(source.text.len()))
            .with_hint(hint);
        self.warnings.push(warning);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::render::pdf::engine::{Document, typeset_text};
    use crate::render::pdf::source::STYLE;

    /// Links to `other.md` are in the PDF; no image is; every embed is a checklist elsewhere.
    struct Fixed;

    impl Places for Fixed {
        fn link(&self, dest: &str, _from: &str, own: &str) -> LinkTo {
            match dest {
                "other.md" => LinkTo::Label("g:other".into()),
                d if d.starts_with('#') => LinkTo::Heading {
                    guide: own.into(),
                    heading: markup::label(own, &d[1..]),
                },
                d => LinkTo::Url(d.into()),
            }
        }
        fn image(&self, _dest: &str, _page_path: &str) -> Result<String, String> {
            Err("it is not there".into())
        }
        fn embed(&self, _kind: Kind, _id: &str) -> Option<(String, Option<String>)> {
            Some(("First meeting".into(), None))
        }
    }

    fn converted(markdown: &str) -> Converted {
        let source = SourceFile::new("content/guides/a.md".into(), Arc::from(markdown));
        let callouts = CalloutTitles {
            note: "Note".into(),
            warning: "Warning".into(),
            ..CalloutTitles::default()
        };
        let text = Text {
            source: &source,
            range: 0..markdown.len(),
            from: "content/guides/a.md",
            page_path: "guides/a.html",
            heading_offset: 1,
            label: "g:a",
            callouts: &callouts,
        };
        convert(&text, &Fixed)
    }

    /// The text the PDF shows for `markdown`, whitespace collapsed.
    fn printed(markdown: &str) -> String {
        let markup = converted(markdown).markup;
        let source =
            format!("#import \"/mentorkit.typ\": *\n#heading(level: 2)[Other]<g:other>\n{markup}");
        let document = Document {
            source,
            files: vec![("/mentorkit.typ".into(), STYLE.as_bytes().to_vec())],
        };
        let text = typeset_text(document).unwrap_or_else(|e| panic!("{e:?}\n{markup}"));
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn every_markdown_construct_typesets() {
        let markdown = "## Hello *World*\n\nSome **strong**, ~~struck~~ and `code` text.\\\nNext line.\n\n\
            1. first\n2. second\n   - nested\n\n- [x] done\n- [ ] open\n\n\
            | Who | What |\n| --- | :-: |\n| Mentor | Listens |\n\n\
            > [!NOTE]\n> Keep notes.\n\n> A quote.\n\n\
            A footnote[^1] and [a link](https://example.org) and [another guide](other.md) and [up](#hello-world).\n\n\
            ```rust\nfn main() {}\n```\n\n---\n\n{{ checklist(id=\"first-meeting\") }}\n\n[^1]: The note.\n";
        let text = printed(markdown);
        for expected in [
            "Hello World",
            "strong",
            "struck",
            "code",
            "Next line.",
            "first",
            "nested",
            "done",
            "Mentor",
            "Listens",
            "Note",
            "Keep notes.",
            "A quote.",
            "The note.",
            "a link",
            "another guide",
            "fn main() {}",
            "First meeting",
        ] {
            assert!(text.contains(expected), "`{expected}` in: {text}");
        }
    }

    #[test]
    fn headings_get_the_html_pages_ids_as_labels() {
        let markup = converted("## Hello World\n\n## Hello World\n\n### Custom {#mine}\n").markup;
        assert!(markup.contains("<g:a:hello-world>"), "{markup}");
        assert!(markup.contains("<g:a:hello-world-1>"), "{markup}");
        assert!(markup.contains("<g:a:mine>"), "{markup}");
        assert!(
            markup.contains("#heading(level: 3, outlined: false)"),
            "{markup}"
        );
    }

    #[test]
    fn typst_syntax_in_markdown_prints_as_written() {
        let text = printed("#set page(width: 1cm) and $x^2$ and &lt;label> and @ref and \\#not\n");
        assert!(
            text.contains("#set page(width: 1cm) and $x^2$ and <label> and @ref and #not"),
            "{text}"
        );
    }

    #[test]
    fn raw_html_and_missing_images_are_located_warnings() {
        let found =
            converted("Intro\n\n<div>box</div>\n\n<!-- a comment -->\n\n![Chart](chart.png)\n");
        let messages: Vec<String> = found
            .warnings
            .iter()
            .map(|w| format!("{}:{} {}", w.line, w.column, w.message))
            .collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages[0].starts_with("3:1 raw HTML `<div>box</div>`"),
            "{messages:?}"
        );
        assert!(
            messages[1].starts_with("7:1 the image `chart.png` is left out"),
            "{messages:?}"
        );
        assert!(found.markup.contains("#left-out(\"Chart\")"));
    }

    #[test]
    fn deep_nesting_is_laid_out_flat_with_one_warning() {
        let markdown: String = (0..40)
            .map(|depth| format!("{}- level {depth}\n", "  ".repeat(depth)))
            .collect();
        let found = converted(&markdown);
        assert_eq!(found.warnings.len(), 1, "{:?}", found.warnings);
        let text = printed(&markdown);
        assert!(
            text.contains("level 0") && text.contains("level 39"),
            "{text}"
        );
    }
}
