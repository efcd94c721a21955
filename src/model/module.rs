//! `content/training/*.yaml`: curriculum modules.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Audience, Located, OneOrMany};

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Module {
    /// Defaults to the file stem.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub id: Option<Located<String>>,
    /// The module's title, e.g. "Active listening".
    pub title: String,
    /// Who it is for: mentor, mentee, coordinator or leadership; one value or a list.
    #[serde(default)]
    pub audience: OneOrMany<Audience>,
    /// The session's length in minutes; the curriculum page adds them up to the total contact
    /// hours.
    #[serde(deserialize_with = "super::common::plain")]
    pub duration_minutes: u32,
    /// Position in the curriculum; ties are broken by title.
    #[serde(default, deserialize_with = "super::common::plain")]
    pub order: i64,
    /// What participants can do after the session, one objective per item.
    #[serde(default)]
    pub objectives: Vec<String>,
    /// The session's activities in order, each with its minutes.
    #[serde(default)]
    pub agenda: Vec<AgendaItem>,
    /// What the facilitator brings or hands out, one item per material.
    #[serde(default)]
    pub materials: Vec<String>,
    /// The facilitator guide, inline Markdown.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub guide: Option<Located<String>>,
    /// The id of a survey or checklist used to assess the module.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub assessment: Option<Located<String>>,
}

impl Module {
    pub fn agenda_minutes(&self) -> u32 {
        self.agenda.iter().map(|a| a.minutes).sum()
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AgendaItem {
    /// How long the activity takes, in minutes.
    #[serde(deserialize_with = "super::common::plain")]
    pub minutes: u32,
    /// What happens, e.g. "Listening triads".
    pub activity: String,
    /// Facilitator notes, shown in the facilitator view.
    #[serde(default)]
    pub notes: Option<String>,
}
