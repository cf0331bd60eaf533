//! Answers that come back on a round's svarsmall: read the returned form
//! ([`form`]), show what was read ([`preview`]), and record it
//! ([`import`]): the answer (date received, position), its comments, and
//! the form itself as the party's answer file.
//!
//! Invariants: a form is recorded on the round whose key it carries and
//! on no other; the same file imported again changes nothing; a second,
//! different form from a party is recorded only when the caller says
//! whether it replaces the earlier one or adds to it; everything a form
//! records is one transaction with one audit event.

pub mod form;

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::assets;
use crate::audit::{self, NewEvent};
use crate::comments::{self, CommentInput};
use crate::db::{attachments, Store};
use crate::error::{Error, Result};
use crate::parties::{self, PartyId};
use crate::rounds::{self, Round, RoundId};
use crate::template;
use crate::time;

pub use form::{read_form, ReadComment, ReadForm};

/// One comment as it will be recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PreviewComment {
    /// Its row in the form's table (1 = first row under the header).
    pub row: usize,
    /// The section it is recorded under: the template's heading it
    /// matches, what the party wrote, or "Övrigt".
    pub section: String,
    /// The section as the party wrote it.
    pub section_written: String,
    /// The section is one of the template's (or "Övrigt").
    pub known_section: bool,
    pub text: String,
    pub proposal: String,
}

/// Where the form stands against what is already recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ImportState {
    /// Nothing from this party's forms yet.
    New,
    /// This very file is already recorded: importing it changes nothing.
    AlreadyImported { stored_on: String },
    /// Another form from the party is recorded: replace it or add to it.
    OtherForm {
        file_name: String,
        stored_on: String,
        comments: usize,
    },
}

/// What a returned form says, matched to the round and party.
#[derive(Debug, Clone, Serialize)]
pub struct Preview {
    pub file_name: String,
    pub sha256: String,
    pub round_id: RoundId,
    pub party_id: PartyId,
    pub party_name: String,
    /// The position to record: `Some` only when exactly one is ticked.
    pub position: Option<String>,
    pub position_name: Option<String>,
    /// Every position ticked, by name (more than one is not recorded).
    pub positions_ticked: Vec<String>,
    pub comments: Vec<PreviewComment>,
    /// "Namn: …", "E-post: …" as filled in under "Svaret lämnas av".
    pub respondent: Vec<(String, String)>,
    /// What could not be read, one Swedish sentence each.
    pub problems: Vec<String>,
    /// What the coordinator should check before recording (the form is
    /// read whole), one Swedish sentence each.
    pub warnings: Vec<String>,
    pub state: ImportState,
    /// "Svar inkommet", "Avstår", … before the import.
    pub current_status_name: String,
}

/// What to do with a second, different form from the same party.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    /// The earlier form's comments (and their decisions) go; this one's
    /// come in.
    Replace,
    /// Both forms' comments stay.
    Add,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ImportOptions {
    /// The day the answer arrived; today when not given.
    pub received_on: Option<NaiveDate>,
    /// Required when the party already has another form recorded.
    pub choice: Option<Choice>,
}

/// What an import recorded.
#[derive(Debug, Clone, Serialize)]
pub struct Imported {
    #[serde(flatten)]
    pub preview: Preview,
    /// False when the same file was already recorded (nothing changed).
    pub recorded: bool,
    pub received_on: Option<NaiveDate>,
    pub comments_added: usize,
    /// Comments of the earlier form removed (with [`Choice::Replace`]).
    pub comments_replaced: usize,
    pub file_id: Option<i64>,
}

impl Imported {
    /// The same file was recorded before: nothing changes.
    fn nothing(preview: Preview) -> Imported {
        Imported {
            preview,
            recorded: false,
            received_on: None,
            comments_added: 0,
            comments_replaced: 0,
            file_id: None,
        }
    }
}

/// Reads the form at `path` and matches it to `round`, without storing
/// anything. A form of another round or document, or one that cannot be
/// read, is an error with a message that says so.
pub fn preview(conn: &Connection, round: RoundId, path: &Path) -> Result<Preview> {
    let bytes = crate::formats::docx::read_file(path)?;
    let file_name = file_name_of(path);
    preview_bytes(conn, round, &file_name, &bytes)
}

