//! What the search finds: the program overview in parts (the program, each goal, role and
//! phase, matching, expectations), the department handbooks, and one document per guide,
//! module, checklist and survey.

use rayon::prelude::*;

use crate::model::{Contact, Kind, Program};
use crate::render::bodies::Bodies;
use crate::render::search::SearchDoc;
use crate::render::search::index::Text;
use crate::render::text::SearchKinds;
use crate::resolve::{HOME_PATH, Site, item_path};

/// Every searchable page of a site, the program overview's parts first; `kinds` names each
/// kind of page in the results.
pub fn documents<'a>(
    site: &'a Site,
    bodies: &'a Bodies,
    kinds: &'a SearchKinds,
) -> Vec<SearchDoc<'a>> {
    let mut docs = overview_docs(site, kinds);
    docs.extend(department_docs(site, &kinds.department));
    docs.par_extend(site.reading_order.par_iter().map(|&i| {
        let g = site.guide(i);
        SearchDoc {
            title: &g.front.title,
            path: site.guide_path(i).to_string(),
            kind: &kinds.guide,
            summary: g.front.summary.as_deref(),
            text: Text::Html(bodies.guides.get(&i).map_or("", |r| r.html.as_str())),
        }
    }));
    docs.extend(module_docs(site, &kinds.module));
    docs.extend(checklist_docs(site, &kinds.checklist));
    docs.extend(survey_docs(site, &kinds.survey));
    docs
}

/// The home page's parts, each found at its own heading: the program (its summary, what the
/// overview says at a glance, and who to contact), each goal, role and phase, matching and
/// expectations.
fn overview_docs<'a>(site: &'a Site, kinds: &'a SearchKinds) -> Vec<SearchDoc<'a>> {
    let program = site.program;
    let kind = kinds.program.as_str();
    let part = |title: &'a str, anchor: String, summary: Option<&'a str>, text: String| SearchDoc {
        title,
        path: format!("{HOME_PATH}#{anchor}"),
        kind,
        summary,
        text: Text::Plain(text),
    };
    let mut docs = vec![SearchDoc {
        title: &program.name,
        path: HOME_PATH.into(),
        kind,
        summary: program.summary.as_deref(),
        text: Text::Plain(overview_text(site)),
    }];
    docs.extend(program.goals.iter().map(|goal| {
        let measures = goal.measures.iter().flat_map(|m| {
            [
                Some(m.metric.as_str()),
                m.unit.as_deref(),
                m.source.as_deref(),
            ]
        });
        let text = words(measures.flatten());
        part(
            &goal.title,
            format!("goal-{}", goal.id.value),
            goal.description.as_deref(),
            text,
        )
    }));
    docs.extend(program.roles.iter().map(|role| {
        let text = words(role.responsibilities.iter().map(String::as_str));
        part(
            &role.title,
            format!("role-{}", role.id.value),
            role.who.as_deref(),
            text,
        )
    }));
    docs.extend(program.phases.iter().map(|phase| {
        part(
            &phase.title,
            format!("phase-{}", phase.id.value),
            phase.summary.as_deref(),
            String::new(),
        )
    }));
    if let Some(text) = matching_text(program) {
        docs.push(part(&kinds.matching, "matching".into(), None, text));
    }
    if !program.expectations.is_empty() {
        let items = program.expectations.iter().flat_map(|e| &e.items);
        let text = words(items.map(String::as_str));
        docs.push(part(&kinds.expectations, "expectations".into(), None, text));
    }
    docs
}

/// The program's words beyond its summary: the organization, the department, the meeting
/// rhythm and the contacts.
fn overview_text(site: &Site) -> String {
    let program = site.program;
    let config = site.config;
    let department = site.variant.and_then(|v| v.department());
    let meetings = program.meetings.as_ref();
    words(
        [
            config.organization.as_ref().map(|o| o.name.as_str()),
            department.map(|d| d.name.as_str()),
            department.and_then(|d| d.summary.as_deref()),
            meetings.map(|m| m.frequency.as_str()),
            meetings.and_then(|m| m.format.as_deref()),
        ]
        .into_iter()
        .flatten()
        .chain(contact_words(config.contact.as_ref()))
        .chain(contact_words(department.and_then(|d| d.contact.as_ref()))),
    )
}

fn matching_text(program: &Program) -> Option<String> {
    let matching = program.matching.as_ref()?;
    let criteria = matching
        .criteria
        .iter()
        .flat_map(|c| [Some(c.label.as_str()), c.description.as_deref()]);
    Some(words(
        matching
            .method
            .as_deref()
            .into_iter()
            .chain(criteria.flatten()),
    ))
}

fn contact_words(contact: Option<&Contact>) -> impl Iterator<Item = &str> {
    contact.into_iter().flat_map(|c| {
        [
            Some(c.name.as_str()),
            c.email.as_deref(),
            c.phone.as_deref(),
        ]
        .into_iter()
        .flatten()
    })
}

/// The other handbooks of a build with departments, each found by its name, summary and
/// contact, leading to its home page.
fn department_docs<'a>(site: &'a Site, kind: &'a str) -> Vec<SearchDoc<'a>> {
    let Some(variant) = site.variant else {
        return Vec::new();
    };
    variant
        .departments(HOME_PATH)
        .into_iter()
        .filter(|d| !d.current)
        .map(|d| SearchDoc {
            title: d.name,
            path: d.url,
            kind,
            summary: d.summary,
            text: Text::Plain(words(contact_words(d.contact))),
        })
        .collect()
}

/// Words joined by spaces.
fn words<'w>(words: impl Iterator<Item = &'w str>) -> String {
    words.collect::<Vec<_>>().join(" ")
}

fn module_docs<'a>(site: &'a Site, kind: &'a str) -> impl Iterator<Item = SearchDoc<'a>> {
    site.module_order.iter().map(|&i| {
        let e = &site.project.modules[i];
        SearchDoc {
            title: &e.data.title,
            path: item_path(Kind::Module, &e.id),
            kind,
            summary: e.data.objectives.first().map(String::as_str),
            text: Text::Plain(
                e.data.objectives.join(" ")
                    + " "
                    + &e.data
                        .agenda
                        .iter()
                        .map(|a| a.activity.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
            ),
        }
    })
}

fn checklist_docs<'a>(site: &'a Site, label: &'a str) -> impl Iterator<Item = SearchDoc<'a>> {
    site.project.checklists.iter().map(|e| {
        let items = e.data.sections.iter().flat_map(|s| &s.items);
        let words = items.map(|i| i.text.as_str());
        let intro = e.data.intro.as_deref();
        item_doc(Kind::Checklist, label, &e.id, &e.data.title, intro, words)
    })
}

fn survey_docs<'a>(site: &'a Site, label: &'a str) -> impl Iterator<Item = SearchDoc<'a>> {
    site.project.surveys.iter().map(|e| {
        let words = e.data.all_questions().map(|q| q.text.as_str());
        let intro = e.data.intro.as_deref();
        item_doc(Kind::Survey, label, &e.id, &e.data.title, intro, words)
    })
}

/// The search document of a checklist or survey: its title, intro and the text of its items.
fn item_doc<'a>(
    kind: Kind,
    label: &'a str,
    id: &str,
    title: &'a str,
    intro: Option<&'a str>,
    words: impl Iterator<Item = &'a str>,
) -> SearchDoc<'a> {
    SearchDoc {
        title,
        path: item_path(kind, id),
        kind: label,
        summary: intro,
        text: Text::Plain(words.collect::<Vec<_>>().join(" ")),
    }
}
