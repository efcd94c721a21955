//! Printable checklists and fillable, printable surveys: the HTML a browser and a screen reader
//! get, the CSV columns, the POST form, the paper version, the data dictionary, and the
//! validation of survey files, each through `mentorkit build`.

mod common;

use common::{Project, attribute_values};

/// A survey with every question type, sections, a custom scale in the survey and one in
/// mentorkit.yaml, `required`, `multiple`, `long` and `show_if` on choice and yes_no.
const EVERY_TYPE: &str = "\
title: Every type
audience: [mentor, mentee]
phase: start
intro: Tell us <everything> & more.
scales:
  cadence: [Too rarely, About right, Too often]
sections:
  - title: First part
    questions:
      - id: agree
        type: likert
        scale: agreement
        text: I feel <b>welcome</b>.
        required: true
      - id: pace
        type: likert
        scale: cadence
        text: How often do you meet?
      - id: sure
        type: likert
        scale: confidence
        text: How confident are you?
      - id: useful
        type: rating
        max: 4
        text: How useful was it?
        required: true
      - id: recommend
        type: nps
        text: Would you recommend it?
  - title: Second part
    questions:
      - id: meetings
        type: choice
        text: How many meetings?
        required: true
        options: [None, One or two, Three or more]
      - id: formats
        type: choice
        multiple: true
        text: How did you meet?
        options: [In person, Video, Phone]
      - id: why_many
        type: text
        text: Why so many?
        show_if: {question: meetings, equals: Three or more}
      - id: mentored
        type: yes_no
        text: Had a mentor before?
      - id: how_good
        type: rating
        max: 5
        text: How good was it?
        show_if: {question: mentored, equals: 'yes'}
      - id: years
        type: number
        text: Years in practice?
        min: 0
        max: 45
        required: true
      - id: started
        type: date
        text: When did you start?
      - id: comments
        type: text
        long: true
        text: Anything else?
";

const IDS: [&str; 13] = [
    "agree",
    "pace",
    "sure",
    "useful",
    "recommend",
    "meetings",
    "formats",
    "why_many",
    "mentored",
    "how_good",
    "years",
    "started",
    "comments",
];

const SCALE_CONFIG: &str =
    "scales:\n  confidence: [Not confident, Fairly confident, Very confident]\n";

fn survey_project(extra_config: &str) -> Project {
    let project = Project::new();
    project.write(
        "mentorkit.yaml",
        &format!("{}{SCALE_CONFIG}{extra_config}", common::CONFIG),
    );
    project.write("content/surveys/baseline.yaml", EVERY_TYPE);
    project
}

/// The text of the element that starts at `open` (e.g. `<fieldset class="question` + id).
fn element<'a>(html: &'a str, start: &str, close: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no `{start}` in page"));
    let to = html[from..]
        .find(close)
        .unwrap_or_else(|| panic!("`{start}` is not closed"));
    &html[from..from + to + close.len()]
}

fn question<'a>(html: &'a str, id: &str) -> &'a str {
    element(html, &format!("id=\"q-{id}\""), "</fieldset>")
}

