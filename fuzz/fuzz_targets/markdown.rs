//! Markdown rendering of a guide body with link rewriting and embeds, against a small
//! synthetic handbook (so links to real guides, checklists and embeds resolve).
#![no_main]

use std::sync::{Arc, OnceLock};

use libfuzzer_sys::fuzz_target;
use mentorkit::diagnostics::{Diagnostics, SourceFile};
use mentorkit::load;
use mentorkit::model::{Kind, Project};
use mentorkit::render::markdown::{self, CalloutTitles, MarkdownInput};
use mentorkit::resolve::{self, Site};
use mentorkit_synth::{self as synth, SynthOptions};

fn site() -> &'static Site<'static> {
    static SITE: OnceLock<Site<'static>> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("mentorkit-fuzz-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        synth::write(&dir, &SynthOptions { guides: 12, departments: 0, seed: 1 }).expect("write synthetic project");
        let mut diagnostics = Diagnostics::default();
        let project: &'static Project = Box::leak(Box::new(load::load(&dir, &mut diagnostics)));
        let _ = std::fs::remove_dir_all(&dir);
        let config = project.config.as_ref().expect("config");
        let program = project.program.as_ref().expect("program");
        resolve::resolve(project, config, program, &|_| None)
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let site = site();
    let source = SourceFile::new("content/guides/goals/group-00/fuzz.md".into(), Arc::from(text));
    let embed = |kind: Kind, id: &str, _page: &str| site.lookup(kind, id).map(|_| format!("<p>{id}</p>"));
    let input = MarkdownInput {
        source: &source,
        start: 0,
        end: text.len(),
        page_path: "guides/goals/group-00/fuzz.html",
        shift_headings: (data.len() % 3) as u8,
        callouts: &CalloutTitles {
            note: "Note <&>".into(),
            ..CalloutTitles::default()
        },
        reserved_ids: &["assessment"],
    };
    let rendered = markdown::render(site, &input, &embed);
    for d in rendered.diagnostics.iter().chain(&rendered.lints) {
        if let Some(span) = &d.span {
            assert!(span.start <= span.end && span.end <= text.len(), "span out of range: {d:?}");
        }
    }
});
