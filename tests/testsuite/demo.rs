//! `samdok demo`: the demo register is what the normal functions would have
//! written, holds every state the views show, and never replaces a real
//! database.

use std::path::Path;
use std::process::Command;

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::Connection;
use samdok::demo::{self, Sink, Spec, Stamp, Step};
use samdok::parties::{self, ContactInput, PartyId};
use samdok::register::after_decision as steps;
use samdok::register::{self, lifecycle, DocumentInput, ListQuery, Validity};
use samdok::resolutions;
use samdok::rounds::{self, Mark, RecipientStatus, RoundId, RoundInput, RoundQuery};
use samdok::{time, DocumentId, Store};

use crate::support::TestDb;

fn spec(documents: u32, rounds: u32) -> Spec {
    Spec {
        documents,
        rounds,
        today: NaiveDate::from_ymd_opt(2025, 6, 16).expect("a date"),
    }
}

/// Plays the demo through the functions the window and the CLI call, each
/// change at its own moment.
struct ThroughTheCore<'a> {
    store: &'a mut Store,
}

impl ThroughTheCore<'_> {
    fn at<T>(&mut self, stamp: Stamp, f: impl FnOnce(&mut Store) -> T) -> T {
        self.store.set_actor(stamp.actor);
        time::as_of(stamp.at, || f(self.store))
    }
}

impl Sink for ThroughTheCore<'_> {
    fn add_contact(
        &mut self,
        stamp: Stamp,
        party: PartyId,
        contact: &ContactInput,
    ) -> samdok::Result<()> {
        self.at(stamp, |s| parties::add_contact(s, party, contact))
            .map(|_| ())
    }

    fn create_document(
        &mut self,
        stamp: Stamp,
        input: &DocumentInput,
    ) -> samdok::Result<DocumentId> {
        self.at(stamp, |s| register::create(s, input))
    }

    fn update_document(
        &mut self,
        stamp: Stamp,
        id: DocumentId,
        input: &DocumentInput,
    ) -> samdok::Result<()> {
        self.at(stamp, |s| register::update(s, id, input))
            .map(|_| ())
    }

    fn set_stage(
        &mut self,
        stamp: Stamp,
        id: DocumentId,
        stage: &str,
        comment: &str,
    ) -> samdok::Result<()> {
        self.at(stamp, |s| {
            lifecycle::set_stage(s, id, stage, comment, Some(stamp.at.date()))
        })
    }

    fn open_revision(&mut self, stamp: Stamp, id: DocumentId, comment: &str) -> samdok::Result<()> {
        self.at(stamp, |s| register::open_revision(s, id, comment))
            .map(|_| ())
    }

    fn open_round(
        &mut self,
        stamp: Stamp,
        id: DocumentId,
        input: &RoundInput,
    ) -> samdok::Result<RoundId> {
        self.at(stamp, |s| rounds::open(s, id, input))
    }

    fn mark(
        &mut self,
        stamp: Stamp,
        round: RoundId,
        party: PartyId,
        mark: &Mark,
    ) -> samdok::Result<()> {
        self.at(stamp, |s| rounds::mark(s, round, party, mark))
    }

    fn step(&mut self, stamp: Stamp, id: DocumentId, step: &Step) -> samdok::Result<()> {
        self.at(stamp, |s| match step {
            Step::Resolution(input) => resolutions::record(s, id, input).map(|_| ()),
            Step::Mailing(input) => steps::record_mailing(s, id, input).map(|_| ()),
            Step::Session(input) => steps::add_session(s, id, input).map(|_| ()),
            Step::Publication(input) => steps::publish(s, id, input),
            Step::FollowupPlan(input) => steps::plan_followup(s, id, input).map(|_| ()),
            Step::Followup(input) => steps::record_followup(s, id, input).map(|_| ()),
            Step::Retirement(input) => steps::decide_retirement(s, id, input),
            Step::Inaktuell(on) => steps::mark_inaktuell(s, id, Some(&on.to_string())).map(|_| ()),
            Step::Adoption(input) => rounds::open(s, id, input).map(|_| ()),
            Step::Decision { party, decision } => {
                let round = samdok::demo::latest_adoption_round(s.conn(), id)?;
                rounds::mark(s, round, *party, &Mark::Decided(decision.clone()))
            }
        })
    }
}

