//! `mentorkit new KIND NAME`: writes a commented skeleton of a guide, checklist, survey, training
//! module or department that builds as it is. Never overwrites a file.

pub mod init;

use std::fs;
use std::path::Path;

use crate::error::{Error, IoFailure};
use crate::load::invalid_segment;
use crate::model::schema;
use crate::render::markdown::slugify;
use crate::resolve::title_from_slug;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewKind {
    Guide,
    Checklist,
    Survey,
    Module,
    Department,
}

impl NewKind {
    pub fn noun(self) -> &'static str {
        match self {
            NewKind::Guide => "guide",
            NewKind::Checklist => "checklist",
            NewKind::Survey => "survey",
            NewKind::Module => "training module",
            NewKind::Department => "department",
        }
    }
}

/// What was written, for the command's message.
pub struct Scaffolded {
    /// Project-relative path of the new file.
    pub file: String,
    pub id: String,
    /// What to do next, one line.
    pub next: String,
}

/// The id (URL segment) and title for a NAME given on the command line: `"Handling conflict"`
/// gives `handling-conflict` and keeps the title; `handling-conflict` gives the title
/// `Handling conflict`.
pub fn id_and_title(name: &str) -> Result<(String, String), Error> {
    let name = name.trim();
    let id = slugify(name);
    if let Some(problem) = invalid_segment(&id) {
        return Err(Error::Usage(format!(
            "`{name}` cannot name a file: its id `{id}` {problem}; use letters, digits and hyphens, e.g. `first-meeting`"
        )));
    }
    let title = if name == id {
        title_from_slug(&id)
    } else {
        name.to_string()
    };
    Ok((id, title))
}

/// A guide's section may come with its name, the way its path reads:
/// `expectations/meetings/peer-circles` is `peer-circles` in `expectations/meetings`, and a
/// trailing `.md` is the file's, not the name's.
fn guide_place<'a>(
    kind: NewKind,
    section: Option<&'a str>,
    name: &'a str,
) -> Result<(Option<&'a str>, &'a str), Error> {
    if kind != NewKind::Guide {
        return Ok((section, name));
    }
    let name = name.trim();
    let name = name.strip_suffix(".md").unwrap_or(name);
    match (section, name.rsplit_once('/')) {
        (None, Some((folder, file))) => Ok((Some(folder), file)),
        (Some(_), Some(_)) => Err(Error::Usage(
            "give the section once: as SECTION/NAME or with --section, not both".into(),
        )),
        (section, None) => Ok((section, name)),
    }
}

/// Writes the skeleton of `kind` named `name` into the project at `root`.
pub fn scaffold(
    root: &Path,
    kind: NewKind,
    name: &str,
    section: Option<&str>,
) -> Result<Scaffolded, Error> {
    if section.is_some() && kind != NewKind::Guide {
        return Err(Error::Usage(format!(
            "--section is for guides only; a {} has no section",
            kind.noun()
        )));
    }
    let (section, name) = guide_place(kind, section, name)?;
    let (id, title) = id_and_title(name)?;
    let section = match kind {
        NewKind::Guide => guide_section(root, section)?,
        _ => "",
    };
    let (relative, text, next) = skeleton(kind, &id, &title, section);
    let path = root.join(&relative);
    write_new(&path, &text)?;
    Ok(Scaffolded {
        file: relative,
        id,
        next,
    })
}

/// A guide's section (or section/group), checked: it becomes folder names.
fn guide_section<'a>(root: &Path, section: Option<&'a str>) -> Result<&'a str, Error> {
    let Some(section) = section else {
        let existing = existing_sections(root);
        return Err(Error::Usage(format!(
            "a guide belongs to a section: write it as SECTION/NAME or pass --section SECTION{}",
            if existing.is_empty() {
                " (e.g. goals, training, expectations, evaluation)".to_string()
            } else {
                format!(" (this handbook has: {})", existing.join(", "))
            }
        )));
    };
    let section = section.trim_matches('/');
    let parts: Vec<&str> = section.split('/').collect();
    if parts.len() > 2 {
        return Err(Error::Usage(
            "--section is a section, or a section and a group: `expectations` or `expectations/meetings`".into(),
        ));
    }
    if let Some((part, problem)) = parts
        .iter()
        .find_map(|p| invalid_segment(p).map(|problem| (*p, problem)))
    {
        return Err(Error::Usage(format!(
            "section `{part}` {problem}; use lowercase letters, digits and hyphens"
        )));
    }
    Ok(section)
}

