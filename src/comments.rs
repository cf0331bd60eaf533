//! The comments of a round's answers and the decision on each
//! (guideline §Färdigställande: the responsible person "hanterar
//! remissvar och synpunkter samt ansvarar för att relevanta justeringar
//! genomförs").
//!
//! A comment belongs to one recipient of a round; it was read from a
//! returned svarsmall (`answers`) or entered by hand. A decision
//! (*beaktad*, *delvis beaktad*, *ej beaktad*, *noterad*) may be shared
//! by several comments: the same point made by several parties is decided
//! once for all of them. Invariants: a decision always has at least one
//! comment (one left without is deleted in the same transaction);
//! *ej beaktad* and *delvis beaktad* always have a motivation; only a
//! change that is accepted (beaktad, delvis beaktad) can be significant;
//! every change is one transaction with an audit event on the document.

use std::collections::HashMap;

use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::audit::{self, NewEvent};
use crate::db::Store;
use crate::error::{Error, FieldError, Result};
use crate::parties::PartyId;
use crate::rounds::{self, RoundId};
use crate::template;
use crate::time;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CommentId(pub i64);

impl std::fmt::Display for CommentId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// What is decided about a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Disposition {
    Beaktad,
    DelvisBeaktad,
    EjBeaktad,
    Noterad,
}

impl Disposition {
    /// The code, or the ways the CLI and users write it ("delvis",
    /// "ej-beaktad", "Ej beaktad").
    pub fn parse(text: &str) -> Option<Disposition> {
        let key: String = text
            .trim()
            .to_lowercase()
            .chars()
            .map(|c| if c == '-' || c == ' ' { '_' } else { c })
            .collect();
        match key.as_str() {
            "beaktad" => Some(Disposition::Beaktad),
            "delvis" | "delvis_beaktad" => Some(Disposition::DelvisBeaktad),
            "ej_beaktad" | "ej" => Some(Disposition::EjBeaktad),
            "noterad" => Some(Disposition::Noterad),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Disposition::Beaktad => "beaktad",
            Disposition::DelvisBeaktad => "delvis_beaktad",
            Disposition::EjBeaktad => "ej_beaktad",
            Disposition::Noterad => "noterad",
        }
    }

    pub fn label(self) -> &'static str {
        crate::labels::disposition(self.as_str()).unwrap_or("Okänt ställningstagande")
    }

    /// A motivation is required: the party must learn why its comment was
    /// not (wholly) followed.
    pub fn needs_motivation(self) -> bool {
        matches!(self, Disposition::DelvisBeaktad | Disposition::EjBeaktad)
    }

    /// The comment changes the document.
    pub fn accepts(self) -> bool {
        matches!(self, Disposition::Beaktad | Disposition::DelvisBeaktad)
    }
}

/// A comment as entered by hand or read from a form.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CommentInput {
    /// A heading of the template, "Övrigt", or what the party wrote.
    pub section: String,
    pub text: String,
    pub proposal: String,
}

/// A decision as entered.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct DecisionInput {
    /// A disposition code (or a way of writing it, see [`Disposition::parse`]).
    pub disposition: String,
    pub motivation: String,
    pub significant: bool,
}

/// A decision on one or more comments.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Decision {
    pub id: i64,
    pub disposition: Disposition,
    pub disposition_name: String,
    pub motivation: String,
    pub significant: bool,
    pub decided_at: String,
    pub actor: String,
    /// Every comment the decision is for, this one included.
    pub comment_ids: Vec<CommentId>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Comment {
    pub id: CommentId,
    pub round_id: RoundId,
    pub party_id: PartyId,
    pub party_name: String,
    pub section: String,
    pub text: String,
    pub proposal: String,
    /// Read from a returned svarsmall (else entered by hand).
    pub from_form: bool,
    /// The form it was read from, and its row there.
    pub answer_file_id: Option<i64>,
    pub form_row: Option<i64>,
    pub decision: Option<Decision>,
    pub created_at: String,
}

