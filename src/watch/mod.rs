//! Översikt: everything in the register that needs attention as of one day,
//! most urgent first, each with its reason in plain Swedish and where to
//! go (guideline §Mål: Beredningsgruppen "ska ha överblick och bevaka
//! behovet av revidering"; §Indikatorer: the register is reviewed yearly).
//!
//! What is watched, for the current version of each document unless said:
//! - giltig t.o.m. within the horizon (12 months unless chosen) or passed,
//!   for documents not being retired;
//! - for documents in force (Implementering and on, not retiring): the next
//!   follow-up within 30 days or late;
//! - documents at Gällande without a follow-up plan (indicators, interval,
//!   responsible) or without a Vida link;
//! - remiss and synpunkt rounds past their deadline with parties that have
//!   not answered (named), and those whose deadline is within a week;
//!   rounds whose comments are not all handled;
//! - adoption rounds with parties that have not decided (named);
//! - information about a new or substantially revised document not yet
//!   sent, when the last day (four months before giltig fr.o.m.) is within
//!   30 days or passed and the document is not yet in force; fewer than two
//!   digital information sessions planned while the document is being
//!   implemented or published;
//! - retired documents whose year on the web as inaktuell is over;
//! - the yearly review of the register not done this year.
//!
//! An item can be snoozed until a day, with a note (migration 0013): it is
//! then left out (and counted) until that day; every snooze and its undoing
//! is in the change log, so nothing is dismissed for ever without a trace.
//! An item's key names what it is about and, for a dated item, the date:
//! when the date moves (a validity extended), a snooze of the old one no
//! longer hides it.
//!
//! The list is made in two passes. The first ([`facts`]) finds every item
//! of the register as a few numbers and dates, in a handful of set queries
//! (no per-document reads); the items are counted, grouped and put in
//! order from those. The second ([`reasons`]) writes out only the items of
//! the page asked for (`limit`, `offset`), with their titles, parties and
//! reasons. Benchmarked at 10 000 documents and 200 000 answers.

mod facts;
mod reasons;

use std::collections::HashMap;

use chrono::{Datelike, Months, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::audit::{self, NewEvent};
use crate::db::Store;
use crate::error::{Error, FieldError, Result};
use crate::register::DocumentId;
use crate::rounds::RoundId;
use crate::time;
use facts::{Fact, Subject};

/// Days ahead a follow-up or the information's last day is watched.
pub const SOON_DAYS: u64 = 30;
/// Days ahead a round's deadline is watched.
pub const DEADLINE_DAYS: u64 = 7;
/// The default horizon for validity ends, in months.
pub const DEFAULT_HORIZON_MONTHS: u32 = 12;
/// Longest snooze note, in characters.
pub const MAX_NOTE_CHARS: usize = 2_000;

/// What needs attention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    ValidityPassed,
    ValidityEnding,
    FollowupLate,
    FollowupDue,
    FollowupPlanMissing,
    VidaLinkMissing,
    RoundLate,
    RoundDueSoon,
    CommentsUnhandled,
    AdoptionUndecided,
    InformationDue,
    TooFewSessions,
    WebRemovalDue,
    ReviewMissing,
}

impl ItemKind {
    pub const ALL: [ItemKind; 14] = [
        ItemKind::ValidityPassed,
        ItemKind::ValidityEnding,
        ItemKind::FollowupLate,
        ItemKind::FollowupDue,
        ItemKind::FollowupPlanMissing,
        ItemKind::VidaLinkMissing,
        ItemKind::RoundLate,
        ItemKind::RoundDueSoon,
        ItemKind::CommentsUnhandled,
        ItemKind::AdoptionUndecided,
        ItemKind::InformationDue,
        ItemKind::TooFewSessions,
        ItemKind::WebRemovalDue,
        ItemKind::ReviewMissing,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::ValidityPassed => "validity_passed",
            ItemKind::ValidityEnding => "validity_ending",
            ItemKind::FollowupLate => "followup_late",
            ItemKind::FollowupDue => "followup_due",
            ItemKind::FollowupPlanMissing => "followup_plan_missing",
            ItemKind::VidaLinkMissing => "vida_link_missing",
            ItemKind::RoundLate => "round_late",
            ItemKind::RoundDueSoon => "round_due_soon",
            ItemKind::CommentsUnhandled => "comments_unhandled",
            ItemKind::AdoptionUndecided => "adoption_undecided",
            ItemKind::InformationDue => "information_due",
            ItemKind::TooFewSessions => "too_few_sessions",
            ItemKind::WebRemovalDue => "web_removal_due",
            ItemKind::ReviewMissing => "review_missing",
        }
    }

    fn parse(code: &str) -> Option<ItemKind> {
        ItemKind::ALL.into_iter().find(|k| k.as_str() == code)
    }

    /// The kind's name, as a heading over its reason.
    pub fn label(self) -> &'static str {
        crate::labels::attention_kind(self.as_str()).unwrap_or_default()
    }
}

