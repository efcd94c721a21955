//! Rendered HTML moved to a page at another depth: the print pages show guides rendered for
//! their own pages, whose links climb a different number of folders to the site root.

use crate::cache::Memo;

/// [`rebase_links`], kept in `cache` when there is one: every department's print pages mostly
/// hold the same guides.
pub fn rebased(cache: Option<&Memo<String>>, html: &str, from_root: &str, to_root: &str) -> String {
    let Some(cache) = cache else {
        return rebase_links(html, from_root, to_root);
    };
    let key = crate::cache::key([from_root.as_bytes(), to_root.as_bytes(), html.as_bytes()]);
    String::clone(&cache.get_or(key, || rebase_links(html, from_root, to_root)))
}

/// Moves rendered HTML from a page at one depth to another: links that climb to the site root
/// (`../../x.html`) are re-prefixed. Links to content pages are always written that way.
pub fn rebase_links(html: &str, from_root: &str, to_root: &str) -> String {
    if from_root == to_root {
        return html.to_string();
    }
    if from_root.is_empty() {
        return html
            .replace("href=\"", &format!("href=\"{to_root}"))
            .replace(&format!("href=\"{to_root}#"), "href=\"#");
    }
    // One pass over the HTML: a section's print page rebases thousands of guides.
    let mut out = String::with_capacity(html.len());
    let mut copied = 0;
    for at in memchr::memmem::find_iter(html.as_bytes(), from_root.as_bytes()) {
        let before = &html[..at];
        if at >= copied && (before.ends_with("href=\"") || before.ends_with("src=\"")) {
            out.push_str(&html[copied..at]);
            out.push_str(to_root);
            copied = at + from_root.len();
        }
    }
    out.push_str(&html[copied..]);
    out
}

/// Gives every id in rendered HTML the prefix `prefix`, and the in-page links and labels that
/// name them too. A print page holds many guides, each of which may have a heading
/// "For coordinators": without the prefix their ids would repeat, and `#for-coordinators`
/// would jump to the first guide's heading instead of the one the link is in.
pub fn prefix_ids(html: &str, prefix: &str) -> String {
    if prefix.is_empty() {
        return html.to_string();
    }
    let mut out = html.to_string();
    for attribute in [
        " id=\"",
        " href=\"#",
        " for=\"",
        " aria-labelledby=\"",
        " aria-describedby=\"",
    ] {
        if out.contains(attribute) {
            out = out.replace(attribute, &format!("{attribute}{prefix}"));
        }
    }
    // An empty link target (`href="#"`) means the top of the page, not an id.
    out.replace(&format!(" href=\"#{prefix}\""), " href=\"#\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_the_links_to_them_get_the_prefix() {
        let html = concat!(
            "<h2 id=\"notes\">Notes <a class=\"anchor\" href=\"#notes\">#</a></h2>",
            "<a href=\"../a.html#notes\">a</a><a href=\"#\">top</a>",
            "<label for=\"x\">x</label><input id=\"x\"><p>id=\"y\" stays in text</p>"
        );
        assert_eq!(
            prefix_ids(html, "guide-a-"),
            concat!(
                "<h2 id=\"guide-a-notes\">Notes <a class=\"anchor\" href=\"#guide-a-notes\">#</a></h2>",
                "<a href=\"../a.html#notes\">a</a><a href=\"#\">top</a>",
                "<label for=\"guide-a-x\">x</label><input id=\"guide-a-x\"><p>id=\"y\" stays in text</p>"
            )
        );
        assert_eq!(prefix_ids(html, ""), html);
    }

    #[test]
    fn links_to_the_site_root_are_rebased_to_the_new_depth() {
        let html = concat!(
            "<a href=\"../../../guides/a.html\">A</a><img src=\"../../../img/x.png\" alt=\"\">",
            "<a href=\"#top\">top</a><a href=\"https://example.org/\">out</a>",
            "<p>../../../ stays in text</p><a href=\"../../../../up.html\">up</a>"
        );
        assert_eq!(
            rebase_links(html, "../../../", "../../"),
            concat!(
                "<a href=\"../../guides/a.html\">A</a><img src=\"../../img/x.png\" alt=\"\">",
                "<a href=\"#top\">top</a><a href=\"https://example.org/\">out</a>",
                "<p>../../../ stays in text</p><a href=\"../../../up.html\">up</a>"
            )
        );
        assert_eq!(rebase_links(html, "../", "../"), html);
        // From the site root every relative link gains the prefix, but in-page anchors stay.
        assert_eq!(
            rebase_links("<a href=\"a.html\">a</a><a href=\"#b\">b</a>", "", "../"),
            "<a href=\"../a.html\">a</a><a href=\"#b\">b</a>"
        );
    }
}
