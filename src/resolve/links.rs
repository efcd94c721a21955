//! How content points at other files: relative links between content files, links that leave
//! the site, and `{{ checklist(id="...") }}`-style embeds. Shared by the renderer, which
//! rewrites them, and the checks, which follow them.

use crate::model::Kind;

/// Parses `{{ kind(id="value") }}`; `None` if the text is not an embed at all.
pub fn parse_embed(text: &str) -> Option<Result<(Kind, String), String>> {
    let inner = text.trim().strip_prefix("{{")?.strip_suffix("}}")?.trim();
    let parsed = (|| {
        let (name, rest) = inner.split_once('(')?;
        let kind = match name.trim() {
            "checklist" => Kind::Checklist,
            "survey" => Kind::Survey,
            "module" => Kind::Module,
            _ => return None,
        };
        let args = rest.trim().strip_suffix(')')?.trim();
        let value = args
            .strip_prefix("id")?
            .trim_start()
            .strip_prefix('=')?
            .trim();
        let id = value.strip_prefix('"')?.strip_suffix('"')?;
        Some((kind, id.to_string()))
    })();
    Some(parsed.ok_or_else(|| inner.to_string()))
}

/// Resolves `link` relative to the folder of `from` (both project-relative, `/`-separated).
/// `None` when the link climbs out of the project.
pub fn resolve_relative(from: &str, link: &str) -> Option<String> {
    if link.starts_with('/') {
        return None;
    }
    let folder = from.rsplit_once('/').map_or("", |(folder, _)| folder);
    let mut parts: Vec<&str> = Vec::new();
    for part in folder.split('/').chain(link.split('/')) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// A link that is not relative to the page: another site, a scheme (`mailto:`), or a path from
/// the server's root.
/// Where a link on the page at `from` (a path relative to the site's root) goes, relative to
/// the site's root: a folder link means its `index.html`. `None` when it climbs out of the site.
pub fn join_output(from: &str, link: &str) -> Option<String> {
    let mut joined = resolve_relative(from, link)?;
    if link.ends_with('/') || joined.is_empty() {
        if !joined.is_empty() {
            joined.push('/');
        }
        joined.push_str("index.html");
    }
    Some(joined)
}

pub fn is_external(url: &str) -> bool {
    url.starts_with("//")
        || url.starts_with('/')
        || url
            .split_once(':')
            .is_some_and(|(scheme, _)| !scheme.contains('/') && !scheme.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embeds_parse() {
        assert_eq!(
            parse_embed("{{ checklist(id=\"first-meeting\") }}"),
            Some(Ok((Kind::Checklist, "first-meeting".into())))
        );
        assert_eq!(
            parse_embed("{{module(id = \"x\")}}"),
            Some(Ok((Kind::Module, "x".into())))
        );
        assert!(matches!(parse_embed("{{ form(id=\"x\") }}"), Some(Err(_))));
        assert_eq!(parse_embed("plain text"), None);
    }

    #[test]
    fn relative_links_resolve_within_the_project() {
        assert_eq!(
            resolve_relative("content/guides/goals/a.md", "../../checklists/x.yaml").as_deref(),
            Some("content/checklists/x.yaml")
        );
        assert_eq!(
            resolve_relative("content/guides/goals/a.md", "./b.md").as_deref(),
            Some("content/guides/goals/b.md")
        );
        assert_eq!(resolve_relative("content/a.md", "../../../x.md"), None);
        assert_eq!(
            resolve_relative("content/guides/a.md", "x/./y//../b.md").as_deref(),
            Some("content/guides/x/b.md")
        );
        assert_eq!(resolve_relative("content/guides/a.md", "/etc/passwd"), None);
        assert_eq!(resolve_relative("a.md", "b.md").as_deref(), Some("b.md"));
    }

    #[test]
    fn external_links_are_left_alone() {
        assert!(is_external("https://example.org/x.md"));
        assert!(is_external("mailto:someone@example.org"));
        assert!(is_external("/absolute/x.md"));
        assert!(!is_external("../b.md"));
    }
}