/// Where an item stands in the Översikt: its day passed, due today or
/// simply missing, or coming within the watch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    Passed,
    Now,
    Coming,
}

impl Group {
    pub const ALL: [Group; 3] = [Group::Passed, Group::Now, Group::Coming];

    /// The group of an item `days` from today (`None`: nothing dated).
    pub fn of(days: Option<i64>) -> Group {
        match days {
            Some(d) if d < 0 => Group::Passed,
            Some(d) if d > 0 => Group::Coming,
            _ => Group::Now,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Group::Passed => "passed",
            Group::Now => "now",
            Group::Coming => "coming",
        }
    }
}

/// A group with its heading and how many items of the list are in it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct GroupCount {
    pub group: Group,
    pub title: &'static str,
    pub intro: &'static str,
    pub count: usize,
}

/// A snooze of an item.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Snooze {
    pub until: NaiveDate,
    pub note: String,
    pub created_at: String,
    pub actor: String,
}

/// One thing that needs attention.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Item {
    pub kind: ItemKind,
    pub kind_name: String,
    /// Stable: what the item is about and, if dated, its date.
    pub key: String,
    /// The day it is due or was due; `None` for what is simply missing.
    pub due: Option<NaiveDate>,
    /// Days from today to `due` (negative when passed).
    pub days: Option<i64>,
    pub group: Group,
    /// One or two sentences in plain Swedish.
    pub reason: String,
    pub document_id: Option<DocumentId>,
    pub document_title: String,
    pub round_id: Option<RoundId>,
    /// Where the window goes: `#/dokument/12`, `#/rundor/5` …
    pub link: String,
    pub snoozed: Option<Snooze>,
}

/// What [`attention`] looks for, and which part of the list it writes out.
#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
#[serde(default)]
pub struct WatchOptions {
    /// Months ahead a validity end is shown.
    pub horizon_months: u32,
    /// Also the snoozed items (marked).
    pub include_snoozed: bool,
    /// Items of the list skipped before the first one written out.
    pub offset: usize,
    /// Items written out; `None`: all of them (the CLI).
    pub limit: Option<usize>,
}

impl Default for WatchOptions {
    fn default() -> WatchOptions {
        WatchOptions {
            horizon_months: DEFAULT_HORIZON_MONTHS,
            include_snoozed: false,
            offset: 0,
            limit: None,
        }
    }
}

/// The attention list, or the page of it asked for.
#[derive(Debug, Clone, Serialize)]
pub struct Attention {
    pub today: NaiveDate,
    pub horizon_months: u32,
    /// The items from `offset`, at most `limit` of them.
    pub items: Vec<Item>,
    pub offset: usize,
    /// Items in the whole list (with the snoozed ones when they are shown).
    pub total: usize,
    /// Items in the whole list that are not snoozed.
    pub active: usize,
    /// Items snoozed (left out unless shown).
    pub snoozed: usize,
    /// The whole list's items per group, in the order shown.
    pub groups: Vec<GroupCount>,
}

