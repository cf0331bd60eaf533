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
//! The whole list is a handful of set queries whatever the register's size
//! (no per-document reads): benchmarked at 10 000 documents.

use std::collections::HashMap;

use chrono::{Datelike, Months, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::assets;
use crate::audit::{self, NewEvent};
use crate::db::Store;
use crate::error::{Error, FieldError, Result};
use crate::register::after_decision::{
    info_due_by, next_followup_due, web_removal_on, MIN_DIGITAL_SESSIONS,
};
use crate::register::DocumentId;
use crate::rounds::RoundId;
use crate::time;

/// Days ahead a follow-up or the information's last day is watched.
pub const SOON_DAYS: u64 = 30;
/// Days ahead a round's deadline is watched.
pub const DEADLINE_DAYS: u64 = 7;
/// The default horizon for validity ends, in months.
pub const DEFAULT_HORIZON_MONTHS: u32 = 12;
/// Longest snooze note, in characters.
pub const MAX_NOTE_CHARS: usize = 2_000;
/// Names of late parties listed before "och N till".
const NAMES_SHOWN: usize = 6;

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

    /// The kind's name, as a heading over its reason.
    pub fn label(self) -> &'static str {
        crate::labels::attention_kind(self.as_str()).unwrap_or_default()
    }
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
    /// One or two sentences in plain Swedish.
    pub reason: String,
    pub document_id: Option<DocumentId>,
    pub document_title: String,
    pub round_id: Option<RoundId>,
    /// Where the window goes: `#/dokument/12`, `#/rundor/5` …
    pub link: String,
    pub snoozed: Option<Snooze>,
    /// The document's Swedish sort key (`current_versions.title_key`),
    /// for ordering items of one day without a collator call each.
    #[serde(skip)]
    title_key: Vec<u8>,
}

/// What [`attention`] looks for.
#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
#[serde(default)]
pub struct WatchOptions {
    /// Months ahead a validity end is shown.
    pub horizon_months: u32,
    /// Also the snoozed items (marked).
    pub include_snoozed: bool,
}

impl Default for WatchOptions {
    fn default() -> WatchOptions {
        WatchOptions {
            horizon_months: DEFAULT_HORIZON_MONTHS,
            include_snoozed: false,
        }
    }
}

/// The attention list.
#[derive(Debug, Clone, Serialize)]
pub struct Attention {
    pub today: NaiveDate,
    pub horizon_months: u32,
    pub items: Vec<Item>,
    /// Items left out because they are snoozed.
    pub snoozed: usize,
}

/// "om 3 dagar", "i dag", "för 2 dagar sedan".
fn when(days: i64) -> String {
    match days {
        0 => "i dag".to_owned(),
        1 => "i morgon".to_owned(),
        -1 => "i går".to_owned(),
        d if d > 0 => format!("om {d} dagar"),
        d => format!("för {} dagar sedan", -d),
    }
}

/// "Arvika, Eda och Kil", or "Arvika, Eda, … och 9 till".
fn names(list: &[String]) -> String {
    match list.len() {
        0 => String::new(),
        1 => list[0].clone(),
        n if n <= NAMES_SHOWN => format!("{} och {}", list[..n - 1].join(", "), list[n - 1]),
        n => format!(
            "{} och {} till",
            list[..NAMES_SHOWN].join(", "),
            n - NAMES_SHOWN
        ),
    }
}

struct Builder {
    today: NaiveDate,
    items: Vec<Item>,
}