fn file_name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "svarsmall.docx".into())
}

/// As [`preview`], for a form already read into memory.
pub fn preview_bytes(
    conn: &Connection,
    round: RoundId,
    file_name: &str,
    bytes: &[u8],
) -> Result<Preview> {
    let r = rounds::get(conn, round)?;
    let read = read_form(bytes)?;
    check_round(conn, &r, &read)?;
    let party = find_party(conn, &r, &read)?;
    let reference = assets::reference()?;
    let template = template::template()?;
    let known = template.comment_sections();
    let mut problems = read.problems.clone();
    let names: Vec<String> = read
        .positions
        .iter()
        .map(|code| {
            reference
                .find_position(code)
                .map_or_else(|| code.clone(), |p| p.name.clone())
        })
        .collect();
    let position = match read.positions.as_slice() {
        [one] => reference.find_position(one).map(|p| p.code.clone()),
        [] => None,
        several => {
            if !problems.iter().any(|p| p.contains("Flera")) {
                problems.push(format!(
                    "Flera ställningstaganden är markerade ({}); inget registreras. Ange parts ställning själv efter inläsningen.",
                    several.len()
                ));
            }
            None
        }
    };
    let comments = read
        .comments
        .iter()
        .map(|c| {
            let section = template.comment_section(&c.section);
            PreviewComment {
                row: c.row,
                known_section: known.contains(&section),
                section,
                section_written: c.section.clone(),
                text: comments::clean_text(&c.text),
                proposal: comments::clean_text(&c.proposal),
            }
        })
        .filter(|c| !(c.text.is_empty() && c.proposal.is_empty()))
        .collect();
    let warnings = respondent_names_another_party(conn, &party, &read)?
        .into_iter()
        .collect();
    let sha256 = attachments::sha256_hex(bytes);
    let state = import_state(conn, round, party.0, &sha256)?;
    let status = rounds::status(conn, round, time::today())?;
    let current_status_name = status
        .recipients
        .iter()
        .find(|p| p.party_id == party.0)
        .map(|p| p.status_name.clone())
        .unwrap_or_default();
    Ok(Preview {
        file_name: file_name.to_owned(),
        sha256,
        round_id: round,
        party_id: party.0,
        party_name: party.1,
        position_name: position
            .as_deref()
            .and_then(|p| reference.find_position(p))
            .map(|p| p.name.clone()),
        position,
        positions_ticked: names,
        comments,
        respondent: read.respondent.clone(),
        problems,
        warnings,
        state,
        current_status_name,
    })
}

/// A warning when the form is marked for one party (its party code) but
/// what it says of the party names another: the lines under «Svaret lämnas
/// av» (an organ such as «Kommunstyrelsen i Eda kommun», an address at
/// eda.se) or the party name the form was made for (`Samdok.Part`). A code
/// changed by hand, or a form passed on to the wrong party, would otherwise
/// be read as the other party's answer without a word. Nothing is refused:
/// the coordinator decides.
fn respondent_names_another_party(
    conn: &Connection,
    party: &(PartyId, String),
    read: &ReadForm,
) -> Result<Option<String>> {
    let mut said: Vec<&str> = read.respondent.iter().map(|(_, v)| v.as_str()).collect();
    if let Some(name) = read.properties.get("Part") {
        said.push(name);
    }
    let words = mention_words(&said.join(" "));
    if words.is_empty() {
        return Ok(None);
    }
    let named: Vec<(PartyId, String)> = parties::list(conn)?
        .into_iter()
        .filter(|p| names_party(&words, &p.name))
        .map(|p| (p.id, p.name))
        .collect();
    if named.is_empty() || named.iter().any(|(id, _)| *id == party.0) {
        return Ok(None);
    }
    let others: Vec<&str> = named.iter().map(|(_, n)| n.as_str()).collect();
    Ok(Some(format!(
        "Svarsmallen är märkt för {}, men det som står om den som svarar nämner {}. \
         Kontrollera vilken part svaret kommer från innan du läser in det; läses det in \
         registreras det som {} svar.",
        party.1,
        crate::text::join_and(&others),
        genitive(&party.1)
    )))
}