/// An item's key: `validity_passed:document-12:2026-10-31`,
/// `followup_plan_missing:document-12`.
fn key(kind: ItemKind, subject: Subject, due: Option<NaiveDate>) -> String {
    match due {
        Some(due) => format!("{}:{subject}:{}", kind.as_str(), due.format("%Y-%m-%d")),
        None => format!("{}:{subject}", kind.as_str()),
    }
}

/// A key read back into what it names; `None` when it names nothing the
/// Översikt could show.
fn parse_key(key: &str) -> Option<Named> {
    let mut parts = key.splitn(3, ':');
    let kind = ItemKind::parse(parts.next()?)?;
    let subject = Subject::parse(parts.next()?)?;
    let due = match parts.next() {
        None => None,
        Some(day) => Some(NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?),
    };
    Some((kind, subject, due))
}

/// What an item's key names: its kind, subject and day.
type Named = (ItemKind, Subject, Option<NaiveDate>);

/// The snoozes in force on `today`, by what they name.
fn snoozes(conn: &Connection, today: NaiveDate) -> Result<HashMap<Named, Snooze>> {
    let mut stmt = conn.prepare(
        "SELECT key, until, note, created_at, actor FROM attention_snoozes WHERE until >= ?1",
    )?;
    let rows = stmt.query_map([today], |r| {
        Ok((
            r.get::<_, String>(0)?,
            Snooze {
                until: r.get(1)?,
                note: r.get(2)?,
                created_at: r.get(3)?,
                actor: r.get(4)?,
            },
        ))
    })?;
    let mut snoozes = HashMap::new();
    for row in rows {
        let (key, snooze) = row?;
        if let Some(named) = parse_key(&key) {
            snoozes.insert(named, snooze);
        }
    }
    Ok(snoozes)
}

/// Everything that needs attention on `today`, most urgent first: by the
/// day it is (or was) due, what is simply missing counted as due today,
/// then in the order of [`ItemKind::ALL`], then by title in Swedish order.
/// The whole list is counted; the items from `offset`, at most `limit`,
/// are written out.
pub fn attention(conn: &Connection, today: NaiveDate, options: &WatchOptions) -> Result<Attention> {
    let found = facts::collect(conn, today, options)?;
    let snoozes = snoozes(conn, today)?;
    let mut snoozed = 0;
    // Each item's place: the day (what is simply missing counts as today)
    // and kind in one number, then the title's place and, for what is
    // left, the order found (each query's own order: stable). The places
    // are sorted, not the items.
    let mut kept: Vec<(Fact, Option<Snooze>)> = Vec::with_capacity(found.len());
    let mut places: Vec<(u64, u64)> = Vec::with_capacity(found.len());
    for fact in found {
        let snooze = if snoozes.is_empty() {
            None
        } else {
            snoozes.get(&(fact.kind, fact.subject, fact.due)).cloned()
        };
        if snooze.is_some() {
            snoozed += 1;
            if !options.include_snoozed {
                continue;
            }
        }
        // Days from the year 1 (chrono's range fits in 32 bits from there).
        let day = i64::from(fact.due.unwrap_or(today).num_days_from_ce()) - i64::from(i32::MIN);
        let rank = fact.document.map_or(u32::MAX, |d| d.rank);
        places.push((
            (day as u64) << 8 | fact.kind as u64,
            u64::from(rank) << 32 | kept.len() as u64,
        ));
        kept.push((fact, snooze));
    }
    // The kinds are declared in the order of ItemKind::ALL.
    places.sort_unstable();
    let mut counts = [0usize; 3];
    for (fact, _) in &kept {
        let group = Group::of(fact.due.map(|due| (due - today).num_days()));
        counts[group as usize] += 1;
    }
    let groups = Group::ALL
        .into_iter()
        .map(|group| {
            let (title, intro) = crate::labels::attention_group(group.as_str());
            GroupCount {
                group,
                title,
                intro,
                count: counts[group as usize],
            }
        })
        .collect();
    let total = kept.len();
    let active = total - if options.include_snoozed { snoozed } else { 0 };
    let offset = options.offset.min(total);
    let end = options
        .limit
        .map_or(total, |limit| offset.saturating_add(limit).min(total));
    let page: Vec<_> = places[offset..end]
        .iter()
        .map(|(_, at)| kept[(*at & u64::from(u32::MAX)) as usize].clone())
        .collect();
    Ok(Attention {
        today,
        horizon_months: options.horizon_months,
        items: reasons::items(conn, today, page)?,
        offset,
        total,
        active,
        snoozed,
        groups,
    })
}

