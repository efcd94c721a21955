//! Partials rendered once per handbook and page depth instead of once per page.
//!
//! Most partials a page includes, such as the site header and footer, print only handbook-wide
//! values: `site`, `program_name`, `department` and the page's `root` prefix. Their Tera
//! lookups were a large share of a big handbook's build. When a partial's syntax tree shows
//! that it reads nothing else, it is rendered once per `root` and every page prints the
//! result. A partial that reads anything page-specific (or calls a function or macro, whose
//! result this module cannot see through) is left alone, so any override keeps working as
//! written; only how often it is rendered changes.
//!
//! A partial that reads the navigation, `nav`, as well is rendered once per depth and
//! navigation: the guide pages of a section share everything in `nav` but their guide list,
//! which the render puts in afterwards where the partial printed [`NAV_GUIDES_MARK`].
//!
//! The mechanism: the partial's text is added again under [`SHARED_PREFIX`], and its own name
//! gets a stub that prints the pre-rendered HTML from a context variable when the page has it,
//! and includes the original otherwise.

use std::collections::{BTreeSet, HashMap};

use tera::Tera;
use tera::ast::{Expr, ExprVal, Node};

/// Where the original text of a shared partial is kept in the template set.
pub const SHARED_PREFIX: &str = "mentorkit/shared/";

/// The variables that hold the same value on every page of a handbook at one depth.
const HANDBOOK_WIDE: [&str; 5] = ["site", "program_name", "department", "root", "urls"];

/// Those and the navigation, `nav`: the same on every page of a section except for its guide
/// list, `nav.guides`, which is HTML the page prints as it is.
const WITH_NAVIGATION: [&str; 6] = ["site", "program_name", "department", "root", "urls", "nav"];

/// A partial rendered once per handbook and depth.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedPartial {
    /// The partial's own name, e.g. `partials/header.html`.
    pub name: String,
    /// The name its original text is kept under.
    pub template: String,
    /// The context variable its stub prints.
    pub variable: String,
    /// It reads `nav` too: it is rendered once per navigation state and depth, and each page
    /// puts its own guide list where [`NAV_GUIDES_MARK`] was printed.
    pub by_nav: bool,
}

/// What `nav.guides` holds while a partial that reads `nav` is rendered for many pages; a
/// private-use character, so no text of a handbook contains it.
pub const NAV_GUIDES_MARK: &str = "\u{F8FF}mentorkit-nav-guides\u{F8FF}";

/// The partials of `tera` that can be shared, and the templates to add for them: each
/// original text under [`SHARED_PREFIX`] and a stub under its own name. `texts` are the
/// templates' sources by name.
pub fn plan(tera: &Tera, texts: &[(&str, &str)]) -> (Vec<SharedPartial>, Vec<(String, String)>) {
    let templates: HashMap<&str, &[Node]> = tera
        .templates
        .iter()
        .map(|(name, template)| (name.as_str(), template.ast.as_slice()))
        .collect();
    // A template that binds a handbook-wide name or `nav` (`{% set root = ... %}`, a loop
    // variable `site`, a macro argument `department`) would change what an included partial
    // sees.
    if templates.values().any(|ast| binds_handbook_wide(ast)) {
        return (Vec::new(), Vec::new());
    }
    let included: BTreeSet<&str> = templates.values().flat_map(|ast| includes(ast)).collect();
    let mut shared = Vec::new();
    let mut added = Vec::new();
    for name in included {
        let Some(text) = texts.iter().find(|(n, _)| *n == name).map(|(_, t)| *t) else {
            continue;
        };
        let by_nav = if handbook_wide(name, &templates, &mut Vec::new(), &HANDBOOK_WIDE) {
            false
        } else if handbook_wide(name, &templates, &mut Vec::new(), &WITH_NAVIGATION) {
            true
        } else {
            continue;
        };
        let partial = SharedPartial {
            name: name.to_string(),
            template: format!("{SHARED_PREFIX}{name}"),
            variable: format!("mentorkit_shared_{}", shared.len()),
            by_nav,
        };
        let stub = format!(
            "{{% if {var} is defined %}}{{{{ {var} | safe }}}}{{% else %}}{{% include \"{original}\" %}}{{% endif %}}",
            var = partial.variable,
            original = partial.template,
        );
        added.push((partial.template.clone(), text.to_string()));
        added.push((name.to_string(), stub));
        shared.push(partial);
    }
    (shared, added)
}

/// The names `ast` includes, at any depth.
fn includes(ast: &[Node]) -> Vec<&str> {
    let mut found = Vec::new();
    walk(ast, &mut |node| {
        if let Node::Include(_, names, _) = node {
            found.extend(names.iter().map(String::as_str));
        }
    });
    found
}

