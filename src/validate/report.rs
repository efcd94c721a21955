//! Checks of what `mentorkit report` reads from the project: `report.min_cell` in
//! mentorkit.yaml, and the `from:` of the program's goal measures (the survey, question and
//! statistic each names). `build` and `check` run them too, so a typo is found before the
//! report is made.

use crate::diagnostics::{Code, Diagnostic, Diagnostics, SourceFile, did_you_mean, located_error};
use crate::model::{
    Config, Entry, LOWEST_MIN_CELL, MeasureFrom, Program, QuestionKind, Statistic, Survey,
    scale_labels,
};

/// `report.min_cell` below 3 protects nobody.
pub fn validate_min_cell(
    config: &Config,
    source: Option<&SourceFile>,
    diagnostics: &mut Diagnostics,
) {
    let min = config.report.min_cell;
    if min < LOWEST_MIN_CELL {
        let problem = Diagnostic::error(
            Code::Report,
            format!("`report.min_cell` is {min}; it must be at least {LOWEST_MIN_CELL}"),
        )
        .with_hint("groups smaller than 3 identify people; 5 (the default) is the usual rule");
        diagnostics.push(super::at_config_key(problem, source, "min_cell"));
    }
}

/// Every measure's `from:`: one kind of source, and a survey, question and statistic that
/// exist and fit each other.
pub fn validate_measure_sources(
    program: &Program,
    surveys: &[Entry<Survey>],
    config: &Config,
    source: Option<&SourceFile>,
    diagnostics: &mut Diagnostics,
) {
    let checked = Measures {
        surveys,
        config,
        source,
    };
    for goal in &program.goals {
        for from in goal.measures.iter().filter_map(|m| m.from.as_ref()) {
            checked.check(from, &goal.id, diagnostics);
        }
    }
}

struct Measures<'a> {
    surveys: &'a [Entry<Survey>],
    config: &'a Config,
    source: Option<&'a SourceFile>,
}

impl Measures<'_> {
    fn check(
        &self,
        from: &MeasureFrom,
        goal: &crate::model::Located<String>,
        diagnostics: &mut Diagnostics,
    ) {
        let kinds = [
            from.survey.is_some(),
            from.retention_months.is_some(),
            from.actual.is_some(),
        ];
        if kinds.iter().filter(|&&k| k).count() != 1 {
            diagnostics.push(
                located_error(
                    Code::Report,
                    self.source,
                    goal,
                    format!(
                        "a measure of goal `{}` has a `from:` that names {} sources",
                        goal.value,
                        if kinds.contains(&true) { "several" } else { "no" }
                    ),
                )
                .with_hint("give exactly one of `survey` (with `question` and `statistic`), `retention_months` or `actual`"),
            );
            return;
        }
        if let Some(survey) = &from.survey {
            self.check_survey(from, survey, goal, diagnostics);
        }
    }

    fn check_survey(
        &self,
        from: &MeasureFrom,
        survey_id: &crate::model::Located<String>,
        goal: &crate::model::Located<String>,
        diagnostics: &mut Diagnostics,
    ) {
        let Some(survey) = self.surveys.iter().find(|s| s.id == survey_id.value) else {
            let problem = located_error(
                Code::UnknownReference,
                self.source,
                survey_id,
                format!("there is no survey `{}`", survey_id.value),
            );
            let hint =
                match did_you_mean(&survey_id.value, self.surveys.iter().map(|s| s.id.as_str())) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => "name a file of content/surveys/ without .yaml".into(),
                };
            diagnostics.push(problem.with_hint(hint));
            return;
        };
        let (Some(question_id), Some(statistic)) = (&from.question, from.statistic) else {
            diagnostics.push(
                located_error(
                    Code::Report,
                    self.source,
                    survey_id,
                    format!("a measure of goal `{}` names a survey but not its `question` and `statistic`", goal.value),
                )
                .with_hint("add `question: <id>` and `statistic: top2 | mean | nps | share`"),
            );
            return;
        };
        let Some(question) = survey
            .data
            .all_questions()
            .find(|q| q.id.value == question_id.value)
        else {
            diagnostics.push(self.unknown_question(survey, question_id));
            return;
        };
        let kind = question.kind.value;
        let fits = statistic_fits(statistic, kind);
        if !fits {
            diagnostics.push(
                located_error(
                    Code::Report,
                    self.source,
                    question_id,
                    format!(
                        "statistic `{}` does not apply to question `{}`, a {} question",
                        statistic_name(statistic),
                        question.id.value,
                        kind.name()
                    ),
                )
                .with_hint("top2 is for likert, nps for nps, mean for likert, rating, number and nps, share for choice, yes_no and scales"),
            );
            return;
        }
        self.check_answers(
            from,
            statistic,
            (survey, question),
            question_id,
            diagnostics,
        );
        if let Some(only) = &from.only {
            self.check_only(only, survey, diagnostics);
        }
    }

    /// `only:` names a question of the survey and one of its answers.
    fn check_only(
        &self,
        only: &crate::model::OnlyIf,
        survey: &Entry<Survey>,
        diagnostics: &mut Diagnostics,
    ) {
        let Some(question) = survey
            .data
            .all_questions()
            .find(|q| q.id.value == only.question.value)
        else {
            diagnostics.push(self.unknown_question(survey, &only.question));
            return;
        };
        let allowed = allowed_answers(question, &survey.data, self.config);
        if !allowed.contains(&only.equals) {
            diagnostics.push(self.no_such_answer(
                (question, &allowed),
                &only.equals,
                &only.question,
            ));
        }
    }

    /// `answer` is not one of the `allowed` answers of `question`; placed at `at`.
    fn no_such_answer(
        &self,
        (question, allowed): (&crate::model::Question, &[String]),
        answer: &str,
        at: &crate::model::Located<String>,
    ) -> Diagnostic {
        let hint = match did_you_mean(answer, allowed.iter().map(String::as_str)) {
            Some(close) => format!("did you mean `{close}`?"),
            None => format!("one of: {}", allowed.join(", ")),
        };
        located_error(
            Code::Report,
            self.source,
            at,
            format!("question `{}` has no answer `{answer}`", question.id.value),
        )
        .with_hint(hint)
    }

    fn unknown_question(
        &self,
        survey: &Entry<Survey>,
        question_id: &crate::model::Located<String>,
    ) -> Diagnostic {
        let ids = survey.data.all_questions().map(|q| q.id.value.as_str());
        let hint = match did_you_mean(&question_id.value, ids) {
            Some(close) => format!("did you mean `{close}`?"),
            None => format!("name a question of {}", survey.file),
        };
        located_error(
            Code::UnknownReference,
            self.source,
            question_id,
            format!(
                "survey `{}` has no question `{}`",
                survey.id, question_id.value
            ),
        )
        .with_hint(hint)
    }

    fn check_answers(
        &self,
        from: &MeasureFrom,
        statistic: Statistic,
        (survey, question): (&Entry<Survey>, &crate::model::Question),
        at: &crate::model::Located<String>,
        diagnostics: &mut Diagnostics,
    ) {
        if statistic != Statistic::Share {
            return;
        }
        let allowed = allowed_answers(question, &survey.data, self.config);
        if from.answers.is_empty() {
            diagnostics.push(
                located_error(
                    Code::Report,
                    self.source,
                    at,
                    "statistic `share` needs the `answers` it counts".to_string(),
                )
                .with_hint(format!("one or more of: {}", allowed.join(", "))),
            );
        }
        for answer in from.answers.iter().filter(|a| !allowed.contains(a)) {
            diagnostics.push(self.no_such_answer((question, &allowed), answer, at));
        }
    }
}

