//! Exporting a round's package from the register.

use std::io::Read;

use samdok::dispatch;
use samdok::drafts::{generate, record};
use samdok::export::DraftSource;
use samdok::parties::{self, ContactLevel};
use samdok::rounds::{self, RoundInput};

use crate::support::TestDb;

fn round_on(db: &mut TestDb, title: &str) -> (samdok::DocumentId, rounds::RoundId) {
    let doc = db.add(title);
    let input = RoundInput {
        kind: "remiss".into(),
        deadline: Some("2030-01-31".into()),
        diarienummer: "RV2026/0007".into(),
        ..RoundInput::default()
    };
    let round = rounds::open(&mut db.store, doc, &input).unwrap();
    (doc, round)
}

#[test]
fn the_exported_draft_is_the_attached_working_draft_byte_for_byte() {
    let mut db = TestDb::new();
    let (doc, round) = round_on(&mut db, "Riktlinje för hjälpmedel");
    let edited = db.dir.path().join("redigerad.docx");
    let mut content = generate::DraftContent::from_register(db.store.conn(), doc, "x").unwrap();
    content.owner = "Ändrad av arbetsgruppen".into();
    std::fs::write(
        &edited,
        generate::build(&content, "2026-01-01T00:00:00Z").unwrap(),
    )
    .unwrap();
    record::attach(&mut db.store, doc, &edited).unwrap();

    let plan = dispatch::plan(&db.store, round).unwrap();
    assert_eq!(plan.draft_source, DraftSource::WorkingDraft);
    assert!(plan.draft_problems.is_empty(), "{:?}", plan.draft_problems);
    assert_eq!(plan.recipients_without_email.len(), 17, "no addresses yet");

    let out = db.dir.path().join("paket.zip");
    let dispatch = dispatch::export_package(&mut db.store, round, &out, &mut |_, _| {}).unwrap();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let mut inside = Vec::new();
    zip.by_name("redigerad.docx")
        .expect("the working draft, under its own name")
        .read_to_end(&mut inside)
        .unwrap();
    assert!(
        inside == std::fs::read(&edited).unwrap(),
        "byte for byte the attached file"
    );
    let recorded: i64 = db
        .store
        .conn()
        .query_row("SELECT count(*) FROM round_dispatches", [], |r| r.get(0))
        .unwrap();
    assert_eq!(recorded, 1, "the dispatch is recorded");
    assert!(dispatch
        .manifest
        .entries
        .iter()
        .any(|e| e.path == "redigerad.docx"));
}

#[test]
fn without_a_working_draft_a_fresh_draft_goes_out_and_the_plan_says_so() {
    let mut db = TestDb::new();
    let (_, round) = round_on(&mut db, "Avtal: vård/omsorg <2026>");
    let eda = parties::find(db.store.conn(), "Eda").unwrap().id;
    parties::set_level_contact(
        &mut db.store,
        eda,
        ContactLevel::Politisk,
        "kommun@eda.se",
        None,
    )
    .unwrap();
    let plan = dispatch::plan(&db.store, round).unwrap();
    assert_eq!(plan.draft_source, DraftSource::Generated);
    assert_eq!(plan.recipients_without_email.len(), 16);
    assert!(!plan.recipients_without_email.contains(&"Eda".to_owned()));
    let out = db.dir.path().join("paket");
    let dispatch = dispatch::export_package(&mut db.store, round, &out, &mut |_, _| {}).unwrap();
    for entry in &dispatch.manifest.entries {
        let bytes = std::fs::read(out.join(&entry.path))
            .unwrap_or_else(|_| panic!("{} exists", entry.path));
        assert_eq!(
            samdok::attachments::sha256_hex(&bytes),
            entry.sha256,
            "manifest hash of {}",
            entry.path
        );
        assert!(
            !entry
                .path
                .contains(['<', '>', ':', '"', '|', '?', '*', '\\']),
            "safe name: {}",
            entry.path
        );
    }
    let emails = dispatch
        .manifest
        .entries
        .iter()
        .filter(|e| e.path.ends_with(".eml"))
        .count();
    assert_eq!(emails, 1, "only Eda has an address");
}

#[test]
fn an_export_that_cannot_be_written_leaves_nothing() {
    let mut db = TestDb::new();
    let (_, round) = round_on(&mut db, "Rutin");
    // A destination inside a file cannot be created, even for root.
    let blocker = db.dir.path().join("en-fil");
    std::fs::write(&blocker, "x").unwrap();
    let err =
        dispatch::export_package(&mut db.store, round, &blocker.join("paket"), &mut |_, _| {})
            .expect_err("cannot write");
    assert!(!err.to_string().is_empty());
    let err = dispatch::export_package(
        &mut db.store,
        round,
        &blocker.join("paket.zip"),
        &mut |_, _| {},
    )
    .expect_err("cannot write");
    assert!(!err.to_string().is_empty());
    let left: Vec<String> = std::fs::read_dir(db.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("samdok.sqlite3") && n != "en-fil")
        .collect();
    assert!(left.is_empty(), "nothing half-written is left: {left:?}");
    let recorded: i64 = db
        .store
        .conn()
        .query_row("SELECT count(*) FROM round_dispatches", [], |r| r.get(0))
        .unwrap();
    assert_eq!(recorded, 0, "a failed export is not recorded");
}
