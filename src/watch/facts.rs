//! The first pass of the attention list: what needs attention, as small
//! facts of numbers and dates read in a handful of set queries over the
//! whole register. No text is read or written here: titles, owners, the
//! waiting parties' names and the reasons are fetched and written for the
//! page the caller shows ([`super::reasons`]), so the list costs the same
//! whether it holds ten items or ten thousand.

use chrono::{Datelike, Days, Months, NaiveDate};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, Row};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::{ItemKind, WatchOptions, DEADLINE_DAYS, SOON_DAYS};
use crate::assets;
use crate::error::Result;
use crate::register::after_decision::{
    info_due_by, next_followup_due, web_removal_on, MIN_DIGITAL_SESSIONS,
};
use crate::rounds::RoundKind;

/// What an item is about; with its kind and date it makes the item's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Subject {
    Document(i64),
    Round(i64),
    Register(i32),
}

impl Subject {
    /// `document-12`, `round-5`, `register-2026`.
    pub(super) fn parse(text: &str) -> Option<Subject> {
        let (what, id) = text.split_once('-')?;
        match what {
            "document" => id.parse().ok().map(Subject::Document),
            "round" => id.parse().ok().map(Subject::Round),
            "register" => id.parse().ok().map(Subject::Register),
            _ => None,
        }
    }
}

impl std::fmt::Display for Subject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Subject::Document(id) => write!(f, "document-{id}"),
            Subject::Round(id) => write!(f, "round-{id}"),
            Subject::Register(year) => write!(f, "register-{year}"),
        }
    }
}

/// The document an item concerns: the version whose title it shows and
/// the document's place in Swedish title order.
#[derive(Debug, Clone, Copy)]
pub(super) struct DocumentRef {
    pub id: i64,
    pub version_id: i64,
    pub rank: u32,
}

/// What a reason needs beyond the kind, the day and the document.
#[derive(Debug, Clone, Copy)]
pub(super) enum Detail {
    None,
    /// The follow-up plan's missing parts.
    PlanMissing {
        indicators: bool,
        interval: bool,
        owner: bool,
    },
    /// The information's last day is four months before this day.
    ValidFrom(NaiveDate),
    /// Digital information sessions planned.
    Sessions(i64),
    /// Marked inaktuell on the web this day.
    Inaktuell(NaiveDate),
    /// A round with parties that have not answered (or decided).
    Waiting {
        kind: RoundKind,
        waiting: i64,
    },
    /// A compilation with comments not handled.
    Comments {
        kind: RoundKind,
        open: i64,
        total: i64,
    },
}

/// One thing that needs attention, before it is written out.
#[derive(Debug, Clone, Copy)]
pub(super) struct Fact {
    pub kind: ItemKind,
    pub subject: Subject,
    pub due: Option<NaiveDate>,
    pub document: Option<DocumentRef>,
    pub detail: Detail,
}

/// Every fact of the register on `today`, in no particular order.
pub(super) fn collect(
    conn: &Connection,
    today: NaiveDate,
    options: &WatchOptions,
) -> Result<Vec<Fact>> {
    let mut facts = Vec::new();
    let documents = documents(&mut facts, conn, today, options)?;
    rounds(&mut facts, conn, today, &documents)?;
    comments(&mut facts, conn, &documents.ranks)?;
    review(&mut facts, conn, today)?;
    Ok(facts)
}

/// A `YYYY-MM-DD` column read without chrono's general parser (the list
/// reads some 30 000 dates); anything else is an error, as rusqlite's own.
fn date(row: &Row, index: usize) -> rusqlite::Result<Option<NaiveDate>> {
    let bad = |value: &[u8]| {
        rusqlite::Error::FromSqlConversionFailure(
            index,
            rusqlite::types::Type::Text,
            format!("«{}» är inget datum", String::from_utf8_lossy(value)).into(),
        )
    };
    match row.get_ref(index)? {
        ValueRef::Null => Ok(None),
        ValueRef::Text(text) => parse_iso_date(text).map(Some).ok_or_else(|| bad(text)),
        _ => Err(rusqlite::Error::InvalidColumnType(
            index,
            "datum".to_owned(),
            rusqlite::types::Type::Text,
        )),
    }
}