/// Calls `visit` on every node of `ast` and of the bodies nested in it.
fn walk<'a>(ast: &'a [Node], visit: &mut impl FnMut(&'a Node)) {
    for node in ast {
        visit(node);
        match node {
            Node::MacroDefinition(_, definition, _) => walk(&definition.body, visit),
            Node::FilterSection(_, section, _) => walk(&section.body, visit),
            Node::Block(_, block, _) => walk(&block.body, visit),
            Node::Forloop(_, forloop, _) => {
                walk(&forloop.body, visit);
                if let Some(empty) = &forloop.empty_body {
                    walk(empty, visit);
                }
            }
            Node::If(branches, _) => {
                for (_, _, body) in &branches.conditions {
                    walk(body, visit);
                }
                if let Some((_, body)) = &branches.otherwise {
                    walk(body, visit);
                }
            }
            _ => {}
        }
    }
}

fn binds_handbook_wide(ast: &[Node]) -> bool {
    let mut binds = false;
    walk(ast, &mut |node| {
        let names: Vec<&str> = match node {
            Node::Set(_, set) => vec![set.key.as_str()],
            Node::Forloop(_, forloop, _) => std::iter::once(forloop.value.as_str())
                .chain(forloop.key.as_deref())
                .collect(),
            Node::MacroDefinition(_, definition, _) => {
                definition.args.keys().map(String::as_str).collect()
            }
            _ => Vec::new(),
        };
        binds |= names.iter().any(|name| WITH_NAVIGATION.contains(name));
    });
    binds
}

/// Whether the template `name` (and every template it includes) reads only handbook-wide
/// variables and its own local ones. `visiting` guards against include cycles.
fn handbook_wide<'a>(
    name: &'a str,
    templates: &HashMap<&'a str, &'a [Node]>,
    visiting: &mut Vec<&'a str>,
    wide: &[&str],
) -> bool {
    let Some(ast) = templates.get(name) else {
        return false;
    };
    if visiting.contains(&name) {
        return false;
    }
    visiting.push(name);
    let mut locals: Vec<&str> = Vec::new();
    let ok = nodes_handbook_wide(ast, templates, visiting, &mut locals, wide);
    visiting.pop();
    ok
}

fn nodes_handbook_wide<'a>(
    ast: &'a [Node],
    templates: &HashMap<&'a str, &'a [Node]>,
    visiting: &mut Vec<&'a str>,
    locals: &mut Vec<&'a str>,
    wide: &[&str],
) -> bool {
    ast.iter().all(|node| match node {
        Node::Text(_) | Node::Raw(..) | Node::Comment(..) => true,
        Node::Break(_) | Node::Continue(_) => true,
        Node::VariableBlock(_, expr) => expr_handbook_wide(expr, locals, wide),
        Node::Set(_, set) if !set.global => {
            let ok = expr_handbook_wide(&set.value, locals, wide);
            locals.push(&set.key);
            ok
        }
        Node::Include(_, names, _) => names
            .iter()
            .all(|included| handbook_wide(included, templates, visiting, wide)),
        Node::FilterSection(_, section, _) => {
            section
                .filter
                .args
                .values()
                .all(|arg| expr_handbook_wide(arg, locals, wide))
                && nodes_handbook_wide(&section.body, templates, visiting, locals, wide)
        }
        Node::Forloop(_, forloop, _) => {
            if !expr_handbook_wide(&forloop.container, locals, wide) {
                return false;
            }
            let depth = locals.len();
            locals.extend(forloop.key.as_deref());
            locals.push(&forloop.value);
            locals.push("loop");
            let ok = nodes_handbook_wide(&forloop.body, templates, visiting, locals, wide)
                && forloop.empty_body.as_ref().is_none_or(|empty| {
                    nodes_handbook_wide(empty, templates, visiting, locals, wide)
                });
            locals.truncate(depth);
            ok
        }
        Node::If(branches, _) => {
            branches.conditions.iter().all(|(_, condition, body)| {
                expr_handbook_wide(condition, locals, wide)
                    && nodes_handbook_wide(body, templates, visiting, locals, wide)
            }) && branches.otherwise.as_ref().is_none_or(|(_, body)| {
                nodes_handbook_wide(body, templates, visiting, locals, wide)
            })
        }
        // Blocks, inheritance, macros and global assignments tie a partial to its page.
        _ => false,
    })
}

fn expr_handbook_wide(expr: &Expr, locals: &[&str], wide: &[&str]) -> bool {
    value_handbook_wide(&expr.val, locals, wide)
        && expr.filters.iter().all(|filter| {
            filter
                .args
                .values()
                .all(|arg| expr_handbook_wide(arg, locals, wide))
        })
}

