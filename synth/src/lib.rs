//! A deterministic synthetic handbook, for benchmarks, comparisons with other generators and
//! robustness tests. The same options always give byte-identical files.
//!
//! `N` guides of 600–900 words (headings, a table, lists, a callout, links to other guides and
//! to checklists, embeds of checklists, surveys and modules) are spread over the four sections
//! in 20 groups each, with checklists, surveys, training modules, a program whose phases use
//! them and, optionally, department overlays.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct SynthOptions {
    pub guides: usize,
    /// Department overlays under `content/departments/<id>/` (0 for none).
    pub departments: usize,
    pub seed: u64,
}

impl Default for SynthOptions {
    fn default() -> Self {
        SynthOptions {
            guides: 1_000,
            departments: 0,
            seed: 42,
        }
    }
}

pub const SECTIONS: [&str; 4] = ["goals", "training", "expectations", "evaluation"];
pub const GROUPS_PER_SECTION: usize = 20;

pub mod profiles;
pub mod responses;

/// A small, fast, deterministic generator (SplitMix64): no dependency, same output everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "mentor",
    "mentee",
    "meeting",
    "goal",
    "feedback",
    "listening",
    "confidence",
    "practice",
    "patient",
    "team",
    "shift",
    "department",
    "therapist",
    "pharmacy",
    "radiology",
    "review",
    "progress",
    "career",
    "support",
    "question",
    "agreement",
    "competence",
    "wellbeing",
    "plan",
    "coordinator",
    "survey",
    "checklist",
    "training",
    "reflection",
    "schedule",
    "clinical",
    "colleague",
    "skills",
    "safety",
    "handover",
    "escalation",
    "boundaries",
    "trust",
    "growth",
    "retention",
    "cohort",
    "session",
    "agenda",
    "notes",
    "evidence",
    "outcome",
    "measure",
    "experience",
    "learning",
    "the",
    "a",
    "and",
    "with",
    "for",
    "each",
    "every",
    "our",
    "their",
    "before",
    "after",
    "during",
    "often",
    "clearly",
    "together",
    "quietly",
    "early",
    "well",
];

const TOPICS: &[&str] = &[
    "Active listening",
    "Setting goals",
    "Giving feedback",
    "Confidentiality",
    "Cultural competence",
    "Meeting cadence",
    "Career conversations",
    "Peer groups",
    "Closing well",
    "Handling a mismatch",
    "Virtual mentoring",
    "Shift work",
    "Escalation",
    "Wellbeing",
    "Reflective practice",
];

const AUDIENCES: &[&str] = &["mentor", "mentee", "coordinator", "leadership"];

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut out = String::new();
    for i in 0..words {
        let word = rng.pick(WORDS);
        if i == 0 {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                out.extend(first.to_uppercase());
                out.push_str(chars.as_str());
            }
        } else {
            out.push(' ');
            out.push_str(word);
        }
    }
    out.push('.');
    out
}

/// A paragraph of about `words` words; returns it and the exact word count.
fn paragraph(rng: &mut Rng, words: usize) -> (String, usize) {
    let mut out = String::new();
    let mut count = 0;
    while count < words {
        let n = 8 + rng.below(10);
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&sentence(rng, n));
        count += n;
    }
    (out, count)
}

/// Where guide `i` lives: (section, group, slug).
pub fn guide_place(i: usize) -> (&'static str, String, String) {
    let section = SECTIONS[i % SECTIONS.len()];
    let group = (i / SECTIONS.len()) % GROUPS_PER_SECTION;
    (
        section,
        format!("group-{group:02}"),
        format!("guide-{i:05}"),
    )
}

/// Relative link from guide `from` to guide `to`.
fn guide_link(from: usize, to: usize) -> String {
    let (fs, fg, _) = guide_place(from);
    let (ts, tg, tslug) = guide_place(to);
    if fs == ts && fg == tg {
        format!("{tslug}.md")
    } else {
        format!("../../{ts}/{tg}/{tslug}.md")
    }
}

fn counts(guides: usize) -> (usize, usize, usize) {
    let checklists = (guides / 100).max(5);
    let surveys = (guides / 200).max(3);
    let modules = (guides / 200).max(5);
    (checklists, surveys, modules)
}