/// Snoozes the item `key` until `until` (after today, at most two years
/// ahead), with a note; a snooze of the same item is replaced.
pub fn snooze(store: &mut Store, key: &str, until: NaiveDate, note: &str) -> Result<()> {
    let key = key.trim();
    let note = note.trim();
    let today = time::today();
    let mut errors = Vec::new();
    let known = parse_key(key).is_some();
    if !known || key.chars().any(char::is_control) || key.len() > 200 {
        errors.push(FieldError::new(
            "key",
            format!("«{key}» är inte en punkt i översikten."),
        ));
    }
    if until <= today {
        errors.push(FieldError::new(
            "until",
            "Välj en dag efter i dag att vänta till.",
        ));
    } else if today
        .checked_add_months(Months::new(24))
        .is_some_and(|limit| until > limit)
    {
        errors.push(FieldError::new(
            "until",
            "Skjut upp högst två år i taget, så att punkten kommer tillbaka.",
        ));
    }
    if let Some(problem) = crate::text::text_problem("Anteckningen", note, MAX_NOTE_CHARS) {
        errors.push(FieldError::new("note", problem));
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let actor = store.actor().to_owned();
    let tx = store.transaction()?;
    let before = stored_snooze(&tx, key)?;
    tx.execute(
        "INSERT INTO attention_snoozes (key, until, note, created_at, actor)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (key) DO UPDATE SET until = excluded.until, note = excluded.note,
             created_at = excluded.created_at, actor = excluded.actor",
        params![key, until, note, time::now(), actor],
    )?;
    audit::record(
        &tx,
        NewEvent {
            actor: &actor,
            document_id: document_of(key),
            entity: "attention",
            entity_id: None,
            action: "attention_snoozed",
            summary: format!("Översikt: «{}» uppskjuten till {until}", describe(key)),
            before: before.map(|(until, note)| json!({ "until": until, "note": note })),
            after: Some(json!({ "key": key, "until": until, "note": note })),
        },
    )?;
    tx.commit()?;
    Ok(())
}

/// Takes a snooze back: the item shows again.
pub fn unsnooze(store: &mut Store, key: &str) -> Result<()> {
    let key = key.trim();
    let actor = store.actor().to_owned();
    let tx = store.transaction()?;
    let before = stored_snooze(&tx, key)?;
    let Some((until, note)) = before else {
        return Err(Error::not_found(format!("Uppskjutningen av «{key}»")));
    };
    tx.execute("DELETE FROM attention_snoozes WHERE key = ?1", [key])?;
    audit::record(
        &tx,
        NewEvent {
            actor: &actor,
            document_id: document_of(key),
            entity: "attention",
            entity_id: None,
            action: "attention_unsnoozed",
            summary: format!("Översikt: «{}» visas igen", describe(key)),
            before: Some(json!({ "key": key, "until": until, "note": note })),
            after: None,
        },
    )?;
    tx.commit()?;
    Ok(())
}

/// The day and note of the snooze of `key` as it stands, if any.
fn stored_snooze(conn: &Connection, key: &str) -> Result<Option<(NaiveDate, String)>> {
    Ok(conn
        .query_row(
            "SELECT until, note FROM attention_snoozes WHERE key = ?1",
            [key],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// The document an item's key is about, for the change log.
fn document_of(key: &str) -> Option<i64> {
    match parse_key(key)?.1 {
        Subject::Document(id) => Some(id),
        _ => None,
    }
}

/// The kind's name of a key, for the change log's summary.
fn describe(key: &str) -> String {
    let kind = key.split(':').next().unwrap_or_default();
    crate::labels::attention_kind(kind)
        .map(str::to_owned)
        .unwrap_or_else(|| key.to_owned())
}
