//! Every output path of the site, relative to the output root with `/` separators, and the
//! relative prefixes that turn them into links from a page.

use serde::Serialize;

use crate::model::Kind;

pub const HOME_PATH: &str = "index.html";
pub const CURRICULUM_PATH: &str = "training/index.html";
pub const CHECKLISTS_PATH: &str = "checklists/index.html";
pub const SURVEYS_PATH: &str = "surveys/index.html";
pub const NOT_FOUND_PATH: &str = "404.html";
pub const SEARCH_PATH: &str = "search.html";
pub const SEARCH_INDEX_PATH: &str = "search-index.js";
pub const PRINT_PATH: &str = "print.html";

/// The printable pack of every checklist (a checklist may not use the id `print`).
pub const CHECKLIST_PACK_PATH: &str = "checklists/print.html";

/// The fixed pages' paths as templates receive them (`{{ root }}{{ urls.curriculum }}`), so
/// no template spells the site's URL scheme.
#[derive(Debug, Serialize)]
pub struct SiteUrls {
    pub home: &'static str,
    pub curriculum: &'static str,
    pub checklists: &'static str,
    pub checklist_pack: &'static str,
    pub surveys: &'static str,
    pub search: &'static str,
    pub search_index: &'static str,
    pub print: &'static str,
}

pub const SITE_URLS: SiteUrls = SiteUrls {
    home: HOME_PATH,
    curriculum: CURRICULUM_PATH,
    checklists: CHECKLISTS_PATH,
    checklist_pack: CHECKLIST_PACK_PATH,
    surveys: SURVEYS_PATH,
    search: SEARCH_PATH,
    search_index: SEARCH_INDEX_PATH,
    print: PRINT_PATH,
};

pub fn item_path(kind: Kind, id: &str) -> String {
    format!("{}/{id}.html", kind.folder())
}

pub fn section_path(section: &str) -> String {
    format!("guides/{section}/index.html")
}

pub fn section_print_path(section: &str) -> String {
    format!("guides/{section}/print.html")
}

pub fn survey_print_path(id: &str) -> String {
    format!("surveys/{id}/print.html")
}

pub fn survey_dictionary_path(id: &str) -> String {
    format!("surveys/{id}/dictionary.html")
}

pub fn survey_dictionary_csv_path(id: &str) -> String {
    format!("surveys/{id}/dictionary.csv")
}

/// The relative prefix from a page to the output root: `""`, `"../"`, `"../../"`...
pub fn root_prefix(page_path: &str) -> String {
    "../".repeat(page_path.matches('/').count())
}

/// The link prefix for the 404 page: the path part of `base_url`, ending in `/`. Servers show
/// that page at any depth, where relative links would break.
pub fn not_found_root(base_url: &str) -> String {
    let path = match base_url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => base_url,
    };
    if path.starts_with('/') {
        format!("{}/", path.trim_end_matches('/'))
    } else {
        "/".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_prefix_climbs_one_level_per_folder() {
        assert_eq!(root_prefix("index.html"), "");
        assert_eq!(root_prefix("checklists/a.html"), "../");
        assert_eq!(root_prefix("guides/goals/group/a.html"), "../../../");
    }

    #[test]
    fn not_found_page_links_from_the_base_path() {
        assert_eq!(not_found_root("/"), "/");
        assert_eq!(not_found_root("/handbook"), "/handbook/");
        assert_eq!(
            not_found_root("https://intranet.example/mentoring/"),
            "/mentoring/"
        );
        assert_eq!(not_found_root("https://intranet.example"), "/");
    }
}
