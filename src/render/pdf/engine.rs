//! The PDF engine: Typst as a library, in a world that holds only what mentorkit hands it.
//!
//! The world has one source (the document mentorkit wrote), the theme's style file, and the
//! images the document uses, read beforehand from the project through `load::files`. It has no
//! file system, no network, no packages and no clock; its fonts are the ones built into the
//! binary. So the engine reads nothing outside the project, and the same input makes the same
//! PDF bytes on every machine.

use std::collections::HashMap;
use std::num::NonZeroUsize;
use std::sync::OnceLock;

use typst::diag::{FileError, FileResult, Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration, Label, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::{LazyHash, PicoStr};
use typst::visualize::{ImageFormat, RasterImage, SvgImage, VectorFormat};
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

/// The standard library and the built-in fonts. They are constants of the binary, the same for
/// every document, so they are made once per process.
struct Fonts {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let fonts: Vec<Font> = typst_assets::fonts()
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        Fonts {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    })
}

/// A document to typeset: its Typst source and the files it may read, by their path in the
/// document's virtual root (`/style.typ`, `/images/3.png`).
pub struct Document {
    pub source: String,
    pub files: Vec<(String, Vec<u8>)>,
}

/// A typeset PDF.
pub struct Typeset {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// The page each asked-for label is on (see [`typeset`]).
    pub label_pages: HashMap<String, usize>,
}

/// Why a document could not be typeset: the engine's messages. The document is written by
/// mentorkit with every user string escaped, so this is a fault in a style file (a theme's or
/// a project's own) or in mentorkit, never in content.
#[derive(Debug)]
pub struct EngineError {
    pub messages: Vec<String>,
}

struct Sandbox {
    main: FileId,
    source: Source,
    files: HashMap<FileId, Bytes>,
}

fn file_id(path: &str) -> Option<FileId> {
    let vpath = VirtualPath::new(path).ok()?;
    Some(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

impl World for Sandbox {
    fn library(&self) -> &LazyHash<Library> {
        &fonts().library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &fonts().book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main {
            return Ok(self.source.clone());
        }
        let bytes = self.file(id)?;
        let text = std::str::from_utf8(bytes.as_slice()).map_err(|_| FileError::InvalidUtf8)?;
        Ok(Source::new(id, text.to_string()))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main {
            return Ok(Bytes::from_string(self.source.clone()));
        }
        self.files
            .get(&id)
            .cloned()
            .ok_or_else(|| FileError::AccessDenied)
    }

    fn font(&self, index: usize) -> Option<Font> {
        fonts().fonts.get(index).cloned()
    }

    /// The build never reads the clock: `datetime.today()` is an error in a document.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

/// Typesets `document` into PDF bytes, and finds the page of each label in `labels`.
pub fn typeset(document: Document, ident: &str, labels: &[String]) -> Result<Typeset, EngineError> {
    let sandbox = sandbox(document)?;
    let compiled = typst::compile::<PagedDocument>(&sandbox);
    let paged = compiled.output.map_err(|errors| engine_error(&errors))?;
    let options = typst_pdf::PdfOptions {
        ident: Smart::Custom(ident.to_string()),
        creator: Smart::Custom(Some("mentorkit".to_string())),
        ..typst_pdf::PdfOptions::default()
    };
    let bytes = typst_pdf::pdf(&paged, &options).map_err(|errors| engine_error(&errors))?;
    let label_pages = labels
        .iter()
        .filter_map(|name| Some((name.clone(), label_page(&paged, name)?.get())))
        .collect();
    Ok(Typeset {
        bytes,
        pages: paged.pages().len(),
        label_pages,
    })
}

fn sandbox(document: Document) -> Result<Sandbox, EngineError> {
    let unusable = |path: &str| EngineError {
        messages: vec![format!("`{path}` is not a usable path in the PDF engine")],
    };
    let main = file_id("/main.typ").ok_or_else(|| unusable("/main.typ"))?;
    let mut files = HashMap::new();
    for (path, bytes) in document.files {
        let id = file_id(&path).ok_or_else(|| unusable(&path))?;
        files.insert(id, Bytes::new(bytes));
    }
    Ok(Sandbox {
        main,
        source: Source::new(main, document.source),
        files,
    })
}

/// The page the element labelled `name` is on.
fn label_page(document: &PagedDocument, name: &str) -> Option<NonZeroUsize> {
    let label = Label::new(PicoStr::intern(name))?;
    let introspector = document.introspector();
    let element = introspector.elements().query_label(label).ok()?;
    let position = introspector.position(element.location()?)?;
    Some(position.page)
}

fn engine_error(diagnostics: &[SourceDiagnostic]) -> EngineError {
    let messages = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            let hints: Vec<&str> = d.hints.iter().map(|h| h.v.as_str()).collect();
            if hints.is_empty() {
                d.message.to_string()
            } else {
                format!("{} ({})", d.message, hints.join("; "))
            }
        })
        .collect();
    EngineError { messages }
}

/// Lets the engine forget what it memoized for documents typeset long ago: a long-running
/// process (`serve`) calls it after typesetting, so its memory stays that of a few documents.
pub fn forget_old_work() {
    typst::comemo::evict(10);
}

/// Whether the engine can draw an image from `bytes`; the reason when it cannot. Checked
/// before typesetting so a bad image is a located warning and is left out, not a failed PDF.
pub fn check_image(bytes: &[u8]) -> Result<(), String> {
    let data = Bytes::new(bytes.to_vec());
    match ImageFormat::detect(bytes) {
        Some(ImageFormat::Raster(format)) => RasterImage::plain(data, format)
            .map(|_| ())
            .map_err(|e| e.to_string()),
        Some(ImageFormat::Vector(VectorFormat::Svg)) => SvgImage::new(data)
            .map(|_| ())
            .map_err(|e| format!("{e:?}")),
        _ => Err("it is not a PNG, JPEG, GIF, WebP or SVG image".to_string()),
    }
}

/// The text of every page of a typeset document, in the order it was laid out (for tests).
#[cfg(test)]
pub fn typeset_text(document: Document) -> Result<String, EngineError> {
    use typst::layout::{Frame, FrameItem};
    fn walk(frame: &Frame, out: &mut String) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(group) => walk(&group.frame, out),
                FrameItem::Text(text) => out.push_str(&text.text),
                _ => {}
            }
        }
    }
    let sandbox = sandbox(document)?;
    let paged = typst::compile::<PagedDocument>(&sandbox)
        .output
        .map_err(|errors| engine_error(&errors))?;
    let mut out = String::new();
    for page in paged.pages() {
        walk(&page.frame, &mut out);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(source: &str) -> Document {
        Document {
            source: source.to_string(),
            files: Vec::new(),
        }
    }

    #[test]
    fn typesets_a_page_and_finds_a_label() {
        let source = "= One <first>\n#pagebreak()\n= Two <second>\n";
        let labels = [
            "first".to_string(),
            "second".to_string(),
            "none".to_string(),
        ];
        let pdf = typeset(document(source), "test", &labels).unwrap();
        assert!(pdf.bytes.starts_with(b"%PDF-"));
        assert_eq!(pdf.pages, 2);
        assert_eq!(pdf.label_pages.get("first"), Some(&1));
        assert_eq!(pdf.label_pages.get("second"), Some(&2));
        assert_eq!(pdf.label_pages.get("none"), None);
    }

    #[test]
    fn the_same_source_makes_the_same_bytes() {
        let a = typeset(document("Hello"), "same", &[]).unwrap();
        let b = typeset(document("Hello"), "same", &[]).unwrap();
        assert_eq!(a.bytes, b.bytes);
    }

    #[test]
    fn reads_no_file_it_was_not_given_and_no_clock() {
        for source in [
            "#read(\"/etc/passwd\")",
            "#read(\"../../../etc/passwd\")",
            "#image(\"/etc/hostname\")",
            "#import \"@preview/cetz:0.3.0\"",
            "#datetime.today()",
        ] {
            let error = typeset(document(source), "x", &[]).err().unwrap();
            assert!(!error.messages.is_empty(), "{source}");
        }
    }

    #[test]
    fn a_given_file_is_readable() {
        let doc = Document {
            source: "#read(\"/note.txt\")".to_string(),
            files: vec![("/note.txt".to_string(), b"kept".to_vec())],
        };
        assert!(typeset(doc, "x", &[]).is_ok());
    }

    #[test]
    fn checks_images_before_typesetting() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>"#;
        assert!(check_image(svg).is_ok());
        assert!(check_image(b"not an image").is_err());
        assert!(check_image(b"\x89PNG\r\n\x1a\nbroken").is_err());
    }
}

