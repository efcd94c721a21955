//! What every page's rendering shares, computed once per handbook: positions in the reading
//! orders, the handbook-wide template variables, and the partials and navigation guide lists
//! rendered once and spliced into each page that shows them (see [`crate::render::partials`]).

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use serde::Serialize;
use tera::Context;

use crate::diagnostics::Diagnostic;
use crate::render::partials::{NAV_GUIDES_MARK, SharedPartial};
use crate::render::template_errors::template_failure;
use crate::render::text::FixedText;
use crate::render::theme::{Theme, escape_html};
use crate::render::views::insert_owned;
use crate::resolve::Site;
use crate::resolve::nav::{NavPlaces, NavWindow, nav_guides};

/// The partial that draws the current section's guide list in the navigation.
const NAV_GUIDES_TEMPLATE: &str = "partials/nav-guides.html";

/// Rendered guide lists by window and page depth (`root`).
type NavLists = Mutex<rustc_hash::FxHashMap<(NavWindow, String), Arc<str>>>;

/// What every page's rendering shares, computed once per handbook: where each guide and
/// module stands in its reading order and its section's navigation, the template variables
/// that are the same on every page, and the navigation's guide lists rendered so far.
pub struct Shared {
    /// Position of each guide in the reading order, by guide index.
    pub guides: HashMap<usize, usize>,
    /// Position of each module in the curriculum order, by module index.
    pub modules: HashMap<usize, usize>,
    pub nav_places: NavPlaces,
    /// The template variables every page has.
    pub context: Context,
    /// The theme's words for breadcrumbs and fixed titles.
    pub text: FixedText,
    nav_lists: NavLists,
    /// Shared partials rendered so far, by their index in the theme's list, page depth and,
    /// for those that read `nav`, the navigation (see [`SharedNavigation`]).
    partials: Mutex<rustc_hash::FxHashMap<(usize, String, String), Arc<str>>>,
}

impl Shared {
    pub fn of(site: &Site, theme: &Theme) -> Result<Self, Diagnostic> {
        let positions = |order: &[usize]| order.iter().enumerate().map(|(p, &i)| (i, p)).collect();
        let mut context = Context::new();
        context.insert("site", site.config);
        context.insert("program_name", &site.program.name);
        context.insert("urls", &crate::resolve::SITE_URLS);
        // Department variants: the department this handbook is for (none for the
        // organization-wide one).
        context.insert("department", &site.variant.and_then(|v| v.department()));
        Ok(Shared {
            guides: positions(&site.reading_order),
            modules: positions(&site.module_order),
            nav_places: NavPlaces::of(site),
            context,
            text: FixedText::of(theme)?,
            nav_lists: Mutex::default(),
            partials: Mutex::default(),
        })
    }

    /// Puts the theme's shared partials, rendered once per depth, into a page's context; each
    /// reads only the handbook-wide values and the context's `root` (see [`crate::render::partials`]).
    pub fn insert_partials(&self, theme: &Theme, context: &mut Context) -> Result<(), Diagnostic> {
        if theme.shared_partials.is_empty() {
            return Ok(());
        }
        let root = context
            .get("root")
            .and_then(|r| r.as_str())
            .unwrap_or_default()
            .to_string();
        for (index, partial) in theme.shared_partials.iter().enumerate() {
            let navigation = partial
                .by_nav
                .then(|| SharedNavigation::of(context))
                .flatten();
            if partial.by_nav && navigation.is_none() {
                // No navigation on this page: its stub renders the partial itself.
                continue;
            }
            let (nav_key, guides) = match navigation {
                Some(SharedNavigation { key, guides }) => (key, Some(guides)),
                None => (String::new(), None),
            };
            let key = (index, root.clone(), nav_key);
            let html = self.partial(theme, partial, key, guides.is_some(), context)?;
            match &guides {
                Some(guides) => {
                    let html = with_guides(&html, guides);
                    insert_owned(context, &partial.variable, serde_json::Value::String(html));
                }
                None => context.insert(&partial.variable, &*html),
            }
        }
        Ok(())
    }

    /// A shared partial for the page whose context is `page`, rendered by the first page with
    /// the same `key`; with `by_nav`, with the page's navigation, its guide list left as the mark.
    fn partial(
        &self,
        theme: &Theme,
        partial: &SharedPartial,
        key: (usize, String, String),
        by_nav: bool,
        page: &Context,
    ) -> Result<Arc<str>, Diagnostic> {
        let rendered = || self.partials.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(html) = rendered().get(&key).cloned() {
            return Ok(html);
        }
        let mut handbook = self.context.clone();
        handbook.insert("root", &key.1);
        if let Some(nav) = by_nav.then(|| SharedNavigation::marked(page)).flatten() {
            insert_owned(&mut handbook, "nav", nav);
        }
        let html: Arc<str> = theme
            .tera
            .render(&partial.template, &handbook)
            .map_err(|error| template_failure(theme, &partial.name, &error))?
            .into();
        rendered().insert(key, Arc::clone(&html));
        Ok(html)
    }