impl Builder {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        kind: ItemKind,
        subject: &str,
        due: Option<NaiveDate>,
        reason: String,
        document: Option<(DocumentId, &str, &[u8])>,
        round: Option<RoundId>,
    ) {
        let key = match due {
            Some(due) => format!("{}:{subject}:{due}", kind.as_str()),
            None => format!("{}:{subject}", kind.as_str()),
        };
        let link = match (round, document) {
            (Some(r), _) if kind == ItemKind::CommentsUnhandled => {
                format!("#/rundor/{}/sammanstallning", r.0)
            }
            (Some(r), _) => format!("#/rundor/{}", r.0),
            (None, Some((d, _, _))) => format!("#/dokument/{}", d.0),
            (None, None) => "#/oversikt".to_owned(),
        };
        self.items.push(Item {
            kind,
            kind_name: kind.label().to_owned(),
            key,
            due,
            days: due.map(|d| (d - self.today).num_days()),
            reason,
            document_id: document.map(|(d, _, _)| d),
            document_title: document.map(|(_, t, _)| t.to_owned()).unwrap_or_default(),
            round_id: round,
            link,
            snoozed: None,
            title_key: document.map(|(_, _, k)| k.to_vec()).unwrap_or_default(),
        });
    }
}

/// One current version with what the watch needs of it.
struct Current {
    document_id: DocumentId,
    title: String,
    title_key: Vec<u8>,
    version_no: i64,
    stage_index: usize,
    valid_from: Option<NaiveDate>,
    valid_to: Option<NaiveDate>,
    vida_link: String,
    interval: Option<i64>,
    owner: String,
    has_plan: bool,
    last_next_due: Option<NaiveDate>,
    followed_up: bool,
    mailings: i64,
    minor_revision: bool,
    digital_sessions: i64,
    retiring: bool,
    inaktuell_on: Option<NaiveDate>,
}