#[test]
fn every_question_type_is_an_accessible_form_control() {
    let project = survey_project("");
    project.build().success();
    let html = project.read_output("surveys/baseline.html");

    // One fieldset with a legend per question, in document order.
    assert_eq!(
        html.matches("<fieldset class=\"question").count(),
        IDS.len()
    );
    assert_eq!(html.matches("<legend>").count(), IDS.len());
    let order: Vec<String> = attribute_values(&html, "data-question");
    assert_eq!(order, IDS);

    // Every control is labelled: each id has a <label for>.
    let ids = attribute_values(&html, "id");
    let fors = attribute_values(&html, "for");
    for id in &ids {
        let described = ["-error", "-hint", "-ends"].iter().any(|s| id.ends_with(s));
        if !described
            && (id.starts_with("agree-") || id == "years" || id == "comments" || id == "started")
        {
            assert!(fors.contains(id), "control `{id}` has no label");
        }
    }
    for control in html.split("<input").skip(1) {
        let tag = &control[..control.find('>').unwrap_or(control.len())];
        if tag.contains("type=\"hidden\"") || tag.contains("mk-search") {
            continue;
        }
        let id = attribute_values(tag, "id");
        assert!(
            id.first().is_some_and(|id| fors.contains(id)),
            "input without label: <input{tag}>"
        );
    }

    // Likert: radio groups with the scale's labels, coded 1..n.
    let agree = question(&html, "agree");
    assert_eq!(agree.matches("type=\"radio\" id=\"agree-").count(), 5);
    assert!(agree.contains(
        "name=\"agree\" value=\"1\" required><label for=\"agree-1\">Strongly disagree</label>"
    ));
    assert!(agree.contains("value=\"5\" required><label for=\"agree-5\">Strongly agree</label>"));
    assert!(agree.contains("<span class=\"required-mark\">(required)</span>"));
    assert!(
        agree.contains("I feel &lt;b&gt;welcome&lt;/b&gt;."),
        "{agree}"
    );
    let pace = question(&html, "pace");
    assert!(pace.contains(">Too rarely</label>") && pace.contains("value=\"3\""));
    assert!(!pace.contains(" required"), "pace is optional");
    let sure = question(&html, "sure");
    assert!(sure.contains("value=\"3\"><label for=\"sure-3\">Very confident</label>"));
    // Rating 1..max and NPS 0..10.
    let useful = question(&html, "useful");
    assert_eq!(useful.matches("type=\"radio\"").count(), 4);
    assert!(useful.contains("value=\"4\" required"));
    let nps = question(&html, "recommend");
    assert_eq!(nps.matches("type=\"radio\"").count(), 11);
    assert!(nps.contains("value=\"0\"") && nps.contains("value=\"10\""));
    assert!(nps.contains("0 = Not at all likely"));
    // Choice: radios, or check boxes when multiple.
    let meetings = question(&html, "meetings");
    assert!(meetings.contains(
        "type=\"radio\" id=\"meetings-3\" name=\"meetings\" value=\"Three or more\" required"
    ));
    let formats = question(&html, "formats");
    assert_eq!(formats.matches("type=\"checkbox\"").count(), 3);
    assert!(formats.contains("name=\"formats\" value=\"Video\""));
    // yes_no, number, date, short and long text.
    let mentored = question(&html, "mentored");
    assert!(mentored.contains("value=\"yes\"><label for=\"mentored-1\">Yes</label>"));
    assert!(mentored.contains("value=\"no\"><label for=\"mentored-2\">No</label>"));
    let years = question(&html, "years");
    assert!(years.contains("<input type=\"number\" id=\"years\" name=\"years\""));
    assert!(years.contains("min=\"0\" max=\"45\" required"));
    assert!(
        years.contains("<label class=\"control-label\" for=\"years\">Number, from 0 to 45</label>")
    );
    assert!(
        question(&html, "started").contains("<input type=\"date\" id=\"started\" name=\"started\"")
    );
    assert!(
        question(&html, "why_many")
            .contains("<input type=\"text\" id=\"why_many\" name=\"why_many\"")
    );
    assert!(question(&html, "comments").contains("<textarea id=\"comments\" name=\"comments\""));

    // show_if: data for the script, and the condition as a hint for everyone.
    let why = question(&html, "why_many");
    assert!(why.contains("data-show-if=\"meetings\" data-equals=\"Three or more\""));
    assert!(why.contains("Answer only if you answered “Three or more” to question 6."));
    assert!(
        !why.contains(" hidden"),
        "without JavaScript every question shows"
    );
    let how_good = question(&html, "how_good");
    assert!(how_good.contains("data-show-if=\"mentored\" data-equals=\"yes\""));
    assert!(how_good.contains("“Yes” to question 9"));

    // Errors are tied to their question.
    assert!(why.contains("aria-describedby=\"why_many-hint why_many-error\""));
    assert!(why.contains("<p class=\"field-error\" id=\"why_many-error\"></p>"));
    assert!(years.contains("aria-describedby=\"years-error\""));

    // User text is escaped; no external resources.
    assert!(html.contains("Tell us &lt;everything&gt; &amp; more."));
    assert!(!html.contains("<b>welcome"));
    assert!(!html.contains("src=\"http") && !html.contains("href=\"http"));
    assert!(html.contains("<script src=\"../survey.js\" defer></script>"));
}

