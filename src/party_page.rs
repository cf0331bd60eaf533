//! A party's page: what the coordinator needs before a meeting with one
//! municipality or the region — every round it was sent and how it
//! answered (in time, late, not at all, declined, still waiting), its
//! comments and how each was decided, and the documents it has adopted.
//! Reads only; four queries whatever the size of the register (the
//! recipients by party use the index of migration 0011).

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use crate::error::Result;
use crate::parties::{self, Party, PartyId};
use crate::register::DocumentId;
use crate::rounds::{Outcome, RoundId, RoundKind};

/// How a party answered a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Answered {
    /// Answered (or decided) on or before the deadline.
    InTime,
    /// Answered (or decided) after the deadline.
    Late,
    /// Declined to answer (avstår).
    Declined,
    /// No answer, and the deadline has passed.
    NotAtAll,
    /// No answer yet; the deadline is still ahead.
    Waiting,
    /// The round has not been sent to the party.
    NotSent,
}

impl Answered {
    pub fn label(self) -> &'static str {
        match self {
            Answered::InTime => "Svarade i tid",
            Answered::Late => "Svarade sent",
            Answered::Declined => "Avstod",
            Answered::NotAtAll => "Svarade inte",
            Answered::Waiting => "Väntar på svar",
            Answered::NotSent => "Inte skickad",
        }
    }
}

/// One round the party was (or will be) sent.
#[derive(Debug, Clone, Serialize)]
pub struct PartyRound {
    pub round_id: RoundId,
    pub document_id: DocumentId,
    pub document_title: String,
    pub kind: RoundKind,
    pub kind_name: String,
    pub sent_on: Option<NaiveDate>,
    pub deadline: NaiveDate,
    pub answered_on: Option<NaiveDate>,
    pub answered: Answered,
    pub answered_name: String,
    /// Days after the deadline the answer came (late answers only).
    pub days_late: Option<i64>,
    /// The position it took ("Tillstyrker …"), or its decision on adoption.
    pub position_name: Option<String>,
    pub comments: usize,
}

/// One of the party's comments and how it was decided.
#[derive(Debug, Clone, Serialize)]
pub struct PartyComment {
    pub comment_id: i64,
    pub round_id: RoundId,
    pub document_title: String,
    pub section: String,
    pub text: String,
    pub proposal: String,
    /// "Beaktad" …, or "Ej hanterad".
    pub disposition_name: String,
    pub motivation: String,
}

/// A document the party has adopted.
#[derive(Debug, Clone, Serialize)]
pub struct Adopted {
    pub document_id: DocumentId,
    pub document_title: String,
    pub version_no: i64,
    pub body: String,
    pub decided_on: NaiveDate,
    pub their_diarienummer: String,
}

/// How the party's answers add up.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Tally {
    pub sent: usize,
    pub in_time: usize,
    pub late: usize,
    pub declined: usize,
    pub not_at_all: usize,
    pub waiting: usize,
}

/// Everything on the party's page.
#[derive(Debug, Clone, Serialize)]
pub struct PartyPage {
    pub party: Party,
    /// The latest deadline first.
    pub rounds: Vec<PartyRound>,
    pub tally: Tally,
    /// "Svarade i tid på 8 av 10 rundor, sent på 1, inte alls på 1."
    pub tally_text: String,
    /// Per round (latest first), in the round's order of sections.
    pub comments: Vec<PartyComment>,
    pub adopted: Vec<Adopted>,
}

fn tally_text(t: &Tally) -> String {
    let answered_rounds = t.sent - t.waiting;
    if t.sent == 0 {
        return "Parten har inte fått någon runda.".to_owned();
    }
    let rounds = |n: usize| if n == 1 { "runda" } else { "rundor" };
    let mut text = format!(
        "Svarade i tid på {} av {} {}",
        t.in_time,
        answered_rounds,
        rounds(answered_rounds)
    );
    let mut rest = Vec::new();
    if t.late > 0 {
        rest.push(format!("sent på {}", t.late));
    }
    if t.declined > 0 {
        rest.push(format!("avstod från {}", t.declined));
    }
    if t.not_at_all > 0 {
        rest.push(format!("svarade inte på {}", t.not_at_all));
    }
    if !rest.is_empty() {
        text.push_str(&format!(", {}", rest.join(", ")));
    }
    text.push('.');
    if t.waiting > 0 {
        text.push_str(&format!(
            " {} {} väntar på svar.",
            t.waiting,
            rounds(t.waiting)
        ));
    }
    text
}