/// Longest comment or proposal, in characters: several pages of text.
pub const MAX_TEXT_CHARS: usize = 20_000;
/// Longest section name, in characters.
pub const MAX_SECTION_CHARS: usize = 200;
/// Longest motivation, in characters.
pub const MAX_MOTIVATION_CHARS: usize = 10_000;

/// The sections a comment can be about, in the document's order, "Övrigt"
/// last.
pub fn sections() -> Result<Vec<String>> {
    Ok(template::template()?.comment_sections())
}

/// Text of a comment as stored: line ends made `\n`, control characters
/// other than line breaks and tabs dropped, surrounding space trimmed.
pub(crate) fn clean_text(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect::<String>()
        .trim()
        .to_owned()
}

/// The input checked and cleaned: the section matched to the template's.
fn checked_input(input: &CommentInput) -> Result<CommentInput> {
    let mut errors = Vec::new();
    let text = clean_text(&input.text);
    let proposal = clean_text(&input.proposal);
    if text.is_empty() && proposal.is_empty() {
        errors.push(FieldError::new(
            "text",
            "Skriv synpunkten (eller ett förslag till ändring).",
        ));
    }
    for (field, label, value) in [
        ("text", "Synpunkten", &text),
        ("proposal", "Förslaget till ändring", &proposal),
    ] {
        let count = value.chars().count();
        if count > MAX_TEXT_CHARS {
            errors.push(FieldError::new(
                field,
                format!(
                    "{label} får ha högst {} tecken (nu {}).",
                    crate::text::grouped(MAX_TEXT_CHARS),
                    crate::text::grouped(count)
                ),
            ));
        }
    }
    let written = clean_text(&input.section);
    if written.chars().count() > MAX_SECTION_CHARS {
        errors.push(FieldError::new(
            "section",
            format!(
                "Avsnittet får ha högst {MAX_SECTION_CHARS} tecken. Välj en rubrik i mallen eller «{}».",
                template::OTHER_SECTION
            ),
        ));
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    Ok(CommentInput {
        section: template::template()?.comment_section(&written),
        text,
        proposal,
    })
}

/// Stores one comment inside the caller's transaction; no audit event (the
/// caller records one for all it stores).
pub(crate) fn insert(
    tx: &Transaction<'_>,
    round: RoundId,
    party: PartyId,
    input: &CommentInput,
    form: Option<(i64, i64)>,
    actor: &str,
) -> Result<CommentId> {
    let input = checked_input(input)?;
    tx.prepare_cached(
        "INSERT INTO round_comments (round_id, party_id, section, body, proposal, answer_file_id,
             form_row, created_at, actor)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        round.0,
        party.0,
        input.section,
        input.text,
        input.proposal,
        form.map(|f| f.0),
        form.map(|f| f.1),
        time::now(),
        actor
    ])?;
    Ok(CommentId(tx.last_insert_rowid()))
}

/// Why an adoption round takes no comments.
pub const NO_COMMENTS_IN_ADOPTION: &str =
    "I en antagandeomgång beslutar parterna om att anta dokumentet; synpunkter lämnas i remissen eller synpunktsrundan.";

/// Adds a comment by hand: for an answer that came as a letter or a PDF.
pub fn add(
    store: &mut Store,
    round: RoundId,
    party: PartyId,
    input: &CommentInput,
) -> Result<CommentId> {
    let checked = checked_input(input)?;
    let actor = store.actor().to_owned();
    let tx = store.transaction()?;
    let r = rounds::get(&tx, round)?;
    if r.kind.is_adoption() {
        return Err(Error::invalid("round", NO_COMMENTS_IN_ADOPTION));
    }
    let party_name = rounds::recipient_name(&tx, round, party)?;
    let id = insert(&tx, round, party, &checked, None, &actor)?;
    audit::record(
        &tx,
        NewEvent {
            actor: &actor,
            document_id: Some(r.document_id.0),
            entity: "round_comment",
            entity_id: Some(id.0),
            action: "comment_added",
            summary: format!(
                "{}: {party_name} – synpunkt tillagd ({})",
                r.kind.label(),
                checked.section
            ),
            before: None,
            after: Some(json!({
                "party": party_name,
                "section": checked.section,
                "body": checked.text,
                "proposal": checked.proposal,
            })),
        },
    )?;
    tx.commit()?;
    Ok(id)
}

