//! `sitemap.xml`, for search engines, when the site knows its own address (`base_url` is an
//! http(s) address): every page a reader may land on, in a stable order.

use super::theme::escape_html;

/// The output path of the sitemap.
pub const SITEMAP_PATH: &str = "sitemap.xml";

/// Whether a page belongs in the sitemap: HTML pages but the not-found and search pages.
pub fn listed(path: &str) -> bool {
    path.ends_with(".html") && !path.ends_with("404.html") && !path.ends_with("search.html")
}

/// The sitemap of `paths` (output paths, any order) for a site published at `base_url`, or
/// `None` when `base_url` is not an absolute http(s) address.
pub fn sitemap_xml(base_url: &str, paths: &[String]) -> Option<String> {
    let lower = base_url.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return None;
    }
    let base = base_url.trim_end_matches('/');
    let mut sorted: Vec<&String> = paths.iter().filter(|p| listed(p)).collect();
    sorted.sort();
    sorted.dedup();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in sorted {
        let url = format!("{base}/{path}");
        xml.push_str("  <url><loc>");
        xml.push_str(&escape_html(&url));
        xml.push_str("</loc></url>\n");
    }
    xml.push_str("</urlset>\n");
    Some(xml)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_absolute_base_url_gets_a_sitemap_of_the_readable_pages() {
        let paths: Vec<String> = [
            "index.html",
            "404.html",
            "search.html",
            "guides/a.html",
            "style.css",
            "guides/a.html",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(sitemap_xml("/mentoring/", &paths), None);
        let xml = sitemap_xml("https://x.example/m&e/", &paths).unwrap();
        assert!(
            xml.contains("<loc>https://x.example/m&amp;e/guides/a.html</loc>"),
            "{xml}"
        );
        assert!(xml.contains("<loc>https://x.example/m&amp;e/index.html</loc>"));
        assert_eq!(xml.matches("<url>").count(), 2, "{xml}");
    }
}
