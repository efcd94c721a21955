//! Department variants: one complete handbook per department, built from the
//! organization-wide project plus the department's overlay folder.
//!
//! - [`merge_program`] deep-merges the overlay's partial program over program.yaml: maps merge
//!   key by key, scalars replace, lists replace, and `{append: [...]}` appends to a list.
//! - [`variant_project`] puts the department's guides, checklists, surveys and modules in place
//!   of the organization-wide files with the same path, or adds them.
//!
//! What the overlay writes is checked by `validate::overlay`; the variants as templates see
//! them are in [`super::variants`].

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, SourceFile, located_error};
use crate::model::{
    DepartmentSource, Entry, GuideSource, Kind, Located, Matching, MatchingPatch, Meetings,
    MeetingsPatch, Program, ProgramPatch, Project,
};

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
        merge_meetings(&mut program, &located, source, diagnostics);
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
        merge_matching(&mut program, overlay);
    }
    if let Some(expectations) = patch.expectations {
        expectations.apply(&mut program.expectations);
    }
    program
}

/// Merges `meetings:` key by key; without meetings in program.yaml it must say `frequency`.
fn merge_meetings(
    program: &mut Program,
    located: &Located<MeetingsPatch>,
    source: Option<&SourceFile>,
    diagnostics: &mut Diagnostics,
) {
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
                    Code::MissingKey,
                    source,
                    located,
                    "`meetings` has no `frequency`, and program.yaml has no meetings to merge it with".into(),
                )
                .with_hint("add `frequency:` here, or add `meetings:` to content/program.yaml"),
            ),
        },
    }
}

/// Merges `matching:` key by key, into an empty one when program.yaml has none.
fn merge_matching(program: &mut Program, overlay: MatchingPatch) {
    let matching = program.matching.get_or_insert_with(|| Matching {
        method: None,
        criteria: Vec::new(),
        rules: None,
    });
    if let Some(method) = overlay.method {
        matching.method = Some(method);
    }
    if let Some(criteria) = overlay.criteria {
        criteria.apply(&mut matching.criteria);
    }
    if let Some(rules) = overlay.rules {
        matching.rules = Some(rules);
    }
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
        Diagnostic::warning(Code::Department, format!(
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
    let mut merge = OverlayMerge {
        org,
        department,
        logical_paths: HashMap::new(),
        diagnostics,
    };
    let guides = merge.guides();
    let checklists = merge.entries(&org.checklists, &department.checklists, Kind::Checklist);
    let surveys = merge.entries(&org.surveys, &department.surveys, Kind::Survey);
    let modules = merge.entries(&org.modules, &department.modules, Kind::Module);

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
        logical_paths: merge.logical_paths,
    }
}

/// A department's files being put in place of the organization-wide ones: the two projects,
/// the path each department file stands for (collected on the way), and where problems go.
struct OverlayMerge<'a> {
    org: &'a Project,
    department: &'a DepartmentSource,
    /// Department file -> the organization-wide path it replaces or mirrors.
    logical_paths: HashMap<String, String>,
    diagnostics: &'a mut Diagnostics,
}

impl OverlayMerge<'_> {
    /// The guides: a department guide replaces the one with the same key, or is added.
    fn guides(&mut self) -> Vec<GuideSource> {
        let (org, department) = (self.org, self.department);
        let mut guides: Vec<GuideSource> = org.guides.clone();
        let guide_files: Vec<&str> = org.guides.iter().map(|g| g.file.as_str()).collect();
        for guide in &department.guides {
            let logical = mirrored_path(department, &guide.file);
            self.logical_paths
                .insert(guide.file.clone(), logical.clone());
            match guides.iter().position(|g| g.key == guide.key) {
                Some(position) => guides[position] = guide.clone(),
                None => {
                    if let Some(warning) =
                        typo_warning(department, &guide.file, &logical, &guide_files)
                    {
                        self.diagnostics.push(warning);
                    }
                    guides.push(guide.clone());
                }
            }
        }
        guides
    }

    /// The entries of one kind: a department file replaces the one with the same file name
    /// (and must keep its id), or is added (with an id of its own).
    fn entries<T: Clone>(
        &mut self,
        base: &[Entry<T>],
        overlay: &[Entry<T>],
        kind: Kind,
    ) -> Vec<Entry<T>> {
        let mut entries: Vec<Entry<T>> = base.to_vec();
        let files: Vec<&str> = base.iter().map(|e| e.file.as_str()).collect();
        for entry in overlay {
            match entries
                .iter()
                .position(|e| stem(&e.file) == stem(&entry.file))
            {
                Some(position) => {
                    let replaced = &entries[position];
                    self.logical_paths
                        .insert(entry.file.clone(), replaced.file.clone());
                    if replaced.id != entry.id {
                        let message = format!(
                            "this {} replaces `{}` but has another id (`{}`, not `{}`)",
                            kind.noun(),
                            replaced.file,
                            entry.id,
                            replaced.id
                        );
                        let hint = format!(
                            "a replacement keeps the id of the file it replaces: use `id: {}` or remove `id:`",
                            replaced.id
                        );
                        self.diagnostics.push(
                            self.at_file(Code::Department, &entry.file, message)
                                .with_hint(hint),
                        );
                        continue;
                    }
                    entries[position] = entry.clone();
                }
                None => {
                    let logical = mirrored_path(self.department, &entry.file);
                    self.logical_paths
                        .insert(entry.file.clone(), logical.clone());
                    if let Some(other) = entries.iter().find(|e| e.id == entry.id) {
                        let message = format!("duplicate {} id `{}`", kind.noun(), entry.id);
                        let hint = format!(
                            "`{}` already uses this id; give one of them another id",
                            other.file
                        );
                        self.diagnostics.push(
                            self.at_file(Code::DuplicateId, &entry.file, message)
                                .with_hint(hint),
                        );
                        continue;
                    }
                    if let Some(warning) =
                        typo_warning(self.department, &entry.file, &logical, &files)
                    {
                        self.diagnostics.push(warning);
                    }
                    entries.push(entry.clone());
                }
            }
        }
        entries
    }

    /// An error at the start of a department file.
    fn at_file(&self, code: Code, file: &str, message: String) -> Diagnostic {
        let place = match self.org.sources.get(file) {
            Some(source) => Diagnostic::error(code, "").at(source, 0..0),
            None => Diagnostic::error(code, "").in_file(Path::new(file)),
        };
        Diagnostic { message, ..place }
    }
}

/// Ids of all departments, for "did you mean" hints.
pub fn ids(project: &Project) -> BTreeSet<&str> {
    project.departments.iter().map(|d| d.id.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

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