fn documents(b: &mut Builder, conn: &Connection, options: &WatchOptions) -> Result<()> {
    let reference = assets::reference()?;
    let at = |code: &str| reference.stage_index(code);
    let today = b.today;
    let horizon = today
        .checked_add_months(Months::new(options.horizon_months))
        .unwrap_or(NaiveDate::MAX);
    let soon = today
        .checked_add_days(chrono::Days::new(SOON_DAYS))
        .unwrap_or(NaiveDate::MAX);
    // What the lifecycle tables hold, per version: each read whole once
    // (they hold a row or a few per document at most).
    let mut plans: std::collections::HashSet<i64> = std::collections::HashSet::new();
    for row in conn
        .prepare("SELECT version_id FROM followup_plans WHERE length(trim(indicators)) > 0")?
        .query_map([], |r| r.get::<_, i64>(0))?
    {
        plans.insert(row?);
    }
    // The latest follow-up's next date (done_on, then id, ascending: the
    // last one read wins).
    let mut followed: HashMap<i64, Option<NaiveDate>> = HashMap::new();
    for row in conn
        .prepare("SELECT version_id, next_due FROM followups ORDER BY done_on, id")?
        .query_map([], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, Option<NaiveDate>>(1)?))
        })?
    {
        let (version, next_due) = row?;
        followed.insert(version, next_due);
    }
    let mut mailings: HashMap<i64, (i64, bool)> = HashMap::new();
    for row in conn
        .prepare(
            "SELECT version_id, count(*), max(minor_revision) FROM implementation_mailings
             GROUP BY version_id",
        )?
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, (r.get(1)?, r.get(2)?))))?
    {
        let (version, counts) = row?;
        mailings.insert(version, counts);
    }
    let mut sessions: HashMap<i64, i64> = HashMap::new();
    for row in conn
        .prepare(
            "SELECT version_id, count(*) FROM implementation_sessions WHERE digital = 1
             GROUP BY version_id",
        )?
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?
    {
        let (version, count) = row?;
        sessions.insert(version, count);
    }
    // A document removed from the web is no longer watched for it.
    let mut retirements: HashMap<i64, Option<NaiveDate>> = HashMap::new();
    for row in conn
        .prepare(
            "SELECT version_id, CASE WHEN removed_on IS NULL THEN inaktuell_on END
             FROM retirements",
        )?
        .query_map([], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, Option<NaiveDate>>(1)?))
        })?
    {
        let (version, inaktuell_on) = row?;
        retirements.insert(version, inaktuell_on);
    }
    let mut stmt = conn.prepare(
        "SELECT c.version_id, v.document_id, v.title, c.title_key, v.version_no, v.stage,
                v.valid_from, v.valid_to, v.vida_link, v.followup_interval_months,
                v.followup_owner
         FROM current_versions c
         JOIN document_versions v ON v.id = c.version_id",
    )?;
    // Columns by position: at 10 000 rows, looking each up by name costs
    // more than reading it.
    let rows = stmt.query_map([], |r| {
        let version: i64 = r.get(0)?;
        let stage: String = r.get(5)?;
        let stage_index = at(&stage);
        let retirement = retirements.get(&version);
        let followup = followed.get(&version);
        let (mailings, minor_revision) = mailings.get(&version).copied().unwrap_or((0, false));
        Ok(Current {
            document_id: DocumentId(r.get(1)?),
            title: r.get(2)?,
            title_key: r.get::<_, Option<Vec<u8>>>(3)?.unwrap_or_default(),
            version_no: r.get(4)?,
            stage_index,
            valid_from: r.get(6)?,
            valid_to: r.get(7)?,
            vida_link: r.get(8)?,
            interval: r.get(9)?,
            owner: r.get(10)?,
            has_plan: plans.contains(&version),
            last_next_due: followup.copied().flatten(),
            followed_up: followup.is_some(),
            mailings,
            minor_revision,
            digital_sessions: sessions.get(&version).copied().unwrap_or(0),
            retiring: retirement.is_some() || stage_index >= at("avveckling"),
            inaktuell_on: retirement.copied().flatten(),
        })
    })?;
    for row in rows {
        let d = row?;
        let doc = Some((d.document_id, d.title.as_str(), d.title_key.as_slice()));
        let subject = format!("document-{}", d.document_id.0);
        let in_force = d.stage_index >= at("implementering") && !d.retiring;

        if let Some(to) = d.valid_to.filter(|_| !d.retiring) {
            let days = (to - today).num_days();
            if to < today {
                b.push(
                    ItemKind::ValidityPassed,
                    &subject,
                    Some(to),
                    format!(
                        "Giltighetstiden gick ut {to} ({}). Revidera dokumentet eller besluta om avveckling.",
                        when(days)
                    ),
                    doc,
                    None,
                );
            } else if to <= horizon {
                b.push(
                    ItemKind::ValidityEnding,
                    &subject,
                    Some(to),
                    format!(
                        "Giltighetstiden går ut {to} ({}). Påbörja revideringen i tid.",
                        when(days)
                    ),
                    doc,
                    None,
                );
            }
        }

        if in_force {
            let due = next_followup_due(
                d.followed_up.then_some(d.last_next_due),
                d.valid_from,
                d.interval,
            );
            if let Some(due) = due.filter(|due| *due <= soon) {
                let days = (due - today).num_days();
                let (kind, reason) = if due < today {
                    (
                        ItemKind::FollowupLate,
                        format!(
                            "Uppföljningen skulle ha gjorts senast {due} ({}).",
                            when(days)
                        ),
                    )
                } else {
                    (
                        ItemKind::FollowupDue,
                        format!("Uppföljningen ska göras senast {due} ({}).", when(days)),
                    )
                };
                let who = match d.owner.trim() {
                    "" => String::new(),
                    owner => format!(" Ansvarig: {owner}."),
                };
                b.push(
                    kind,
                    &subject,
                    Some(due),
                    format!("{reason}{who}"),
                    doc,
                    None,
                );
            }
        }

        if d.stage_index == at("gallande") && !d.retiring {
            let mut missing = Vec::new();
            if !d.has_plan {
                missing.push("indikatorer");
            }
            if d.interval.is_none() {
                missing.push("intervall");
            }
            if d.owner.trim().is_empty() {
                missing.push("ansvarig");
            }
            if !missing.is_empty() {
                b.push(
                    ItemKind::FollowupPlanMissing,
                    &subject,
                    None,
                    format!(
                        "Dokumentet gäller men uppföljningsplanen saknar {}.",
                        crate::text::join_and(&missing)
                    ),
                    doc,
                    None,
                );
            }
            if d.vida_link.trim().is_empty() {
                b.push(
                    ItemKind::VidaLinkMissing,
                    &subject,
                    None,
                    "Dokumentet gäller men saknar länk i Vida, så det går inte att hitta på webben."
                        .to_owned(),
                    doc,
                    None,
                );
            }
        }

        // The four-month rule, before the document comes into force.
        let rule_applies = d.version_no == 1 || !d.minor_revision;
        if rule_applies
            && !d.retiring
            && d.mailings == 0
            && d.stage_index >= at("stallningstagande")
        {
            if let Some(from) = d.valid_from.filter(|from| *from > today) {
                if let Some(due) = info_due_by(from).filter(|due| *due <= soon) {
                    let days = (due - today).num_days();
                    let reason = if due < today {
                        format!(
                            "Information om dokumentet skulle ha skickats senast {due} ({}), fyra \
                             månader före giltig fr.o.m. {from}. Skicka den nu.",
                            when(days)
                        )
                    } else {
                        format!(
                            "Information om dokumentet ska skickas till parter och nätverk senast \
                             {due} ({}), fyra månader före giltig fr.o.m. {from}.",
                            when(days)
                        )
                    };
                    b.push(
                        ItemKind::InformationDue,
                        &subject,
                        Some(due),
                        reason,
                        doc,
                        None,
                    );
                }
            }
        }
        let implementing =
            d.stage_index == at("implementering") || d.stage_index == at("publicering");
        if implementing
            && !d.retiring
            && usize::try_from(d.digital_sessions).unwrap_or(0) < MIN_DIGITAL_SESSIONS
        {
            b.push(
                ItemKind::TooFewSessions,
                &subject,
                None,
                match d.digital_sessions {
                    0 => "Inga digitala informationstillfällen är planerade; riktlinjen \
                          rekommenderar minst två."
                        .to_owned(),
                    _ => "Bara ett digitalt informationstillfälle är planerat; riktlinjen \
                          rekommenderar minst två."
                        .to_owned(),
                },
                doc,
                None,
            );
        }

        if let Some(removal) = d.inaktuell_on.and_then(web_removal_on) {
            if removal <= today {
                b.push(
                    ItemKind::WebRemovalDue,
                    &subject,
                    Some(removal),
                    format!(
                        "Dokumentet har varit markerat inaktuellt på webben sedan {} och ska tas \
                         bort därifrån senast {removal} ({}).",
                        d.inaktuell_on.map(|d| d.to_string()).unwrap_or_default(),
                        when((removal - today).num_days())
                    ),
                    doc,
                    None,
                );
            }
        }
    }
    Ok(())
}