/// Any string in any field of a PDF comes out as its own characters: through a string
/// literal into text, a heading, a Typst dictionary of data, and a style function.
#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::{Document, typeset_text};
    use crate::render::pdf::markup;

    /// The characters that count: what a reader sees, in any order (right-to-left text is laid
    /// out in its reading order, and spaces become gaps between runs).
    fn visible(text: &str) -> Vec<char> {
        let mut chars: Vec<char> = text
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .collect();
        chars.sort_unstable();
        chars
    }

    fn document_with(field: &str) -> String {
        let mut source = String::from("#set text(hyphenate: false)\n");
        markup::push_text(&mut source, field);
        source.push_str("\n\n#heading(");
        source.push_str(&markup::string(field));
        source.push_str(")\n#let data = ");
        source.push_str(&markup::value(
            &serde_json::json!({ "title": field, "items": [field] }),
        ));
        source.push_str("\n#data.title #data.items.at(0)\n#strong(");
        source.push_str(&markup::string(field));
        source.push_str(")\n");
        source
    }

    fn hostile() -> impl Strategy<Value = String> {
        prop_oneof![
            // Printable ASCII (every Typst special), Latin-1, a little CJK.
            proptest::string::string_regex("[ -~\u{a0}-\u{17f}\u{4e00}-\u{4e10}\n\t]{0,40}")
                .expect("a valid pattern"),
            Just("#read(\"/etc/passwd\")".to_string()),
            Just("#set page(width: 1pt)".to_string()),
            Just("\"); #panic(\"x".to_string()),
            Just("] #import \"/mentorkit.typ\" [".to_string()),
            Just("\\\" <label> @ref $x^2$ // comment /* c".to_string()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn any_string_prints_as_its_own_characters(field in hostile()) {
            let document = Document { source: document_with(&field), files: Vec::new() };
            let text = typeset_text(document).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
            let expected: Vec<char> = (0..5).flat_map(|_| visible(&field)).collect();
            let mut expected = expected;
            expected.sort_unstable();
            prop_assert_eq!(visible(&text), expected);
        }
    }
}
