//! Department variants: one complete handbook per department, built from the
//! organization-wide project plus the department's overlay folder.
//!
//! - [`merge_program`] deep-merges the overlay's partial program over program.yaml: maps merge
//!   key by key, scalars replace, lists replace, and `{append: [...]}` appends to a list.
//! - [`variant_project`] puts the department's guides, checklists, surveys and modules in place
//!   of the organization-wide files with the same path, or adds them.
//! - [`validate_overlay`] checks what the overlay itself writes (references, ids, branding),
//!   located in department.yaml.
//! - [`Variants`] knows every variant's pages, for the department switcher.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile, located_error};
use crate::model::{
    Contact, DepartmentSource, Entry, GuideSource, Kind, Located, Matching, Meetings, Program,
    ProgramPatch, Project,
};
use crate::resolve::{HOME_PATH, Site, root_prefix};

/// Where department variants go in a full build's output.
pub const DEPARTMENTS_DIR: &str = "departments";

/// The program of a department's handbook: the organization-wide one, with the department's
/// `program:` merged over it when it has one (see [`merge_program`]).
pub fn department_program(
    base: &Program,
    department: &DepartmentSource,
    source: Option<&SourceFile>,
    diagnostics: &mut Diagnostics,
) -> Program {
    match &department.data.program {
        Some(patch) => merge_program(base, patch, source, diagnostics),
        None => base.clone(),
    }
}

/// Deep-merges a department's partial program over the organization-wide program.
///
/// Problems (a `meetings` map that cannot stand alone) go to `diagnostics`, located in
/// `source` (the department.yaml).
pub fn merge_program(
    base: &Program,
    patch: &ProgramPatch,
    source: Option<&SourceFile>,
    diagnostics: &mut Diagnostics,
) -> Program {
    let mut program = base.clone();
    let patch = patch.clone();
    if let Some(name) = patch.name {
        program.name = name;
    }
    if let Some(summary) = patch.summary {
        program.summary = Some(summary);
    }
    if let Some(model) = patch.model {
        model.apply(&mut program.model.0);
    }
    if let Some(months) = patch.duration_months {
        program.duration_months = Some(months);
    }
    if let Some(located) = patch.meetings {
        let overlay = located.value.clone();
        match program.meetings.as_mut() {
            Some(meetings) => {
                if let Some(frequency) = overlay.frequency {
                    meetings.frequency = frequency;
                }
                if let Some(length) = overlay.length_minutes {
                    meetings.length_minutes = Some(length);
                }
                if let Some(format) = overlay.format {
                    meetings.format = Some(format);
                }
            }
            None => match overlay.frequency {
                Some(frequency) => {
                    program.meetings = Some(Meetings {
                        frequency,
                        length_minutes: overlay.length_minutes,
                        format: overlay.format,
                    });
                }
                None => diagnostics.push(
                    located_error(
                        source,
                        &located,
                        "`meetings` has no `frequency`, and program.yaml has no meetings to merge it with".into(),
                    )
                    .with_hint("add `frequency:` here, or add `meetings:` to content/program.yaml"),
                ),
            },
        }
    }
    if let Some(goals) = patch.goals {
        goals.apply(&mut program.goals);
    }
    if let Some(roles) = patch.roles {
        roles.apply(&mut program.roles);
    }
    if let Some(phases) = patch.phases {
        phases.apply(&mut program.phases);
    }
    if let Some(overlay) = patch.matching {
        let matching = program.matching.get_or_insert_with(|| Matching {
            method: None,
            criteria: Vec::new(),
        });
        if let Some(method) = overlay.method {
            matching.method = Some(method);
        }
        if let Some(criteria) = overlay.criteria {
            criteria.apply(&mut matching.criteria);
        }
    }
    if let Some(expectations) = patch.expectations {
        expectations.apply(&mut program.expectations);
    }
    program
}

