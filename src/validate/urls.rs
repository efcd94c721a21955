//! Addresses the configuration gives: where the site is published (`base_url`), where survey
//! responses are sent (`surveys.endpoint`) and the organization's logo. The first two reach
//! pages as links or a form's action, so only web addresses and paths are taken: a
//! `javascript:` endpoint would run code when a reader submits a survey.

use crate::diagnostics::{Code, Diagnostic, Diagnostics, SourceFile};
use crate::resolve::Site;

/// Why `url` is not an `http(s)://` address or a path on the site's own host, if so.
pub fn not_a_web_address(url: &str) -> Option<String> {
    let url = url.trim();
    if url.starts_with("//") {
        return Some(format!(
            "`{url}` has no scheme, so browsers read it as an address on another host"
        ));
    }
    if url.starts_with('/') {
        return None;
    }
    let scheme = url
        .split_once(':')
        .map(|(scheme, _)| scheme.to_ascii_lowercase());
    match scheme.as_deref() {
        Some("http" | "https") if url.contains("://") && url.len() > url.find("://")? + 3 => None,
        Some("http" | "https") => Some(format!("`{url}` has no host")),
        Some(scheme) if !scheme.contains('/') => Some(format!(
            "`{url}` is a `{scheme}:` address; only http and https addresses and paths are taken"
        )),
        _ => Some(format!(
            "`{url}` is neither an http(s) address nor a path starting with `/`"
        )),
    }
}

/// The organization's logo is a file of `static/` (or of the theme's): otherwise every page's
/// header would show a broken image, and this is the one place to say so.
fn check_logo(site: &Site, diagnostics: &mut Diagnostics) {
    let Some(logo) = site
        .config
        .organization
        .as_ref()
        .and_then(|o| o.logo.as_deref())
    else {
        return;
    };
    let relative = std::path::Path::new(logo.trim_start_matches('/'));
    let root = &site.project.root;
    let theme_static = std::path::Path::new("themes")
        .join(&site.config.theme)
        .join("static");
    let found = crate::load::is_real_file(root, &std::path::Path::new("static").join(relative))
        || crate::load::is_real_file(root, &theme_static.join(relative));
    if !found {
        let source = site.project.sources.get("mentorkit.yaml");
        diagnostics.push(
            at_key(source, ("logo:", Code::BrokenLink), format!("the organization's logo `{logo}` is not a file in static/"))
                .with_hint("put the image in static/ and write its path there, e.g. `logo: logo.svg` for static/logo.svg"),
        );
    }
}

/// Checks `base_url` and `surveys.endpoint` in mentorkit.yaml.
pub(super) fn validate_config_urls(site: &Site, diagnostics: &mut Diagnostics) {
    check_logo(site, diagnostics);
    let source = site.project.sources.get("mentorkit.yaml");
    let config = site.config;
    if let Some(problem) = not_a_web_address(&config.base_url) {
        diagnostics.push(at_key(source, ("base_url:", Code::WrongType), problem).with_hint(
            "write where the site is published, e.g. `https://intranet.example.org/mentoring/` or `/mentoring/`",
        ));
    }
    let endpoint = config.surveys.endpoint.as_deref().unwrap_or("").trim();
    // An endpoint may also be a relative path on the site's host, e.g. `api/responses`.
    let relative = !endpoint.contains(':') && !endpoint.starts_with("//");
    if !endpoint.is_empty()
        && !relative
        && let Some(problem) = not_a_web_address(endpoint)
    {
        diagnostics.push(at_key(source, ("endpoint:", Code::WrongType), problem).with_hint(
            "responses are sent to an http(s) address, e.g. `https://forms.example.org/mentoring`",
        ));
    }
}

fn at_key(source: Option<&SourceFile>, (key, code): (&str, Code), message: String) -> Diagnostic {
    let diagnostic = Diagnostic::error(code, message);
    match source {
        Some(_) => super::at_config_key(diagnostic, source, key),
        None => diagnostic.in_file(std::path::Path::new("mentorkit.yaml")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_and_paths_are_taken() {
        for url in [
            "https://x.org/",
            "http://intranet/mentoring",
            "/",
            "/mentoring/",
            " HTTPS://X.ORG ",
        ] {
            assert_eq!(not_a_web_address(url), None, "{url}");
        }
        for (url, why) in [
            ("javascript:alert(1)", "`javascript:` address"),
            ("data:text/html,x", "`data:` address"),
            ("//host/x", "no scheme"),
            ("https://", "no host"),
            ("mentoring", "neither"),
        ] {
            let problem = not_a_web_address(url).unwrap_or_default();
            assert!(problem.contains(why), "{url}: {problem}");
        }
    }
}