/// The path, text and next step of a skeleton (`section` is a guide's).
fn skeleton(kind: NewKind, id: &str, title: &str, section: &str) -> (String, String, String) {
    match kind {
        NewKind::Guide => {
            let relative = format!("content/guides/{section}/{id}.md");
            let next =
                "write the guide below its front matter; it appears in its section's navigation"
                    .to_string();
            (relative, guide(title), next)
        }
        NewKind::Checklist => {
            let relative = format!("content/checklists/{id}.yaml");
            let next = format!(
                "list it under a phase's `checklists:` in content/program.yaml, or embed it in a guide with {{{{ checklist(id=\"{id}\") }}}}"
            );
            let text = schema_line(&relative, "checklist") + &checklist(title);
            (relative, text, next)
        }
        NewKind::Survey => {
            let relative = format!("content/surveys/{id}.yaml");
            let next = format!(
                "list it under a phase's `surveys:` in content/program.yaml, or embed it in a guide with {{{{ survey(id=\"{id}\") }}}}"
            );
            let text = schema_line(&relative, "survey") + &survey(title);
            (relative, text, next)
        }
        NewKind::Module => {
            let relative = format!("content/training/{id}.yaml");
            let next = format!(
                "it is on the curriculum page; list it under a phase's `modules:` in content/program.yaml to place it in the timeline (`{id}`)"
            );
            let text = schema_line(&relative, "module") + &module(title);
            (relative, text, next)
        }
        NewKind::Department => {
            let relative = format!("content/departments/{id}/department.yaml");
            let next = format!(
                "add files under content/departments/{id}/ (guides/, checklists/, surveys/, training/) to replace or add to the organization-wide ones"
            );
            let text = schema_line(&relative, "department") + &department(title);
            (relative, text, next)
        }
    }
}

fn schema_line(relative: &str, kind: &str) -> String {
    schema::kind(kind).map_or_else(String::new, |k| schema::modeline(relative, k))
}

fn existing_sections(root: &Path) -> Vec<String> {
    let mut sections: Vec<String> = fs::read_dir(root.join("content/guides"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    sections.sort();
    sections
}

/// Creates `path` with `text`; refuses when it exists.
fn write_new(path: &Path, text: &str) -> Result<(), Error> {
    let fail = |action, source| Error::Io(IoFailure::new(path, action, source));
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| fail("create the folder of", e))?;
    }
    // `create_new` refuses an existing file atomically, so nothing is ever overwritten.
    let mut file = match fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(Error::Usage(format!(
                "{} already exists; mentorkit new never overwrites a file (choose another name)",
                path.display()
            )));
        }
        Err(e) => return Err(fail("create", e)),
    };
    std::io::Write::write_all(&mut file, text.as_bytes()).map_err(|e| fail("write", e))
}