/// `2026-11-23` → the day; anything else (or a day that does not exist) →
/// `None`.
fn parse_iso_date(text: &[u8]) -> Option<NaiveDate> {
    let [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = *text else {
        return None;
    };
    let digit = |b: u8| b.is_ascii_digit().then(|| u32::from(b - b'0'));
    let year = digit(y1)? * 1000 + digit(y2)? * 100 + digit(y3)? * 10 + digit(y4)?;
    let month = digit(m1)? * 10 + digit(m2)?;
    let day = digit(d1)? * 10 + digit(d2)?;
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// A day (or none) per version from `sql`'s rows of (version, day); a
/// version's last row wins.
fn day_by_version(conn: &Connection, sql: &str) -> Result<HashMap<i64, Option<NaiveDate>>> {
    let mut days = HashMap::default();
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        days.insert(r.get(0)?, date(r, 1)?);
    }
    Ok(days)
}

/// Whether a text column is blank (a NULL counts as blank).
fn blank(row: &Row, index: usize) -> rusqlite::Result<bool> {
    Ok(match row.get_ref(index)? {
        ValueRef::Text(text) => text.iter().all(u8::is_ascii_whitespace),
        ValueRef::Null => true,
        _ => false,
    })
}

/// Each document's place in Swedish title order, and the document of each
/// current version.
pub(super) struct Documents {
    ranks: HashMap<i64, u32>,
    versions: HashMap<i64, i64>,
}

/// A stage's index in the reference order, read without a copy.
struct Stages {
    stallningstagande: usize,
    implementering: usize,
    publicering: usize,
    gallande: usize,
    avveckling: usize,
}

/// The current version of every document (their dates, stage and plan),
/// with what the lifecycle tables hold of it. Returns each document's
/// place in Swedish title order, and each current version's document, for
/// the rounds' facts.
///
/// What costs here is reading a column (some 300 instructions each through
/// SQLite's API), so a column is read only when the document's stage makes
/// it matter, and a small table is asked only about the documents it
/// concerns.
fn documents(
    facts: &mut Vec<Fact>,
    conn: &Connection,
    today: NaiveDate,
    options: &WatchOptions,
) -> Result<Documents> {
    let reference = assets::reference()?;
    let at = |code: &str| reference.stage_index(code);
    let stages = Stages {
        stallningstagande: at("stallningstagande"),
        implementering: at("implementering"),
        publicering: at("publicering"),
        gallande: at("gallande"),
        avveckling: at("avveckling"),
    };
    let horizon = today
        .checked_add_months(Months::new(options.horizon_months))
        .unwrap_or(NaiveDate::MAX);
    let soon = today
        .checked_add_days(Days::new(SOON_DAYS))
        .unwrap_or(NaiveDate::MAX);

    // Follow-up plans and follow-ups concern most documents in force: each
    // table is read whole. A plan is never stored without its indicators
    // (after_decision::plan_followup_in refuses them blank), so a plan's
    // row is enough, and only its key (the table's rowid) is read.
    let mut plans: HashSet<i64> = HashSet::default();
    let mut stmt = conn.prepare_cached("SELECT version_id FROM followup_plans")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        plans.insert(r.get(0)?);
    }
    // The latest follow-up's next date: in the index's order (version, day
    // done, then the order recorded), the last row of a version wins.
    let followed = day_by_version(
        conn,
        "SELECT version_id, next_due FROM followups ORDER BY version_id, done_on, id",
    )?;
    // A document removed from the web is no longer watched for it.
    let retirements = day_by_version(
        conn,
        "SELECT version_id, CASE WHEN removed_on IS NULL THEN inaktuell_on END FROM retirements",
    )?;
    // Mailings and sessions matter to few documents: asked per document.
    let mut mailings = conn.prepare_cached(
        "SELECT count(*), coalesce(max(minor_revision), 0) FROM implementation_mailings
         WHERE version_id = ?1",
    )?;
    let mut sessions = conn.prepare_cached(
        "SELECT count(*) FROM implementation_sessions WHERE version_id = ?1 AND digital = 1",
    )?;

    // In Swedish title order, from the index current_versions_watch alone
    // (migration 0015): a document's place in that order is its row number.
    let mut stmt = conn.prepare_cached(
        "SELECT document_id, version_id, stage, valid_to, valid_from, version_no,
                followup_interval_months, followup_owner, vida_link
         FROM current_versions INDEXED BY current_versions_watch
         ORDER BY title_key, document_id",
    )?;
    let mut ranks = HashMap::default();
    let mut versions = HashMap::default();
    let mut rank: u32 = 0;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let document_id: i64 = r.get(0)?;
        let version_id: i64 = r.get(1)?;
        ranks.insert(document_id, rank);
        versions.insert(version_id, document_id);
        let doc = DocumentRef {
            id: document_id,
            version_id,
            rank,
        };
        rank += 1;
        let stage = match r.get_ref(2)? {
            ValueRef::Text(code) => std::str::from_utf8(code).map_or(usize::MAX, at),
            _ => usize::MAX,
        };
        let retirement = retirements.get(&version_id);
        let mut push = |kind, due, detail| {
            facts.push(Fact {
                kind,
                subject: Subject::Document(document_id),
                due,
                document: Some(doc),
                detail,
            })
        };

        if let Some(inaktuell) = retirement.copied().flatten() {
            if let Some(removal) = web_removal_on(inaktuell).filter(|day| *day <= today) {
                push(
                    ItemKind::WebRemovalDue,
                    Some(removal),
                    Detail::Inaktuell(inaktuell),
                );
            }
        }
        if retirement.is_some() || stage >= stages.avveckling {
            // Being retired: nothing else is watched.
            continue;
        }

        if let Some(to) = date(r, 3)? {
            if to < today {
                push(ItemKind::ValidityPassed, Some(to), Detail::None);
            } else if to <= horizon {
                push(ItemKind::ValidityEnding, Some(to), Detail::None);
            }
        }
        if stage < stages.stallningstagande {
            continue;
        }
        let valid_from = date(r, 4)?;

        // The four-month rule, before the document comes into force.
        if let Some(from) = valid_from.filter(|from| *from > today) {
            if let Some(due) = info_due_by(from).filter(|due| *due <= soon) {
                let (mailed, minor_revision): (i64, bool) =
                    mailings.query_row([version_id], |m| Ok((m.get(0)?, m.get(1)?)))?;
                let version_no: i64 = r.get(5)?;
                if mailed == 0 && (version_no == 1 || !minor_revision) {
                    push(ItemKind::InformationDue, Some(due), Detail::ValidFrom(from));
                }
            }
        }
        if stage < stages.implementering {
            continue;
        }

        let interval: Option<i64> = r.get(6)?;
        let latest = followed.get(&version_id).copied();
        if let Some(due) = next_followup_due(latest, valid_from, interval).filter(|d| *d <= soon) {
            let kind = if due < today {
                ItemKind::FollowupLate
            } else {
                ItemKind::FollowupDue
            };
            push(kind, Some(due), Detail::None);
        }

        if stage == stages.gallande {
            let indicators = !plans.contains(&version_id);
            let owner = blank(r, 7)?;
            if indicators || interval.is_none() || owner {
                push(
                    ItemKind::FollowupPlanMissing,
                    None,
                    Detail::PlanMissing {
                        indicators,
                        interval: interval.is_none(),
                        owner,
                    },
                );
            }
            if blank(r, 8)? {
                push(ItemKind::VidaLinkMissing, None, Detail::None);
            }
        }

        if stage == stages.implementering || stage == stages.publicering {
            let planned: i64 = sessions.query_row([version_id], |s| s.get(0))?;
            if usize::try_from(planned).unwrap_or(0) < MIN_DIGITAL_SESSIONS {
                push(ItemKind::TooFewSessions, None, Detail::Sessions(planned));
            }
        }
    }
    Ok(Documents { ranks, versions })
}

