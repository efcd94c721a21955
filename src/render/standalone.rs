//! Pages outside the site, for the coordinator alone (the match review): one template of the
//! theme, given its whole context, so an organization translates or restyles them like any
//! other page.

use serde::Serialize;

use super::template_errors::template_failure;
use super::theme::Theme;
use crate::diagnostics::{Code, Diagnostic};

/// Renders `template` with `context`.
pub fn render_standalone(
    theme: &Theme,
    template: &str,
    context: &impl Serialize,
) -> Result<String, Diagnostic> {
    let context = tera::Context::from_serialize(context).map_err(|error| {
        Diagnostic::error(
            Code::Template,
            format!("cannot prepare `{template}`: {error}"),
        )
    })?;
    theme
        .tera
        .render(template, &context)
        .map_err(|error| template_failure(theme, template, &error))
}