fn rounds(b: &mut Builder, conn: &Connection) -> Result<()> {
    let today = b.today;
    let week = today
        .checked_add_days(chrono::Days::new(DEADLINE_DAYS))
        .unwrap_or(NaiveDate::MAX);
    // The rounds with a party that has it and has not answered (or
    // decided): adoption rounds whatever their deadline, the others when it
    // is within a week or passed. The waiting parties by name.
    let mut stmt = conn.prepare(
        "SELECT r.id, r.kind, r.deadline, v.document_id, v.title, p.name, cv.title_key
         FROM rounds r
         JOIN document_versions v ON v.id = r.version_id
         JOIN current_versions cv ON cv.document_id = v.document_id
         JOIN round_recipients w ON w.round_id = r.id
              AND w.received_on IS NULL AND w.declined_on IS NULL AND w.sent_on IS NOT NULL
         JOIN parties p ON p.id = w.party_id
         WHERE r.kind = 'antagande' OR r.deadline <= ?1
         ORDER BY r.id, p.sort_order",
    )?;
    struct Waiting {
        kind: String,
        deadline: NaiveDate,
        document: DocumentId,
        title: String,
        title_key: Vec<u8>,
        names: Vec<String>,
        total: i64,
    }
    let mut waiting: Vec<(i64, Waiting)> = Vec::new();
    for row in stmt.query_map([week], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, NaiveDate>(2)?,
            DocumentId(r.get(3)?),
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, Option<Vec<u8>>>(6)?,
        ))
    })? {
        let (id, kind, deadline, document, title, name, title_key) = row?;
        match waiting.last_mut() {
            Some((last, w)) if *last == id => w.names.push(name),
            _ => waiting.push((
                id,
                Waiting {
                    kind,
                    deadline,
                    document,
                    title,
                    title_key: title_key.unwrap_or_default(),
                    names: vec![name],
                    total: 0,
                },
            )),
        }
    }
    // The rounds' sizes, counted once for all of them.
    let ids: Vec<i64> = waiting.iter().map(|(id, _)| *id).collect();
    let ids = serde_json::to_string(&ids).map_err(std::io::Error::other)?;
    let mut totals: HashMap<i64, i64> = HashMap::new();
    for row in conn
        .prepare(
            "SELECT round_id, count(*) FROM round_recipients
             WHERE round_id IN (SELECT value FROM json_each(?1)) GROUP BY round_id",
        )?
        .query_map([&ids], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?
    {
        let (id, total) = row?;
        totals.insert(id, total);
    }
    for (id, w) in &mut waiting {
        w.total = totals.get(id).copied().unwrap_or(0);
    }
    for (id, w) in waiting {
        let round = RoundId(id);
        let subject = format!("round-{id}");
        let doc = Some((w.document, w.title.as_str(), w.title_key.as_slice()));
        let days = (w.deadline - today).num_days();
        let count = w.names.len();
        let kind_name = crate::labels::round_kind(&w.kind).unwrap_or("Runda");
        if w.kind == "antagande" {
            b.push(
                ItemKind::AdoptionUndecided,
                &subject,
                Some(w.deadline),
                format!(
                    "{count} av {} parter har inte beslutat om antagande: {}. Sista dag för beslut {} ({}).",
                    w.total,
                    names(&w.names),
                    w.deadline,
                    when(days)
                ),
                doc,
                Some(round),
            );
        } else if w.deadline < today {
            b.push(
                ItemKind::RoundLate,
                &subject,
                Some(w.deadline),
                format!(
                    "{kind_name}: sista svarsdag var {} ({}) och {count} av {} parter har inte svarat: {}.",
                    w.deadline,
                    when(days),
                    w.total,
                    names(&w.names)
                ),
                doc,
                Some(round),
            );
        } else {
            b.push(
                ItemKind::RoundDueSoon,
                &subject,
                Some(w.deadline),
                format!(
                    "{kind_name}: sista svarsdag {} ({}); {count} av {} parter har inte svarat än: {}.",
                    w.deadline,
                    when(days),
                    w.total,
                    names(&w.names)
                ),
                doc,
                Some(round),
            );
        }
    }

    // Compilations with comments not yet handled.
    let mut stmt = conn.prepare(
        "SELECT r.id, r.kind, r.deadline, v.document_id, v.title, count(*),
                (SELECT count(*) FROM round_comments a WHERE a.round_id = r.id), cv.title_key
         FROM round_comments k
         JOIN rounds r ON r.id = k.round_id
         JOIN document_versions v ON v.id = r.version_id
         JOIN current_versions cv ON cv.document_id = v.document_id
         WHERE k.decision_id IS NULL
         GROUP BY r.id",
    )?;
    for row in stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, NaiveDate>(2)?,
            DocumentId(r.get(3)?),
            r.get::<_, String>(4)?,
            r.get::<_, i64>(5)?,
            r.get::<_, i64>(6)?,
            r.get::<_, Option<Vec<u8>>>(7)?.unwrap_or_default(),
        ))
    })? {
        let (id, kind, deadline, document, title, open, total, title_key) = row?;
        let kind_name = crate::labels::round_kind(&kind).unwrap_or("Runda");
        b.push(
            ItemKind::CommentsUnhandled,
            &format!("round-{id}"),
            Some(deadline),
            format!(
                "{kind_name}: {open} av {total} synpunkter är inte hanterade i sammanställningen."
            ),
            Some((document, title.as_str(), title_key.as_slice())),
            Some(RoundId(id)),
        );
    }
    Ok(())
}