/// Rounds with a party that has them and has not answered (or decided):
/// adoption rounds whatever their deadline, the others when it is within
/// a week or passed. Each round's count of waiting parties is kept by
/// triggers (`rounds.waiting`, migration 0015), so only the rounds that
/// wait are read, from the index `rounds_waiting` alone.
fn rounds(
    facts: &mut Vec<Fact>,
    conn: &Connection,
    today: NaiveDate,
    documents: &Documents,
) -> Result<()> {
    let week = today
        .checked_add_days(Days::new(DEADLINE_DAYS))
        .unwrap_or(NaiveDate::MAX);
    let mut stmt = conn.prepare_cached(
        "SELECT id, waiting, kind, deadline, version_id FROM rounds
         WHERE waiting > 0 AND (kind = 'antagande' OR deadline <= ?1)",
    )?;
    // A round of an earlier version is rare: its document is looked up.
    let mut earlier =
        conn.prepare_cached("SELECT document_id FROM document_versions WHERE id = ?1")?;
    let mut rows = stmt.query([week])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let kind = match r.get_ref(2)? {
            ValueRef::Text(code) => std::str::from_utf8(code)
                .ok()
                .and_then(RoundKind::parse)
                .unwrap_or(RoundKind::Remiss),
            _ => RoundKind::Remiss,
        };
        let Some(deadline) = date(r, 3)? else {
            continue;
        };
        let version_id: i64 = r.get(4)?;
        let document_id = match documents.versions.get(&version_id) {
            Some(document) => *document,
            None => earlier.query_row([version_id], |r| r.get(0))?,
        };
        let item = match kind {
            RoundKind::Antagande => ItemKind::AdoptionUndecided,
            _ if deadline < today => ItemKind::RoundLate,
            _ => ItemKind::RoundDueSoon,
        };
        facts.push(Fact {
            kind: item,
            subject: Subject::Round(id),
            due: Some(deadline),
            document: Some(DocumentRef {
                id: document_id,
                version_id,
                rank: documents
                    .ranks
                    .get(&document_id)
                    .copied()
                    .unwrap_or(u32::MAX),
            }),
            detail: Detail::Waiting {
                kind,
                waiting: r.get(1)?,
            },
        });
    }
    Ok(())
}