/// The page of `party` as of `today`.
pub fn page(conn: &Connection, party: PartyId, today: NaiveDate) -> Result<PartyPage> {
    let reference = crate::assets::reference()?;
    let party = parties::get(conn, party)?;
    // The party's comments per round, counted once.
    let mut counts: std::collections::HashMap<i64, i64> = std::collections::HashMap::new();
    for row in conn
        .prepare(
            "SELECT round_id, count(*) FROM round_comments WHERE party_id = ?1 GROUP BY round_id",
        )?
        .query_map([party.id.0], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
        })?
    {
        let (round, count) = row?;
        counts.insert(round, count);
    }
    let mut stmt = conn.prepare(
        "SELECT r.id, v.document_id, v.title, r.kind, rr.sent_on, r.deadline, rr.received_on,
                rr.declined_on, rr.position, rr.outcome, rr.decided_on
         FROM round_recipients rr
         JOIN rounds r ON r.id = rr.round_id
         JOIN document_versions v ON v.id = r.version_id
         WHERE rr.party_id = ?1
         ORDER BY r.deadline DESC, r.id DESC",
    )?;
    let mut tally = Tally::default();
    let mut rounds = Vec::new();
    for row in stmt.query_map([party.id.0], |r| {
        Ok((
            RoundId(r.get(0)?),
            DocumentId(r.get(1)?),
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<NaiveDate>>(4)?,
            r.get::<_, NaiveDate>(5)?,
            r.get::<_, Option<NaiveDate>>(6)?,
            r.get::<_, Option<NaiveDate>>(7)?,
            r.get::<_, Option<String>>(8)?,
            r.get::<_, Option<String>>(9)?,
            r.get::<_, Option<NaiveDate>>(10)?,
        ))
    })? {
        let (
            round_id,
            document_id,
            document_title,
            kind,
            sent_on,
            deadline,
            received_on,
            declined_on,
            position,
            outcome,
            decided_on,
        ) = row?;
        let comments = counts.get(&round_id.0).copied().unwrap_or(0);
        let kind = RoundKind::parse(&kind).unwrap_or(RoundKind::Remiss);
        let outcome = outcome.as_deref().and_then(Outcome::parse);
        let answered_on = received_on.or(declined_on);
        let answered = match (declined_on, answered_on) {
            (Some(_), _) => Answered::Declined,
            (None, Some(on)) if on <= deadline => Answered::InTime,
            (None, Some(_)) => Answered::Late,
            (None, None) if sent_on.is_none() => Answered::NotSent,
            (None, None) if deadline < today => Answered::NotAtAll,
            (None, None) => Answered::Waiting,
        };
        match answered {
            Answered::InTime => tally.in_time += 1,
            Answered::Late => tally.late += 1,
            Answered::Declined => tally.declined += 1,
            Answered::NotAtAll => tally.not_at_all += 1,
            Answered::Waiting => tally.waiting += 1,
            Answered::NotSent => {}
        }
        if answered != Answered::NotSent {
            tally.sent += 1;
        }
        let position_name = match outcome {
            Some(outcome) => Some(match decided_on {
                Some(on) => format!("{} {on}", outcome.label()),
                None => outcome.label().to_owned(),
            }),
            None => position
                .as_deref()
                .and_then(|p| reference.find_position(p))
                .map(|c| c.name.clone()),
        };
        rounds.push(PartyRound {
            round_id,
            document_id,
            document_title,
            kind,
            kind_name: kind.label().to_owned(),
            sent_on,
            deadline,
            answered_on,
            answered,
            answered_name: answered.label().to_owned(),
            days_late: (answered == Answered::Late)
                .then(|| answered_on.map(|on| (on - deadline).num_days()))
                .flatten(),
            position_name,
            comments: usize::try_from(comments).unwrap_or(0),
        });
    }

    let mut stmt = conn.prepare(
        "SELECT k.id, k.round_id, v.title, k.section, k.body, k.proposal, d.disposition,
                coalesce(d.motivation, '')
         FROM round_comments k
         JOIN rounds r ON r.id = k.round_id
         JOIN document_versions v ON v.id = r.version_id
         LEFT JOIN comment_decisions d ON d.id = k.decision_id
         WHERE k.party_id = ?1
         ORDER BY r.deadline DESC, r.id DESC, coalesce(k.form_row, 1000000), k.id",
    )?;
    let comments = stmt
        .query_map([party.id.0], |r| {
            let disposition: Option<String> = r.get(6)?;
            Ok(PartyComment {
                comment_id: r.get(0)?,
                round_id: RoundId(r.get(1)?),
                document_title: r.get(2)?,
                section: r.get(3)?,
                text: r.get(4)?,
                proposal: r.get(5)?,
                disposition_name: disposition
                    .as_deref()
                    .and_then(crate::labels::disposition)
                    .unwrap_or("Ej hanterad")
                    .to_owned(),
                motivation: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;

    // Adopted: in each document's latest adoption round on its current
    // version, the party's decision was antagen.
    let mut stmt = conn.prepare(
        "SELECT v.document_id, v.title, v.version_no, rr.deciding_body, rr.decided_on,
                rr.their_diarienummer
         FROM current_versions c
         JOIN document_versions v ON v.id = c.version_id
         JOIN round_recipients rr ON rr.round_id = (
             SELECT max(a.id) FROM rounds a WHERE a.version_id = c.version_id AND a.kind = 'antagande')
         WHERE rr.party_id = ?1 AND rr.outcome = 'antagen'
         ORDER BY rr.decided_on DESC, v.document_id",
    )?;
    let adopted = stmt
        .query_map([party.id.0], |r| {
            Ok(Adopted {
                document_id: DocumentId(r.get(0)?),
                document_title: r.get(1)?,
                version_no: r.get(2)?,
                body: r.get(3)?,
                decided_on: r.get(4)?,
                their_diarienummer: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;

    Ok(PartyPage {
        tally_text: tally_text(&tally),
        party,
        rounds,
        tally,
        comments,
        adopted,
    })
}
