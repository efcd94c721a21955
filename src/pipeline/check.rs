//! `mentorkit check`: everything `build` validates, without writing the site, plus what only
//! an author needs to hear about:
//!
//! - links to a `#heading` that does not exist (a warning in `build`, an error here);
//! - every link and image of every generated page, resolved against the built site (catches
//!   links to files that are not part of the site, and broken links in templates);
//! - checklists and surveys that no phase lists and no guide or module uses (warnings);
//! - raw HTML in Markdown and images without alt text (warnings, collected by the renderer).
//!
//! Output is rustc-style for people, or JSON for editors and CI.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics, Severity, SourceFile, SourceMap};
use crate::load;
use crate::model::{Kind, Program, Project};
use crate::pipeline as build;
use crate::render::markdown::{parse_embed, resolve_relative};
use crate::render::theme::{self, StaticFile};
use crate::render::{self, OutputPage};
use crate::resolve;

/// The result of a check: every problem, and the sources they point into.
pub struct Report {
    pub diagnostics: Diagnostics,
    pub sources: SourceMap,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.diagnostics.error_count()
    }
    pub fn warnings(&self) -> usize {
        self.diagnostics.warning_count()
    }
}

/// Checks the project at `root`. The caller has checked it is a handbook project.
///
/// Runs the whole build in memory (every department variant included). When that stops at
/// errors before rendering, the organization-wide Markdown is rendered anyway, so broken links
/// and anchors are reported in the same run as the other errors.
pub fn check(root: &Path) -> Report {
    let run = build::run(root, build::Overrides::default());
    let mut found: Vec<Diagnostic> = run.diagnostics.into_iter().chain(run.lints).collect();
    let mut project_sources = run.sources;
    let mut ignored = Diagnostics::default();
    let mut project = load::load(root, &mut ignored);
    if run.site.is_none() {
        let theme = project.config.as_ref().and_then(|config| {
            theme::load(root, &config.theme, &mut ignored, &mut project.sources)
        });
        if let (Some(config), Some(program), Some(theme)) =
            (&project.config, &project.program, &theme)
        {
            let site = resolve::resolve(&project, config, program);
            let mut rendering = Diagnostics::default();
            let mut lints = Diagnostics::default();
            // Markdown only: no page needs to be rendered for its diagnostics.
            render::render_selected(&site, theme, &mut rendering, &mut lints, &|_| false);
            for diagnostic in rendering.into_iter().chain(lints) {
                if !found.contains(&diagnostic) {
                    found.push(diagnostic);
                }
            }
        }
    }
    let mut report = Diagnostics::default();
    for mut diagnostic in found {
        if diagnostic.message.starts_with("no heading `#") {
            // A link to a missing heading is a broken link: `check` fails on it.
            diagnostic.severity = Severity::Error;
        }
        report.push(diagnostic);
    }
    orphans(&project, &mut report);
    if let Some(site) = &run.site {
        generated_links(&site.pages, &site.statics, &project.sources, &mut report);
    }
    for diagnostic in report.iter() {
        if let Some(name) = &diagnostic.file
            && project_sources.get(name).is_none()
            && let Some(source) = project.sources.get(name)
        {
            project_sources.add(source.clone());
        }
    }
    Report {
        diagnostics: report,
        sources: project_sources,
    }
}

