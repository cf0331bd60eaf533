//! The compilation of a round's answers (*sammanställning av remissvar* /
//! *av synpunkter*): a .docx a municipality can publish and an .xlsx for
//! further work. Built from a [`Compilation`] the caller has assembled
//! (`comments::compilation`); this module only writes.

use chrono::NaiveDate;
use serde::Serialize;

use crate::rounds::RoundKind;

/// Everything the compilation shows, in the order it shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Compilation {
    pub kind: RoundKind,
    pub document_title: String,
    pub doc_type_name: String,
    pub version_no: i64,
    pub subject: String,
    pub diarienummer: String,
    pub sent_date: Option<NaiveDate>,
    pub deadline: NaiveDate,
    /// Who compiled it, e.g. "Region Värmland, Nya perspektiv".
    pub sender: String,
    /// Every recipient in the guideline's order, answered or not.
    pub parties: Vec<PartyAnswer>,
    /// The sections with comments, in the template's order, then sections
    /// the parties named themselves (Swedish order), then "Övrigt".
    pub sections: Vec<SectionComments>,
    /// The answer files, per party in the guideline's order.
    pub files: Vec<ListedFile>,
    /// Comments in all.
    pub total: usize,
    /// Comments with a disposition.
    pub handled: usize,
    /// Comments whose decision accepts a significant change.
    pub significant: usize,
}

/// Where one recipient stands.
#[derive(Debug, Clone, Serialize)]
pub struct PartyAnswer {
    pub party: String,
    /// "Svar inkommet", "Avstår" or "Inget svar".
    pub status_name: String,
    /// The position's name ("Tillstyrker med synpunkter"), if given.
    pub position_name: Option<String>,
    /// The day the answer (or the declining) arrived.
    pub answered_on: Option<NaiveDate>,
    /// Number of its comments.
    pub comments: usize,
}

/// The comments on one section.
#[derive(Debug, Clone, Serialize)]
pub struct SectionComments {
    pub section: String,
    pub comments: Vec<CompiledComment>,
}

/// One comment with its decision.
#[derive(Debug, Clone, Serialize)]
pub struct CompiledComment {
    /// Running number through the whole compilation, from 1.
    pub nr: usize,
    pub party: String,
    pub text: String,
    pub proposal: String,
    /// "Beaktad", "Delvis beaktad", "Ej beaktad", "Noterad"; `None` while
    /// not yet decided.
    pub disposition_name: Option<String>,
    pub motivation: String,
    pub significant: bool,
    /// Numbers of the other comments decided together with this one.
    pub decided_with: Vec<usize>,
}

/// An answer file as listed at the end.
#[derive(Debug, Clone, Serialize)]
pub struct ListedFile {
    pub party: String,
    pub file_name: String,
    /// The day it was stored (`YYYY-MM-DD`).
    pub stored_on: String,
}

impl Compilation {
    /// The document's title: "Sammanställning av remissvar" or
    /// "Sammanställning av synpunkter".
    pub fn title(&self) -> &'static str {
        match self.kind {
            RoundKind::Remiss => "Sammanställning av remissvar",
            RoundKind::Synpunktsrunda => "Sammanställning av synpunkter",
        }
    }
}

// Placeholders until the writers land (branch `compile`); replaced there.
pub fn build_docx(_c: &Compilation, _created: &str) -> crate::error::Result<Vec<u8>> {
    Err(crate::error::Error::invalid(
        "format",
        "Sammanställningen kan inte skrivas ännu.",
    ))
}
pub fn build_xlsx(_c: &Compilation) -> crate::error::Result<Vec<u8>> {
    Err(crate::error::Error::invalid(
        "format",
        "Sammanställningen kan inte skrivas ännu.",
    ))
}
pub fn file_stem(c: &Compilation) -> String {
    c.title().to_owned()
}
