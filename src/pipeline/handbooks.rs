//! The handbooks of one run: the organization-wide one and each department's (the
//! organization-wide project with the department's overlay), resolved, validated and rendered
//! side by side.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::{Cache, Options, RenderedSite};
use crate::diagnostics::{Diagnostic, Diagnostics, SourceMap};
use crate::model::{Config, Program};
use crate::model::{DEPARTMENT_TEMPLATES_FOLDER, DEPARTMENTS_DIR};
use crate::model::{DepartmentSource, Project};
use crate::render::theme::{StaticFile, StaticSource, Theme};
use crate::render::{self, OutputPage, PageCounts, PageSink, Request};
use crate::resolve::overlay;
use crate::resolve::variants::{self, DepartmentView, VariantEntry, VariantRef, Variants};
use crate::resolve::{self, NOT_FOUND_PATH, Site};
use crate::timing::timed;
use crate::validate;

/// What the load stage produced that every handbook is made from.
pub(super) struct Loaded<'a> {
    pub project: &'a Project,
    pub config: &'a Config,
    pub program: &'a Program,
    pub theme: &'a Theme,
    pub cache: &'a Cache,
}

/// What a run found: problems for every command, lints for `check`, and the department
/// template overrides' texts (for messages that point into them).
#[derive(Default)]
pub(super) struct Findings {
    pub diagnostics: Diagnostics,
    pub lints: Diagnostics,
    pub department_templates: SourceMap,
}

/// A department's project and program: the organization-wide ones with its overlay merged in.
struct Overlay<'a> {
    department: &'a DepartmentSource,
    project: Project,
    program: Program,
}

/// What rendering one department's handbook found, and how many pages it made.
struct Rendered {
    diagnostics: Diagnostics,
    lints: Diagnostics,
    pages: usize,
}

/// Resolves, validates and renders the organization-wide handbook and the department
/// handbooks `options` selects; `None` when any has an error.
pub(super) fn render_handbooks(
    loaded: &Loaded,
    options: &Options,
    found: &mut Findings,
    sink: PageSink,
) -> Option<RenderedSite> {
    // Asked once per section and handbook: a few short template renders.
    let titles = |id: &str| section_title(loaded, id);
    let mut org_site = timed("resolve+validate", || {
        let site = resolve::resolve(loaded.project, loaded.config, loaded.program, &titles);
        validate::validate(&site, &mut found.diagnostics);
        site
    });
    let override_ids = crate::render::theme::department_override_ids(&loaded.project.root);
    validate::templates::unknown_departments(loaded.project, &override_ids, &mut found.diagnostics);
    let (overlays, local) = selected_overlays(loaded, options);
    if !overlays.is_empty() {
        // Most guides read the same in every handbook: render each once and share it.
        loaded.cache.enable();
    }
    let mut sites: Vec<Site> = overlays
        .iter()
        .map(|o| resolve::resolve(&o.project, loaded.config, &o.program, &titles))
        .collect();
    let org = OrgHandbook {
        name: organization_wide(loaded, found),
        config: loaded.config,
        site: &org_site,
    };
    let variants = variant_table(&org, &overlays, &sites, options);
    link_variants(&mut org_site, &mut sites, &variants, options);
    let themes = timed("departments: validate+theme", || {
        validate_departments(loaded, &overlays, &sites, local, found)
    });
    // `check` renders every page even so: the links of the generated pages are checked in
    // the same run as everything else, so one run reports every problem.
    if found.diagnostics.has_errors() && !options.report_all {
        return None;
    }
    let handbooks = Handbooks {
        loaded,
        options,
        org_site: &org_site,
        overlays: &overlays,
        sites: &sites,
        themes: &themes,
        variants: &variants,
    };
    let rendered = handbooks.render_all(found, sink);
    let site = handbooks.rendered_site(rendered, found);
    (options.report_all || !found.diagnostics.has_errors()).then_some(site)
}

/// The department handbooks `options` selects, each with the problems its overlay has.
fn selected_overlays<'a>(
    loaded: &Loaded<'a>,
    options: &Options,
) -> (Vec<Overlay<'a>>, Vec<Diagnostics>) {
    loaded
        .project
        .departments
        .iter()
        .filter(|d| options.department.is_none_or(|id| d.id == id))
        .map(|d| overlay_of(loaded, d))
        .unzip()
}

/// What the switcher calls the organization-wide handbook, in the theme's interface text.
fn organization_wide(loaded: &Loaded, found: &mut Findings) -> String {
    render::interface_text(loaded.theme, "organization_wide", ()).unwrap_or_else(|problem| {
        found.diagnostics.push(problem);
        String::new()
    })
}