/// Every row of every table but `meta` and the search index's internal
/// tables (the index's content is compared through the index itself).
fn dump(conn: &Connection) -> Vec<(String, Vec<Vec<Value>>)> {
    let mut stmt = conn
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table'
             AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'document_search_%' AND name != 'meta'
             ORDER BY name",
        )
        .unwrap();
    let tables: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    tables
        .into_iter()
        .map(|table| {
            let mut stmt = conn
                .prepare(&format!("SELECT rowid, * FROM {table} ORDER BY rowid"))
                .unwrap();
            let columns = stmt.column_count();
            // A round's form key is random when the core opens the round
            // and the round's number in the demo: both are compared for
            // their shape only.
            let key_column = stmt.column_index("form_key").ok();
            let rows = stmt
                .query_map([], |r| {
                    (0..columns)
                        .map(|i| {
                            let value = r.get::<_, Value>(i)?;
                            Ok(match (&value, Some(i) == key_column) {
                                (Value::Text(key), true) => {
                                    assert!(
                                        key.len() == 32
                                            && key.chars().all(|c| c.is_ascii_hexdigit()),
                                        "a form key is 32 hex digits: {key}"
                                    );
                                    Value::Text("form key".into())
                                }
                                _ => value,
                            })
                        })
                        .collect()
                })
                .unwrap()
                .collect::<Result<Vec<Vec<Value>>, _>>()
                .unwrap();
            (table, rows)
        })
        .collect()
}

#[test]
fn the_fast_demo_writes_exactly_what_the_normal_functions_write() {
    let spec = spec(30, 45);
    let mut through_core = TestDb::new();
    let store = &mut through_core.store;
    let all = parties::list(store.conn()).unwrap();
    demo::generate(&spec, &all, &mut ThroughTheCore { store })
        .expect("every change of the demo is accepted by the normal functions");
    let store = &through_core.store;

    let dir = tempfile::tempdir().unwrap();
    let fast = dir.path().join("demo.sqlite3");
    demo::build(&fast, &spec).expect("the demo builds");
    let fast = Store::open(&fast).unwrap();

    let (expected, actual) = (dump(store.conn()), dump(fast.conn()));
    assert!(
        expected
            .iter()
            .any(|(t, rows)| t == "round_recipients" && rows.len() > 400),
        "the demo has rounds with answers to compare"
    );
    for table in [
        "resolutions",
        "implementation_mailings",
        "implementation_sessions",
        "publications",
        "followup_plans",
        "followups",
        "retirements",
    ] {
        assert!(
            expected
                .iter()
                .any(|(t, rows)| t == table && !rows.is_empty()),
            "the demo has {table} to compare"
        );
    }
    for ((table, want), (_, got)) in expected.iter().zip(&actual) {
        assert_eq!(
            want.len(),
            got.len(),
            "{table}: as many rows as the normal functions write"
        );
        for (want, got) in want.iter().zip(got) {
            assert_eq!(
                want, got,
                "{table}: the same row as the normal functions write"
            );
        }
    }
    assert_eq!(
        expected.iter().map(|(t, _)| t).collect::<Vec<_>>(),
        actual.iter().map(|(t, _)| t).collect::<Vec<_>>(),
        "the same tables"
    );
}

fn build(path: &Path, spec: &Spec) -> Store {
    demo::build(path, spec).expect("the demo builds");
    Store::open(path).expect("the demo opens")
}