/// The answers a question's responses may hold, as written in the CSV (scale codes, options,
/// `yes`/`no`, whole numbers of a rating or NPS).
pub fn allowed_answers(
    question: &crate::model::Question,
    survey: &Survey,
    config: &Config,
) -> Vec<String> {
    match question.kind.value {
        QuestionKind::Likert => {
            let labels = question
                .scale
                .as_ref()
                .and_then(|s| scale_labels(&s.value, survey, &config.scales))
                .unwrap_or_default();
            (1..=labels.len()).map(|n| n.to_string()).collect()
        }
        QuestionKind::Rating => {
            let max = question.max.as_ref().map_or(5, |m| m.value.0 as i64);
            (1..=max).map(|n| n.to_string()).collect()
        }
        QuestionKind::Nps => (0..=10).map(|n| n.to_string()).collect(),
        QuestionKind::YesNo => vec!["yes".into(), "no".into()],
        QuestionKind::Choice => question
            .options
            .as_ref()
            .map(|o| o.value.clone())
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// Whether `statistic` applies to a question of `kind`.
fn statistic_fits(statistic: Statistic, kind: QuestionKind) -> bool {
    match statistic {
        Statistic::Top2 => kind == QuestionKind::Likert,
        Statistic::Nps => kind == QuestionKind::Nps,
        Statistic::Mean => matches!(
            kind,
            QuestionKind::Likert | QuestionKind::Rating | QuestionKind::Number | QuestionKind::Nps
        ),
        Statistic::Share => matches!(
            kind,
            QuestionKind::Choice
                | QuestionKind::YesNo
                | QuestionKind::Likert
                | QuestionKind::Rating
                | QuestionKind::Nps
        ),
    }
}

/// A statistic's name as program.yaml writes it.
pub fn statistic_name(statistic: Statistic) -> &'static str {
    match statistic {
        Statistic::Top2 => "top2",
        Statistic::Mean => "mean",
        Statistic::Nps => "nps",
        Statistic::Share => "share",
    }
}