fn review(b: &mut Builder, conn: &Connection) -> Result<()> {
    let year = b.today.year();
    let done: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM register_reviews WHERE year = ?1)",
        [year],
        |r| r.get(0),
    )?;
    if !done {
        let last_day = NaiveDate::from_ymd_opt(year, 12, 31);
        b.push(
            ItemKind::ReviewMissing,
            &format!("register-{year}"),
            last_day,
            format!(
                "Registret ska granskas varje år, och granskningen för {year} är inte registrerad."
            ),
            None,
            None,
        );
    }
    Ok(())
}

/// The snoozes in force on `today`, by key.
fn snoozes(conn: &Connection, today: NaiveDate) -> Result<HashMap<String, Snooze>> {
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
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Everything that needs attention on `today`, most urgent first: by the
/// day it is (or was) due, what is simply missing counted as due today,
/// then in the order of [`ItemKind::ALL`], then by title in Swedish order.
pub fn attention(conn: &Connection, today: NaiveDate, options: &WatchOptions) -> Result<Attention> {
    let mut b = Builder {
        today,
        items: Vec::new(),
    };
    documents(&mut b, conn, options)?;
    rounds(&mut b, conn)?;
    review(&mut b, conn)?;
    let snoozes = snoozes(conn, today)?;
    let mut snoozed = 0;
    let mut items = Vec::with_capacity(b.items.len());
    for mut item in b.items {
        if let Some(snooze) = snoozes.get(&item.key) {
            snoozed += 1;
            if !options.include_snoozed {
                continue;
            }
            item.snoozed = Some(snooze.clone());
        }
        items.push(item);
    }
    // The kinds are declared in the order of ItemKind::ALL.
    items.sort_unstable_by(|a, b| {
        a.due
            .unwrap_or(today)
            .cmp(&b.due.unwrap_or(today))
            .then_with(|| (a.kind as u8).cmp(&(b.kind as u8)))
            .then_with(|| a.title_key.cmp(&b.title_key))
            .then_with(|| a.key.cmp(&b.key))
    });
    Ok(Attention {
        today,
        horizon_months: options.horizon_months,
        items,
        snoozed,
    })
}

/// Snoozes the item `key` until `until` (after today, at most two years
/// ahead), with a note; a snooze of the same item is replaced.
pub fn snooze(store: &mut Store, key: &str, until: NaiveDate, note: &str) -> Result<()> {
    let key = key.trim();
    let note = note.trim();
    let today = time::today();
    let mut errors = Vec::new();
    let known = ItemKind::ALL.iter().any(|k| {
        key.strip_prefix(k.as_str())
            .is_some_and(|rest| rest.starts_with(':'))
    });
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
    if note.chars().count() > MAX_NOTE_CHARS {
        errors.push(FieldError::new(
            "note",
            format!("Anteckningen får ha högst {MAX_NOTE_CHARS} tecken."),
        ));
    }
    if note
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        errors.push(FieldError::new(
            "note",
            "Anteckningen innehåller styrtecken som inte kan sparas.",
        ));
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let actor = store.actor().to_owned();
    let tx = store.transaction()?;
    let before: Option<(NaiveDate, String)> = tx
        .query_row(
            "SELECT until, note FROM attention_snoozes WHERE key = ?1",
            [key],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
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
    let before: Option<(NaiveDate, String)> = tx
        .query_row(
            "SELECT until, note FROM attention_snoozes WHERE key = ?1",
            [key],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
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

/// The document an item's key is about, for the change log.
fn document_of(key: &str) -> Option<i64> {
    key.split(':')
        .nth(1)?
        .strip_prefix("document-")?
        .parse()
        .ok()
}

/// The kind's name of a key, for the change log's summary.
fn describe(key: &str) -> String {
    let kind = key.split(':').next().unwrap_or_default();
    crate::labels::attention_kind(kind)
        .map(str::to_owned)
        .unwrap_or_else(|| key.to_owned())
}