/// «Kils», «Arvikas», but «Hagfors» and «Grums»: Swedish adds no s to a
/// name that ends in s, x or z.
fn genitive(name: &str) -> String {
    if name.ends_with(['s', 'x', 'z']) {
        name.to_owned()
    } else {
        format!("{name}s")
    }
}

/// The words of `text` for finding party names in it: lower case, split at
/// everything but letters and digits, each also without a genitive s
/// («Edas», «Karlstads»), and Swedish letters also folded to a–z so that
/// an address such as regionvarmland.se matches «Region Värmland».
/// A set, so that a form with a crafted flood of words costs linear time.
fn mention_words(text: &str) -> std::collections::HashSet<String> {
    let mut words = std::collections::HashSet::new();
    for word in text
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        for w in [word, word.strip_suffix('s').unwrap_or(word)] {
            words.insert(fold(w));
            words.insert(w.to_owned());
        }
    }
    words
}

fn fold(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            'å' | 'ä' => 'a',
            'ö' => 'o',
            'é' => 'e',
            c => c,
        })
        .collect()
}

/// Whether `words` (from [`mention_words`]) name the party: every word of
/// its name, or its name written as one word (as in an e-mail domain).
fn names_party(words: &std::collections::HashSet<String>, name: &str) -> bool {
    let parts: Vec<String> = name
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect();
    !parts.is_empty()
        && (parts.iter().all(|p| words.contains(p)) || words.contains(&fold(&parts.concat())))
}

/// The form must carry this round's key; a form made before rounds had
/// keys must name this round's subject, document, version and kind.
fn check_round(conn: &Connection, round: &Round, read: &ReadForm) -> Result<()> {
    let refuse = |message: String| Err(Error::invalid("file", message));
    match read.round_key.as_deref().map(str::trim) {
        Some(key) if key == round.form_key => Ok(()),
        Some(key) if !key.is_empty() => {
            let other = conn
                .query_row("SELECT id FROM rounds WHERE form_key = ?1", [key], |r| {
                    r.get::<_, i64>(0)
                })
                .optional()?;
            match other {
                Some(id) => {
                    let other = rounds::get(conn, RoundId(id))?;
                    refuse(format!(
                        "Svarsmallen hör till en annan runda: {} «{}» om «{}», version {}. Läs in den på den rundan; inget har sparats.",
                        other.kind.noun(),
                        other.subject,
                        other.document_title,
                        other.version_no
                    ))
                }
                None => refuse(
                    "Svarsmallen hör inte till någon runda i det här registret (den kan komma från ett annat register eller från en borttagen runda). Inget har sparats."
                        .into(),
                ),
            }
        }
        _ => {
            let p = |name: &str| read.properties.get(name).map(|v| v.trim().to_owned());
            let same = p("Runda").as_deref() == Some(round.subject.trim())
                && p("Dokument").as_deref() == Some(round.document_title.trim())
                && p("Version") == Some(round.version_no.to_string())
                && p("Rundtyp").as_deref() == Some(round.kind.noun());
            if same {
                Ok(())
            } else {
                refuse(format!(
                    "Svarsmallen saknar rundnyckel, och det den säger om runda, dokument och version stämmer inte med den här rundan ({} «{}», version {}). Inget har sparats.",
                    round.kind.noun(),
                    round.subject,
                    round.version_no
                ))
            }
        }
    }
}

