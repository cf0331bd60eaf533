//! The second pass of the attention list: the items the caller shows,
//! written out. Their documents' titles and owners and their rounds'
//! waiting parties are read for those items alone, in one query each.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;

use super::facts::{Detail, Fact, Subject};
use super::{Group, Item, ItemKind, Snooze};
use crate::error::Result;
use crate::register::DocumentId;
use crate::rounds::RoundId;

/// Names of late parties listed before "och N till".
const NAMES_SHOWN: usize = 6;

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

/// A version's title and follow-up owner.
struct Version {
    title: String,
    owner: String,
}

/// What the page's items need from the store.
struct Texts {
    versions: HashMap<i64, Version>,
    /// Waiting parties per round, in the parties' order.
    waiting: HashMap<i64, Vec<String>>,
    /// Recipients per round.
    totals: HashMap<i64, i64>,
}

/// A list of ids as SQL reads it (`json_each`).
fn id_list(ids: impl Iterator<Item = i64>) -> String {
    let mut ids: Vec<i64> = ids.collect();
    ids.sort_unstable();
    ids.dedup();
    serde_json::Value::from(ids).to_string()
}

fn texts(conn: &Connection, page: &[(Fact, Option<Snooze>)]) -> Result<Texts> {
    let versions = id_list(
        page.iter()
            .filter_map(|(fact, _)| fact.document.map(|d| d.version_id)),
    );
    let mut texts = Texts {
        versions: HashMap::new(),
        waiting: HashMap::new(),
        totals: HashMap::new(),
    };
    for row in conn
        .prepare_cached(
            "SELECT id, title, followup_owner FROM document_versions
             WHERE id IN (SELECT value FROM json_each(?1))",
        )?
        .query_map([&versions], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                Version {
                    title: r.get(1)?,
                    owner: r.get(2)?,
                },
            ))
        })?
    {
        let (id, version) = row?;
        texts.versions.insert(id, version);
    }
    let rounds = id_list(page.iter().filter_map(|(fact, _)| match fact.detail {
        Detail::Waiting { .. } => match fact.subject {
            Subject::Round(id) => Some(id),
            _ => None,
        },
        _ => None,
    }));
    if rounds == "[]" {
        return Ok(texts);
    }
    for row in conn
        .prepare_cached(
            "SELECT w.round_id, p.name
             FROM round_recipients w
             JOIN parties p ON p.id = w.party_id
             WHERE w.round_id IN (SELECT value FROM json_each(?1))
               AND w.received_on IS NULL AND w.declined_on IS NULL AND w.sent_on IS NOT NULL
             ORDER BY w.round_id, p.sort_order",
        )?
        .query_map([&rounds], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })?
    {
        let (id, name) = row?;
        texts.waiting.entry(id).or_default().push(name);
    }
    for row in conn
        .prepare_cached(
            "SELECT round_id, count(*) FROM round_recipients
             WHERE round_id IN (SELECT value FROM json_each(?1)) GROUP BY round_id",
        )?
        .query_map([&rounds], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
        })?
    {
        let (id, total) = row?;
        texts.totals.insert(id, total);
    }
    Ok(texts)
}

/// The page's facts as items, in the order given.
pub(super) fn items(
    conn: &Connection,
    today: NaiveDate,
    page: Vec<(Fact, Option<Snooze>)>,
) -> Result<Vec<Item>> {
    let texts = texts(conn, &page)?;
    Ok(page
        .into_iter()
        .map(|(fact, snoozed)| item(&texts, today, fact, snoozed))
        .collect())
}

fn item(texts: &Texts, today: NaiveDate, fact: Fact, snoozed: Option<Snooze>) -> Item {
    let version = fact
        .document
        .and_then(|d| texts.versions.get(&d.version_id));
    let title = version.map(|v| v.title.clone()).unwrap_or_default();
    let days = fact.due.map(|due| (due - today).num_days());
    let round = match fact.subject {
        Subject::Round(id) => Some(RoundId(id)),
        _ => None,
    };
    let link = match (round, fact.document) {
        (Some(r), _) if fact.kind == ItemKind::CommentsUnhandled => {
            format!("#/rundor/{}/sammanstallning", r.0)
        }
        (Some(r), _) => format!("#/rundor/{}", r.0),
        (None, Some(d)) => format!("#/dokument/{}", d.id),
        (None, None) => "#/installningar".to_owned(),
    };
    Item {
        kind: fact.kind,
        kind_name: fact.kind.label().to_owned(),
        key: super::key(fact.kind, fact.subject, fact.due),
        due: fact.due,
        days,
        group: Group::of(days),
        reason: reason(texts, &fact, days.unwrap_or(0), version),
        document_id: fact.document.map(|d| DocumentId(d.id)),
        document_title: title,
        round_id: round,
        link,
        snoozed,
    }
}

