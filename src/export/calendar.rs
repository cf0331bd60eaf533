//! The register's dates as a calendar file (iCalendar, RFC 5545): round
//! deadlines, follow-ups due, validity ends and the days retired documents
//! must leave the web, one all-day event each.
//!
//! Every event has a stable id (`UID`) made of what it is about and the
//! register's own id (`meta.register_id`, random, made by migration 0011):
//! importing a newer export updates the events instead of adding them
//! again, and two registers never share an id. `SEQUENCE` is the export's
//! minute counted from 2020, so a later export always wins in calendars
//! (Outlook) that look at it.
//!
//! Written as the standard asks: CRLF line ends, lines folded at 75 octets
//! without splitting a character, text escaped (`\\`, `\;`, `\,`, `\n`).

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::formats::files::write_atomically;

/// What an event marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Deadline,
    Followup,
    ValidTo,
    WebRemoval,
}

/// One day in the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    pub kind: EventKind,
    /// Stable across exports of the same register.
    pub uid: String,
    pub date: NaiveDate,
    pub summary: String,
    pub description: String,
}

/// The register's own id, for the events' ids.
fn register_id(conn: &Connection) -> Result<String> {
    conn.query_row(
        "SELECT value FROM meta WHERE key = 'register_id'",
        [],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| Error::not_found("Registrets id"))
}

/// Every event, in date order (then by id).
pub fn events(conn: &Connection) -> Result<Vec<Event>> {
    let register = register_id(conn)?;
    let uid = |what: &str| format!("{what}@{register}.samdok");
    let mut events = Vec::new();

    // Rounds still waiting for an answer or a decision.
    let mut stmt = conn.prepare(
        "SELECT r.id, r.kind, r.deadline, v.title, count(*),
                sum(rr.received_on IS NOT NULL OR rr.declined_on IS NOT NULL)
         FROM rounds r
         JOIN document_versions v ON v.id = r.version_id
         JOIN round_recipients rr ON rr.round_id = r.id
         GROUP BY r.id
         HAVING sum(rr.received_on IS NULL AND rr.declined_on IS NULL) > 0",
    )?;
    for row in stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, NaiveDate>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, i64>(4)?,
            r.get::<_, i64>(5)?,
        ))
    })? {
        let (id, kind, deadline, title, total, answered) = row?;
        let kind_name = crate::labels::round_kind(&kind).unwrap_or("Runda");
        let (what, done) = if kind == "antagande" {
            ("Sista dag för beslut", "har beslutat")
        } else {
            ("Sista svarsdag", "har svarat")
        };
        events.push(Event {
            kind: EventKind::Deadline,
            uid: uid(&format!("round-{id}-deadline")),
            date: deadline,
            summary: format!("{what}: {kind_name} – {title}"),
            description: format!("{answered} av {total} {done}."),
        });
    }

    // The current versions' follow-ups and validity ends; retired ones'
    // web removal.
    let mut stmt = conn.prepare(
        "SELECT v.document_id, v.title, v.stage, v.valid_from, v.valid_to,
                v.followup_interval_months, v.followup_owner,
                (SELECT f.next_due FROM followups f WHERE f.version_id = v.id
                 ORDER BY f.done_on DESC, f.id DESC LIMIT 1) AS last_next_due,
                EXISTS (SELECT 1 FROM followups f WHERE f.version_id = v.id) AS followed_up,
                CASE WHEN t.removed_on IS NULL THEN t.inaktuell_on END AS inaktuell_on,
                t.decided_on
         FROM current_versions c
         JOIN document_versions v ON v.id = c.version_id
         LEFT JOIN retirements t ON t.version_id = v.id",
    )?;
    for row in stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>("document_id")?,
            r.get::<_, String>("title")?,
            r.get::<_, String>("stage")?,
            r.get::<_, Option<NaiveDate>>("valid_from")?,
            r.get::<_, Option<NaiveDate>>("valid_to")?,
            r.get::<_, Option<i64>>("followup_interval_months")?,
            r.get::<_, String>("followup_owner")?,
            r.get::<_, Option<NaiveDate>>("last_next_due")?,
            r.get::<_, bool>("followed_up")?,
            r.get::<_, Option<NaiveDate>>("inaktuell_on")?,
            r.get::<_, Option<NaiveDate>>("decided_on")?,
        ))
    })? {
        let (
            doc,
            title,
            stage,
            valid_from,
            valid_to,
            interval,
            owner,
            last_next_due,
            followed_up,
            inaktuell_on,
            decided_on,
        ) = row?;
        let retiring = decided_on.is_some() || stage == "avveckling" || stage == "avvecklad";
        if !retiring {
            let due = crate::register::after_decision::next_followup_due(
                followed_up.then_some(last_next_due),
                valid_from,
                interval,
            );
            if let Some(due) = due {
                let who = match owner.trim() {
                    "" => String::new(),
                    owner => format!(" Ansvarig: {owner}."),
                };
                events.push(Event {
                    kind: EventKind::Followup,
                    uid: uid(&format!("document-{doc}-followup")),
                    date: due,
                    summary: format!("Uppföljning: {title}"),
                    description: format!("Nästa uppföljning ska vara gjord.{who}"),
                });
            }
            if let Some(to) = valid_to {
                events.push(Event {
                    kind: EventKind::ValidTo,
                    uid: uid(&format!("document-{doc}-valid-to")),
                    date: to,
                    summary: format!("Giltighetstiden går ut: {title}"),
                    description: "Sista dagen dokumentet gäller. Revidera eller avveckla det."
                        .to_owned(),
                });
            }
        }
        if let Some(removal) =
            inaktuell_on.and_then(crate::register::after_decision::web_removal_on)
        {
            events.push(Event {
                kind: EventKind::WebRemoval,
                uid: uid(&format!("document-{doc}-web-removal")),
                date: removal,
                summary: format!("Ta bort från webben: {title}"),
                description: format!(
                    "Dokumentet markerades inaktuellt {} och ska tas bort från webbplatsen.",
                    inaktuell_on.map(|d| d.to_string()).unwrap_or_default()
                ),
            });
        }
    }
    events.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.uid.cmp(&b.uid)));
    Ok(events)
}