/// The path a department file stands for: `content/departments/<id>/x/y` -> `content/x/y`.
fn mirrored_path(department: &DepartmentSource, file: &str) -> String {
    let rest = file
        .strip_prefix(&department.folder)
        .unwrap_or(file)
        .trim_start_matches('/');
    format!("content/{rest}")
}

fn stem(file: &str) -> &str {
    let name = file.rsplit('/').next().unwrap_or(file);
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

/// The warning for a department file that replaces nothing but whose name is close to an
/// organization-wide file: most likely a typo in the name.
fn typo_warning(
    department: &DepartmentSource,
    file: &str,
    logical: &str,
    candidates: &[&str],
) -> Option<Diagnostic> {
    // A typo is a small edit of the whole path (file or folder name); a new file usually
    // shares only the folder with the existing ones, which is not a typo.
    let without_extension = |path: &str| path.rsplit_once('.').map_or(path, |(p, _)| p).to_string();
    let wanted = without_extension(logical);
    let close = candidates
        .iter()
        .map(|candidate| {
            (
                strsim::damerau_levenshtein(&wanted, &without_extension(candidate)),
                *candidate,
            )
        })
        .filter(|(distance, _)| *distance <= 2)
        .min()
        .map(|(_, candidate)| candidate)?;
    Some(
        Diagnostic::warning(format!(
            "`{file}` replaces no organization-wide file, so department `{}` gets it as an extra page",
            department.id
        ))
        .in_file(Path::new(file))
        .with_hint(format!(
            "the closest organization-wide file is `{close}`; a department file replaces the one with the same path, so rename it if it should replace that file"
        )),
    )
}

/// The organization-wide project with a department's files put in place: a file replaces the
/// organization-wide file with the same path (same position in every list), others are added.
pub fn variant_project(
    org: &Project,
    department: &DepartmentSource,
    diagnostics: &mut Diagnostics,
) -> Project {
    let mut logical_paths = HashMap::new();

    let mut guides: Vec<GuideSource> = org.guides.clone();
    let guide_files: Vec<&str> = org.guides.iter().map(|g| g.file.as_str()).collect();
    for guide in &department.guides {
        let logical = mirrored_path(department, &guide.file);
        logical_paths.insert(guide.file.clone(), logical.clone());
        match guides.iter().position(|g| g.key == guide.key) {
            Some(position) => guides[position] = guide.clone(),
            None => {
                if let Some(warning) = typo_warning(department, &guide.file, &logical, &guide_files)
                {
                    diagnostics.push(warning);
                }
                guides.push(guide.clone());
            }
        }
    }

    let checklists = merge_entries(
        org,
        &org.checklists,
        &department.checklists,
        department,
        Kind::Checklist,
        &mut logical_paths,
        diagnostics,
    );
    let surveys = merge_entries(
        org,
        &org.surveys,
        &department.surveys,
        department,
        Kind::Survey,
        &mut logical_paths,
        diagnostics,
    );
    let modules = merge_entries(
        org,
        &org.modules,
        &department.modules,
        department,
        Kind::Module,
        &mut logical_paths,
        diagnostics,
    );

    let mut unparsed = org.unparsed.clone();
    unparsed.extend(department.unparsed.iter().cloned());
    Project {
        root: org.root.clone(),
        config: None,
        program: None,
        guides,
        checklists,
        surveys,
        modules,
        sources: org.sources.clone(),
        unparsed,
        publish_drafts: org.publish_drafts,
        departments: Vec::new(),
        logical_paths,
    }
}

fn merge_entries<T: Clone>(
    org: &Project,
    base: &[Entry<T>],
    overlay: &[Entry<T>],
    department: &DepartmentSource,
    kind: Kind,
    logical_paths: &mut HashMap<String, String>,
    diagnostics: &mut Diagnostics,
) -> Vec<Entry<T>> {
    let mut entries: Vec<Entry<T>> = base.to_vec();
    let files: Vec<&str> = base.iter().map(|e| e.file.as_str()).collect();
    for entry in overlay {
        let place = || match org.sources.get(&entry.file) {
            Some(source) => Diagnostic::error("").at(source, 0..0),
            None => Diagnostic::error("").in_file(Path::new(&entry.file)),
        };
        match entries
            .iter()
            .position(|e| stem(&e.file) == stem(&entry.file))
        {
            Some(position) => {
                let replaced = &entries[position];
                logical_paths.insert(entry.file.clone(), replaced.file.clone());
                if replaced.id != entry.id {
                    diagnostics.push(Diagnostic {
                        message: format!(
                            "this {} replaces `{}` but has another id (`{}`, not `{}`)",
                            kind.noun(),
                            replaced.file,
                            entry.id,
                            replaced.id
                        ),
                        ..place()
                    }
                    .with_hint(format!("a replacement keeps the id of the file it replaces: use `id: {}` or remove `id:`", replaced.id)));
                    continue;
                }
                entries[position] = entry.clone();
            }
            None => {
                let logical = mirrored_path(department, &entry.file);
                logical_paths.insert(entry.file.clone(), logical.clone());
                if let Some(other) = entries.iter().find(|e| e.id == entry.id) {
                    diagnostics.push(
                        Diagnostic {
                            message: format!("duplicate {} id `{}`", kind.noun(), entry.id),
                            ..place()
                        }
                        .with_hint(format!(
                            "`{}` already uses this id; give one of them another id",
                            other.file
                        )),
                    );
                    continue;
                }
                if let Some(warning) = typo_warning(department, &entry.file, &logical, &files) {
                    diagnostics.push(warning);
                }
                entries.push(entry.clone());
            }
        }
    }
    entries
}

/// Checks what a department's overlay writes, against its variant: references from the
/// phases it writes, ids it adds, its branding. Everything is located in department.yaml.
pub fn validate_overlay(site: &Site, department: &DepartmentSource, diagnostics: &mut Diagnostics) {
    let source = site.project.sources.get(&department.file);
    let branding = &department.data.branding;
    if let Some(accent) = &branding.accent {
        match parse_hex_colour(&accent.value) {
            None => diagnostics.push(
                located_error(source, accent, format!("`{}` is not a colour", accent.value))
                    .with_hint("write the accent colour as `#rrggbb` (or `#rgb`), e.g. `\"#0b6e4f\"` (quoted: # starts a YAML comment)"),
            ),
            Some(rgb) => {
                let ratio = contrast_with_white(rgb);
                if ratio < 4.5 {
                    let mut d = located_error(
                        source,
                        accent,
                        format!("accent colour `{}` is too light: its contrast with white is {ratio:.1}:1", accent.value),
                    )
                    .with_hint("links and the header use the accent colour with white; choose a darker shade (at least 4.5:1)");
                    d.severity = crate::diagnostics::Severity::Warning;
                    diagnostics.push(d);
                }
            }
        }
    }
    if let Some(logo) = &branding.logo {
        let path = Path::new(&logo.value);
        let inside = !logo.value.is_empty()
            && path
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !inside {
            diagnostics.push(
                located_error(
                    source,
                    logo,
                    format!(
                        "logo `{}` is not a path inside the department folder",
                        logo.value
                    ),
                )
                .with_hint(format!(
                    "put the image in {}/ and write its name, e.g. `logo: logo.svg`",
                    department.folder
                )),
            );
        } else if !site
            .project
            .root
            .join(&department.folder)
            .join(path)
            .is_file()
        {
            diagnostics.push(
                located_error(
                    source,
                    logo,
                    format!("logo file `{}` not found", logo.value),
                )
                .with_hint(format!(
                    "the logo path is relative to {}/",
                    department.folder
                )),
            );
        }
    }

    let Some(patch) = &department.data.program else {
        return;
    };
    let program = site.program;
    if let Some(phases) = &patch.phases {
        for phase in phases.items() {
            crate::validate::check_phase_references(
                site,
                source,
                phase,
                &format!("content/departments/{}/", department.id),
                diagnostics,
            );
        }
    }
    let unique = |what: &str,
                  written: Vec<&Located<String>>,
                  merged: Vec<&str>,
                  diagnostics: &mut Diagnostics| {
        for id in written {
            if merged.iter().filter(|m| **m == id.value).count() > 1 {
                diagnostics.push(
                    located_error(source, id, format!("duplicate {what} id `{}`", id.value)).with_hint(format!(
                        "each {what} needs its own id; `{{append: [...]}}` adds to the organization-wide list, so to change an existing {what} replace the whole list"
                    )),
                );
            }
        }
    };
    if let Some(goals) = &patch.goals {
        unique(
            "goal",
            goals.items().iter().map(|g| &g.id).collect(),
            program.goals.iter().map(|g| g.id.value.as_str()).collect(),
            diagnostics,
        );
    }
    if let Some(roles) = &patch.roles {
        unique(
            "role",
            roles.items().iter().map(|r| &r.id).collect(),
            program.roles.iter().map(|r| r.id.value.as_str()).collect(),
            diagnostics,
        );
    }
    if let Some(phases) = &patch.phases {
        unique(
            "phase",
            phases.items().iter().map(|p| &p.id).collect(),
            program.phases.iter().map(|p| p.id.value.as_str()).collect(),
            diagnostics,
        );
    }
    if let (Some(criteria), Some(matching)) = (
        patch.matching.as_ref().and_then(|m| m.criteria.as_ref()),
        &program.matching,
    ) {
        unique(
            "matching criterion",
            criteria.items().iter().map(|c| &c.id).collect(),
            matching
                .criteria
                .iter()
                .map(|c| c.id.value.as_str())
                .collect(),
            diagnostics,
        );
    }
}

/// `#rgb` or `#rrggbb` as three bytes.
pub fn parse_hex_colour(text: &str) -> Option<[u8; 3]> {
    let hex = text.strip_prefix('#')?;
    if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |s: &str| u8::from_str_radix(s, 16).ok();
    match hex.len() {
        3 => {
            let digits: Vec<u8> = hex
                .chars()
                .filter_map(|c| c.to_digit(16))
                .map(|d| (d * 17) as u8)
                .collect();
            Some([digits[0], digits[1], digits[2]])
        }
        6 => Some([
            channel(&hex[0..2])?,
            channel(&hex[2..4])?,
            channel(&hex[4..6])?,
        ]),
        _ => None,
    }
}

fn relative_luminance([r, g, b]: [u8; 3]) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

/// WCAG contrast ratio of a colour against white.
pub fn contrast_with_white(rgb: [u8; 3]) -> f64 {
    1.05 / (relative_luminance(rgb) + 0.05)
}

fn hex([r, g, b]: [u8; 3]) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// The colour mixed with white (`amount` 0..1 of white).
fn tint(rgb: [u8; 3], amount: f64) -> [u8; 3] {
    rgb.map(|c| (f64::from(c) + (255.0 - f64::from(c)) * amount).round() as u8)
}

/// The colour darkened by `amount` (0..1).
fn shade(rgb: [u8; 3], amount: f64) -> [u8; 3] {
    rgb.map(|c| (f64::from(c) * (1.0 - amount)).round() as u8)
}

/// A department's branding as templates receive it, with the shades the theme uses.
#[derive(Debug, Clone, Serialize)]
pub struct BrandingView {
    /// `#rrggbb`, validated, or none.
    pub accent: Option<String>,
    pub accent_dark: Option<String>,
    pub accent_wash: Option<String>,
    /// Output-relative path of the logo (prefix it with `root`), or none.
    pub logo: Option<String>,
    pub footer: Option<String>,
}

/// The department a variant is for, as templates receive it (`department`).
#[derive(Debug, Clone, Serialize)]
pub struct DepartmentView {
    pub id: String,
    pub name: String,
    pub summary: Option<String>,
    pub contact: Option<Contact>,
    pub branding: BrandingView,
}

/// The output name of a department's logo in its variant.
fn logo_output(department: &DepartmentSource) -> Option<String> {
    let logo = department.data.branding.logo.as_ref()?;
    let extension = Path::new(&logo.value)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase());
    Some(match extension {
        Some(extension) => format!("department-logo.{extension}"),
        None => "department-logo".into(),
    })
}