    /// The guide list for `window` at depth `root`, rendered by the first page that needs it.
    pub fn nav_guides(
        &self,
        site: &Site,
        theme: &Theme,
        window: NavWindow,
        root: &str,
    ) -> Result<Arc<str>, Diagnostic> {
        let key = (window, root.to_string());
        let lists = || {
            self.nav_lists
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
        };
        if let Some(list) = lists().get(&key) {
            return Ok(Arc::clone(list));
        }
        let mut context = self.context.clone();
        context.insert("root", root);
        context.insert("section", &nav_guides(site, window, root));
        let list: Arc<str> = theme
            .tera
            .render(NAV_GUIDES_TEMPLATE, &context)
            .map_err(|error| template_failure(theme, NAV_GUIDES_TEMPLATE, &error))?
            .into();
        lists().insert(key, Arc::clone(&list));
        Ok(list)
    }
}

/// A page's navigation as a partial that reads `nav` is rendered for many pages: the same for
/// every page of a section at one depth, with the page's own guide list put in afterwards.
struct SharedNavigation {
    /// `nav` as text, its guide list replaced by [`NAV_GUIDES_MARK`]: pages whose navigation
    /// prints the same share a rendering.
    key: String,
    /// The page's guide list.
    guides: String,
}

impl SharedNavigation {
    fn of(context: &Context) -> Option<Self> {
        let serde_json::Value::Object(nav) = context.get("nav")? else {
            return None;
        };
        let guides = match nav.get("guides") {
            Some(serde_json::Value::String(guides)) => guides.clone(),
            _ => String::new(),
        };
        // A map of strings, numbers and lists: serializing it cannot fail.
        let key = serde_json::to_string(&MarkedNavigation(nav)).unwrap_or_default();
        Some(SharedNavigation { key, guides })
    }

    /// `nav` as the shared rendering sees it: its guide list replaced by the mark.
    fn marked(context: &Context) -> Option<serde_json::Value> {
        let serde_json::Value::Object(nav) = context.get("nav")? else {
            return None;
        };
        serde_json::to_value(MarkedNavigation(nav)).ok()
    }
}

/// Serializes `nav` with its guide list replaced by the mark, without copying it.
struct MarkedNavigation<'a>(&'a serde_json::Map<String, serde_json::Value>);

impl Serialize for MarkedNavigation<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in self.0 {
            match value {
                serde_json::Value::String(guides) if key == "guides" && !guides.is_empty() => {
                    map.serialize_entry(key, NAV_GUIDES_MARK)?
                }
                _ => map.serialize_entry(key, value)?,
            }
        }
        map.end()
    }
}

/// A shared navigation's HTML with the page's guide list where it printed
/// [`NAV_GUIDES_MARK`], built in one buffer of the final size.
fn with_guides(shared: &str, guides: &str) -> String {
    // Set up once: a search for a string pattern otherwise prepares itself on every call.
    static MARK: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new(NAV_GUIDES_MARK));
    let mut html = String::with_capacity(shared.len() + guides.len());
    let mut copied = 0;
    for at in MARK.find_iter(shared.as_bytes()) {
        html.push_str(&shared[copied..at]);
        html.push_str(guides);
        copied = at + NAV_GUIDES_MARK.len();
    }
    html.push_str(&shared[copied..]);
    html
}

/// `list` with every link to `url` marked as the current page, the way the template would
/// print the link (`href="{{ g.url }}"`).
///
/// The list is rendered once per chunk of guides and depth and shared by the pages of that
/// chunk, so the template cannot know which page it is on; marking the link afterwards keeps
/// that sharing. Rendering the list per page instead (passing the page's path) would undo it,
/// and a template cannot splice a per-page attribute into text rendered without it.
pub fn mark_current(list: &str, url: &str) -> String {
    let link = format!("href=\"{}\"", escape_html(url));
    let mut marked = String::with_capacity(list.len() + 32);
    let mut copied = 0;
    for at in memchr::memmem::find_iter(list.as_bytes(), link.as_bytes()) {
        let end = at + link.len();
        marked.push_str(&list[copied..end]);
        marked.push_str(" aria-current=\"page\"");
        copied = end;
    }
    marked.push_str(&list[copied..]);
    marked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_current_link_is_marked_by_its_exact_url() {
        let list = "<a href=\"../a.html\">A</a><a href=\"../aa.html\">AA</a><a class=\"x\" href=\"../a.html\">A again</a>";
        assert_eq!(
            mark_current(list, "../a.html"),
            "<a href=\"../a.html\" aria-current=\"page\">A</a><a href=\"../aa.html\">AA</a><a class=\"x\" href=\"../a.html\" aria-current=\"page\">A again</a>"
        );
        // The URL is matched as the template printed it: escaped.
        assert_eq!(
            mark_current("<a href=\"q&amp;a.html\">", "q&a.html"),
            "<a href=\"q&amp;a.html\" aria-current=\"page\">"
        );
        assert_eq!(mark_current(list, "../b.html"), list);
    }

    #[test]
    fn a_shared_navigation_gets_the_page_guide_list_at_each_mark() {
        let shared = format!("<ul>{NAV_GUIDES_MARK}</ul><p>{NAV_GUIDES_MARK}</p>");
        assert_eq!(
            with_guides(&shared, "<li>a</li>"),
            "<ul><li>a</li></ul><p><li>a</li></p>"
        );
        assert_eq!(with_guides("<nav></nav>", "<li>a</li>"), "<nav></nav>");
    }
}
