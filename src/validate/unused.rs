//! Checklists and surveys that nothing uses: no phase lists them and no guide or module links
//! to or embeds them (a `check` warning: the page is published but nobody is sent to it).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, SourceFile, SourceMap};
use crate::model::Program;
use crate::model::{Kind, Project};
use crate::resolve::links::{parse_embed, resolve_relative};

/// Checklists and surveys that nothing uses, in the organization-wide handbook and in each
/// department's (for the files a department adds or replaces).
pub fn orphans(project: &Project, sources: &SourceMap, diagnostics: &mut Diagnostics) {
    let mut unused = unused_items(project, project.program.as_ref());
    for department in &project.departments {
        let mut ignored = Diagnostics::default();
        let variant = crate::resolve::overlay::variant_project(project, department, &mut ignored);
        let program = project.program.as_ref().map(|program| {
            crate::resolve::overlay::department_program(program, department, None, &mut ignored)
        });
        let own = format!("{}/", department.folder);
        unused.extend(
            unused_items(&variant, program.as_ref())
                .into_iter()
                .filter(|(_, _, file)| file.starts_with(&own)),
        );
    }
    for (kind, id, file) in unused {
        let noun = kind.noun();
        let folder = kind.folder();
        let function = match kind {
            Kind::Survey => "survey",
            _ => "checklist",
        };
        let message = format!(
            "{noun} `{id}` is not used: no phase lists it and no guide links to or embeds it"
        );
        let program_file = match project
            .departments
            .iter()
            .find(|d| file.starts_with(&d.folder))
        {
            Some(department) => format!("the `program:` of {}", department.file),
            None => "content/program.yaml".to_string(),
        };
        let hint = format!(
            "add it to a phase's `{folder}:` in {program_file}, or embed it in a guide with {{{{ {function}(id=\"{id}\") }}}}"
        );
        let diagnostic = Diagnostic::warning(Code::Unused, message).with_hint(hint);
        diagnostics.push(match sources.get(&file) {
            Some(source) => {
                let span = title_span(source);
                diagnostic.at(source, span)
            }
            None => diagnostic.in_file(Path::new(&file)),
        });
    }
}

/// The checklists and surveys of `project` that nothing uses: no phase of `program` lists
/// them, no guide or module guide embeds or links to them, and no module uses them as its
/// assessment. Each as (kind, id, file).
fn unused_items(project: &Project, program: Option<&Program>) -> Vec<(Kind, String, String)> {
    let mut used: HashSet<(Kind, String)> = HashSet::new();
    if let Some(program) = program {
        for phase in &program.phases {
            used.extend(
                phase
                    .checklists
                    .iter()
                    .map(|id| (Kind::Checklist, id.value.clone())),
            );
            used.extend(
                phase
                    .surveys
                    .iter()
                    .map(|id| (Kind::Survey, id.value.clone())),
            );
        }
    }
    // Department files link as if they were at the organization-wide place they mirror.
    let by_file: HashMap<&str, (Kind, &str)> = project
        .checklists
        .iter()
        .map(|e| {
            (
                project.logical_path(&e.file),
                (Kind::Checklist, e.id.as_str()),
            )
        })
        .chain(
            project
                .surveys
                .iter()
                .map(|e| (project.logical_path(&e.file), (Kind::Survey, e.id.as_str()))),
        )
        .collect();
    let mut texts: Vec<(&str, &str)> = project
        .guides
        .iter()
        .map(|g| (g.file.as_str(), g.body()))
        .collect();
    for module in &project.modules {
        if let Some(guide) = &module.data.guide {
            texts.push((&module.file, &guide.value));
        }
        if let Some(assessment) = &module.data.assessment {
            used.insert((Kind::Checklist, assessment.value.clone()));
            used.insert((Kind::Survey, assessment.value.clone()));
        }
    }
    for (file, text) in texts {
        for (kind, id) in embeds(text) {
            used.insert((kind, id));
        }
        for dest in link_destinations(text) {
            let path = dest.split('#').next().unwrap_or_default();
            if let Some(resolved) = resolve_relative(project.logical_path(file), path)
                && let Some((kind, id)) = by_file.get(resolved.as_str())
            {
                used.insert((*kind, (*id).to_string()));
            }
        }
    }
    project
        .checklists
        .iter()
        .map(|e| (Kind::Checklist, &e.id, &e.file))
        .chain(
            project
                .surveys
                .iter()
                .map(|e| (Kind::Survey, &e.id, &e.file)),
        )
        .filter(|(kind, id, _)| !used.contains(&(*kind, (*id).clone())))
        .map(|(kind, id, file)| (kind, id.clone(), file.clone()))
        .collect()
}

/// The `title:` line of a YAML file, or its first line.
fn title_span(source: &SourceFile) -> std::ops::Range<usize> {
    let text = &source.text;
    let start = if text.starts_with("title:") {
        0
    } else {
        text.find("\ntitle:").map_or(0, |i| i + 1)
    };
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    start..end.max(start)
}

/// Every `{{ checklist(id="...") }}`-style embed in a Markdown text.
fn embeds(text: &str) -> Vec<(Kind, String)> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        let after = &rest[open..];
        let Some(close) = after.find("}}") else { break };
        if let Some(Ok(embed)) = parse_embed(&after[..close + 2]) {
            found.push(embed);
        }
        rest = &after[2..];
    }
    found
}

/// The destinations of the links and images in a Markdown text.
fn link_destinations(text: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    Parser::new_ext(text, Options::all())
        .filter_map(|event| match event {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => Some(dest_url.to_string()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embeds_and_links_are_found_in_markdown() {
        let text = "See [the list](../../checklists/a.yaml#top).\n\n{{ survey(id=\"b\") }}\n";
        assert_eq!(embeds(text), vec![(Kind::Survey, "b".to_string())]);
        assert_eq!(
            link_destinations(text),
            vec!["../../checklists/a.yaml#top".to_string()]
        );
    }
}
