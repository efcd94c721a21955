//! YAML loading of every file kind: the first byte picks the kind, the rest is the file.
//! Any input must give a value or a located diagnostic: never a panic, hang or runaway memory.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use mentorkit::diagnostics::SourceFile;
use mentorkit::model::{Checklist, Config, FrontMatter, Module, Program, Survey};
use mentorkit::load::yaml;

fuzz_target!(|data: &[u8]| {
    let Some((&kind, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let names = ["mentorkit.yaml", "content/program.yaml", "content/checklists/x.yaml", "content/surveys/x.yaml", "content/training/x.yaml", "content/guides/goals/x.md"];
    let name = names[kind as usize % names.len()];
    let source = SourceFile::new(name.into(), Arc::from(text));
    let end = source.text.len();
    let diagnostic = match kind % 6 {
        0 => yaml::parse::<Config>(&source, 0, end).err(),
        1 => yaml::parse::<Program>(&source, 0, end).err(),
        2 => yaml::parse::<Checklist>(&source, 0, end).err(),
        3 => yaml::parse::<Survey>(&source, 0, end).err(),
        4 => yaml::parse::<Module>(&source, 0, end).err(),
        _ => yaml::parse::<FrontMatter>(&source, 0, end).err(),
    };
    if let Some(d) = diagnostic {
        // Rendering the diagnostic must work too (line/column inside the text).
        assert!(d.line <= source.text.matches('\n').count() + 1, "line out of range: {d:?}");
        let mut list = mentorkit::diagnostics::Diagnostics::default();
        list.push(d);
        let mut sources = mentorkit::diagnostics::SourceMap::default();
        sources.add(source);
        let _ = mentorkit::diagnostics::render_plain(&list, &sources);
    }
});