/// Corrects a comment's section, text or proposal (a typo, a wrong
/// section); its decision stays.
pub fn edit(store: &mut Store, id: CommentId, input: &CommentInput) -> Result<()> {
    let checked = checked_input(input)?;
    let actor = store.actor().to_owned();
    let tx = store.transaction()?;
    let before = get(&tx, id)?;
    let r = rounds::get(&tx, before.round_id)?;
    tx.execute(
        "UPDATE round_comments SET section = ?2, body = ?3, proposal = ?4 WHERE id = ?1",
        params![id.0, checked.section, checked.text, checked.proposal],
    )?;
    audit::record(
        &tx,
        NewEvent {
            actor: &actor,
            document_id: Some(r.document_id.0),
            entity: "round_comment",
            entity_id: Some(id.0),
            action: "comment_edited",
            summary: format!(
                "{}: {} – synpunkt nr {id} ändrad",
                r.kind.label(),
                before.party_name
            ),
            before: Some(json!({
                "section": before.section, "body": before.text, "proposal": before.proposal,
            })),
            after: Some(json!({
                "section": checked.section, "body": checked.text, "proposal": checked.proposal,
            })),
        },
    )?;
    tx.commit()?;
    Ok(())
}

/// Removes a comment entered by mistake (with its decision, if it was
/// the decision's only comment).
pub fn remove(store: &mut Store, id: CommentId) -> Result<()> {
    let actor = store.actor().to_owned();
    let tx = store.transaction()?;
    let before = get(&tx, id)?;
    let r = rounds::get(&tx, before.round_id)?;
    tx.execute("DELETE FROM round_comments WHERE id = ?1", [id.0])?;
    delete_orphan_decisions(&tx, before.round_id)?;
    audit::record(
        &tx,
        NewEvent {
            actor: &actor,
            document_id: Some(r.document_id.0),
            entity: "round_comment",
            entity_id: Some(id.0),
            action: "comment_removed",
            summary: format!(
                "{}: {} – synpunkt borttagen ({})",
                r.kind.label(),
                before.party_name,
                before.section
            ),
            before: Some(json!({
                "party": before.party_name,
                "section": before.section,
                "body": before.text,
                "proposal": before.proposal,
            })),
            after: None,
        },
    )?;
    tx.commit()?;
    Ok(())
}

/// Deletes the decisions of `round` that no comment points to any more.
pub(crate) fn delete_orphan_decisions(conn: &Connection, round: RoundId) -> Result<()> {
    conn.execute(
        "DELETE FROM comment_decisions WHERE round_id = ?1
         AND NOT EXISTS (SELECT 1 FROM round_comments c WHERE c.decision_id = comment_decisions.id)",
        [round.0],
    )?;
    Ok(())
}

/// The decision as stored, checked: `Err` names the field at fault.
fn checked_decision(input: &DecisionInput) -> Result<(Disposition, String, bool)> {
    let mut errors = Vec::new();
    let disposition = Disposition::parse(&input.disposition);
    let motivation = clean_text(&input.motivation);
    match disposition {
        None => errors.push(FieldError::new(
            "disposition",
            "Välj ställningstagande: beaktad, delvis beaktad, ej beaktad eller noterad.",
        )),
        Some(d) if d.needs_motivation() && motivation.is_empty() => {
            errors.push(FieldError::new(
                "motivation",
                format!(
                    "Skriv en motivering: den krävs när synpunkten är {}.",
                    d.label().to_lowercase()
                ),
            ));
        }
        Some(d) if input.significant && !d.accepts() => errors.push(FieldError::new(
            "significant",
            "Betydande ändring kan bara markeras när synpunkten beaktas helt eller delvis.",
        )),
        Some(_) => {}
    }
    let count = motivation.chars().count();
    if count > MAX_MOTIVATION_CHARS {
        errors.push(FieldError::new(
            "motivation",
            format!(
                "Motiveringen får ha högst {} tecken (nu {}).",
                crate::text::grouped(MAX_MOTIVATION_CHARS),
                crate::text::grouped(count)
            ),
        ));
    }
    match disposition {
        Some(d) if errors.is_empty() => Ok((d, motivation, input.significant)),
        _ => Err(Error::Invalid(errors)),
    }
}