impl DepartmentView {
    pub fn of(department: &DepartmentSource) -> Self {
        let data = &department.data;
        let rgb = data
            .branding
            .accent
            .as_ref()
            .and_then(|a| parse_hex_colour(&a.value));
        DepartmentView {
            id: department.id.clone(),
            name: data.name.clone(),
            summary: data.summary.clone(),
            contact: data.contact.clone(),
            branding: BrandingView {
                accent: rgb.map(hex),
                accent_dark: rgb.map(|c| hex(shade(c, 0.22))),
                accent_wash: rgb.map(|c| hex(tint(c, 0.9))),
                logo: logo_output(department),
                footer: data.branding.footer.clone(),
            },
        }
    }
}

/// The logo file to copy into a department's variant, as (output path, file on disk).
pub fn logo_file(
    root: &Path,
    department: &DepartmentSource,
) -> Option<(String, std::path::PathBuf)> {
    let logo = department.data.branding.logo.as_ref()?;
    let path = root.join(&department.folder).join(&logo.value);
    path.is_file()
        .then(|| (logo_output(department).unwrap_or_default(), path))
}

/// One variant of a build: the organization-wide handbook or one department's.
#[derive(Debug, Clone)]
pub struct VariantEntry {
    /// `None` for the organization-wide handbook.
    pub id: Option<String>,
    pub name: String,
    pub summary: Option<String>,
    pub contact: Option<Contact>,
    /// Where the variant is in the output: `""` or `departments/<id>/`.
    pub base: String,
    /// Output paths of its pages, relative to `base`.
    pub pages: HashSet<String>,
    pub department: Option<DepartmentView>,
}

