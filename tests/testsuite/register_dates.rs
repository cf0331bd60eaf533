//! The register as a whole: its dates as a calendar (.ics) read back by an
//! independent parser (python3-icalendar), with ids that stay the same from
//! one export to the next and differ between registers; and the yearly
//! review, kept with the report as it stood that day.

use std::process::Command;

use chrono::NaiveDate;
use samdok::export::{calendar, review};
use samdok::register::after_decision::{self, RetirementInput};
use samdok::register::{self, lifecycle, DocumentInput};
use samdok::rounds::{self, Mark, RoundInput};
use samdok::{audit, parties, DocumentId};
use serde_json::Value;

use crate::compilation::read_docx;
use crate::support::TestDb;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a valid test date")
}

fn add(db: &mut TestDb, input: DocumentInput) -> DocumentId {
    register::create(&mut db.store, &input).expect("a valid document")
}

const TRICKY: &str = "Rutin; för \\ vård, omsorg & \"samverkan\" i Årjäng";

/// Two registers' worth of dates: a waiting round, a finished one, a
/// follow-up due from giltig fr.o.m., one from the last follow-up, a
/// validity end, and a retired document's web removal across a leap day.
fn register_with_dates(db: &mut TestDb) -> Vec<DocumentId> {
    let eda = parties::find(db.store.conn(), "Eda").unwrap().id;
    let kil = parties::find(db.store.conn(), "Kil").unwrap().id;
    let waiting = add(
        db,
        DocumentInput {
            doc_type: "riktlinje".into(),
            title: TRICKY.into(),
            valid_from: Some("2025-01-01".into()),
            valid_to: Some("2027-06-30".into()),
            followup_interval_months: Some(12),
            followup_owner: "Socialchefsnätverket".into(),
            ..DocumentInput::default()
        },
    );
    let round = rounds::open(
        &mut db.store,
        waiting,
        &RoundInput {
            kind: "remiss".into(),
            sent_date: Some("2026-10-01".into()),
            deadline: Some("2026-12-15".into()),
            parties: Some(vec![eda, kil]),
            ..RoundInput::default()
        },
    )
    .unwrap();
    rounds::mark(
        &mut db.store,
        round,
        eda,
        &Mark::Received {
            on: date("2026-10-20"),
            position: None,
        },
    )
    .unwrap();
    let finished = add(
        db,
        DocumentInput {
            doc_type: "avtal".into(),
            title: "Avtal om läkemedel".into(),
            ..DocumentInput::default()
        },
    );
    let done = rounds::open(
        &mut db.store,
        finished,
        &RoundInput {
            kind: "synpunktsrunda".into(),
            sent_date: Some("2026-01-10".into()),
            deadline: Some("2026-02-10".into()),
            parties: Some(vec![eda]),
            ..RoundInput::default()
        },
    )
    .unwrap();
    rounds::mark(
        &mut db.store,
        done,
        eda,
        &Mark::Declined(date("2026-02-01")),
    )
    .unwrap();
    let retired = add(
        db,
        DocumentInput {
            doc_type: "rutin".into(),
            title: "Rutin som avvecklats".into(),
            valid_to: Some("2024-12-31".into()),
            ..DocumentInput::default()
        },
    );
    lifecycle::set_stage(
        &mut db.store,
        retired,
        "gallande",
        "",
        Some(date("2023-01-01")),
    )
    .unwrap();
    after_decision::decide_retirement(
        &mut db.store,
        retired,
        &RetirementInput {
            forum: "Beredningsgruppen Nya perspektiv".into(),
            decided_on: Some("2024-02-01".into()),
        },
    )
    .unwrap();
    after_decision::mark_inaktuell(&mut db.store, retired, Some("2024-02-29")).unwrap();
    vec![waiting, finished, retired]
}

const PARSE: &str = r#"
import json, sys
from icalendar import Calendar
cal = Calendar.from_ical(open(sys.argv[1], "rb").read())
out = {"version": str(cal.get("version")), "events": []}
for e in cal.walk("VEVENT"):
    out["events"].append({
        "uid": str(e.get("uid")),
        "start": e.decoded("dtstart").isoformat(),
        "end": e.decoded("dtend").isoformat(),
        "summary": str(e.get("summary")),
        "description": str(e.get("description")),
        "sequence": int(e.get("sequence")),
    })
print(json.dumps(out, ensure_ascii=False))
"#;