/// The item's reason, in plain Swedish.
fn reason(texts: &Texts, fact: &Fact, days: i64, version: Option<&Version>) -> String {
    let due = fact
        .due
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    match (fact.kind, fact.detail) {
        (ItemKind::ValidityPassed, _) => format!(
            "Giltighetstiden gick ut {due} ({}). Revidera dokumentet eller besluta om avveckling.",
            when(days)
        ),
        (ItemKind::ValidityEnding, _) => format!(
            "Giltighetstiden går ut {due} ({}). Påbörja revideringen i tid.",
            when(days)
        ),
        (ItemKind::FollowupLate | ItemKind::FollowupDue, _) => {
            let said = if fact.kind == ItemKind::FollowupLate {
                format!(
                    "Uppföljningen skulle ha gjorts senast {due} ({}).",
                    when(days)
                )
            } else {
                format!("Uppföljningen ska göras senast {due} ({}).", when(days))
            };
            match version.map_or("", |v| v.owner.trim()) {
                "" => said,
                owner => format!("{said} Ansvarig: {owner}."),
            }
        }
        (
            ItemKind::FollowupPlanMissing,
            Detail::PlanMissing {
                indicators,
                interval,
                owner,
            },
        ) => {
            let missing: Vec<&str> = [
                (indicators, "indikatorer"),
                (interval, "intervall"),
                (owner, "ansvarig"),
            ]
            .into_iter()
            .filter_map(|(missing, what)| missing.then_some(what))
            .collect();
            format!(
                "Dokumentet gäller men uppföljningsplanen saknar {}.",
                crate::text::join_and(&missing)
            )
        }
        (ItemKind::VidaLinkMissing, _) => {
            "Dokumentet gäller men saknar länk i Vida, så det går inte att hitta på webben."
                .to_owned()
        }
        (ItemKind::InformationDue, Detail::ValidFrom(from)) => {
            if days < 0 {
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
            }
        }
        (ItemKind::TooFewSessions, Detail::Sessions(0)) => {
            "Inga digitala informationstillfällen är planerade; riktlinjen rekommenderar minst två."
                .to_owned()
        }
        (ItemKind::TooFewSessions, _) => {
            "Bara ett digitalt informationstillfälle är planerat; riktlinjen rekommenderar minst \
             två."
                .to_owned()
        }
        (ItemKind::WebRemovalDue, Detail::Inaktuell(inaktuell)) => format!(
            "Dokumentet har varit markerat inaktuellt på webben sedan {inaktuell} och ska tas \
             bort därifrån senast {due} ({}).",
            when(days)
        ),
        (_, Detail::Waiting { kind, waiting }) => {
            let id = match fact.subject {
                Subject::Round(id) => id,
                _ => 0,
            };
            let total = texts.totals.get(&id).copied().unwrap_or(0);
            let parties = texts
                .waiting
                .get(&id)
                .map_or_else(String::new, |n| names(n));
            let kind_name = kind.label();
            match fact.kind {
                ItemKind::AdoptionUndecided => format!(
                    "{waiting} av {total} parter har inte beslutat om antagande: {parties}. \
                     Sista dag för beslut {due} ({}).",
                    when(days)
                ),
                ItemKind::RoundLate => format!(
                    "{kind_name}: sista svarsdag var {due} ({}) och {waiting} av {total} parter \
                     har inte svarat: {parties}.",
                    when(days)
                ),
                _ => format!(
                    "{kind_name}: sista svarsdag {due} ({}); {waiting} av {total} parter har inte \
                     svarat än: {parties}.",
                    when(days)
                ),
            }
        }
        (_, Detail::Comments { kind, open, total }) => {
            let kind_name = kind.label();
            format!(
                "{kind_name}: {open} av {total} synpunkter är inte hanterade i sammanställningen."
            )
        }
        (ItemKind::ReviewMissing, _) => {
            let year = match fact.subject {
                Subject::Register(year) => year,
                _ => 0,
            };
            format!(
                "Registret ska granskas varje år, och granskningen för {year} är inte registrerad."
            )
        }
        // Every kind is written above with the detail its facts carry.
        (kind, _) => kind.label().to_owned(),
    }
}