/// What the theme calls a guide section, when it names it. (Department handbooks use the
/// organization's theme for this: their template overrides are read after resolving.)
fn section_title(loaded: &Loaded, id: &str) -> Option<String> {
    #[derive(serde::Serialize)]
    struct Section<'a> {
        id: &'a str,
    }
    let title = render::interface_text(loaded.theme, "section_title", Section { id });
    // A text.txt that fails is reported where the pages read it; the folder name stands in.
    title.ok().filter(|title| !title.is_empty())
}

/// A department's overlay merged over the organization-wide project and program, with the
/// problems the merge found.
fn overlay_of<'a>(loaded: &Loaded, department: &'a DepartmentSource) -> (Overlay<'a>, Diagnostics) {
    let mut found = Diagnostics::default();
    let project = overlay::variant_project(loaded.project, department, &mut found);
    let source = loaded.project.sources.get(&department.file);
    let program = overlay::department_program(loaded.program, department, source, &mut found);
    let overlay = Overlay {
        department,
        project,
        program,
    };
    (overlay, found)
}

/// The organization-wide handbook, as the switcher names it.
struct OrgHandbook<'a> {
    /// Its name in the theme's interface text.
    name: String,
    config: &'a Config,
    site: &'a Site<'a>,
}

/// Which handbooks the output holds, and where, for the switcher.
fn variant_table(
    org: &OrgHandbook,
    overlays: &[Overlay],
    sites: &[Site],
    options: &Options,
) -> Variants {
    let mut variants = Variants::default();
    let alone = options.department.is_some();
    if !alone {
        variants.entries.push(VariantEntry {
            id: None,
            name: org.name.clone(),
            summary: None,
            contact: org.config.contact.clone(),
            base: String::new(),
            pages: render::page_paths(org.site).into_iter().collect(),
            department: None,
        });
    }
    for (overlay, site) in overlays.iter().zip(sites) {
        let department = overlay.department;
        variants.entries.push(VariantEntry {
            id: Some(department.id.clone()),
            name: department.data.name.clone(),
            summary: department.data.summary.clone(),
            contact: department.data.contact.clone(),
            base: if alone {
                String::new()
            } else {
                format!("{DEPARTMENTS_DIR}/{}/", department.id)
            },
            pages: render::page_paths(site).into_iter().collect(),
            department: Some(DepartmentView::of(department)),
        });
    }
    variants
}

/// Tells each site which handbook of the build it is. The organization-wide handbook is first
/// in the table when the build has it.
fn link_variants<'a>(
    org_site: &mut Site<'a>,
    sites: &mut [Site<'a>],
    variants: &'a Variants,
    options: &Options,
) {
    let offset = usize::from(options.department.is_none());
    if options.department.is_none() && !sites.is_empty() {
        org_site.variant = Some(VariantRef {
            all: variants,
            index: 0,
        });
    }
    for (index, site) in sites.iter_mut().enumerate() {
        site.variant = Some(VariantRef {
            all: variants,
            index: index + offset,
        });
    }
}

/// Validates each department's handbook and overlay and loads its template overrides.
fn validate_departments(
    loaded: &Loaded,
    overlays: &[Overlay],
    sites: &[Site],
    local: Vec<Diagnostics>,
    found: &mut Findings,
) -> Vec<Option<Theme>> {
    let root = loaded.project.root.as_path();
    let mut themes = Vec::with_capacity(overlays.len());
    for ((overlay, site), mut problems) in overlays.iter().zip(sites).zip(local) {
        validate::validate(site, &mut problems);
        validate::overlay::validate_overlay(site, overlay.department, &mut problems);
        themes.push(loaded.theme.for_department(
            root,
            &overlay.department.id,
            &mut problems,
            &mut found.department_templates,
        ));
        absorb(&mut found.diagnostics, problems, overlay.department);
    }
    themes
}

/// The resolved handbooks of a run that validated without errors, ready to render.
struct Handbooks<'r, 'a> {
    loaded: &'r Loaded<'a>,
    options: &'r Options<'r>,
    org_site: &'r Site<'a>,
    overlays: &'r [Overlay<'a>],
    sites: &'r [Site<'a>],
    themes: &'r [Option<Theme>],
    variants: &'r Variants,
}

impl Handbooks<'_, '_> {
    /// Where department `index`'s handbook is in the variant table.
    fn entry(&self, index: usize) -> &VariantEntry {
        let offset = usize::from(self.options.department.is_none());
        &self.variants.entries[index + offset]
    }