fn parse_ics(path: &std::path::Path) -> Value {
    let out = Command::new("/usr/bin/python3")
        .args(["-c", PARSE])
        .arg(path)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "python3-icalendar (scripts/setup --test installs it) should parse the file: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn events(parsed: &Value) -> Vec<(String, String, String)> {
    parsed["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["start"].as_str().unwrap().to_owned(),
                e["summary"].as_str().unwrap().to_owned(),
                e["uid"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn the_calendar_has_one_event_per_date_and_reads_back_independently() {
    let mut db = TestDb::new();
    register_with_dates(&mut db);
    let path = db.dir.path().join("samdok.ics");
    let written = calendar::write_calendar(db.store.conn(), &path).unwrap();
    let raw = std::fs::read_to_string(&path).unwrap();
    assert!(
        raw.split("\r\n").all(|l| l.len() <= 75),
        "every line folded at 75 octets"
    );
    assert!(!raw.replace("\r\n", "").contains('\n'), "CRLF only");
    let parsed = parse_ics(&path);
    assert_eq!(parsed["version"], "2.0");
    let got: Vec<(String, String)> = events(&parsed)
        .into_iter()
        .map(|(start, summary, _)| (start, summary))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "2025-02-28".to_owned(),
                "Ta bort från webben: Rutin som avvecklats".to_owned()
            ),
            ("2026-01-01".to_owned(), format!("Uppföljning: {TRICKY}")),
            (
                "2026-12-15".to_owned(),
                format!("Sista svarsdag: Remiss – {TRICKY}")
            ),
            (
                "2027-06-30".to_owned(),
                format!("Giltighetstiden går ut: {TRICKY}")
            ),
        ],
        "a year after 29 February 2024 is 28 February 2025; the finished round and the \
         retired document's validity have no event"
    );
    assert_eq!(written.events, 4);
    let deadline = &parsed["events"][2];
    assert_eq!(deadline["description"], "1 av 2 har svarat.");
    assert_eq!(
        deadline["end"], "2026-12-16",
        "an all-day event ends the next day"
    );

    // Again: the same ids, so a calendar updates instead of duplicating.
    let again = db.dir.path().join("igen.ics");
    calendar::write_calendar(db.store.conn(), &again).unwrap();
    let ids = |v: &Value| -> Vec<String> { events(v).into_iter().map(|e| e.2).collect() };
    let second = parse_ics(&again);
    assert_eq!(ids(&parsed), ids(&second), "stable ids");
    assert!(
        second["events"][0]["sequence"].as_i64() >= parsed["events"][0]["sequence"].as_i64(),
        "a later export never has a lower sequence"
    );
    let mut unique = ids(&parsed);
    unique.dedup();
    assert_eq!(unique.len(), 4, "no two events share an id");

    // Another register: other ids.
    let mut other = TestDb::new();
    register_with_dates(&mut other);
    let theirs = other.dir.path().join("annan.ics");
    calendar::write_calendar(other.store.conn(), &theirs).unwrap();
    let theirs = ids(&parse_ics(&theirs));
    assert!(
        ids(&parsed).iter().all(|id| !theirs.contains(id)),
        "two registers never share an event id"
    );

    let refused = calendar::write_calendar(db.store.conn(), &db.dir.path().join("k.txt"));
    assert!(refused.unwrap_err().to_string().contains(".ics"));
}

#[test]
fn a_follow_up_done_moves_the_event_to_its_next_date() {
    let mut db = TestDb::new();
    let docs = register_with_dates(&mut db);
    after_decision::record_followup(
        &mut db.store,
        docs[0],
        &after_decision::FollowupInput {
            done_on: Some("2026-01-20".into()),
            result: "Uppföljd i nätverket.".into(),
        },
    )
    .unwrap();
    let list = calendar::events(db.store.conn()).unwrap();
    let followup = list
        .iter()
        .find(|e| e.kind == calendar::EventKind::Followup)
        .expect("the next follow-up");
    assert_eq!(followup.date, date("2027-01-20"), "done plus twelve months");
}

#[test]
fn the_yearly_review_keeps_the_report_as_it_stood() {
    let mut db = TestDb::new();
    let doc = add(
        &mut db,
        DocumentInput {
            doc_type: "riktlinje".into(),
            title: "Riktlinje för tandvård".into(),
            ..DocumentInput::default()
        },
    );
    lifecycle::set_stage(&mut db.store, doc, "gallande", "", Some(date("2025-06-01"))).unwrap();
    let refused = review::record(
        &mut db.store,
        &review::ReviewInput {
            reviewed_on: Some("2026-03-01".into()),
            reviewed_by: "  ".into(),
            note: String::new(),
        },
    )
    .unwrap_err();
    assert!(
        refused.to_string().contains("vem som granskade"),
        "{refused}"
    );
    let done = review::record(
        &mut db.store,
        &review::ReviewInput {
            reviewed_on: Some("2026-03-01".into()),
            reviewed_by: "Linnea Ek".into(),
            note: "Två dokument ska revideras.".into(),
        },
    )
    .unwrap();
    assert_eq!((done.year, done.documents), (2026, 1));
    let twice = review::record(
        &mut db.store,
        &review::ReviewInput {
            reviewed_on: Some("2026-09-01".into()),
            reviewed_by: "Någon annan".into(),
            note: String::new(),
        },
    )
    .unwrap_err();
    assert!(
        twice
            .to_string()
            .contains("granskades redan 2026-03-01 av Linnea Ek"),
        "{twice}"
    );
    // A document in force after the review is not in the kept report.
    let later = add(
        &mut db,
        DocumentInput {
            doc_type: "avtal".into(),
            title: "Avtal efter granskningen".into(),
            ..DocumentInput::default()
        },
    );
    lifecycle::set_stage(&mut db.store, later, "gallande", "", None).unwrap();
    let out = db.dir.path().join("granskning-2026.docx");
    review::copy_report(&db.store, 2026, &out).unwrap();
    let kept = read_docx(&std::fs::read(&out).unwrap());
    let text = kept.to_string();
    assert!(text.contains("Riktlinje för tandvård"), "{text}");
    assert!(
        !text.contains("Avtal efter granskningen"),
        "the report as it stood on the day of the review"
    );
    assert_eq!(review::list(db.store.conn()).unwrap().len(), 1);
    let events = audit::recent(db.store.conn(), 5).unwrap();
    assert!(events
        .iter()
        .any(|e| e.action == "register_reviewed" && e.summary.contains("Linnea Ek")));

    review::remove(&mut db.store, 2026).unwrap();
    assert!(review::of_year(db.store.conn(), 2026).unwrap().is_none());
    assert!(review::remove(&mut db.store, 2026).is_err());
    let tomorrow = samdok::time::today().succ_opt().unwrap().to_string();
    let future = review::record(
        &mut db.store,
        &review::ReviewInput {
            reviewed_on: Some(tomorrow),
            reviewed_by: "Linnea Ek".into(),
            note: String::new(),
        },
    )
    .unwrap_err();
    assert!(future.to_string().contains("framtiden"), "{future}");
}
