//! Data that Samdok ships in `assets/`: the parties, document types, areas,
//! forums and lifecycle stages. It is data, not code, so the office can change
//! a list without touching the logic; it is compiled into the binary so the
//! app works offline from one file.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

const PARTIES_JSON: &str = include_str!("../assets/parties.json");
const REFERENCE_JSON: &str = include_str!("../assets/reference.json");

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct PartySeed {
    pub code: String,
    pub name: String,
    pub kind: String,
}

#[derive(Deserialize)]
struct PartiesFile {
    parties: Vec<PartySeed>,
}

/// A coded choice: `code` is stored, `name` is shown.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
pub struct Choice {
    pub code: String,
    pub name: String,
}

/// A lifecycle stage (DESIGN.md §2), in process order.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
pub struct Stage {
    pub code: String,
    pub name: String,
    pub phase: String,
    pub description: String,
}

/// A body of a party that decides on adopting a joint document.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
pub struct DecidingBody {
    pub name: String,
    /// The kind of party that has it: `kommun` or `region`.
    pub kind: String,
}

/// Everything the forms choose from.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Reference {
    pub document_types: Vec<Choice>,
    pub areas: Vec<Choice>,
    pub forums: Vec<String>,
    pub stages: Vec<Stage>,
    /// Positions a party can take in its answer to a round.
    pub positions: Vec<Choice>,
    /// The bodies that decide on adoption (antagande), per kind of party.
    pub deciding_bodies: Vec<DecidingBody>,
}

impl Reference {
    pub fn document_type(&self, code: &str) -> Option<&Choice> {
        self.document_types.iter().find(|c| c.code == code)
    }

    pub fn area(&self, code: &str) -> Option<&Choice> {
        self.areas.iter().find(|c| c.code == code)
    }

    /// The deciding bodies of a kind of party (`kommun`, `region`).
    pub fn deciding_bodies_of<'a>(
        &'a self,
        party_kind: &'a str,
    ) -> impl Iterator<Item = &'a DecidingBody> + 'a {
        self.deciding_bodies
            .iter()
            .filter(move |b| b.kind == party_kind)
    }

    /// Finds a deciding body of a kind of party by its name, ignoring case.
    pub fn find_deciding_body<'a>(
        &'a self,
        party_kind: &'a str,
        name: &str,
    ) -> Option<&'a DecidingBody> {
        let wanted = name.trim().to_lowercase();
        self.deciding_bodies_of(party_kind)
            .find(|b| b.name.to_lowercase() == wanted)
    }

    /// Finds a position by code or by name, ignoring case.
    pub fn find_position(&self, text: &str) -> Option<&Choice> {
        let wanted = text.trim().to_lowercase().replace([' ', '-'], "_");
        self.positions
            .iter()
            .find(|c| c.code == wanted || c.name.to_lowercase().replace(' ', "_") == wanted)
    }

    pub fn stage(&self, code: &str) -> Option<&Stage> {
        self.stages.iter().find(|s| s.code == code)
    }

    /// Position of a stage in the process; unknown stages sort last.
    pub fn stage_index(&self, code: &str) -> usize {
        self.stages
            .iter()
            .position(|s| s.code == code)
            .unwrap_or(usize::MAX)
    }

    /// The stage after `code`, if any.
    pub fn next_stage(&self, code: &str) -> Option<&Stage> {
        self.stages.get(self.stage_index(code).checked_add(1)?)
    }

    pub fn first_stage(&self) -> &Stage {
        &self.stages[0]
    }

    /// Finds a document type by code or by name, ignoring case.
    pub fn find_document_type(&self, text: &str) -> Option<&Choice> {
        let wanted = text.trim().to_lowercase();
        self.document_types
            .iter()
            .find(|c| c.code == wanted || c.name.to_lowercase() == wanted)
    }

    /// Finds a stage by code or by name, ignoring case.
    pub fn find_stage(&self, text: &str) -> Option<&Stage> {
        let wanted = text.trim().to_lowercase();
        self.stages
            .iter()
            .find(|s| s.code == wanted || s.name.to_lowercase() == wanted)
    }
}

/// The parties as shipped, in the guideline's order.
pub fn parties() -> Result<&'static [PartySeed]> {
    static PARTIES: OnceLock<Result<Vec<PartySeed>, String>> = OnceLock::new();
    PARTIES
        .get_or_init(|| {
            serde_json::from_str::<PartiesFile>(PARTIES_JSON)
                .map(|f| f.parties)
                .map_err(|e| e.to_string())
        })
        .as_ref()
        .map(Vec::as_slice)
        .map_err(|reason| Error::Assets {
            what: "parties.json",
            reason: reason.clone(),
        })
}

/// Document types, areas, forums and stages.
pub fn reference() -> Result<&'static Reference> {
    static REFERENCE: OnceLock<Result<Reference, String>> = OnceLock::new();
    REFERENCE
        .get_or_init(|| {
            let reference: Reference =
                serde_json::from_str(REFERENCE_JSON).map_err(|e| e.to_string())?;
            if reference.stages.is_empty() || reference.document_types.is_empty() {
                return Err("stages and document_types must not be empty".into());
            }
            Ok(reference)
        })
        .as_ref()
        .map_err(|reason| Error::Assets {
            what: "reference.json",
            reason: reason.clone(),
        })
}