/// Decides `ids` together: one decision for all of them (the same point
/// made by several parties). A comment that shared a decision with others
/// not named here leaves it; the others keep theirs. All comments must be
/// of the same round.
pub fn decide(store: &mut Store, ids: &[CommentId], input: &DecisionInput) -> Result<()> {
    let decision = checked_decision(input)?;
    set_decision(store, ids, Some(decision))
}

/// Takes the decision off `ids` (the others sharing it keep it).
pub fn undecide(store: &mut Store, ids: &[CommentId]) -> Result<()> {
    set_decision(store, ids, None)
}

fn decision_json(
    disposition: Disposition,
    motivation: &str,
    significant: bool,
) -> serde_json::Value {
    json!({
        "disposition": disposition.as_str(),
        "motivation": motivation,
        "significant": significant,
    })
}

/// Points `ids` at a new decision (or at none), deletes the decisions left
/// without comments, and records one event; one transaction.
fn set_decision(
    store: &mut Store,
    ids: &[CommentId],
    decision: Option<(Disposition, String, bool)>,
) -> Result<()> {
    let actor = store.actor().to_owned();
    let tx = store.transaction()?;
    let comments = get_many(&tx, ids)?;
    let round = same_round(&comments)?;
    let r = rounds::get(&tx, round)?;
    let before = comments.iter().find_map(|c| c.decision.clone());
    let decision_id = match &decision {
        Some((disposition, motivation, significant)) => {
            tx.execute(
                "INSERT INTO comment_decisions (round_id, disposition, motivation, significant, decided_at, actor)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![round.0, disposition.as_str(), motivation, significant, time::now(), actor],
            )?;
            Some(tx.last_insert_rowid())
        }
        None if before.is_none() => {
            return Err(Error::invalid(
                "disposition",
                "Synpunkten har inget ställningstagande att ta bort.",
            ))
        }
        None => None,
    };
    for c in &comments {
        tx.execute(
            "UPDATE round_comments SET decision_id = ?2 WHERE id = ?1",
            params![c.id.0, decision_id],
        )?;
    }
    delete_orphan_decisions(&tx, round)?;
    let numbers: Vec<String> = comments.iter().map(|c| c.id.to_string()).collect();
    let parties = party_names(&comments);
    let noun = if comments.len() == 1 {
        "synpunkt"
    } else {
        "synpunkterna"
    };
    let (action, summary) = match &decision {
        Some((disposition, ..)) => (
            "comment_decided",
            format!(
                "{}: {noun} nr {} ({parties}) – {}",
                r.kind.label(),
                numbers.join(", "),
                disposition.label().to_lowercase()
            ),
        ),
        None => (
            "comment_undecided",
            format!(
                "{}: ställningstagandet borttaget för {noun} nr {} ({parties})",
                r.kind.label(),
                numbers.join(", ")
            ),
        ),
    };
    audit::record(
        &tx,
        NewEvent {
            actor: &actor,
            document_id: Some(r.document_id.0),
            entity: "round_comment",
            entity_id: comments.first().map(|c| c.id.0),
            action,
            summary,
            before: before.map(|d| decision_json(d.disposition, &d.motivation, d.significant)),
            after: decision.map(|(d, m, s)| decision_json(d, &m, s)),
        },
    )?;
    tx.commit()?;
    Ok(())
}

fn party_names(comments: &[Comment]) -> String {
    let mut names: Vec<&str> = Vec::new();
    for c in comments {
        if !names.contains(&c.party_name.as_str()) {
            names.push(&c.party_name);
        }
    }
    names.join(", ")
}

