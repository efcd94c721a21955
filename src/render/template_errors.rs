//! Template failures as diagnostics: Tera's run-time errors read back into the variable and
//! template they name, and one report per distinct failure however many pages it stopped.

use crate::diagnostics::{Code, Diagnostic, SourceFile};
use crate::render::theme::{Theme, error_chain};

/// Names the pages a failure stopped. One mistake in a template fails every page that uses
/// it in the same way: each distinct failure is reported once, with the first page it stopped
/// and how many more.
pub fn merge_page_failures(failures: Vec<(&str, Diagnostic)>) -> Vec<Diagnostic> {
    let mut merged: Vec<(Diagnostic, Vec<&str>)> = Vec::new();
    for (page, diagnostic) in failures {
        match merged.iter_mut().find(|(first, _)| *first == diagnostic) {
            Some((_, pages)) => pages.push(page),
            None => merged.push((diagnostic, vec![page])),
        }
    }
    merged
        .into_iter()
        .map(|(mut diagnostic, pages)| {
            let stopped = match pages.as_slice() {
                [first, _, rest @ ..] => {
                    let others = rest.len() + 1;
                    let noun = if others == 1 { "page" } else { "pages" };
                    format!("{first} and {others} other {noun}")
                }
                _ => pages.concat(),
            };
            diagnostic.message = format!("cannot render {stopped}: {}", diagnostic.message);
            diagnostic
        })
        .collect()
}

/// The error for a template (or a partial) that failed to render; the caller names the page.
pub fn template_failure(theme: &Theme, template: &str, error: &tera::Error) -> Diagnostic {
    let message = error_chain(error);
    match unknown_variable(theme, &message) {
        Some((variable, template, source, at)) => Diagnostic::error(
            Code::Template,
            format!("unknown variable `{variable}` in `{template}`"),
        )
        .at(&source, at..at + variable.len())
        .with_hint("the page has no such value; docs/templates.md lists what each template gets"),
        None => Diagnostic::error(Code::Template, message).with_hint(format!(
            "check the template `{template}` and the partials it includes"
        )),
    }
}

/// Reads a "Variable `x` not found ... while rendering 'name'" error and finds the variable's
/// first use in that template (Tera's run-time errors say which variable, but not where): the
/// variable, the template, its text and the variable's offset in it.
fn unknown_variable<'a>(
    theme: &Theme,
    message: &'a str,
) -> Option<(&'a str, &'a str, SourceFile, usize)> {
    let (_, after) = message.split_once("Variable `")?;
    let (variable, after) = after.split_once("` not found")?;
    let (_, after) = after.split_once("while rendering '")?;
    let (template, _) = after.split_once('\'')?;
    let source = theme.template_source(template)?;
    let at = source.text.find(variable)?;
    Some((variable, template, source, at))
}