#[test]
fn csv_columns_are_submitted_at_then_question_ids_in_document_order() {
    let project = survey_project("");
    project.build().success();
    let html = project.read_output("surveys/baseline.html");
    let expected = std::iter::once("submitted_at")
        .chain(IDS)
        .collect::<Vec<_>>()
        .join(",");
    assert!(html.contains(&format!("data-columns=\"{expected}\"")));

    // The data dictionary lists the same columns, with their coding.
    let csv = project.read_output("surveys/baseline/dictionary.csv");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(
        header,
        [
            "column",
            "number",
            "question",
            "type",
            "required",
            "section",
            "coding",
            "condition"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let columns: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    assert_eq!(columns.join(","), expected);
    let row = |id: &str| {
        rows.iter()
            .find(|r| &r[0] == id)
            .expect("row for id")
            .clone()
    };
    assert_eq!(
        &row("agree")[6],
        "1 = Strongly disagree | 2 = Disagree | 3 = Neither agree nor disagree | 4 = Agree | 5 = Strongly agree"
    );
    assert_eq!(&row("agree")[2], "I feel <b>welcome</b>.");
    assert_eq!(&row("agree")[4], "yes");
    assert_eq!(
        &row("sure")[6],
        "1 = Not confident | 2 = Fairly confident | 3 = Very confident"
    );
    assert_eq!(
        &row("recommend")[6],
        "whole number from 0 (not at all likely) to 10 (extremely likely)"
    );
    assert_eq!(&row("useful")[6], "whole number from 1 to 4");
    assert_eq!(&row("mentored")[6], "yes | no");
    assert!(
        row("formats")[6].starts_with(
            "any of: In person | Video | Phone; several answers are joined with \";\""
        )
    );
    assert_eq!(&row("years")[6], "number from 0 to 45");
    assert_eq!(&row("started")[6], "date as YYYY-MM-DD");
    assert!(row("why_many")[7].contains("question 6 (meetings) is \"Three or more\""));
    assert_eq!(&row("meetings")[5], "Second part");

    // And the dictionary page publishes it.
    let page = project.read_output("surveys/baseline/dictionary.html");
    assert!(page.contains("<code>submitted_at,agree,pace,"));
    assert!(page.contains("href=\"../../surveys/baseline/dictionary.csv\" download"));
    assert!(page.contains("I feel &lt;b&gt;welcome&lt;/b&gt;."));
}

#[test]
fn download_is_the_default_and_sends_nothing() {
    let project = survey_project("");
    project.build().success();
    let html = project.read_output("surveys/baseline.html");
    let form = element(&html, "<form class=\"survey-form\"", ">");
    assert!(form.contains("action=\"#\" data-download"), "{form}");
    assert!(!form.contains("method=\"post\""));
    assert!(html.contains("data-survey-download=\"csv\" hidden>Download responses (CSV)</button>"));
    assert!(html.contains("data-survey-download=\"json\" hidden>Download as JSON</button>"));
    assert!(html.contains("Nothing is sent anywhere."));
    assert!(html.contains("<noscript>"));
}

#[test]
fn post_collection_is_a_plain_html_form() {
    let project = survey_project(
        "surveys:\n  submit: post\n  endpoint: https://forms.example/mentoring?x=1&y=2\n",
    );
    project.build().success();
    let html = project.read_output("surveys/baseline.html");
    let form = element(&html, "<form class=\"survey-form\"", ">");
    assert!(
        form.contains("method=\"post\" action=\"https://forms.example/mentoring?x=1&amp;y=2\""),
        "{form}"
    );
    // The submit button works without JavaScript (not hidden), and field names are the ids.
    assert!(
        html.contains("<button type=\"submit\" class=\"button primary\">Send responses</button>")
    );
    let mut names: Vec<String> = attribute_values(&html, "name")
        .into_iter()
        .filter(|n| n != "viewport" && n != "q")
        .collect();
    names.dedup();
    assert_eq!(names, IDS);
    assert!(!html.contains("data-survey-download"));
}

#[test]
fn post_without_endpoint_is_an_error() {
    let project = survey_project("surveys:\n  submit: post\n");
    let output = project.build().code(1).get_output().stderr.clone();
    let err = String::from_utf8_lossy(&output);
    assert!(
        err.contains("`surveys.submit` is `post` but there is no `endpoint`"),
        "{err}"
    );
    assert!(err.contains("--> mentorkit.yaml:"), "{err}");
}

#[test]
fn anonymous_surveys_show_a_privacy_notice_and_ask_no_name() {
    let project = survey_project("");
    project.build().success();
    let html = project.read_output("surveys/baseline.html");
    assert!(html.contains("class=\"privacy-notice\""));
    assert!(!html.contains("name=\"respondent\""));

    project.write(
        "content/surveys/baseline.yaml",
        &EVERY_TYPE.replace("phase: start\n", "phase: start\nanonymous: false\n"),
    );
    project.build().success();
    let html = project.read_output("surveys/baseline.html");
    assert!(!html.contains("class=\"privacy-notice\""));
    assert!(html.contains(
        "<input type=\"text\" id=\"respondent\" name=\"respondent\" autocomplete=\"name\" required"
    ));
    assert!(html.contains("data-columns=\"submitted_at,respondent,agree,"));
    let csv = project.read_output("surveys/baseline/dictionary.csv");
    assert!(
        csv.lines()
            .nth(2)
            .is_some_and(|l| l.starts_with("respondent,"))
    );
}

#[test]
fn paper_version_has_circles_lines_boxes_and_skip_instructions() {
    let project = survey_project("");
    project.build().success();
    let survey = project.read_output("surveys/baseline.html");
    assert!(survey.contains("href=\"../surveys/baseline/print.html\""));
    assert!(survey.contains("href=\"../surveys/baseline/dictionary.html\""));
    let paper = project.read_output("surveys/baseline/print.html");
    let block = |id: &str| element(&paper, &format!("id=\"p-{id}\""), "</div>\n");
    assert_eq!(block("agree").matches("class=\"circle\"").count(), 5);
    assert_eq!(block("recommend").matches("class=\"circle\"").count(), 11);
    assert_eq!(block("formats").matches("class=\"square\"").count(), 3);
    assert_eq!(block("comments").matches("class=\"ruled\"").count(), 4);
    assert_eq!(block("why_many").matches("class=\"ruled\"").count(), 1);
    assert_eq!(block("years").matches("class=\"digit\"").count(), 2);
    assert_eq!(block("started").matches("class=\"digit\"").count(), 8);
    assert!(block("why_many").contains("Answer only if you chose “Three or more” in question 6."));
    assert!(block("how_good").contains("Answer only if you chose “Yes” in question 9."));
    // A respondent reads questions, not the data's column names (the data dictionary has them).
    assert!(!paper.contains("column-name") && !paper.contains(">agree<"));
    assert!(paper.contains("<section class=\"paper-section\">\n<h2>Second part</h2>"));
    assert!(paper.contains("Return the completed form to Pat Lee"));
}

#[test]
fn surveys_index_links_paper_versions_and_dictionaries() {
    let project = survey_project("");
    project.build().success();
    let index = project.read_output("surveys/index.html");
    assert!(index.contains("<h2 id=\"surveys-start\">Getting started"));
    assert!(index.contains("href=\"../surveys/baseline/print.html\">Paper version</a>"));
    assert!(index.contains("href=\"../surveys/baseline/dictionary.html\">Data dictionary</a>"));
    assert!(common::broken_links(&project.path("public")).is_empty());
}

const LONG_CHECKLIST: &str = "\
title: Mentor readiness
audience: mentor
phase: start
sections:
  - title: Training
    items:
      - Finish module one
      - text: Read the <confidentiality> guide
        note: Ask the coordinator & your manager
";

#[test]
fn checklists_have_remembered_boxes_notes_sign_off_and_print() {
    let project = Project::new();
    project.write("content/checklists/readiness.yaml", LONG_CHECKLIST);
    project.write(
        "content/checklists/launch.yaml",
        "title: Launch\naudience: coordinator\nsections:\n  - title: Plan\n    items: [Book rooms]\n",
    );
    project.build().success();
    let html = project.read_output("checklists/first-meeting.html");
    assert!(html.contains("<p class=\"eyebrow\">Test Program"));
    assert!(html.contains("Phase: Getting started (Weeks 1–4)"));
    assert!(html.contains("For: Mentor, Mentee"));
    assert!(html.contains("data-checklist=\"first-meeting\""));
    assert!(html.contains("<input type=\"checkbox\" id=\"first-meeting-1-1\" name=\"first-meeting-1-1\"><label for=\"first-meeting-1-1\">Swap contact details</label>"));
    assert!(html.contains("aria-describedby=\"first-meeting-1-2-note\"><label for=\"first-meeting-1-2\">Sign the agreement</label><p class=\"item-note\" id=\"first-meeting-1-2-note\">Keep a copy each</p>"));
    assert_eq!(
        html.matches("<span class=\"line\"></span><span class=\"line date\"></span>")
            .count(),
        2
    );
    assert!(html.contains("Mentee signature</span><span class=\"label\">Date</span>"));
    assert!(html.contains("data-print hidden>Print</button>"));
    assert!(html.contains("data-checklist-clear hidden>Clear ticks</button>"));
    assert!(html.contains("<script src=\"../checklist.js\" defer></script>"));
    assert!(html.contains("<style>@page { size: letter; }</style>"));

    let escaped = project.read_output("checklists/readiness.html");
    assert!(escaped.contains("Read the &lt;confidentiality&gt; guide"));
    assert!(escaped.contains("Ask the coordinator &amp; your manager"));

    // Index: by phase, then audience; phase-less checklists last.
    let index = project.read_output("checklists/index.html");
    let mentor = index.find("For mentors</h3>").expect("mentor group");
    let both = index
        .find("For mentors and mentees</h3>")
        .expect("pair group");
    let other = index.find("Other checklists").expect("no-phase group");
    assert!(mentor < both && both < other, "{index}");
    assert!(index.contains("For coordinators</h3>"));
    assert!(index.contains("href=\"../checklists/print.html\""));

    // The printable pack holds every checklist with empty boxes, each on its own page.
    let pack = project.read_output("checklists/print.html");
    assert_eq!(
        pack.matches("<article class=\"checklist checklist-paper\"")
            .count(),
        3
    );
    assert!(!pack.contains("type=\"checkbox\""));
    assert_eq!(
        pack.matches("<span class=\"box\" aria-hidden=\"true\"></span>")
            .count(),
        5
    );
    assert!(common::broken_links(&project.path("public")).is_empty());
}

#[test]
fn paper_size_follows_the_configuration() {
    let project = Project::new();
    project.write(
        "mentorkit.yaml",
        &format!("{}print:\n  paper: a4\n", common::CONFIG),
    );
    project.build().success();
    let html = project.read_output("checklists/first-meeting.html");
    assert!(html.contains("<style>@page { size: a4; }</style>"));
}

/// Builds with `survey` as content/surveys/baseline.yaml and returns stderr (exit code 1).
fn survey_error(survey: &str) -> String {
    let project = Project::new();
    project.write(
        "mentorkit.yaml",
        &format!("{}{SCALE_CONFIG}", common::CONFIG),
    );
    project.write("content/surveys/baseline.yaml", survey);
    let output = project.build().code(1).get_output().stderr.clone();
    String::from_utf8(output).expect("stderr is UTF-8")
}

const HEAD: &str = "title: Bad\nquestions:\n";

#[test]
fn duplicate_question_ids_are_located() {
    let err = survey_error(&format!(
        "{HEAD}  - id: a\n    type: yes_no\n    text: A?\n  - id: a\n    type: yes_no\n    text: Again?\n"
    ));
    assert!(err.contains("error: duplicate question id `a`"), "{err}");
    assert!(
        err.contains("--> content/surveys/baseline.yaml:6:9"),
        "{err}"
    );
}

#[test]
fn show_if_unknown_question_or_impossible_value_is_located() {
    let err = survey_error(&format!(
        "{HEAD}  - id: role\n    type: choice\n    text: Role?\n    options: [Mentor, Mentee]\n  - id: b\n    type: text\n    text: B\n    show_if: {{question: rol, equals: Mentor}}\n  - id: c\n    type: text\n    text: C\n    show_if: {{question: role, equals: Manager}}\n"
    ));
    assert!(
        err.contains("`show_if` names unknown question `rol`"),
        "{err}"
    );
    assert!(
        err.contains("--> content/surveys/baseline.yaml:10:25"),
        "{err}"
    );
    assert!(err.contains("did you mean `role`?"), "{err}");
    assert!(
        err.contains("question `role` can never equal `Manager`"),
        "{err}"
    );
    assert!(
        err.contains("--> content/surveys/baseline.yaml:14:39"),
        "{err}"
    );
    assert!(err.contains("its answers are: Mentor, Mentee"), "{err}");
}

#[test]
fn show_if_on_a_later_question_is_an_error() {
    let err = survey_error(&format!(
        "{HEAD}  - id: b\n    type: text\n    text: B\n    show_if: {{question: a, equals: 'yes'}}\n  - id: a\n    type: yes_no\n    text: A?\n"
    ));
    assert!(
        err.contains("`show_if` names question `a`, which does not come before `b`"),
        "{err}"
    );
    assert!(
        err.contains("--> content/surveys/baseline.yaml:6:25"),
        "{err}"
    );
}

#[test]
fn choice_without_options_is_located() {
    let err = survey_error(&format!(
        "{HEAD}  - id: pick\n    type: choice\n    text: Pick\n"
    ));
    assert!(
        err.contains("choice question `pick` has no `options`"),
        "{err}"
    );
    assert!(
        err.contains("--> content/surveys/baseline.yaml:3:9"),
        "{err}"
    );
}

#[test]
fn likert_with_unknown_scale_is_located() {
    let err = survey_error(&format!(
        "{HEAD}  - id: l\n    type: likert\n    scale: agreemnt\n    text: L\n"
    ));
    assert!(err.contains("unknown scale `agreemnt`"), "{err}");
    assert!(
        err.contains("--> content/surveys/baseline.yaml:5:12"),
        "{err}"
    );
    assert!(err.contains("did you mean `agreement`?"), "{err}");
}

#[test]
fn rating_without_max_is_located() {
    let err = survey_error(&format!("{HEAD}  - id: r\n    type: rating\n    text: R\n"));
    assert!(err.contains("rating question `r` has no `max`"), "{err}");
    assert!(
        err.contains("--> content/surveys/baseline.yaml:3:9"),
        "{err}"
    );
}

#[test]
fn min_greater_than_max_is_located() {
    let err = survey_error(&format!(
        "{HEAD}  - id: n\n    type: number\n    text: N\n    min: 10\n    max: 2\n"
    ));
    assert!(
        err.contains("`min` (10) is greater than `max` (2)"),
        "{err}"
    );
    assert!(
        err.contains("--> content/surveys/baseline.yaml:6:10"),
        "{err}"
    );
}

#[test]
fn reserved_ids_duplicate_options_and_separators_are_errors() {
    let err = survey_error(&format!(
        "{HEAD}  - id: submitted_at\n    type: date\n    text: When?\n  - id: m\n    type: choice\n    multiple: true\n    text: M\n    options: [A, A, 'B; C']\n"
    ));
    assert!(
        err.contains("question id `submitted_at` is reserved"),
        "{err}"
    );
    assert!(err.contains("choice question `m` lists `A` twice"), "{err}");
    assert!(err.contains("option `B; C` of `m` contains `;`"), "{err}");
    assert!(
        err.contains("--> content/surveys/baseline.yaml:3:9"),
        "{err}"
    );

    let project = Project::new();
    project.write("content/checklists/print.yaml", common::CHECKLIST);
    let output = project.build().code(1).get_output().stderr.clone();
    let err = String::from_utf8_lossy(&output);
    assert!(
        err.contains("a checklist cannot have the id `print`"),
        "{err}"
    );
}

/// A department handbook's forms carry the department's id in a hidden field and a
/// `department` column (after `submitted_at`), listed in the data dictionary; the
/// organization-wide forms have neither.
#[test]
fn a_department_form_records_its_department_in_a_column_of_its_own() {
    let project = Project::new();
    project.write(
        "content/departments/rehab/department.yaml",
        "name: Rehabilitation Therapy\n",
    );
    project.build().success();
    let department = project.read_output("departments/rehab/surveys/baseline.html");
    assert!(
        department.contains("<input type=\"hidden\" name=\"department\" value=\"rehab\">"),
        "{department}"
    );
    assert!(department.contains("data-columns=\"submitted_at,department,confidence\""));
    let dictionary = project.read_output("departments/rehab/surveys/baseline/dictionary.csv");
    assert!(dictionary.contains("\r\ndepartment,,"), "{dictionary}");
    let organization = project.read_output("surveys/baseline.html");
    assert!(!organization.contains("name=\"department\""));
    assert!(organization.contains("data-columns=\"submitted_at,confidence\""));
}
