//! Links and images of every generated page, checked against the built site: catches links
//! to files that are not part of the site and broken links written in templates.

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::diagnostics::{Code, Diagnostic, Diagnostics, SourceMap};
use crate::resolve::links::{is_external, join_output};

/// A rendered site, as the link check sees it: each page's HTML by output path, and the paths
/// of the other files (theme assets, logos).
pub struct GeneratedSite<'a> {
    pub pages: HashMap<&'a str, &'a str>,
    pub statics: HashSet<&'a str>,
    /// The site was rendered despite errors (for `check`): a link still naming a content file
    /// (`.md`, `.yaml`) is one the Markdown stage already reported, or left alone because its
    /// target failed to load, so it is not reported again here.
    pub despite_errors: bool,
}

/// Adds a broken link's diagnostic unless it was reported where it is written. A guide's HTML
/// is also on its section's print page and in every department handbook: a link written in it
/// is reported once, where it is written. On a print page it is rebased (`../../static/x.pdf`
/// reads `static/x.pdf`), so it is known there by the file it points at (`points_at`, within
/// its handbook), which `located` holds for the links reported where they are written.
fn report_once(
    diagnostic: Diagnostic,
    points_at: Option<&str>,
    from_markdown: bool,
    located: &mut HashSet<String>,
    diagnostics: &mut Diagnostics,
) {
    let reported_there = if diagnostic.file.is_some() {
        diagnostics
            .iter()
            .any(|d| (d.place(), &d.message) == (diagnostic.place(), &diagnostic.message))
    } else {
        from_markdown && points_at.is_some_and(|t| located.contains(t))
    };
    if diagnostic.file.is_some()
        && let Some(target) = points_at
    {
        located.insert(target.to_string());
    }
    if !reported_there {
        diagnostics.push(diagnostic);
    }
}

/// A path within its handbook: `departments/<id>/x` is `x`.
fn within_handbook(path: &str) -> &str {
    path.strip_prefix("departments/")
        .and_then(|rest| rest.split_once('/'))
        .map_or(path, |(_, within)| within)
}

/// Whether a page carries guides' or modules' HTML (their own pages, the section print pages
/// and the whole-handbook print page, in any handbook), whose `#fragment` problems the
/// Markdown stage reports where they are written.
fn carries_markdown(page: &str) -> bool {
    let page = within_handbook(page);
    page.starts_with("guides/") || page.starts_with("training/") || page == "print.html"
}

/// Whether a link's path names a content source file, which a built site never links to.
fn names_content_file(link: &str) -> bool {
    let path = link.split(['#', '?']).next().unwrap_or_default();
    [".md", ".yaml", ".yml"]
        .iter()
        .any(|ext| path.ends_with(ext))
}

/// Checks the links and images of every generated page against the built site.
pub fn generated_links(site: &GeneratedSite, sources: &SourceMap, diagnostics: &mut Diagnostics) {
    let (pages, statics) = (&site.pages, &site.statics);
    let mut ids: HashMap<&str, HashSet<String>> = HashMap::new();
    let mut reported: BTreeSet<(String, String)> = BTreeSet::new();
    // Broken targets already reported where a guide or module wrote the link.
    let mut located: HashSet<String> = HashSet::new();
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
        let from_markdown = carries_markdown(page);
        for link in attribute_values(html, "href")
            .into_iter()
            .chain(attribute_values(html, "src"))
        {
            if link.is_empty()
                || link == "#"
                || is_external(&link)
                || (site.despite_errors && names_content_file(&link))
            {
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
                join_output(page, path)
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
            let points_at = target.as_deref().map(within_handbook);
            report_once(
                diagnostic,
                points_at,
                from_markdown,
                &mut located,
                diagnostics,
            );
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
            return Diagnostic::error(Code::BrokenLink, message)
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
        return Diagnostic::error(Code::BrokenLink, message)
            .at(source, at..at + link.len())
            .with_hint(format!(
                "{problem} (on the generated page `{page}`); links are relative to {}",
                source.name
            ));
    }
    Diagnostic::error(Code::BrokenLink, message).with_hint(format!(
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_resolve_against_the_page_folder() {
        assert_eq!(
            join_output("guides/goals/a.html", "b.html").as_deref(),
            Some("guides/goals/b.html")
        );
        assert_eq!(
            join_output("guides/goals/a.html", "../../index.html").as_deref(),
            Some("index.html")
        );
        assert_eq!(
            join_output("guides/goals/a.html", "../").as_deref(),
            Some("guides/index.html")
        );
        assert_eq!(join_output("index.html", "../x.html"), None);
    }
}