fn same_round(comments: &[Comment]) -> Result<RoundId> {
    let Some(first) = comments.first() else {
        return Err(Error::invalid("comments", "Välj minst en synpunkt."));
    };
    if comments.iter().any(|c| c.round_id != first.round_id) {
        return Err(Error::invalid(
            "comments",
            "Synpunkter från olika rundor kan inte få ett gemensamt ställningstagande.",
        ));
    }
    Ok(first.round_id)
}

const SELECT: &str = "SELECT c.id, c.round_id, c.party_id, p.name AS party_name, c.section,
        c.body, c.proposal, c.answer_file_id, c.form_row, c.created_at, c.decision_id,
        d.disposition, d.motivation, d.significant, d.decided_at, d.actor AS decided_by
     FROM round_comments c
     JOIN parties p ON p.id = c.party_id
     LEFT JOIN comment_decisions d ON d.id = c.decision_id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Comment> {
    let decision_id: Option<i64> = r.get("decision_id")?;
    let disposition: Option<String> = r.get("disposition")?;
    let decision = match (
        decision_id,
        disposition.as_deref().and_then(Disposition::parse),
    ) {
        (Some(id), Some(disposition)) => Some(Decision {
            id,
            disposition,
            disposition_name: disposition.label().to_owned(),
            motivation: r.get("motivation")?,
            significant: r.get("significant")?,
            decided_at: r.get("decided_at")?,
            actor: r.get("decided_by")?,
            comment_ids: Vec::new(),
        }),
        _ => None,
    };
    let answer_file_id: Option<i64> = r.get("answer_file_id")?;
    Ok(Comment {
        id: CommentId(r.get("id")?),
        round_id: RoundId(r.get("round_id")?),
        party_id: PartyId(r.get("party_id")?),
        party_name: r.get("party_name")?,
        section: r.get("section")?,
        text: r.get("body")?,
        proposal: r.get("proposal")?,
        from_form: answer_file_id.is_some() || r.get::<_, Option<i64>>("form_row")?.is_some(),
        answer_file_id,
        form_row: r.get("form_row")?,
        decision,
        created_at: r.get("created_at")?,
    })
}

/// Fills in each decision's comments.
fn with_decision_members(conn: &Connection, mut comments: Vec<Comment>) -> Result<Vec<Comment>> {
    let ids: Vec<i64> = comments
        .iter()
        .filter_map(|c| c.decision.as_ref().map(|d| d.id))
        .collect();
    if ids.is_empty() {
        return Ok(comments);
    }
    let mut members: HashMap<i64, Vec<CommentId>> = HashMap::new();
    // In chunks: SQLite limits the number of parameters.
    for chunk in ids.chunks(500) {
        let marks = vec!["?"; chunk.len()].join(", ");
        let mut stmt = conn.prepare(&format!(
            "SELECT decision_id, id FROM round_comments WHERE decision_id IN ({marks}) ORDER BY id"
        ))?;
        for row in stmt.query_map(params_from_iter(chunk), |r| {
            Ok((r.get::<_, i64>(0)?, CommentId(r.get(1)?)))
        })? {
            let (decision, comment) = row?;
            let list = members.entry(decision).or_default();
            if !list.contains(&comment) {
                list.push(comment);
            }
        }
    }
    for c in &mut comments {
        if let Some(d) = c.decision.as_mut() {
            d.comment_ids = members.get(&d.id).cloned().unwrap_or_default();
        }
    }
    Ok(comments)
}

pub fn get(conn: &Connection, id: CommentId) -> Result<Comment> {
    let comment = conn
        .query_row(&format!("{SELECT} WHERE c.id = ?1"), [id.0], from_row)
        .optional()?
        .ok_or_else(|| Error::not_found(format!("Synpunkt {id}")))?;
    with_decision_members(conn, vec![comment])?
        .into_iter()
        .next()
        .ok_or_else(|| Error::not_found(format!("Synpunkt {id}")))
}

