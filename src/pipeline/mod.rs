//! The pipeline: load -> resolve -> validate -> render -> write, one module per stage.

pub mod check;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics, IoFailure, SourceMap, did_you_mean};
use crate::model::{Config, DEPARTMENTS_DIR, DepartmentSource, Program, Project};
use crate::render::theme;
use crate::render::theme::{StaticFile, StaticSource, Theme};
use crate::render::{OutputPage, PageCounts, PageSink};
use crate::resolve::overlay;
use crate::resolve::variants::{self, DepartmentView, VariantEntry, VariantRef, Variants};
use crate::resolve::{NOT_FOUND_PATH, Site};
use crate::timing::timed;
use crate::write::{self as output, manifest};
use crate::{load, render, resolve, validate};

pub struct BuildOptions {
    pub root: PathBuf,
    pub output: PathBuf,
    pub base_url: Option<String>,
    /// Build this department's handbook alone, at the root of the output.
    pub department: Option<String>,
    /// Publish guides marked `draft: true` too, marked as drafts (a preview).
    pub drafts: bool,
}

/// How a run departs from the project as it is on disk.
#[derive(Debug, Clone, Copy, Default)]
pub struct Overrides<'a> {
    /// Replaces `base_url` of mentorkit.yaml.
    pub base_url: Option<&'a str>,
    /// Publishes guides marked `draft: true`, marked as drafts.
    pub drafts: bool,
}

/// A site rendered in memory, not yet written.
pub struct RenderedSite {
    pub pages: Vec<OutputPage>,
    pub statics: Vec<StaticFile>,
    /// Pages of the handbook at the output root (organization-wide, or the one department's).
    pub counts: PageCounts,
    pub program_name: String,
    /// Department variants under departments/<id>/, with their page counts.
    pub departments: Vec<(String, usize)>,
}

/// What a pipeline run produced, with every diagnostic and the sources they point into.
pub struct Run {
    pub site: Option<RenderedSite>,
    pub diagnostics: Diagnostics,
    /// Warnings only `check` reports (raw HTML, images without alt text).
    pub lints: Diagnostics,
    pub sources: SourceMap,
}

/// Runs every stage but writing: the organization-wide handbook and every department variant.
pub fn run(root: &Path, overrides: Overrides) -> Run {
    run_with(root, overrides, None)
}

