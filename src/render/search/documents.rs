//! What the search finds: one document per guide, module, checklist and survey.

use rayon::prelude::*;

use crate::model::Kind;
use crate::render::bodies::Bodies;
use crate::render::search::{SearchCache, SearchDoc, Text, index_script};
use crate::render::text::SearchKinds;
use crate::resolve::{Site, item_path};

/// The search index over guides, modules, checklists and surveys; `kinds` names each kind of
/// page in the results.
pub fn search_index(
    site: &Site,
    bodies: &Bodies,
    kinds: &SearchKinds,
    cache: Option<&SearchCache>,
) -> String {
    let mut docs: Vec<SearchDoc> = site
        .reading_order
        .par_iter()
        .map(|&i| {
            let g = site.guide(i);
            SearchDoc {
                title: &g.front.title,
                path: site.guide_path(i).to_string(),
                kind: &kinds.guide,
                summary: g.front.summary.as_deref(),
                text: Text::Html(bodies.guides.get(&i).map_or("", |r| r.html.as_str())),
            }
        })
        .collect();
    docs.extend(module_docs(site, &kinds.module));
    docs.extend(checklist_docs(site, &kinds.checklist));
    docs.extend(survey_docs(site, &kinds.survey));
    index_script(&docs, cache)
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