/// The Markdown text (front matter and body) of guide `i`.
pub fn guide_text(options: &SynthOptions, i: usize) -> String {
    let mut rng = Rng(options.seed ^ (i as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
    let (checklists, surveys, modules) = counts(options.guides);
    let target = 600 + rng.below(300);
    let topic = rng.pick(TOPICS);
    let audience = rng.pick(AUDIENCES);
    let mut words = 0;
    let mut out = String::with_capacity(8 * 1024);
    let _ = write!(
        out,
        "---\ntitle: \"{topic} in practice {i}\"\nsummary: \"How mentors and mentees handle {} in guide {i}.\"\naudience: [{audience}, mentee]\nweight: {}\n---\n\n",
        topic.to_lowercase(),
        rng.below(100)
    );
    let (p, n) = paragraph(&mut rng, 70);
    out.push_str(&p);
    out.push_str("\n\n## Key points\n\n");
    words += n + 2;
    for _ in 0..5 {
        let n = 6 + rng.below(6);
        let _ = writeln!(out, "- {}", sentence(&mut rng, n));
        words += n;
    }
    out.push_str("\n| Step | Who | When |\n| --- | --- | --- |\n");
    for step in 1..=4 {
        let who = rng.pick(AUDIENCES);
        let _ = writeln!(
            out,
            "| {} | {who} | week {} |",
            sentence(&mut rng, 4),
            step * 2
        );
        words += 7;
    }
    let next = (i + 1) % options.guides.max(1);
    let far = (i * 7 + 13) % options.guides.max(1);
    let checklist = i % checklists;
    let survey = i % surveys;
    let module = i % modules;
    let _ = write!(
        out,
        "\n## How it works\n\nSee [the next guide]({}) and [its key points]({}#key-points), \
         and prepare with the [checklist](../../../checklists/checklist-{checklist:03}.yaml).\n\n",
        guide_link(i, next),
        guide_link(i, far),
    );
    words += 16;
    let _ = write!(
        out,
        "{{{{ checklist(id=\"checklist-{checklist:03}\") }}}}\n\n"
    );
    while words < target.saturating_sub(150) {
        let size = 60 + rng.below(40);
        let (p, n) = paragraph(&mut rng, size);
        out.push_str(&p);
        out.push_str("\n\n");
        words += n;
    }
    out.push_str("> [!TIP]\n> ");
    let (p, n) = paragraph(&mut rng, 30);
    out.push_str(&p);
    words += n;
    out.push_str("\n\n### Steps\n\n");
    for step in 1..=4 {
        let n = 8 + rng.below(6);
        let _ = writeln!(
            out,
            "{step}. **{}** {}",
            rng.pick(TOPICS),
            sentence(&mut rng, n)
        );
        words += n + 2;
    }
    let _ = write!(
        out,
        "\n{{{{ survey(id=\"survey-{survey:03}\") }}}}\n\n## Training\n\n{{{{ module(id=\"module-{module:03}\") }}}}\n\n"
    );
    while words < target {
        let (p, n) = paragraph(&mut rng, (target - words).clamp(20, 80));
        out.push_str(&p);
        out.push_str("\n\n");
        words += n;
    }
    out
}

fn checklist_text(i: usize, phase: &str) -> String {
    let mut rng = Rng(0xC0FFEE ^ i as u64);
    let mut out = format!(
        "title: \"Checklist {i}: {}\"\naudience: [mentor, mentee]\nphase: {phase}\nintro: Use this list before and after the meeting.\nsections:\n",
        rng.pick(TOPICS)
    );
    for s in 0..3 {
        let _ = writeln!(out, "  - title: Part {}\n    items:", s + 1);
        for _ in 0..5 {
            let _ = writeln!(out, "      - \"{}\"", sentence(&mut rng, 7));
        }
        let _ = writeln!(
            out,
            "      - text: \"{}\"\n        note: \"{}\"",
            sentence(&mut rng, 5),
            sentence(&mut rng, 6)
        );
    }
    out.push_str("sign_off: [Mentor, Mentee]\n");
    out
}

fn survey_text(i: usize, phase: &str) -> String {
    let mut rng = Rng(0x5EED ^ i as u64);
    let mut out = format!(
        "title: \"Survey {i}\"\naudience: [mentor, mentee]\nphase: {phase}\nanonymous: true\nintro: \"{}\"\nquestions:\n",
        sentence(&mut rng, 12)
    );
    let _ = write!(
        out,
        "  - id: role\n    type: choice\n    text: Are you a mentor or a mentee?\n    required: true\n    options: [Mentor, Mentee]\n\
         \x20 - id: useful\n    type: likert\n    scale: agreement\n    text: \"{}\"\n    required: true\n\
         \x20 - id: meetings\n    type: number\n    text: How many meetings have you had?\n    min: 0\n    max: 40\n\
         \x20 - id: recommend\n    type: nps\n    text: How likely are you to recommend the program?\n\
         \x20 - id: stay\n    type: yes_no\n    text: Do you plan to stay another year?\n\
         \x20 - id: why_not\n    type: text\n    long: true\n    text: What would change your mind?\n    show_if: {{question: stay, equals: \"no\"}}\n\
         \x20 - id: rating\n    type: rating\n    max: 5\n    text: Rate your mentor's listening.\n\
         \x20 - id: when\n    type: date\n    text: When did you last meet?\n",
        sentence(&mut rng, 8)
    );
    out
}

fn module_text(i: usize, assessment: &str) -> String {
    let mut rng = Rng(0xAB1E ^ i as u64);
    let mut out = format!(
        "title: \"Module {i}: {}\"\naudience: mentor\nduration_minutes: 90\norder: {i}\nobjectives:\n",
        rng.pick(TOPICS)
    );
    for _ in 0..3 {
        let _ = writeln!(out, "  - \"{}\"", sentence(&mut rng, 8));
    }
    out.push_str("agenda:\n");
    for minutes in [15, 30, 30, 15] {
        let _ = writeln!(
            out,
            "  - minutes: {minutes}\n    activity: \"{}\"\n    notes: \"{}\"",
            sentence(&mut rng, 5),
            sentence(&mut rng, 12)
        );
    }
    out.push_str("materials:\n  - Slides\n  - Scenario cards\n");
    let _ = write!(
        out,
        "assessment: {assessment}\nguide: |\n  ## Before the session\n\n  {}\n\n  - {}\n  - {}\n",
        sentence(&mut rng, 20),
        sentence(&mut rng, 6),
        sentence(&mut rng, 6)
    );
    out
}

const PHASES: [(&str, &str, u32, u32); 4] = [
    ("launch", "Launch and matching", 1, 4),
    ("early", "Early meetings", 5, 16),
    ("midpoint", "Midpoint review", 17, 30),
    ("close", "Closing", 31, 52),
];

fn program_text(checklists: usize, surveys: usize, modules: usize) -> String {
    let mut out = String::from(
        "name: Synthetic Mentorship Program\nsummary: A generated program for benchmarks.\nmodel: [one-on-one, peer]\nduration_months: 12\n\
         meetings:\n  frequency: every two weeks\n  length_minutes: 60\n  format: in person or by video\n\
         goals:\n  - id: retention\n    title: Keep the people we hire\n    description: Retention of new staff.\n    measures:\n\
         \x20     - metric: 12-month retention\n        baseline: 79\n        target: 88\n        unit: \"%\"\n        source: HR records\n\
         roles:\n  - id: mentor\n    title: Mentor\n    who: Experienced colleagues\n    responsibilities: [Meet regularly, Listen]\n\
         phases:\n",
    );
    for (p, (id, title, from, to)) in PHASES.iter().enumerate() {
        let _ = write!(
            out,
            "  - id: {id}\n    title: {title}\n    weeks: [{from}, {to}]\n    summary: What happens in this phase.\n"
        );
        let pick = |n: usize, prefix: &str| -> String {
            (0..n)
                .filter(|k| k % PHASES.len() == p)
                .take(3)
                .map(|k| format!("{prefix}-{k:03}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = writeln!(out, "    checklists: [{}]", pick(checklists, "checklist"));
        let _ = writeln!(out, "    surveys: [{}]", pick(surveys, "survey"));
        let _ = writeln!(out, "    modules: [{}]", pick(modules, "module"));
    }
    out.push_str(
        "matching:\n  method: Coordinator proposes, both agree\n  criteria:\n    - id: specialty\n      label: Specialty\n      weight: 3\n      description: Same or neighboring discipline.\n\
         expectations:\n  - audience: mentor\n    items: [Meet every two weeks, Keep it confidential]\n",
    );
    out
}

/// The synthetic handbooks measure the site against other generators, which make no PDFs:
/// `pdf: false`. benches/pdf.rs turns them on to measure what they cost.
const CONFIG: &str = "title: Synthetic Handbook\nbase_url: /\nlanguage: en\ntheme: default\n\
organization:\n  name: Synthetic Health\ncontact:\n  name: Program Office\n  email: mentoring@example.org\n\
surveys:\n  submit: download\nprint:\n  paper: letter\n  pdf: false\n";

fn department_text(d: usize) -> String {
    format!(
        "name: \"Department {d}\"\ncontact:\n  name: \"Coordinator {d}\"\n  email: \"dept{d}@example.org\"\nprogram:\n  meetings:\n    frequency: \"every {} weeks\"\n",
        2 + d % 3
    )
}

/// Every file of the synthetic project as (project-relative path, text), in a fixed order.
pub fn files(options: &SynthOptions) -> Vec<(PathBuf, String)> {
    let (checklists, surveys, modules) = counts(options.guides);
    let mut out = vec![
        (PathBuf::from("mentorkit.yaml"), CONFIG.to_string()),
        (
            PathBuf::from("content/program.yaml"),
            program_text(checklists, surveys, modules),
        ),
    ];
    for i in 0..checklists {
        let phase = PHASES[i % PHASES.len()].0;
        out.push((
            format!("content/checklists/checklist-{i:03}.yaml").into(),
            checklist_text(i, phase),
        ));
    }
    for i in 0..surveys {
        let phase = PHASES[i % PHASES.len()].0;
        out.push((
            format!("content/surveys/survey-{i:03}.yaml").into(),
            survey_text(i, phase),
        ));
    }
    for i in 0..modules {
        let assessment = format!("survey-{:03}", i % surveys);
        out.push((
            format!("content/training/module-{i:03}.yaml").into(),
            module_text(i, &assessment),
        ));
    }
    for i in 0..options.guides {
        let (section, group, slug) = guide_place(i);
        out.push((
            format!("content/guides/{section}/{group}/{slug}.md").into(),
            guide_text(options, i),
        ));
    }
    for d in 0..options.departments {
        let base = format!("content/departments/dept-{d:02}");
        out.push((format!("{base}/department.yaml").into(), department_text(d)));
        // Each department replaces one organization-wide guide and one checklist.
        let replaced = d % options.guides.max(1);
        if options.guides > 0 {
            let (section, group, slug) = guide_place(replaced);
            let text =
                guide_text(options, replaced).replacen("in practice", "in this department", 1);
            out.push((
                format!("{base}/guides/{section}/{group}/{slug}.md").into(),
                text,
            ));
        }
        let checklist = d % checklists;
        let text = checklist_text(checklist, PHASES[checklist % PHASES.len()].0).replacen(
            "Checklist",
            "Department checklist",
            1,
        );
        out.push((
            format!("{base}/checklists/checklist-{checklist:03}.yaml").into(),
            text,
        ));
    }
    out
}

/// Writes the synthetic project into `dir` (created if missing); returns the number of files.
pub fn write(dir: &Path, options: &SynthOptions) -> io::Result<usize> {
    let files = files(options);
    for (relative, text) in &files {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(path, text)?;
    }
    Ok(files.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generation_is_deterministic() {
        let options = SynthOptions {
            guides: 40,
            departments: 2,
            seed: 7,
        };
        assert_eq!(files(&options), files(&options));
    }

    #[test]
    fn guides_have_600_to_900_words() {
        let options = SynthOptions {
            guides: 50,
            ..SynthOptions::default()
        };
        for i in 0..50 {
            let text = guide_text(&options, i);
            let body = text.splitn(3, "---\n").nth(2).unwrap_or_default();
            let words = body
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphabetic))
                .count();
            assert!((550..=1000).contains(&words), "guide {i} has {words} words");
            assert!(
                body.contains("| --- |")
                    && body.contains("{{ checklist(")
                    && body.contains("](../")
            );
        }
    }

    #[test]
    fn guides_spread_over_four_sections_in_twenty_groups() {
        let groups: std::collections::BTreeSet<_> = (0..1000)
            .map(|i| {
                let (s, g, _) = guide_place(i);
                (s, g)
            })
            .collect();
        assert_eq!(groups.len(), 4 * GROUPS_PER_SECTION);
    }
}