    /// The pages the options ask for, and where results are kept.
    fn request(&self) -> Request<'_> {
        Request {
            pages: self.options.pages.unwrap_or(&|_| true),
            cache: self.loaded.cache.render(),
            despite_errors: self.options.report_all,
            pdfs: self.options.pdfs,
        }
    }

    fn theme(&self, index: usize) -> &Theme {
        self.themes[index].as_ref().unwrap_or(self.loaded.theme)
    }

    /// Renders the handbooks side by side (each is parallel inside too): a small handbook's
    /// serial steps would leave a core idle otherwise.
    fn render_all(&self, found: &mut Findings, sink: PageSink) -> Vec<Rendered> {
        let ((), rendered) = rayon::join(
            || {
                if self.options.department.is_none() {
                    timed("render organization-wide", || {
                        render::render_into(
                            self.org_site,
                            self.loaded.theme,
                            self.request(),
                            &mut found.diagnostics,
                            &mut found.lints,
                            sink,
                        )
                    });
                }
            },
            || {
                (0..self.sites.len())
                    .into_par_iter()
                    .map(|index| self.render_department(index, sink))
                    .collect()
            },
        );
        rendered
    }

    fn render_department(&self, index: usize, sink: PageSink) -> Rendered {
        let (department, entry) = (self.overlays[index].department, self.entry(index));
        let alone = self.options.department.is_some();
        let mut rendered = Rendered {
            diagnostics: Diagnostics::default(),
            lints: Diagnostics::default(),
            pages: 0,
        };
        let count = AtomicUsize::new(0);
        let department_sink = |mut page: OutputPage| {
            // Servers show the root's 404 page; a handbook under departments/ needs none.
            if !alone && page.path == NOT_FOUND_PATH {
                return;
            }
            // Pages, as the organization-wide handbook counts them: not the search index's
            // scripts or the data dictionaries.
            if page.path.ends_with(".html") {
                count.fetch_add(1, Ordering::Relaxed);
            }
            page.path = format!("{}{}", entry.base, page.path);
            sink(page);
        };
        timed(&format!("render {}", department.id), || {
            render::render_into(
                &self.sites[index],
                self.theme(index),
                self.request(),
                &mut rendered.diagnostics,
                &mut rendered.lints,
                &department_sink,
            )
        });
        rendered.pages = count.into_inner();
        rendered
    }

    /// The site's static files and page counts, once every handbook has rendered.
    fn rendered_site(&self, rendered: Vec<Rendered>, found: &mut Findings) -> RenderedSite {
        let alone = self.options.department.is_some();
        let (counts, program_name) = match self.sites.first() {
            _ if !alone => (
                PageCounts::of(self.org_site),
                self.loaded.program.name.clone(),
            ),
            Some(site) => (PageCounts::of(site), site.program.name.clone()),
            None => (PageCounts::default(), self.loaded.program.name.clone()),
        };
        let mut statics = if alone {
            Vec::new()
        } else {
            self.loaded.theme.static_files.clone()
        };
        let mut departments = Vec::new();
        for (index, result) in rendered.into_iter().enumerate() {
            let department = self.overlays[index].department;
            absorb(&mut found.diagnostics, result.diagnostics, department);
            absorb(&mut found.lints, result.lints, department);
            statics.extend(self.department_statics(index));
            if !alone {
                departments.push((department.id.clone(), result.pages));
            }
        }
        RenderedSite {
            pages: Vec::new(),
            statics,
            counts,
            program_name,
            departments,
        }
    }

    /// A department handbook's theme files and logo, under its folder of the output.
    fn department_statics(&self, index: usize) -> Vec<StaticFile> {
        let base = &self.entry(index).base;
        let mut statics: Vec<StaticFile> = self
            .theme(index)
            .static_files
            .iter()
            .map(|file| StaticFile {
                path: format!("{base}{}", file.path),
                source: file.source.clone(),
            })
            .collect();
        let root: &Path = &self.loaded.project.root;
        if let Some((path, file)) = variants::logo_file(root, self.overlays[index].department) {
            statics.push(StaticFile {
                path: format!("{base}{path}"),
                source: StaticSource::Disk(file),
            });
        }
        statics
    }
}

/// Adds a department handbook's diagnostics to the run's: those the organization-wide
/// handbook already has are dropped (most content is shared), and a problem in a shared file
/// that only this department's handbook has says so in its hint.
fn absorb(main: &mut Diagnostics, variant: Diagnostics, department: &DepartmentSource) {
    let known: Vec<Diagnostic> = main.iter().cloned().collect();
    let templates = format!("{DEPARTMENT_TEMPLATES_FOLDER}/{}/", department.id);
    for mut diagnostic in variant {
        if known.contains(&diagnostic) {
            continue;
        }
        let file = diagnostic.file.as_deref().unwrap_or_default();
        let own_file = diagnostic.file.is_some()
            && (file.starts_with(&department.folder) || file.starts_with(&templates));
        if !own_file {
            let note = format!("(in department `{}`'s handbook)", department.id);
            diagnostic.hint = Some(match diagnostic.hint.take() {
                Some(hint) => format!("{hint} {note}"),
                None => note,
            });
        }
        main.push(diagnostic);
    }
}