/// The party the form names, which must be a recipient of the round.
fn find_party(conn: &Connection, round: &Round, read: &ReadForm) -> Result<(PartyId, String)> {
    let Some(code) = read
        .party_code
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    else {
        return Err(Error::invalid(
            "file",
            "Svarsmallen anger inte vilken part som svarar (egenskapen Samdok.Partkod saknas). Registrera svaret för hand på partens rad.",
        ));
    };
    let party = conn
        .query_row(
            "SELECT id, name FROM parties WHERE code = ?1",
            [code],
            |r| Ok((PartyId(r.get(0)?), r.get::<_, String>(1)?)),
        )
        .optional()?;
    let Some((id, name)) = party else {
        return Err(Error::invalid(
            "file",
            format!(
                "Svarsmallen anger en part som inte finns i registret (kod «{}»). Inget har sparats.",
                crate::text::quoted(code)
            ),
        ));
    };
    if rounds::recipient_name(conn, round.id, id).is_err() {
        return Err(Error::invalid(
            "file",
            format!("{name} är inte mottagare i den här rundan. Inget har sparats."),
        ));
    }
    Ok((id, name))
}

fn import_state(
    conn: &Connection,
    round: RoundId,
    party: PartyId,
    sha256: &str,
) -> Result<ImportState> {
    let mut stmt = conn.prepare(
        "SELECT f.file_name, f.sha256, substr(f.created_at, 1, 10),
             (SELECT count(*) FROM round_comments c WHERE c.answer_file_id = f.id)
         FROM round_answer_files f
         WHERE f.round_id = ?1 AND f.party_id = ?2 AND f.is_form = 1 ORDER BY f.id",
    )?;
    let forms: Vec<(String, String, String, i64)> = stmt
        .query_map(params![round.0, party.0], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    if let Some((_, _, on, _)) = forms.iter().find(|f| f.1 == sha256) {
        return Ok(ImportState::AlreadyImported {
            stored_on: on.clone(),
        });
    }
    Ok(match forms.last() {
        None => ImportState::New,
        Some((name, _, on, _)) => ImportState::OtherForm {
            file_name: name.clone(),
            stored_on: on.clone(),
            comments: forms
                .iter()
                .map(|f| usize::try_from(f.3).unwrap_or(0))
                .sum(),
        },
    })
}

/// The refusal when the party already has another form recorded and the
/// user has not said whether the new one replaces it or is added.
fn choice_needed(state: &ImportState, choice: Option<Choice>, party_name: &str) -> Option<Error> {
    match (state, choice) {
        (
            ImportState::OtherForm {
                file_name,
                stored_on,
                ..
            },
            None,
        ) => Some(Error::invalid(
            "choice",
            format!(
                "{party_name} har redan ett inläst svar ({file_name}, inläst {stored_on}). Välj om den nya svarsmallen ersätter det eller läggs till. Inget har sparats.",
            ),
        )),
        _ => None,
    }
}

/// Reads the form at `path` and records it on `round`: the answer
/// (received on `options.received_on` or today, with the position if
/// exactly one is ticked; "Avstår" records the party as declining), its
/// comments, and the file as the party's answer file.
pub fn import(
    store: &mut Store,
    round: RoundId,
    path: &Path,
    options: &ImportOptions,
) -> Result<Imported> {
    let bytes = crate::formats::docx::read_file(path)?;
    let file_name = file_name_of(path);
    let preview = preview_bytes(store.conn(), round, &file_name, &bytes)?;
    if let ImportState::AlreadyImported { .. } = preview.state {
        return Ok(Imported::nothing(preview));
    }
    // Asked before anything is stored, so that the usual case answers at
    // once; asked again inside the write's transaction below, where it
    // counts.
    if let Some(refusal) = choice_needed(&preview.state, options.choice, &preview.party_name) {
        return Err(refusal);
    }
    let today = time::today();
    if let Some(on) = options.received_on.filter(|on| *on > today) {
        return Err(Error::invalid(
            "received_on",
            format!("Datumet {on} ligger i framtiden."),
        ));
    }
    // The file goes into the content-addressed store first; a failed
    // transaction leaves at most an unreferenced copy, never a record
    // without its file.
    let stored = attachments::add_bytes(store, &bytes, "docx")?;
    let actor = store.actor().to_owned();
    let tx = store.transaction()?;
    let r = rounds::get(&tx, round)?;
    let party = preview.party_id;
    // Read again inside the transaction: another window or process may
    // have imported this form, or another form of the party, meanwhile.
    let state = import_state(&tx, round, party, &preview.sha256)?;
    if let ImportState::AlreadyImported { .. } = state {
        drop(tx);
        return Ok(Imported::nothing(preview));
    }
    if let Some(refusal) = choice_needed(&state, options.choice, &preview.party_name) {
        drop(tx);
        return Err(refusal);
    }
    // An answer already ticked off keeps its day (and its position when
    // the form has none ticked): the form is often read in days later.
    let (earlier_on, earlier_position): (Option<NaiveDate>, Option<String>) = tx
        .query_row(
            "SELECT coalesce(received_on, declined_on), position FROM round_recipients
             WHERE round_id = ?1 AND party_id = ?2",
            params![round.0, party.0],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .unwrap_or((None, None));
    let received_on = options.received_on.or(earlier_on).unwrap_or(today);
    let position = preview.position.clone().or(earlier_position);
    let mut replaced = 0;
    if options.choice == Some(Choice::Replace) {
        replaced = tx.execute(
            "DELETE FROM round_comments WHERE round_id = ?1 AND party_id = ?2 AND answer_file_id IN
                 (SELECT id FROM round_answer_files WHERE round_id = ?1 AND party_id = ?2 AND is_form = 1)",
            params![round.0, party.0],
        )?;
        tx.execute(
            "DELETE FROM round_answer_files WHERE round_id = ?1 AND party_id = ?2 AND is_form = 1",
            params![round.0, party.0],
        )?;
        comments::delete_orphan_decisions(&tx, round)?;
    }
    tx.execute(
        "INSERT INTO round_answer_files (round_id, party_id, file_name, stored_name, sha256, size,
             created_at, actor, is_form)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1)",
        params![
            round.0,
            party.0,
            preview.file_name,
            stored.stored_name,
            stored.sha256,
            stored.size as i64,
            time::now(),
            actor
        ],
    )?;
    let file_id = tx.last_insert_rowid();
    let declines = position.as_deref() == Some("avstar");
    if declines {
        tx.execute(
            "UPDATE round_recipients SET declined_on = ?3, received_on = NULL, position = NULL
             WHERE round_id = ?1 AND party_id = ?2",
            params![round.0, party.0, received_on],
        )?;
    } else {
        tx.execute(
            "UPDATE round_recipients SET received_on = ?3, position = ?4, declined_on = NULL
             WHERE round_id = ?1 AND party_id = ?2",
            params![round.0, party.0, received_on, position],
        )?;
    }
    for c in &preview.comments {
        comments::insert(
            &tx,
            round,
            party,
            &CommentInput {
                section: c.section.clone(),
                text: c.text.clone(),
                proposal: c.proposal.clone(),
            },
            Some((file_id, i64::try_from(c.row).unwrap_or(i64::MAX))),
            &actor,
        )?;
    }
    let mut summary = format!(
        "{}: {} – svarsmall inläst ({}), {} {}",
        r.kind.label(),
        preview.party_name,
        preview.file_name,
        preview.comments.len(),
        if preview.comments.len() == 1 {
            "synpunkt"
        } else {
            "synpunkter"
        }
    );
    if replaced > 0 {
        summary.push_str(&format!(", ersatte {replaced} tidigare"));
    }
    audit::record(
        &tx,
        NewEvent {
            actor: &actor,
            document_id: Some(r.document_id.0),
            entity: "round_recipient",
            entity_id: Some(round.0),
            action: "answer_imported",
            summary,
            before: None,
            after: Some(json!({
                "party": preview.party_name,
                "file_name": preview.file_name,
                if declines { "declined_on" } else { "received_on" }: received_on,
                "position": position,
                "comments": preview.comments.len(),
                "replaced": if replaced > 0 { Some(replaced) } else { None },
            })),
        },
    )?;
    tx.commit()?;
    Ok(Imported {
        comments_added: preview.comments.len(),
        preview,
        recorded: true,
        received_on: Some(received_on),
        comments_replaced: replaced,
        file_id: Some(file_id),
    })
}
