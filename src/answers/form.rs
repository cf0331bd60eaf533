//! Reading a returned svarsmall (`export::svarsmall`) back: the round and
//! party from its custom document properties, the position from the check
//! boxes (or an X typed over a box), the comments from the table found by
//! its header row, each row's section from its first column.
//!
//! Nothing is guessed: what cannot be read is said in `problems`.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::{Error, Result};

/// What a returned svarsmall says, as read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ReadForm {
    /// `Samdok.Rundnyckel`: the round's key. `None` in forms made before
    /// rounds had keys.
    pub round_key: Option<String>,
    /// `Samdok.Partkod`.
    pub party_code: Option<String>,
    /// Every `Samdok.*` custom property, by name without the prefix
    /// ("Runda", "Dokument", "Version", "Rundtyp", …).
    pub properties: BTreeMap<String, String>,
    /// Codes of the positions ticked (`reference.json` positions:
    /// "tillstyrker", …), in the form's order. Empty when none is ticked;
    /// more than one is returned as read, and the caller does not choose.
    pub positions: Vec<String>,
    /// The filled rows of the comment table, in order.
    pub comments: Vec<ReadComment>,
    /// The filled lines of "Svaret lämnas av": (label, value).
    pub respondent: Vec<(String, String)>,
    /// What could not be read, one Swedish sentence each.
    pub problems: Vec<String>,
}

/// One filled row of the comment table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ReadComment {
    /// The row's number under the header row (1 = first row).
    pub row: usize,
    /// The first column as written, trimmed; may be empty.
    pub section: String,
    pub text: String,
    pub proposal: String,
}

/// Reads a returned svarsmall.
pub fn read_form(_bytes: &[u8]) -> Result<ReadForm> {
    Err(Error::UnreadableDocx(
        "Svarsmallar kan inte läsas in ännu.".into(),
    ))
}