/// Compilations with comments not yet handled.
fn comments(facts: &mut Vec<Fact>, conn: &Connection, ranks: &HashMap<i64, u32>) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.id, r.kind, r.deadline, r.version_id, v.document_id, count(*),
                (SELECT count(*) FROM round_comments a WHERE a.round_id = r.id)
         FROM round_comments k
         JOIN rounds r ON r.id = k.round_id
         JOIN document_versions v ON v.id = r.version_id
         WHERE k.decision_id IS NULL
         GROUP BY r.id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let document_id: i64 = r.get(4)?;
        let kind = RoundKind::parse(&r.get::<_, String>(1)?).unwrap_or(RoundKind::Remiss);
        facts.push(Fact {
            kind: ItemKind::CommentsUnhandled,
            subject: Subject::Round(r.get(0)?),
            due: date(r, 2)?,
            document: Some(DocumentRef {
                id: document_id,
                version_id: r.get(3)?,
                rank: ranks.get(&document_id).copied().unwrap_or(u32::MAX),
            }),
            detail: Detail::Comments {
                kind,
                open: r.get(5)?,
                total: r.get(6)?,
            },
        });
    }
    Ok(())
}

/// The yearly review of the register, when this year's is not recorded.
fn review(facts: &mut Vec<Fact>, conn: &Connection, today: NaiveDate) -> Result<()> {
    let year = today.year();
    let done: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM register_reviews WHERE year = ?1)",
        [year],
        |r| r.get(0),
    )?;
    if !done {
        facts.push(Fact {
            kind: ItemKind::ReviewMissing,
            subject: Subject::Register(year),
            due: NaiveDate::from_ymd_opt(year, 12, 31),
            document: None,
            detail: Detail::None,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_parse_and_nothing_else_does() {
        assert_eq!(
            parse_iso_date(b"2026-11-23"),
            NaiveDate::from_ymd_opt(2026, 11, 23)
        );
        assert_eq!(
            parse_iso_date(b"2024-02-29"),
            NaiveDate::from_ymd_opt(2024, 2, 29)
        );
        for bad in [
            &b"2025-02-29"[..],
            b"2026-13-01",
            b"2026-11-2",
            b"2026/11/23",
            b"20261123xx",
            b"2026-11-23 ",
            b"",
            b"\xc3\xa5\xc3\xa4\xc3\xb6-01-01",
        ] {
            assert_eq!(
                parse_iso_date(bad),
                None,
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn subjects_read_back_from_their_text() {
        for subject in [
            Subject::Document(12),
            Subject::Round(5),
            Subject::Register(2026),
        ] {
            assert_eq!(Subject::parse(&subject.to_string()), Some(subject));
        }
        assert_eq!(Subject::parse("document-x"), None);
        assert_eq!(Subject::parse("party-3"), None);
        assert_eq!(Subject::parse("document"), None);
    }
}