/// Adds a variant's diagnostics to the build's: those the organization-wide run already has
/// are dropped (most content is shared), and a problem in a shared file that only this
/// department's variant has says so in its hint.
fn absorb(main: &mut Diagnostics, variant: Diagnostics, department: &DepartmentSource) {
    let known: Vec<Diagnostic> = main.iter().cloned().collect();
    for mut diagnostic in variant {
        if known.contains(&diagnostic) {
            continue;
        }
        let own_file = diagnostic
            .file
            .as_deref()
            .is_some_and(|f| f.starts_with(&department.folder))
            || diagnostic.file.as_deref().is_some_and(|f| {
                f.starts_with(&format!("templates/departments/{}/", department.id))
            });
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

/// Runs every stage but writing. With `department`, only that department's handbook is
/// rendered, at the root (everything is still validated).
pub fn run_with(root: &Path, overrides: Overrides, department: Option<&str>) -> Run {
    run_selected(root, overrides, department, &|_| true)
}

/// Like [`run_with`], rendering only the pages whose path (within its variant) `keep` accepts.
/// `serve` uses it to re-render just the pages an edit can change.
pub fn run_selected(
    root: &Path,
    overrides: Overrides,
    department: Option<&str>,
    keep: &(dyn Fn(&str) -> bool + Sync),
) -> Run {
    let (mut run, pages) =
        render::collect_pages(|sink| run_into(root, overrides, department, keep, sink));
    if let Some(site) = &mut run.site {
        site.pages = pages;
    }
    run
}

/// Like [`run_selected`], handing each page to `sink` as soon as it is rendered instead of
/// keeping it in [`RenderedSite::pages`]. If the run has errors, the pages already handed over
/// must be thrown away.
pub fn run_into(
    root: &Path,
    overrides: Overrides,
    department: Option<&str>,
    keep: &(dyn Fn(&str) -> bool + Sync),
    sink: PageSink,
) -> Run {
    let mut diagnostics = Diagnostics::default();
    let mut lints = Diagnostics::default();
    let mut project = load::load_settings(root, &mut diagnostics);
    if let (Some(config), Some(url)) = (project.config.as_mut(), overrides.base_url) {
        config.base_url = url.to_string();
    }
    project.publish_drafts = overrides.drafts;
    // The theme compiles on one core while the content loads: compiling is one thread's work.
    let theme_name = project.config.as_ref().map(|config| config.theme.clone());
    let mut theme_diagnostics = Diagnostics::default();
    let mut theme_sources = SourceMap::default();
    let ((), theme) = rayon::join(
        || {
            timed("load", || {
                load::load_content(&mut project, &mut diagnostics)
            })
        },
        || {
            timed("theme", || {
                let name = theme_name?;
                theme::load(root, &name, &mut theme_diagnostics, &mut theme_sources)
            })
        },
    );
    diagnostics.extend(theme_diagnostics);
    project.sources.extend(theme_sources);
    let mut department_templates = SourceMap::default();
    let site = match (&project.config, &project.program, &theme) {
        (Some(config), Some(program), Some(theme)) => render_variants(
            &project,
            config,
            program,
            theme,
            department,
            &mut diagnostics,
            &mut lints,
            &mut department_templates,
            keep,
            sink,
        ),
        _ => None,
    };
    project.sources.extend(department_templates);
    Run {
        site,
        diagnostics,
        lints,
        sources: project.sources,
    }
}

/// Resolves, validates and renders the organization-wide handbook and the department variants.
// More arguments than clippy likes: `keep` is serve's page filter, threaded through as is, and
// `department_templates` takes the department overrides' texts for messages.
#[allow(clippy::too_many_arguments)]
fn render_variants(
    project: &Project,
    config: &Config,
    program: &Program,
    theme: &Theme,
    only: Option<&str>,
    diagnostics: &mut Diagnostics,
    lints: &mut Diagnostics,
    department_templates: &mut SourceMap,
    keep: &(dyn Fn(&str) -> bool + Sync),
    sink: PageSink,
) -> Option<RenderedSite> {
    let root = project.root.as_path();
    let mut org_site = timed("resolve+validate", || {
        let site = resolve::resolve(project, config, program);
        validate::validate(&site, diagnostics);
        site
    });
    for id in theme::department_override_ids(root) {
        if !project.departments.iter().any(|d| d.id == id) {
            let hint = match did_you_mean(&id, overlay::ids(project)) {
                Some(close) => format!(
                    "did you mean `{close}`? The folder must be named like content/departments/<id>/"
                ),
                None => {
                    "the folder name must be the id of a department in content/departments/".into()
                }
            };
            diagnostics.push(
                Diagnostic::warning(format!("templates for unknown department `{id}`"))
                    .in_file(Path::new(&format!("templates/departments/{id}")))
                    .with_hint(hint),
            );
        }
    }

    // Each department's project and program: the organization-wide ones with its overlay.
    let departments: Vec<&DepartmentSource> = project
        .departments
        .iter()
        .filter(|d| only.is_none_or(|id| d.id == id))
        .collect();
    if !departments.is_empty() {
        // Most guides read the same in every handbook: render each once and share it.
        crate::cache::enable();
    }
    let mut projects = Vec::with_capacity(departments.len());
    let mut programs = Vec::with_capacity(departments.len());
    let mut local: Vec<Diagnostics> = Vec::with_capacity(departments.len());
    for department in &departments {
        let mut found = Diagnostics::default();
        projects.push(overlay::variant_project(project, department, &mut found));
        let source = project.sources.get(&department.file);
        programs.push(overlay::department_program(
            program, department, source, &mut found,
        ));
        local.push(found);
    }
    let mut sites: Vec<Site> = projects
        .iter()
        .zip(&programs)
        .map(|(project, program)| resolve::resolve(project, config, program))
        .collect();

    // Which variants the output holds, and where, for the switcher.
    let mut variants = Variants::default();
    if only.is_none() {
        variants.entries.push(VariantEntry {
            id: None,
            name: "Organization-wide".into(),
            summary: None,
            contact: config.contact.clone(),
            base: String::new(),
            pages: render::page_paths(&org_site).into_iter().collect(),
            department: None,
        });
    }
    for (department, site) in departments.iter().zip(&sites) {
        variants.entries.push(VariantEntry {
            id: Some(department.id.clone()),
            name: department.data.name.clone(),
            summary: department.data.summary.clone(),
            contact: department.data.contact.clone(),
            base: if only.is_some() {
                String::new()
            } else {
                format!("{DEPARTMENTS_DIR}/{}/", department.id)
            },
            pages: render::page_paths(site).into_iter().collect(),
            department: Some(DepartmentView::of(department)),
        });
    }
    let offset = usize::from(only.is_none());
    if only.is_none() && !departments.is_empty() {
        org_site.variant = Some(VariantRef {
            all: &variants,
            index: 0,
        });
    }
    for (index, site) in sites.iter_mut().enumerate() {
        site.variant = Some(VariantRef {
            all: &variants,
            index: index + offset,
        });
    }

    let mut themes: Vec<Option<Theme>> = Vec::with_capacity(departments.len());
    timed("departments: validate+theme", || {
        for ((department, site), mut found) in departments.iter().zip(&sites).zip(local) {
            validate::validate(site, &mut found);
            validate::overlay::validate_overlay(site, department, &mut found);
            themes.push(theme.for_department(
                root,
                &department.id,
                &mut found,
                department_templates,
            ));
            absorb(diagnostics, found, department);
        }
    });
    if diagnostics.has_errors() {
        return None;
    }

    // The handbooks render side by side (each is parallel inside too): a small handbook's
    // serial steps would leave a core idle otherwise.
    let render_department = |index: usize| {
        let (department, site, entry) = (
            departments[index],
            &sites[index],
            &variants.entries[index + offset],
        );
        let mut found = Diagnostics::default();
        let mut found_lints = Diagnostics::default();
        let variant_theme = themes[index].as_ref().unwrap_or(theme);
        let count = AtomicUsize::new(0);
        let variant_sink = |mut page: OutputPage| {
            // Servers show the root's 404 page; a variant under departments/ needs none.
            if only.is_none() && page.path == NOT_FOUND_PATH {
                return;
            }
            count.fetch_add(1, Ordering::Relaxed);
            page.path = format!("{}{}", entry.base, page.path);
            sink(page);
        };
        timed(&format!("render {}", department.id), || {
            render::render_into(
                site,
                variant_theme,
                &mut found,
                &mut found_lints,
                keep,
                &variant_sink,
            )
        });
        (found, found_lints, count.into_inner())
    };
    let ((), rendered): ((), Vec<(Diagnostics, Diagnostics, usize)>) = rayon::join(
        || {
            if only.is_none() {
                timed("render organization-wide", || {
                    render::render_into(&org_site, theme, diagnostics, lints, keep, sink)
                });
            }
        },
        || {
            (0..departments.len())
                .into_par_iter()
                .map(render_department)
                .collect()
        },
    );

    let (counts, program_name) = match sites.first() {
        _ if only.is_none() => (PageCounts::of(&org_site), program.name.clone()),
        Some(site) => (PageCounts::of(site), site.program.name.clone()),
        None => (PageCounts::default(), program.name.clone()),
    };
    let mut statics = if only.is_none() {
        theme.static_files.clone()
    } else {
        Vec::new()
    };
    let mut summaries = Vec::new();
    for (index, (found, found_lints, count)) in rendered.into_iter().enumerate() {
        let (department, entry) = (departments[index], &variants.entries[index + offset]);
        absorb(diagnostics, found, department);
        absorb(lints, found_lints, department);
        let variant_theme = themes[index].as_ref().unwrap_or(theme);
        for file in &variant_theme.static_files {
            statics.push(StaticFile {
                path: format!("{}{}", entry.base, file.path),
                source: file.source.clone(),
            });
        }
        if let Some((path, file)) = variants::logo_file(root, department) {
            statics.push(StaticFile {
                path: format!("{}{path}", entry.base),
                source: StaticSource::Disk(file),
            });
        }
        if only.is_none() {
            summaries.push((department.id.clone(), count));
        }
    }
    (!diagnostics.has_errors()).then_some(RenderedSite {
        pages: Vec::new(),
        statics,
        counts,
        program_name,
        departments: summaries,
    })
}

pub enum BuildError {
    /// Content problems (exit code 1), reported as diagnostics.
    Content(Box<Run>),
    /// I/O or usage problems (exit code 2).
    Io(IoFailure),
    Usage(String),
}

pub struct Built {
    pub run: Run,
    pub elapsed: Duration,
    pub written: Written,
}

/// What a build did to the output folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// The site was rendered and swapped into place.
    Site,
    /// Nothing changed since the build that made the output folder (same inputs, options and
    /// binary, every page still there): nothing was read, rendered or written.
    UpToDate,
}

/// Builds the site and writes it to the output folder.
pub fn build(options: &BuildOptions) -> Result<Built, BuildError> {
    let started = Instant::now();
    if !options.root.join("mentorkit.yaml").is_file() {
        return Err(BuildError::Usage(format!(
            "{} is not a handbook project (no mentorkit.yaml); create one with `mentorkit init` or pass --root",
            options.root.display()
        )));
    }
    if let Some(reason) = output::unsafe_output(&options.root, &options.output) {
        return Err(BuildError::Usage(format!(
            "refusing to use {} as the output folder: {reason} (building replaces the output folder)",
            options.output.display()
        )));
    }
    if let Some(id) = &options.department {
        let folder = options.root.join("content").join(DEPARTMENTS_DIR).join(id);
        if !folder.join("department.yaml").is_file() {
            let known = department_folders(&options.root);
            let hint = match did_you_mean(id, known.iter().map(String::as_str)) {
                Some(close) => format!("did you mean `{close}`?"),
                None if known.is_empty() => {
                    "this project has no content/departments/ folders".into()
                }
                None => format!("the departments are: {}", known.join(", ")),
            };
            return Err(BuildError::Usage(format!(
                "no department `{id}` (no content/departments/{id}/department.yaml); {hint}"
            )));
        }
    }
    // Nothing changed since the last build (by file metadata): done without reading a file.
    let options_key = format!(
        "base_url={:?} department={:?} drafts={}",
        options.base_url, options.department, options.drafts
    );
    let (stamp, previous) = rayon::join(
        || timed("stamp", || manifest::stamp(&options.root, &options_key)),
        || manifest::previous(&options.output),
    );
    let up_to_date = |m: &&manifest::Manifest| manifest::up_to_date(m, &options.output, stamp);
    if let Some(done) = previous.as_ref().filter(up_to_date) {
        let site = RenderedSite {
            pages: Vec::new(),
            statics: Vec::new(),
            counts: done.counts,
            program_name: done.program_name.clone(),
            departments: done.departments.clone(),
        };
        let run = Run {
            site: Some(site),
            diagnostics: Diagnostics::default(),
            lints: Diagnostics::default(),
            sources: SourceMap::default(),
        };
        return Ok(Built {
            run,
            elapsed: started.elapsed(),
            written: Written::UpToDate,
        });
    }
    // Pages are written into a staging folder as they render; they reach the output folder
    // only if the whole build succeeds, and are deleted otherwise.
    let staged = output::Staged::new(
        &options.output,
        output::PreviousPages::new(&options.output, previous.as_ref()),
    )
    .map_err(BuildError::Io)?;
    let overrides = Overrides {
        base_url: options.base_url.as_deref(),
        drafts: options.drafts,
    };
    let run = run_into(
        &options.root,
        overrides,
        options.department.as_deref(),
        &|_| true,
        &|page| staged.add_page(page),
    );
    let Some(site) = &run.site else {
        return Err(BuildError::Content(Box::new(run)));
    };
    timed("write", || {
        staged.add_statics(&site.statics);
        let files = staged.records()?;
        staged.finish(&manifest::to_json(&manifest::Manifest {
            version: env!("CARGO_PKG_VERSION").into(),
            stamp: manifest::to_hex(stamp),
            program_name: site.program_name.clone(),
            counts: site.counts,
            departments: site.departments.clone(),
            files,
        }))
    })
    .map_err(BuildError::Io)?;
    Ok(Built {
        run,
        elapsed: started.elapsed(),
        written: Written::Site,
    })
}

/// The department folder names of a project, sorted.
fn department_folders(root: &Path) -> Vec<String> {
    let Ok(read) = std::fs::read_dir(root.join("content").join(DEPARTMENTS_DIR)) else {
        return Vec::new();
    };
    let mut names: Vec<String> = read
        .filter_map(Result::ok)
        .filter(|e| e.path().join("department.yaml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