fn yaml_string(text: &str) -> String {
    // A double-quoted YAML scalar: JSON string syntax is valid YAML.
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

fn guide(title: &str) -> String {
    format!(
        r#"---
# Front matter: the guide's title and how it is listed. Reference: docs/content-format.md
title: {title}
# One sentence shown on the section page and in search results.
summary: What this guide helps the reader do.
# Who it is for: mentor, mentee, coordinator, leadership (one or a list).
audience: [mentor, mentee]
# Order within the section: lower comes first; ties are sorted by title.
weight: 100
# While `draft: true` the guide is not published (and may not be linked to).
draft: false
---

Start with a sentence or two that says why this matters to the reader.

## First step

Write in short paragraphs. Link to other content by its path relative to this file, for
example `[the first meeting checklist](../../checklists/first-meeting.yaml)`, and embed a
checklist, survey or module with `{{{{ checklist(id="first-meeting") }}}}` on a line of its own.

> [!TIP]
> Callouts work too: NOTE, TIP, IMPORTANT, WARNING and CAUTION.

## Next step

Each `##` heading gets an anchor (`#next-step`) and an entry in the page's table of contents.
"#,
        title = yaml_string(title)
    )
}

fn checklist(title: &str) -> String {
    format!(
        r#"# A printable checklist. Reference: docs/content-format.md
title: {title}
# Who ticks it: mentor, mentee, coordinator, leadership (one or a list).
audience: [mentor, mentee]
# The id of the program phase it belongs to (see `phases:` in content/program.yaml).
# phase: launch
intro: >-
  One or two sentences on when to use this checklist and what to do with it afterwards.
sections:
  - title: Before
    items:
      - The first thing to do
      - text: A thing that needs a word of explanation
        note: The note is printed in small type under the item.
  - title: After
    items:
      - Keep a copy
# Signature lines printed at the end, each with a date.
sign_off: [Mentor, Mentee]
"#,
        title = yaml_string(title)
    )
}

fn survey(title: &str) -> String {
    format!(
        r#"# A survey form. Reference: docs/content-format.md
title: {title}
audience: [mentor, mentee]
# The id of the program phase it belongs to (see `phases:` in content/program.yaml).
# phase: midpoint
# Anonymous surveys do not ask for a name (default true).
anonymous: true
intro: >-
  Why you ask, how long it takes and what happens with the answers.
# Question ids become form field names and CSV column names: keep them short and stable.
# Types: likert (scale: agreement | frequency | satisfaction | a custom scale), rating (max),
# nps, choice (options, multiple), yes_no, number (min, max), text (long), date.
questions:
  - id: overall_satisfaction
    type: likert
    scale: satisfaction
    text: Overall, how satisfied are you with the program so far?
    required: true
  - id: would_recommend
    type: yes_no
    text: Would you recommend the program to a colleague?
  - id: why_not
    type: text
    long: true
    text: What would make you recommend it?
    # Shown only when the earlier question has this answer.
    show_if: {{ question: would_recommend, equals: "no" }}
"#,
        title = yaml_string(title)
    )
}

fn module(title: &str) -> String {
    format!(
        r#"# A training module of the mentor curriculum. Reference: docs/content-format.md
title: {title}
audience: mentor
# The agenda's minutes should add up to this.
duration_minutes: 60
# Position in the curriculum: lower comes first.
order: 100
objectives:
  - By the end, participants can do one observable thing
agenda:
  - minutes: 10
    activity: Welcome and purpose
  - minutes: 40
    activity: Practice in pairs
    # Facilitator notes appear in the facilitator view only.
    notes: Walk between the pairs; collect one example to debrief.
  - minutes: 10
    activity: Debrief and close
materials:
  - Handout
# The facilitator guide, in Markdown.
guide: |
  Explain how to run the session: preparation, timing, what to watch for.
# The id of a survey or checklist that assesses the module.
# assessment: mentor-readiness
"#,
        title = yaml_string(title)
    )
}

fn department(title: &str) -> String {
    format!(
        r#"# A department overlay: files in this folder (guides/, checklists/, surveys/, training/)
# replace the organization-wide file of the same path or add new ones.
name: {title}
# The department's mentoring contact, shown on its pages.
contact:
  name: Department coordinator
  email: coordinator@example.org
"#,
        title = yaml_string(title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_give_ids_and_titles() {
        let (id, title) = id_and_title("Handling conflict").ok().unwrap();
        assert_eq!(
            (id.as_str(), title.as_str()),
            ("handling-conflict", "Handling conflict")
        );
        let (id, title) = id_and_title("exit-interview").ok().unwrap();
        assert_eq!(
            (id.as_str(), title.as_str()),
            ("exit-interview", "Exit interview")
        );
        assert!(id_and_title("!!!").is_err());
    }

    #[test]
    fn every_skeleton_parses_as_its_model() {
        use crate::model::{Checklist, Module, Survey};
        serde_saphyr::from_str::<Checklist>(&checklist("A: b")).unwrap();
        serde_saphyr::from_str::<Survey>(&survey("S")).unwrap();
        serde_saphyr::from_str::<Module>(&module("M")).unwrap();
        serde_saphyr::from_str::<crate::model::Department>(&department("D")).unwrap();
    }
}
