//! The pages that show no content of their own: search and "page not found".

use tera::Context;

use super::{Handbook, base_context, home_link};
use crate::diagnostics::Diagnostic;
use crate::resolve::{Page, not_found_root};

pub fn not_found_context(handbook: &Handbook, page: &Page) -> Result<Context, Diagnostic> {
    let mut context = base_context(handbook, page, &handbook.shared.text.not_found, None)?;
    // Servers show the 404 page at any depth, so relative links would break there: it links
    // from the site's base path instead, and shows no switcher.
    context.insert("root", &not_found_root(&handbook.site.config.base_url));
    context.insert("switcher", &Vec::<()>::new());
    Ok(context)
}

pub fn search_context(handbook: &Handbook, page: &Page) -> Result<Context, Diagnostic> {
    let mut context = base_context(handbook, page, &handbook.shared.text.search, None)?;
    context.insert("breadcrumbs", &vec![home_link(handbook)]);
    Ok(context)
}