/// Every variant of a build, for the switcher and the home page's department list.
#[derive(Debug, Clone, Default)]
pub struct Variants {
    pub entries: Vec<VariantEntry>,
}

/// Which variant a site is, within its build.
#[derive(Debug, Clone, Copy)]
pub struct VariantRef<'p> {
    pub all: &'p Variants,
    pub index: usize,
}

/// A link of the department switcher (`switcher` in templates).
#[derive(Debug, Clone, Serialize)]
pub struct SwitchLink<'a> {
    /// The department id, or none for the organization-wide handbook.
    pub id: Option<&'a str>,
    pub name: &'a str,
    /// Relative URL from the current page: the same page in that variant, or its home page
    /// when it has no such page.
    pub url: String,
    /// This is the variant being viewed.
    pub current: bool,
    /// The link leads to the same page (false: to that variant's home page).
    pub same_page: bool,
}

/// A department on the home page's list (`departments` in templates).
#[derive(Debug, Clone, Serialize)]
pub struct DepartmentCard<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub summary: Option<&'a str>,
    pub contact: Option<&'a Contact>,
    /// Relative URL of the department's home page from the current page.
    pub url: String,
    pub current: bool,
}

impl<'p> VariantRef<'p> {
    pub fn entry(&self) -> &'p VariantEntry {
        &self.all.entries[self.index]
    }

    pub fn department(&self) -> Option<&'p DepartmentView> {
        self.entry().department.as_ref()
    }

    /// Relative URL from `page_path` in this variant to `path` in variant `target`.
    fn url_to(&self, page_path: &str, target: &VariantEntry, path: &str) -> String {
        let up = root_prefix(&self.entry().base);
        format!("{}{up}{}{path}", root_prefix(page_path), target.base)
    }

    /// The switcher's links for a page; empty when the build has one variant only.
    pub fn switcher(&self, page_path: &str) -> Vec<SwitchLink<'p>> {
        if self.all.entries.len() < 2 {
            return Vec::new();
        }
        self.all
            .entries
            .iter()
            .enumerate()
            .map(|(index, target)| {
                let same_page = target.pages.contains(page_path);
                let path = if same_page { page_path } else { HOME_PATH };
                let url = if index == self.index {
                    // This very page: its own file name.
                    page_path
                        .rsplit('/')
                        .next()
                        .unwrap_or(page_path)
                        .to_string()
                } else {
                    self.url_to(page_path, target, path)
                };
                SwitchLink {
                    id: target.id.as_deref(),
                    name: &target.name,
                    url,
                    current: index == self.index,
                    same_page,
                }
            })
            .collect()
    }

    /// The departments of the build, for the home page.
    pub fn departments(&self, page_path: &str) -> Vec<DepartmentCard<'p>> {
        self.all
            .entries
            .iter()
            .enumerate()
            .filter_map(|(index, target)| {
                let id = target.id.as_deref()?;
                Some(DepartmentCard {
                    id,
                    name: &target.name,
                    summary: target.summary.as_deref(),
                    contact: target.contact.as_ref(),
                    url: self.url_to(page_path, target, HOME_PATH),
                    current: index == self.index,
                })
            })
            .collect()
    }

    /// The organization-wide home page from `page_path`, when the build has it.
    pub fn organization_home(&self, page_path: &str) -> Option<String> {
        let org = self.all.entries.iter().find(|e| e.id.is_none())?;
        Some(self.url_to(page_path, org, HOME_PATH))
    }
}