fn value_handbook_wide(value: &ExprVal, locals: &[&str], wide: &[&str]) -> bool {
    match value {
        ExprVal::String(_) | ExprVal::Int(_) | ExprVal::Float(_) | ExprVal::Bool(_) => true,
        ExprVal::Ident(ident) => ident_handbook_wide(ident, locals, wide),
        ExprVal::Math(math) => {
            expr_handbook_wide(&math.lhs, locals, wide)
                && expr_handbook_wide(&math.rhs, locals, wide)
        }
        ExprVal::Logic(logic) => {
            expr_handbook_wide(&logic.lhs, locals, wide)
                && expr_handbook_wide(&logic.rhs, locals, wide)
        }
        ExprVal::In(within) => {
            expr_handbook_wide(&within.lhs, locals, wide)
                && expr_handbook_wide(&within.rhs, locals, wide)
        }
        ExprVal::Test(test) => {
            ident_handbook_wide(&test.ident, locals, wide)
                && test
                    .args
                    .iter()
                    .all(|arg| expr_handbook_wide(arg, locals, wide))
        }
        ExprVal::Array(items) => items
            .iter()
            .all(|item| expr_handbook_wide(item, locals, wide)),
        ExprVal::StringConcat(concat) => concat
            .values
            .iter()
            .all(|part| value_handbook_wide(part, locals, wide)),
        // A function (`now()`, `get_random()`) may differ per call; a macro's body is not
        // looked into.
        ExprVal::MacroCall(_) | ExprVal::FunctionCall(_) => false,
    }
}

/// Whether a variable path reads a handbook-wide or local value. A path with a subscript
/// (`site[key]`) is refused: the subscript may name anything.
fn ident_handbook_wide(ident: &str, locals: &[&str], wide: &[&str]) -> bool {
    if ident.contains('[') {
        return false;
    }
    let root = ident.split('.').next().unwrap_or(ident);
    wide.contains(&root) || locals.contains(&root)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tera(templates: &[(&str, &str)]) -> Tera {
        let mut tera = Tera::default();
        tera.add_raw_templates(templates.to_vec()).unwrap();
        tera
    }

    fn shared_names(templates: &[(&str, &str)]) -> Vec<String> {
        plan(&tera(templates), templates)
            .0
            .into_iter()
            .map(|p| p.name)
            .collect()
    }

    const PAGE: (&str, &str) = (
        "page.html",
        "{% include \"head.html\" %}{% include \"crumbs.html\" %}{{ page.title }}",
    );

    #[test]
    fn partials_reading_only_handbook_wide_values_are_shared() {
        let head = (
            "head.html",
            "{% set home = root ~ \"index.html\" %}<a href=\"{{ home }}\">{{ site.title | upper }}</a>\
             {% for link in site.links %}{{ loop.index }}{{ link.url }}{% endfor %}\
             {% if department and department.name is starting_with(\"R\") %}R{% endif %}",
        );
        let crumbs = (
            "crumbs.html",
            "{% for c in breadcrumbs %}{{ c.title }}{% endfor %}",
        );
        assert_eq!(shared_names(&[PAGE, head, crumbs]), ["head.html"]);
    }

    #[test]
    fn page_values_functions_macros_and_subscripts_are_not_shared() {
        for body in [
            "{{ page.title }}",
            "{{ now() }}",
            "{{ site[page.key] }}",
            "{% if toc %}x{% endif %}",
            "{{ site.title | replace(from=\"a\", to=page.title) }}",
            "{% set_global x = 1 %}",
            "{% include \"crumbs.html\" %}",
        ] {
            let head = ("head.html", body);
            let crumbs = ("crumbs.html", "{{ breadcrumbs }}");
            assert!(
                !shared_names(&[PAGE, head, crumbs]).contains(&"head.html".to_string()),
                "{body}"
            );
        }
    }

    #[test]
    fn nothing_is_shared_when_a_template_rebinds_a_handbook_wide_name() {
        let head = ("head.html", "{{ root }}");
        let page = (
            "page.html",
            "{% for root in roots %}{% include \"head.html\" %}{% endfor %}",
        );
        assert!(shared_names(&[page, head]).is_empty());
    }

    #[test]
    fn a_shared_partial_prints_its_pre_rendered_html_or_falls_back_to_itself() {
        let head = ("head.html", "<h1>{{ site.title }}</h1>");
        let crumbs = ("crumbs.html", "");
        let mut tera = tera(&[PAGE, head, crumbs]);
        let (shared, added) = plan(&tera, &[PAGE, head, crumbs]);
        tera.add_raw_templates(added).unwrap();
        let mut context = tera::Context::new();
        context.insert("site", &serde_json::json!({"title": "A & B"}));
        context.insert("page", &serde_json::json!({"title": "P"}));
        let unshared = tera.render("page.html", &context).unwrap();
        assert_eq!(unshared, "<h1>A &amp; B</h1>P");
        let html = tera.render(&shared[0].template, &context).unwrap();
        context.insert(&shared[0].variable, &html);
        assert_eq!(tera.render("page.html", &context).unwrap(), unshared);
    }
}