/// Checklists and surveys that nothing uses, in the organization-wide handbook and in each
/// department's (for the files a department adds or replaces).
fn orphans(project: &Project, diagnostics: &mut Diagnostics) {
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
        let diagnostic = Diagnostic::warning(message).with_hint(hint);
        diagnostics.push(match project.sources.get(&file) {
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

/// Checks the links and images of every generated page against the built site.
fn generated_links(
    pages: &[OutputPage],
    statics: &[StaticFile],
    sources: &SourceMap,
    diagnostics: &mut Diagnostics,
) {
    let pages: HashMap<&str, &str> = pages
        .iter()
        .map(|p| (p.path.as_str(), p.html.as_str()))
        .collect();
    let statics: HashSet<&str> = statics.iter().map(|f| f.path.as_str()).collect();
    let mut ids: HashMap<&str, HashSet<String>> = HashMap::new();
    let mut reported: BTreeSet<(String, String)> = BTreeSet::new();
    let mut paths: Vec<&str> = pages
        .keys()
        .copied()
        .filter(|p| p.ends_with(".html"))
        .collect();
    // Pages of their own source first: a link written in a guide is then reported from the
    // guide's page, relative to where the author wrote it, before a print page carries it.
    paths.sort_by_cached_key(|page| {
        let own = own_sources(page)
            .into_iter()
            .flatten()
            .any(|name| sources.get(&name).is_some());
        (!own, *page)
    });
    for page in paths {
        let html = pages[page];
        // Markdown already reports its own `#fragment` problems, with their place.
        let from_markdown = page.starts_with("guides/") || page.starts_with("training/");
        for link in attribute_values(html, "href")
            .into_iter()
            .chain(attribute_values(html, "src"))
        {
            if link.is_empty() || link == "#" || is_external(&link) {
                continue;
            }
            let (path, fragment) = match link.split_once('#') {
                Some((path, fragment)) => (path, Some(fragment)),
                None => (link.as_str(), None),
            };
            let path = path.split('?').next().unwrap_or_default();
            let target = if path.is_empty() {
                Some(page.to_string())
            } else {
                join(page, path)
            };
            let exists = |t: &str| pages.contains_key(t) || statics.contains(t);
            let problem = match &target {
                None => Some("it climbs out of the site".to_string()),
                Some(t) if !exists(t) => Some(format!("`{t}` is not part of the site")),
                Some(t) => match fragment {
                    Some(fragment) if !fragment.is_empty() && !from_markdown => {
                        let html_of_target = pages.get(t.as_str()).copied();
                        let target_ids = ids
                            .entry(pages.get_key_value(t.as_str()).map_or("", |(k, _)| k))
                            .or_insert_with(|| id_set(html_of_target.unwrap_or_default()));
                        (html_of_target.is_some() && !target_ids.contains(fragment))
                            .then(|| format!("`{t}` has no element with id `{fragment}`"))
                    }
                    _ => None,
                },
            };
            let Some(problem) = problem else { continue };
            if !reported.insert((page.to_string(), link.clone())) {
                continue;
            }
            let diagnostic = locate_link(page, &link, &problem, sources);
            // A guide's HTML is also on its section's print page and in every department
            // handbook: a link written in it is reported once, where it is written.
            let reported_there = diagnostic.file.is_some()
                && diagnostics
                    .iter()
                    .any(|d| (d.place(), &d.message) == (diagnostic.place(), &diagnostic.message));
            if !reported_there {
                diagnostics.push(diagnostic);
            }
        }
    }
}

/// Places a broken link of a generated page in the source it came from, when it can be found
/// there (guides and modules, also when another page carries their HTML); otherwise it comes
/// from a template.
fn locate_link(page: &str, link: &str, problem: &str, sources: &SourceMap) -> Diagnostic {
    let message = format!("broken link `{link}`");
    for name in own_sources(page).into_iter().flatten() {
        if let Some(source) = sources.get(&name)
            && let Some(at) = source.text.find(&format!("({link}")).map(|i| i + 1)
        {
            return Diagnostic::error(message)
                .at(source, at..at + link.len())
                .with_hint(format!("{problem}; links are relative to {name}"));
        }
    }
    // Print pages and department handbooks carry guides' and modules' HTML too.
    let written = format!("]({link}");
    let content = sources
        .iter()
        .filter(|source| source.name.starts_with("content/"))
        .find_map(|source| {
            let at = source.text.find(&written)? + 2;
            Some((source, at))
        });
    if let Some((source, at)) = content {
        return Diagnostic::error(message)
            .at(source, at..at + link.len())
            .with_hint(format!(
                "{problem} (on the generated page `{page}`); links are relative to {}",
                source.name
            ));
    }
    Diagnostic::error(message).with_hint(format!(
        "{problem}; the link is on the generated page `{page}`, so it comes from a template (templates/ or the theme)"
    ))
}

/// The content file a guide's or module's own page is made from.
fn own_sources(page: &str) -> [Option<String>; 2] {
    [
        page.strip_prefix("guides/")
            .and_then(|p| p.strip_suffix(".html"))
            .map(|key| format!("content/guides/{key}.md")),
        page.strip_prefix("training/")
            .and_then(|p| p.strip_suffix(".html"))
            .map(|id| format!("content/training/{id}.yaml")),
    ]
}

fn is_external(url: &str) -> bool {
    url.starts_with("//")
        || url.starts_with('/')
        || url
            .split_once(':')
            .is_some_and(|(scheme, _)| !scheme.contains('/') && !scheme.is_empty())
}

/// Resolves `link` against the folder of the page at `from`; `None` when it leaves the site.
fn join(from: &str, link: &str) -> Option<String> {
    let mut joined = crate::render::markdown::resolve_relative(from, link)?;
    if link.ends_with('/') || joined.is_empty() {
        if !joined.is_empty() {
            joined.push('/');
        }
        joined.push_str("index.html");
    }
    Some(joined)
}

/// The double-quoted values of an attribute in HTML, entity `&amp;` decoded.
fn attribute_values(html: &str, attribute: &str) -> Vec<String> {
    let needle = format!(" {attribute}=\"");
    let mut values = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(&needle) {
        rest = &rest[at + needle.len()..];
        if let Some(end) = rest.find('"') {
            values.push(rest[..end].replace("&amp;", "&"));
            rest = &rest[end..];
        }
    }
    values
}

fn id_set(html: &str) -> HashSet<String> {
    attribute_values(html, "id")
        .into_iter()
        .chain(attribute_values(html, "name"))
        .collect()
}

/// A diagnostic as JSON output gives it.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    severity: Severity,
    message: &'a str,
    file: Option<&'a str>,
    line: usize,
    column: usize,
    hint: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    errors: usize,
    warnings: usize,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

/// The report as JSON: `{"errors": n, "warnings": n, "diagnostics": [...]}`.
pub fn to_json(report: &Report) -> String {
    let sorted = report.diagnostics.sorted();
    let json = JsonReport {
        errors: report.errors(),
        warnings: report.warnings(),
        diagnostics: sorted
            .iter()
            .map(|d| JsonDiagnostic {
                severity: d.severity,
                message: &d.message,
                file: d.file.as_deref(),
                line: d.line,
                column: d.column,
                hint: d.hint.as_deref(),
            })
            .collect(),
    };
    // Serializing plain structs of strings and numbers cannot fail.
    serde_json::to_string_pretty(&json).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_resolve_against_the_page_folder() {
        assert_eq!(
            join("guides/goals/a.html", "b.html").as_deref(),
            Some("guides/goals/b.html")
        );
        assert_eq!(
            join("guides/goals/a.html", "../../index.html").as_deref(),
            Some("index.html")
        );
        assert_eq!(
            join("guides/goals/a.html", "../").as_deref(),
            Some("guides/index.html")
        );
        assert_eq!(join("index.html", "../x.html"), None);
    }

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