/// Ids of all departments, for "did you mean" hints.
pub fn ids(project: &Project) -> BTreeSet<&str> {
    project.departments.iter().map(|d| d.id.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROGRAM: &str = "\
name: Org program
summary: Org summary
model: [one-on-one]
duration_months: 12
meetings:
  frequency: Monthly
  length_minutes: 60
  format: In person
roles:
  - id: mentor
    title: Mentor
  - id: mentee
    title: Mentee
matching:
  method: Coordinator review
  criteria:
    - id: discipline
      label: Discipline
      weight: 3
";

    fn merged(patch: &str) -> (Program, Diagnostics) {
        let base: Program = serde_saphyr::from_str(PROGRAM).unwrap();
        let patch: ProgramPatch = serde_saphyr::from_str(patch).unwrap();
        let mut diagnostics = Diagnostics::default();
        let program = merge_program(&base, &patch, None, &mut diagnostics);
        (program, diagnostics)
    }

    #[test]
    fn maps_merge_key_by_key() {
        let (program, diagnostics) =
            merged("meetings:\n  frequency: Weekly\nmatching:\n  method: Manager review\n");
        assert!(diagnostics.is_empty());
        let meetings = program.meetings.unwrap();
        assert_eq!(meetings.frequency, "Weekly");
        // Keys the overlay does not name keep the organization-wide values.
        assert_eq!(meetings.length_minutes, Some(60));
        assert_eq!(meetings.format.as_deref(), Some("In person"));
        let matching = program.matching.unwrap();
        assert_eq!(matching.method.as_deref(), Some("Manager review"));
        assert_eq!(matching.criteria.len(), 1);
    }

    #[test]
    fn scalars_replace_and_absent_keys_keep_their_value() {
        let (program, _) = merged("name: Pharmacy program\nduration_months: 9\n");
        assert_eq!(program.name, "Pharmacy program");
        assert_eq!(program.duration_months, Some(9));
        assert_eq!(program.summary.as_deref(), Some("Org summary"));
        let (unchanged, _) = merged("{}");
        assert_eq!(unchanged.name, "Org program");
        assert_eq!(unchanged.roles.len(), 2);
    }

    #[test]
    fn lists_replace() {
        let (program, _) = merged("roles:\n  - id: lead\n    title: Modality lead\nmodel: peer\n");
        let ids: Vec<&str> = program.roles.iter().map(|r| r.id.value.as_str()).collect();
        assert_eq!(ids, ["lead"]);
        assert_eq!(program.model.0, [crate::model::MentoringModel::Peer]);
    }

    #[test]
    fn append_adds_to_the_end_of_a_list() {
        let (program, _) = merged(
            "roles:\n  append:\n    - id: lead\n      title: Modality lead\nmodel:\n  append: [group]\nmatching:\n  criteria:\n    append:\n      - id: setting\n        label: Setting\n        weight: 1\n",
        );
        let ids: Vec<&str> = program.roles.iter().map(|r| r.id.value.as_str()).collect();
        assert_eq!(ids, ["mentor", "mentee", "lead"]);
        assert_eq!(program.model.0.len(), 2);
        let matching = program.matching.unwrap();
        assert_eq!(matching.method.as_deref(), Some("Coordinator review"));
        let criteria: Vec<&str> = matching
            .criteria
            .iter()
            .map(|c| c.id.value.as_str())
            .collect();
        assert_eq!(criteria, ["discipline", "setting"]);
    }

    #[test]
    fn a_meetings_map_without_a_base_needs_a_frequency() {
        let base: Program = serde_saphyr::from_str("name: x\n").unwrap();
        let patch: ProgramPatch =
            serde_saphyr::from_str("meetings:\n  length_minutes: 30\n").unwrap();
        let mut diagnostics = Diagnostics::default();
        let program = merge_program(&base, &patch, None, &mut diagnostics);
        assert!(program.meetings.is_none());
        assert!(diagnostics.has_errors());
        let patch: ProgramPatch =
            serde_saphyr::from_str("meetings:\n  frequency: Weekly\n").unwrap();
        let program = merge_program(&base, &patch, None, &mut Diagnostics::default());
        assert_eq!(program.meetings.unwrap().frequency, "Weekly");
    }

    #[test]
    fn overlay_keys_are_the_program_keys() {
        // Every key of program.yaml can be overlaid, and nothing else: compare the key lists
        // serde reports for an unknown key in each.
        let expected = |text: &str, program: bool| -> Vec<String> {
            let error = if program {
                serde_saphyr::from_str::<Program>(text).unwrap_err()
            } else {
                serde_saphyr::from_str::<ProgramPatch>(text).unwrap_err()
            };
            match error.without_snippet() {
                serde_saphyr::Error::SerdeUnknownField { expected, .. } => {
                    expected.iter().map(|s| s.to_string()).collect()
                }
                other => panic!("unexpected error {other}"),
            }
        };
        assert_eq!(expected("bogus: 1\n", true), expected("bogus: 1\n", false));
    }

    #[test]
    fn colours_parse_and_shade() {
        assert_eq!(parse_hex_colour("#0b6e4f"), Some([0x0b, 0x6e, 0x4f]));
        assert_eq!(parse_hex_colour("#fff"), Some([255, 255, 255]));
        assert_eq!(parse_hex_colour("0b6e4f"), None);
        assert_eq!(parse_hex_colour("#0b6e4"), None);
        assert_eq!(parse_hex_colour("#zzzzzz"), None);
        assert_eq!(parse_hex_colour("red; } body { x"), None);
        assert!(contrast_with_white([0x0b, 0x6e, 0x4f]) > 4.5);
        assert!(contrast_with_white([0xff, 0xcc, 0x00]) < 4.5);
        assert_eq!(hex(shade([100, 200, 0], 0.5)), "#326400");
        assert_eq!(hex(tint([0, 0, 0], 0.9)), "#e6e6e6");
    }

    #[test]
    fn department_files_mirror_content() {
        let department = DepartmentSource {
            id: "radiology".into(),
            folder: "content/departments/radiology".into(),
            file: "content/departments/radiology/department.yaml".into(),
            data: crate::model::Department {
                name: "Radiology".into(),
                summary: None,
                contact: None,
                branding: Default::default(),
                program: None,
            },
            guides: Vec::new(),
            checklists: Vec::new(),
            surveys: Vec::new(),
            modules: Vec::new(),
            unparsed: BTreeSet::new(),
        };
        assert_eq!(
            mirrored_path(
                &department,
                "content/departments/radiology/guides/goals/a.md"
            ),
            "content/guides/goals/a.md"
        );
        assert_eq!(
            stem("content/checklists/first-meeting.yml"),
            "first-meeting"
        );
    }
}