#[test]
fn a_small_demo_keeps_every_invariant_of_the_register() {
    let dir = tempfile::tempdir().unwrap();
    let spec = spec(120, 150);
    let store = build(&dir.path().join("demo.sqlite3"), &spec);
    let conn = store.conn();
    let today = spec.today;

    let documents = register::list(conn, &ListQuery::default(), today).unwrap();
    assert_eq!(documents.total, 120, "every document is in the register");
    assert_eq!(documents.len(), 120);
    let mut validities = Vec::new();
    for summary in &documents {
        let detail = register::get(conn, summary.id, today).expect("every document opens");
        assert_eq!(detail.current.version_no, summary.version_no);
        validities.push(detail.validity);
        let indexed: String = conn
            .query_row(
                "SELECT title FROM document_search WHERE rowid = ?1",
                [summary.id.0],
                |r| r.get(0),
            )
            .expect("every document is in the search index");
        assert_eq!(
            indexed, detail.current.fields.title,
            "the index holds the current title"
        );
        assert!(
            detail.history.len() as u64 <= detail.history_total && detail.history_total >= 1,
            "a history from the first stage on"
        );
    }
    for validity in [
        Validity::EjAngiven,
        Validity::Kommande,
        Validity::Gallande,
        Validity::GarUt,
        Validity::Utgangen,
    ] {
        assert!(
            validities.contains(&validity),
            "some document is {validity:?}"
        );
    }
    let unique_dnr: i64 = conn
        .query_row(
            "SELECT count(DISTINCT diarienummer) = count(diarienummer) FROM document_versions v
             WHERE version_no = (SELECT max(version_no) FROM document_versions WHERE document_id = v.document_id)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(unique_dnr, 1, "diarienummer are unique");

    let all = RoundQuery {
        include_done: true,
        ..Default::default()
    };
    let listed = rounds::list(conn, &all, today).unwrap();
    let adoption = listed.iter().filter(|r| r.kind.is_adoption()).count() as u64;
    assert_eq!(
        listed.total - adoption,
        150,
        "every remiss and synpunktsrunda is built and listed"
    );
    assert!(
        adoption > 0,
        "ställningstaganden that recommend adoption are followed by adoption rounds"
    );
    let (mut statuses, mut past, mut future) = (Vec::new(), 0, 0);
    let mut recipients = 0;
    for summary in &listed {
        let status = rounds::status(conn, summary.id, today).expect("every round opens");
        assert_eq!(
            (status.answered, status.total, status.overdue),
            (summary.answered, summary.total, summary.overdue),
            "Rundor counts as the round view does"
        );
        recipients += status.total;
        statuses.extend(status.recipients.iter().map(|r| r.status));
        if status.days_left < 0 {
            past += 1;
        } else {
            future += 1;
        }
    }
    assert!(
        past > 0 && future > 0,
        "deadlines both past ({past}) and future ({future})"
    );
    for status in [
        RecipientStatus::EjSkickad,
        RecipientStatus::Skickad,
        RecipientStatus::Paminnd,
        RecipientStatus::SvarInkommet,
        RecipientStatus::Avstar,
        RecipientStatus::Antagen,
    ] {
        assert!(statuses.contains(&status), "some party is {status:?}");
    }
    assert!(
        recipients >= 150 * 12,
        "rounds go to the documents' parties, most to all 17 ({recipients})"
    );
    let open = rounds::list(conn, &RoundQuery::default(), today).unwrap();
    assert!(
        listed.iter().filter(|r| r.answered < r.total).count() as u64 == open.total,
        "Rundor's default list is the rounds still waiting"
    );
    crate::support::assert_mirrors_agree(conn);
    let waiting: i64 = conn
        .query_row("SELECT count(*) FROM rounds WHERE waiting > 0", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(waiting > 0, "some rounds wait for answers");
}

#[test]
fn the_demo_shows_the_decision_and_every_step_after_it_with_some_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let spec = spec(200, 100);
    let store = build(&dir.path().join("demo.sqlite3"), &spec);
    let conn = store.conn();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    for (table, what) in [
        ("resolutions", "ställningstaganden"),
        ("implementation_mailings", "information sent"),
        ("implementation_sessions", "information sessions"),
        ("publications", "publications"),
        ("followup_plans", "follow-up plans"),
        ("followups", "follow-ups done"),
        ("retirements", "retirement decisions"),
    ] {
        assert!(
            count(&format!("SELECT count(*) FROM {table}")) > 0,
            "the demo should have {what} ({table})"
        );
    }
    assert!(
        count("SELECT count(*) FROM retirements WHERE inaktuell_on IS NOT NULL") > 0,
        "some retired document is marked inaktuell"
    );
    assert!(
        count("SELECT count(*) FROM implementation_sessions WHERE held_on IS NOT NULL") > 0
            && count("SELECT count(*) FROM implementation_sessions WHERE held_on IS NULL") > 0,
        "sessions both held and still planned"
    );
    assert_eq!(
        count(
            "SELECT count(*) FROM publications p JOIN document_versions v ON v.id = p.version_id
             WHERE v.vida_link NOT LIKE 'https://vida.regionvarmland.se/dokument/%'"
        ),
        0,
        "every publication has its Vida link in the register"
    );

    let documents = register::list(conn, &ListQuery::default(), spec.today).unwrap();
    let stallningstagande = samdok::assets::reference()
        .unwrap()
        .stage_index(resolutions::STAGE);
    let mut codes = Vec::new();
    for summary in &documents {
        let view = steps::view(conn, summary.id, spec.today).expect("every lifecycle reads");
        let at_or_after_decision = samdok::assets::reference()
            .unwrap()
            .stage_index(&view.stage)
            >= stallningstagande;
        assert_eq!(
            view.applies, at_or_after_decision,
            "the demo records steps after the decision only from the decision on ({})",
            summary.id
        );
        if at_or_after_decision {
            let decided = resolutions::list(conn, summary.id).unwrap();
            assert!(
                decided.iter().any(|r| r.version_no == view.version_no),
                "a decided version has its ställningstagande ({})",
                summary.id
            );
        }
        codes.extend(view.warnings.iter().map(|w| w.code));
    }
    for code in [
        "information_late",
        "too_few_sessions",
        "followup_overdue",
        "remove_from_web",
    ] {
        assert!(
            codes.contains(&code),
            "some document of the demo should warn {code}, got {codes:?}"
        );
    }
    assert!(
        codes.len() < documents.len() / 2,
        "most documents meet the guideline: {} warnings for {} documents",
        codes.len(),
        documents.len()
    );
}

#[test]
fn the_same_size_and_day_give_the_same_register() {
    let dir = tempfile::tempdir().unwrap();
    let a = build(&dir.path().join("a.sqlite3"), &spec(60, 70));
    let b = build(&dir.path().join("b.sqlite3"), &spec(60, 70));
    assert!(dump(a.conn()) == dump(b.conn()), "two builds are identical");
}

#[test]
fn demo_refuses_a_database_that_is_not_a_demo_and_leaves_it_untouched() {
    let mut db = TestDb::new();
    db.add("Riktlinje för hjälpmedel");
    let path = db.path();
    drop(db.store);
    let before = std::fs::read(&path).unwrap();
    let error = demo::build(&path, &spec(5, 5)).expect_err("a real database is refused");
    assert!(
        error.to_string().contains("ingen demodatabas"),
        "the refusal says why: {error}"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file is unchanged"
    );

    let other = path.with_file_name("anteckningar.txt");
    std::fs::write(&other, "inte en databas").unwrap();
    demo::build(&other, &spec(5, 5)).expect_err("any other file is refused");
    assert_eq!(std::fs::read_to_string(&other).unwrap(), "inte en databas");
    demo::build(path.parent().unwrap(), &spec(5, 5)).expect_err("a folder is refused");
}

#[test]
fn demo_replaces_an_earlier_demo() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.sqlite3");
    build(&path, &spec(20, 10));
    let store = build(&path, &spec(7, 3));
    let documents = register::list(store.conn(), &ListQuery::default(), spec(7, 3).today)
        .unwrap()
        .total;
    assert_eq!(documents, 7, "the new demo replaced the old one");
    assert!(demo::is_demo(&path).unwrap(), "and is marked as a demo");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("bygge"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no half-built file is left: {leftovers:?}"
    );
}