fn get_many(conn: &Connection, ids: &[CommentId]) -> Result<Vec<Comment>> {
    let mut out = Vec::new();
    for id in ids {
        if out.iter().any(|c: &Comment| c.id == *id) {
            continue;
        }
        out.push(get(conn, *id)?);
    }
    Ok(out)
}

/// Every comment of `round`, grouped by section in the document's order
/// (sections the parties named themselves after the template's, in
/// Swedish order, "Övrigt" last), within a section by party in the
/// guideline's order, then as entered.
pub fn list(conn: &Connection, round: RoundId) -> Result<Vec<Comment>> {
    rounds::get(conn, round)?;
    let mut stmt = conn.prepare(&format!(
        "{SELECT} WHERE c.round_id = ?1 ORDER BY p.sort_order, c.answer_file_id, c.form_row, c.id"
    ))?;
    let mut comments: Vec<Comment> = stmt
        .query_map([round.0], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    let order = section_order(&comments)?;
    comments.sort_by_key(|c| order.get(&c.section).copied().unwrap_or(usize::MAX));
    with_decision_members(conn, comments)
}

/// Each section's place: the template's sections first, then the others
/// in Swedish order, then "Övrigt".
fn section_order(comments: &[Comment]) -> Result<HashMap<String, usize>> {
    let known = sections()?;
    let mut others: Vec<&str> = comments
        .iter()
        .map(|c| c.section.as_str())
        .filter(|s| !known.iter().any(|k| k == s))
        .collect();
    others.sort_by(|a, b| crate::collate::compare(a, b));
    others.dedup();
    let mut order = HashMap::new();
    let last = known.len();
    for (i, s) in known.iter().enumerate() {
        let place = if s == template::OTHER_SECTION {
            last + others.len()
        } else {
            i
        };
        order.insert(s.clone(), place);
    }
    for (i, s) in others.into_iter().enumerate() {
        order.insert(s.to_owned(), last + i);
    }
    Ok(order)
}

/// How far the decisions have come.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Progress {
    pub total: usize,
    pub handled: usize,
    /// Whole per cent, rounded down (100 only when all are handled).
    pub percent: usize,
    /// Comments whose accepted change is significant.
    pub significant: usize,
    /// "38 av 52 synpunkter hanterade (73 %)".
    pub text: String,
}

/// "38 av 52 synpunkter hanterade (73 %)", or "Inga synpunkter ännu".
pub fn handled_text(handled: usize, total: usize) -> String {
    if total == 0 {
        return "Inga synpunkter ännu".to_owned();
    }
    let percent = (handled * 100).checked_div(total).unwrap_or(0);
    format!(
        "{handled} av {total} {} hanterade ({percent} %)",
        if total == 1 { "synpunkt" } else { "synpunkter" }
    )
}

pub fn progress(comments: &[Comment]) -> Progress {
    let total = comments.len();
    let handled = comments.iter().filter(|c| c.decision.is_some()).count();
    let significant = comments
        .iter()
        .filter(|c| {
            c.decision
                .as_ref()
                .is_some_and(|d| d.significant && d.disposition.accepts())
        })
        .count();
    let percent = (handled * 100).checked_div(total).unwrap_or(0);
    let text = handled_text(handled, total);
    Progress {
        total,
        handled,
        percent,
        significant,
        text,
    }
}

/// A round of a document that accepted a significant change and whose
/// document the networks have not approved again since.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Reapproval {
    pub round_id: RoundId,
    pub kind_name: String,
    pub subject: String,
    /// Significant changes accepted.
    pub significant: usize,
    /// "Betydande ändringar har godtagits i rundan «…»: dokumentet ska
    /// godkännas på nytt i nätverken före ställningstagandet."
    pub message: String,
}