/// Text escaped as RFC 5545 §3.3.11 asks; other control characters dropped.
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.replace("\r\n", "\n").chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded at 75 octets (never inside a character), CRLF.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

/// The calendar file of `events`, stamped `now`.
pub fn build_ics(events: &[Event], now: DateTime<Utc>) -> String {
    let stamp = now.format("%Y%m%dT%H%M%SZ").to_string();
    let epoch = NaiveDate::from_ymd_opt(2020, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc());
    let sequence = epoch.map_or(0, |epoch| (now - epoch).num_minutes().max(0));
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(
        &mut out,
        &format!("PRODID:-//Region Värmland//Samdok {}//SV", crate::VERSION),
    );
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    line(
        &mut out,
        "X-WR-CALNAME:Samdok – kommun- och regiongemensamma dokument",
    );
    for event in events {
        let next = event.date.succ_opt().unwrap_or(event.date);
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:{}", event.uid));
        line(&mut out, &format!("DTSTAMP:{stamp}"));
        line(&mut out, &format!("SEQUENCE:{sequence}"));
        line(
            &mut out,
            &format!("DTSTART;VALUE=DATE:{}", event.date.format("%Y%m%d")),
        );
        line(
            &mut out,
            &format!("DTEND;VALUE=DATE:{}", next.format("%Y%m%d")),
        );
        line(
            &mut out,
            &format!("SUMMARY:{}", escape_text(&event.summary)),
        );
        line(
            &mut out,
            &format!("DESCRIPTION:{}", escape_text(&event.description)),
        );
        line(&mut out, "TRANSP:TRANSPARENT");
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

/// What was written.
#[derive(Debug, Clone, Serialize)]
pub struct WrittenCalendar {
    pub path: String,
    pub events: usize,
}

/// Writes the calendar to `path` (.ics), whole or not at all.
pub fn write_calendar(conn: &Connection, path: &Path) -> Result<WrittenCalendar> {
    let is_ics = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ics"));
    if !is_ics {
        return Err(Error::invalid(
            "path",
            "Kalendern sparas som en .ics-fil. Ge filen ett namn som slutar på .ics.",
        ));
    }
    let events = events(conn)?;
    write_atomically(path, build_ics(&events, Utc::now()).as_bytes())?;
    Ok(WrittenCalendar {
        path: path.display().to_string(),
        events: events.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_long_lines_fold_between_characters() {
        assert_eq!(escape_text("a;b,c\\d\r\ne\u{7}"), "a\\;b\\,c\\\\d\\ne");
        let mut out = String::new();
        let long = format!("SUMMARY:{}", "å".repeat(60));
        line(&mut out, &long);
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{} octets", physical.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded.trim_end(), long);
    }
}