#[test]
fn samdok_demo_builds_and_refuses_as_its_help_says() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_samdok"))
            .args(args)
            .env("USER", "cli-testare")
            .env("SAMDOK_DB", dir.path().join("vanlig.sqlite3"))
            .output()
            .unwrap()
    };
    let demo = dir.path().join("demo.sqlite3");
    let demo = demo.to_str().unwrap();
    let out = run(&["demo", "--documents", "12", "--rounds", "9", "--db", demo]);
    assert!(
        out.status.success(),
        "the demo builds: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("12 dokument") && text.contains("9 rundor"),
        "{text}"
    );

    let out = run(&["demo", "--documents", "12"]);
    assert_eq!(out.status.code(), Some(1), "without --db it refuses");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("--db"), "and says what to add: {stderr}");
    assert!(
        !dir.path().join("vanlig.sqlite3").exists(),
        "the usual database is never created"
    );

    let real = dir.path().join("riktig.sqlite3");
    Store::open(&real).unwrap();
    let out = run(&["demo", "--db", real.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "a real database is refused");

    let help = run(&["demo", "--help"]);
    let help = String::from_utf8(help.stdout).unwrap();
    assert!(
        help.contains("meta") && help.contains("demodatabas"),
        "the help says how a demo is marked: {help}"
    );
}
