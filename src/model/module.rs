//! `content/training/*.yaml`: curriculum modules.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Audience, Located, OneOrMany};

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Module {
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub id: Option<Located<String>>,
    pub title: String,
    #[serde(default)]
    pub audience: OneOrMany<Audience>,
    pub duration_minutes: u32,
    /// Position in the curriculum; ties are broken by title.
    #[serde(default)]
    pub order: i64,
    #[serde(default)]
    pub objectives: Vec<String>,
    #[serde(default)]
    pub agenda: Vec<AgendaItem>,
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
    pub minutes: u32,
    pub activity: String,
    /// Facilitator notes, shown in the facilitator view.
    #[serde(default)]
    pub notes: Option<String>,
}
