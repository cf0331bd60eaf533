//! Checking the register (`db::verify`, `samdok verify`): a whole register
//! passes; each kind of damage is found, named in Swedish, and left as it
//! is; the CLI's exit status says which.

use std::process::Command;

use samdok::db::verify::{self, Verification};
use samdok::drafts::{generate, record};
use samdok::export::review;
use samdok::rounds::{self, RoundInput};
use samdok::{parties, DocumentId};

use crate::support::TestDb;

/// A register with one of each stored file: an attached draft, an answer
/// file and the yearly review's report.
fn whole_register() -> (TestDb, DocumentId) {
    let mut db = TestDb::new();
    let doc = db.add("Riktlinje för kontroll & <säkerhet>");
    let content = generate::DraftContent::from_register(db.store.conn(), doc, "x").unwrap();
    let draft = db.dir.path().join("arbetsversion.docx");
    std::fs::write(
        &draft,
        generate::build(&content, "2026-12-08T09:00:00Z").unwrap(),
    )
    .unwrap();
    record::attach(&mut db.store, doc, &draft).unwrap();
    let round = rounds::open(
        &mut db.store,
        doc,
        &RoundInput {
            kind: "remiss".into(),
            sent_date: Some("2026-11-02".into()),
            deadline: Some("2030-01-31".into()),
            ..RoundInput::default()
        },
    )
    .unwrap();
    let answer = db.dir.path().join("yttrande Eda.pdf");
    std::fs::write(&answer, b"%PDF-1.7 yttrande").unwrap();
    let eda = parties::find(db.store.conn(), "Eda").unwrap().id;
    rounds::attach_answer_file(&mut db.store, round, eda, &answer).unwrap();
    review::record(
        &mut db.store,
        &review::ReviewInput {
            reviewed_on: Some("2026-12-01".into()),
            reviewed_by: "Åsa".into(),
            note: String::new(),
        },
    )
    .unwrap();
    (db, doc)
}

fn codes(found: &Verification) -> Vec<&str> {
    found.problems.iter().map(|p| p.code).collect()
}

fn cli_verify(db: &TestDb) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_samdok"))
        .arg("--db")
        .arg(db.path())
        .arg("verify")
        .output()
        .expect("the samdok binary runs")
}

#[test]
fn a_whole_register_passes_and_the_cli_says_so() {
    let (db, _) = whole_register();
    let found = verify::verify(&db.store).unwrap();
    assert!(found.ok, "{:?}", found.problems);
    assert_eq!(
        (found.documents, found.rounds, found.attachments),
        (1, 1, 3)
    );
    let out = cli_verify(&db);
    assert!(out.status.success(), "exit 0 when all is well");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with("Registret är i ordning: 1 dokument, 1 rundor och 3 bilagor"),
        "{stdout}"
    );
}

#[test]
fn every_kind_of_damage_is_found_named_and_left_as_it_is() {
    let (db, doc) = whole_register();
    let store_dir = samdok::db::attachments::dir(&db.store);
    let mut files: Vec<_> = std::fs::read_dir(&store_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let pdf = files
        .iter()
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .unwrap();
    let docx: Vec<_> = files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "docx"))
        .collect();
    assert_eq!(docx.len(), 2, "the draft and the review's report");
    std::fs::remove_file(pdf).unwrap();
    let mut changed = std::fs::read(docx[0]).unwrap();
    let last = changed.len() - 1;
    changed[last] ^= 0xFF;
    std::fs::write(docx[0], &changed).unwrap();
    let conn = db.store.conn();
    conn.execute("UPDATE rounds SET waiting = waiting + 5", [])
        .unwrap();
    conn.execute(
        "UPDATE current_versions SET stage = 'avvecklad' WHERE document_id = ?1",
        [doc.0],
    )
    .unwrap();
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF;
         INSERT INTO round_recipients (round_id, party_id) VALUES (999, 1);
         PRAGMA foreign_keys = ON;",
    )
    .unwrap();

    let found = verify::verify(&db.store).unwrap();
    assert!(!found.ok);
    let mut kinds = codes(&found);
    kinds.sort_unstable();
    assert_eq!(
        kinds,
        [
            "attachment_changed",
            "attachment_missing",
            "copy",
            "count",
            "reference"
        ],
        "{:#?}",
        found.problems
    );
    let text = |code: &str| {
        found
            .problems
            .iter()
            .find(|p| p.code == code)
            .unwrap()
            .message
            .clone()
    };
    assert!(
        text("attachment_missing").starts_with("Svarsfilen «yttrande Eda.pdf» från Eda (runda"),
        "{}",
        text("attachment_missing")
    );
    assert!(
        text("attachment_changed").contains("har ändrats i bilagearkivet"),
        "{}",
        text("attachment_changed")
    );
    assert!(
        text("count").contains("räknar 22 parter som inte har svarat, men 17 har inte svarat"),
        "{}",
        text("count")
    );
    assert!(text("reference").contains("tabellen round_recipients pekar på en rad i rounds"));
    assert!(text("copy").starts_with(&format!("Dokument {}:", doc.0)));

    // Nothing was repaired: the same check finds the same.
    assert_eq!(verify::verify(&db.store).unwrap(), found);
    let waiting: i64 = conn
        .query_row("SELECT waiting FROM rounds", [], |r| r.get(0))
        .unwrap();
    assert_eq!(waiting, 22, "the kept count is left as it was");

    let out = cli_verify(&db);
    assert_eq!(out.status.code(), Some(1), "exit 1 when anything is wrong");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("Registret har 5 fel:"), "{stdout}");
    assert!(
        stdout.trim_end().ends_with("Inget har ändrats."),
        "{stdout}"
    );
    let json = Command::new(env!("CARGO_BIN_EXE_samdok"))
        .arg("--db")
        .arg(db.path())
        .args(["verify", "--json"])
        .output()
        .unwrap();
    assert_eq!(json.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["ok"], false);
    assert_eq!(value["problems"].as_array().unwrap().len(), 5);
}

#[test]
fn a_flood_of_one_kind_is_listed_fifty_and_counted() {
    let (db, _) = whole_register();
    db.store
        .conn()
        .execute_batch(
            "PRAGMA foreign_keys = OFF;
             WITH RECURSIVE n(i) AS (SELECT 1000 UNION ALL SELECT i + 1 FROM n WHERE i < 1119)
             INSERT INTO round_recipients (round_id, party_id) SELECT i, 1 FROM n;
             PRAGMA foreign_keys = ON;",
        )
        .unwrap();
    let found = verify::verify(&db.store).unwrap();
    assert_eq!(found.problems.len(), verify::MAX_PER_KIND + 1);
    assert_eq!(
        found.problems.last().unwrap().message,
        "… och 70 fel till av samma slag."
    );
}