/// The rounds of `document` (any version) that require the networks to
/// approve the document again (guideline §Färdigställande).
pub fn reapprovals(
    conn: &Connection,
    document: crate::register::DocumentId,
) -> Result<Vec<Reapproval>> {
    let mut stmt = conn.prepare(
        "SELECT r.id, r.kind, r.subject, count(*)
         FROM rounds r
         JOIN document_versions v ON v.id = r.version_id
         JOIN comment_decisions d ON d.round_id = r.id
         JOIN round_comments c ON c.decision_id = d.id
         WHERE v.document_id = ?1 AND r.reapproved_on IS NULL AND d.significant = 1
           AND d.disposition IN ('beaktad', 'delvis_beaktad')
         GROUP BY r.id ORDER BY r.id",
    )?;
    let rows = stmt.query_map([document.0], |r| {
        Ok((
            RoundId(r.get(0)?),
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (round_id, kind, subject, count) = row?;
        let kind = rounds::RoundKind::parse(&kind).unwrap_or(rounds::RoundKind::Remiss);
        out.push(Reapproval {
            round_id,
            kind_name: kind.label().to_owned(),
            subject: subject.clone(),
            significant: usize::try_from(count).unwrap_or(0),
            message: reapproval_message(kind, &subject),
        });
    }
    Ok(out)
}

pub(crate) fn reapproval_message(kind: rounds::RoundKind, subject: &str) -> String {
    format!(
        "Betydande ändringar har godtagits i {} «{subject}»: dokumentet ska godkännas på nytt i nätverken före ställningstagandet.",
        match kind {
            rounds::RoundKind::Remiss => "remissrundan",
            rounds::RoundKind::Synpunktsrunda => "synpunktsrundan",
            rounds::RoundKind::Antagande => "antagandeomgången",
        }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dispositions_are_read_as_users_write_them() {
        assert_eq!(
            Disposition::parse("delvis"),
            Some(Disposition::DelvisBeaktad)
        );
        assert_eq!(
            Disposition::parse("Ej beaktad"),
            Some(Disposition::EjBeaktad)
        );
        assert_eq!(
            Disposition::parse("ej-beaktad"),
            Some(Disposition::EjBeaktad)
        );
        assert_eq!(Disposition::parse(" NOTERAD "), Some(Disposition::Noterad));
        assert_eq!(Disposition::parse("kanske"), None);
    }

    #[test]
    fn a_rejection_without_motivation_is_refused_at_the_motivation() {
        let err = checked_decision(&DecisionInput {
            disposition: "ej_beaktad".into(),
            motivation: "  ".into(),
            significant: false,
        })
        .expect_err("ej beaktad without motivation should be refused");
        assert_eq!(err.field_errors()[0].field, "motivation");
    }

    #[test]
    fn only_an_accepted_change_can_be_significant() {
        let err = checked_decision(&DecisionInput {
            disposition: "noterad".into(),
            motivation: String::new(),
            significant: true,
        })
        .expect_err("a noted comment cannot be a significant change");
        assert_eq!(err.field_errors()[0].field, "significant");
    }

    fn comment(n: i64, decided: Option<(Disposition, bool)>) -> Comment {
        Comment {
            id: CommentId(n),
            round_id: RoundId(1),
            party_id: PartyId(1),
            party_name: "Eda".into(),
            section: "Syfte".into(),
            text: "Text".into(),
            proposal: String::new(),
            from_form: false,
            answer_file_id: None,
            form_row: None,
            decision: decided.map(|(disposition, significant)| Decision {
                id: n,
                disposition,
                disposition_name: disposition.label().into(),
                motivation: "Därför".into(),
                significant,
                decided_at: String::new(),
                actor: String::new(),
                comment_ids: vec![CommentId(n)],
            }),
            created_at: String::new(),
        }
    }

    #[test]
    fn progress_reads_as_the_issue_writes_it() {
        assert_eq!(progress(&[]).text, "Inga synpunkter ännu");
        let comments: Vec<Comment> = (0..52)
            .map(|n| {
                comment(
                    n,
                    match n {
                        0 => Some((Disposition::Beaktad, true)),
                        1..=37 => Some((Disposition::Noterad, false)),
                        _ => None,
                    },
                )
            })
            .collect();
        let p = progress(&comments);
        assert_eq!(p.text, "38 av 52 synpunkter hanterade (73 %)");
        assert_eq!(
            (p.handled, p.total, p.percent, p.significant),
            (38, 52, 73, 1)
        );
    }
}
