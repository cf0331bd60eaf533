//! Exporting a round's package from the register.

use std::io::Read;

use samdok::drafts::{generate, record};
use samdok::export::package as dispatch;
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
            samdok::db::attachments::sha256_hex(&bytes),
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
    let events_before = samdok::audit::recent(db.store.conn(), 1000).unwrap().len();
    for dest in [blocker.join("paket"), blocker.join("paket.zip")] {
        let err = dispatch::export_package(&mut db.store, round, &dest, &mut |_, _| {})
            .expect_err("a package inside a file cannot be written");
        // Any error would pass `is_err`: it must be the file error for this
        // destination, not e.g. a refused round or a failed build.
        assert_eq!(
            err.code(),
            "io",
            "a file error for {}: {err}",
            dest.display()
        );
        let name = dest.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            err.to_string().contains(&name),
            "the message should name the destination {name}: {err}"
        );
        assert!(
            err.detail()
                .is_some_and(|d| d.contains(&dest.display().to_string())),
            "the whole path is in the detail (Visa detaljer): {:?}",
            err.detail()
        );
    }
    assert_eq!(
        std::fs::read(&blocker).unwrap(),
        b"x",
        "the file in the way is untouched"
    );
    assert_eq!(
        samdok::audit::recent(db.store.conn(), 1000).unwrap().len(),
        events_before,
        "a failed export leaves no event"
    );
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

#[test]
fn reminders_go_to_the_parties_without_an_answer_and_are_recorded() {
    let mut db = TestDb::new();
    let (_, round) = round_on(&mut db, "Riktlinje för tandvård");
    let find = |db: &TestDb, n: &str| parties::find(db.store.conn(), n).unwrap().id;
    let (eda, kil, arjang) = (find(&db, "Eda"), find(&db, "Kil"), find(&db, "Årjäng"));
    for (party, email) in [
        (eda, "kommun@eda.se"),
        (kil, "kommun@kil.se"),
        (arjang, "kommun@arjang.se"),
    ] {
        parties::set_level_contact(&mut db.store, party, ContactLevel::Politisk, email, None)
            .unwrap();
    }
    rounds::mark(
        &mut db.store,
        round,
        kil,
        &rounds::Mark::Received {
            on: samdok::time::today(),
            position: None,
        },
    )
    .unwrap();
    let late = dispatch::without_answer(&db.store, round).unwrap();
    assert_eq!(late.len(), 16, "Kil has answered");
    let out = db.dir.path().join("påminnelser");
    let result = dispatch::remind(&mut db.store, round, &out).unwrap();
    assert_eq!(result.reminded, ["Eda", "Årjäng"]);
    assert_eq!(result.without_email.len(), 14);
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["Påminnelse - Eda.eml", "Påminnelse - Årjäng.eml"]);
    let eml = std::fs::read(out.join("Påminnelse - Eda.eml")).unwrap();
    let message = mail_parser::MessageParser::default()
        .parse(&eml)
        .expect("an RFC 5322 message");
    assert!(
        message
            .subject()
            .unwrap_or_default()
            .starts_with("Påminnelse – Remiss: Riktlinje för tandvård"),
        "{:?}",
        message.subject()
    );
    assert_eq!(message.header_raw("X-Unsent").map(str::trim), Some("1"));
    assert!(message
        .body_text(0)
        .unwrap_or_default()
        .contains("ännu inte fått ert svar"));
    let status = rounds::status(db.store.conn(), round, samdok::time::today()).unwrap();
    let eda_status = status
        .recipients
        .iter()
        .find(|r| r.party_id == eda)
        .unwrap();
    assert_eq!(
        eda_status.reminded_on,
        [samdok::time::today()],
        "the reminder date is recorded"
    );
    let err = dispatch::remind(&mut db.store, round, &out).expect_err("the folder exists now");
    assert!(err.to_string().contains("finns redan"), "{err}");
}

#[test]
fn a_stored_contact_the_export_refuses_blocks_the_whole_package() {
    let mut db = TestDb::new();
    let (_, round) = round_on(&mut db, "Riktlinje för gamla adresser");
    let find = |db: &TestDb, n: &str| parties::find(db.store.conn(), n).unwrap().id;
    let (eda, kil) = (find(&db, "Eda"), find(&db, "Kil"));
    for party in [eda, kil] {
        parties::set_level_contact(
            &mut db.store,
            party,
            ContactLevel::Politisk,
            "kommun@example.se",
            None,
        )
        .unwrap();
    }
    // Stored before the one e-mail rule, as `party contact` used to accept.
    db.store
        .conn()
        .execute(
            "UPDATE party_contacts SET email = 'a\"b@eda.se' WHERE party_id = ?1",
            [eda.0],
        )
        .unwrap();

    let plan = dispatch::plan(&db.store, round).expect("a plan despite the bad address");
    assert_eq!(
        plan.invalid_addresses.len(),
        1,
        "{:?}",
        plan.invalid_addresses
    );
    let invalid = &plan.invalid_addresses[0];
    assert_eq!(invalid.party_name, "Eda");
    assert_eq!(invalid.address, "a\"b@eda.se");
    assert!(
        invalid
            .message
            .starts_with("Eda: «a\"b@eda.se» är ingen giltig e-postadress")
            && invalid.message.contains("Rätta adressen under Parter"),
        "names the party, the address and what to do: {}",
        invalid.message
    );
    assert!(
        !plan.recipients_without_email.contains(&"Eda".to_owned()),
        "Eda has an address, a bad one: {:?}",
        plan.recipients_without_email
    );
    assert_eq!(plan.recipients_without_email.len(), 15);

    let out = db.dir.path().join("paket");
    let dispatch = dispatch::export_package(&mut db.store, round, &out, &mut |_, _| {})
        .expect("the package is not blocked");
    let emails: Vec<&str> = dispatch
        .manifest
        .entries
        .iter()
        .map(|e| e.path.as_str())
        .filter(|p| p.ends_with(".eml"))
        .collect();
    assert_eq!(emails, ["E-post/Kil.eml"], "Eda gets no e-mail draft");
    assert!(
        dispatch
            .manifest
            .entries
            .iter()
            .any(|e| e.path == "Svarsmall - Eda.docx"),
        "but Eda gets its svarsmall"
    );
}

#[cfg(unix)]
#[test]
fn round_remind_killed_half_way_leaves_a_partial_folder_under_the_final_name() {
    let mut db = TestDb::new();
    let (_, round) = round_on(&mut db, "Riktlinje för avbrutna påminnelser");
    for name in ["Eda", "Kil", "Årjäng"] {
        let party = parties::find(db.store.conn(), name).unwrap().id;
        parties::set_level_contact(
            &mut db.store,
            party,
            ContactLevel::Politisk,
            "kommun@example.se",
            None,
        )
        .unwrap();
    }
    let out = db.dir.path().join("påminnelser");
    // The shell's file size limit (RLIMIT_FSIZE) kills the CLI with SIGXFSZ
    // as it writes past 8 KiB into the first e-mail draft: a process
    // killed half-way, the same on every run.
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg("ulimit -f 16 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_samdok"))
        .arg("--db")
        .arg(db.path())
        .args(["round", "remind", &round.0.to_string(), "--out"])
        .arg(&out)
        .status()
        .expect("the samdok binary runs");
    assert!(!status.success(), "the run is killed: {status:?}");
    assert!(
        !out.exists(),
        "no partial folder under the final name: {:?}",
        std::fs::read_dir(&out).map(|d| d.count())
    );
    let status = rounds::status(db.store.conn(), round, samdok::time::today()).unwrap();
    assert!(
        status.recipients.iter().all(|r| r.reminded_on.is_empty()),
        "no reminder is recorded by a killed run"
    );

    // A later run writes the whole folder.
    let result = dispatch::remind(&mut db.store, round, &out).expect("a whole run");
    assert_eq!(result.reminded, ["Eda", "Kil", "Årjäng"]);
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 3);
}

#[test]
fn a_late_round_sent_party_by_party_still_gets_its_package_and_reminders() {
    let mut db = TestDb::new();
    let doc = db.add("Rutin för läkemedel");
    let round = rounds::open(
        &mut db.store,
        doc,
        &rounds::RoundInput {
            kind: "remiss".into(),
            deadline: Some("2026-01-15".into()),
            ..rounds::RoundInput::default()
        },
    )
    .unwrap();
    let eda = parties::find(db.store.conn(), "Eda").unwrap().id;
    parties::set_level_contact(
        &mut db.store,
        eda,
        ContactLevel::Politisk,
        "kommun@eda.se",
        None,
    )
    .unwrap();
    let sent = chrono::NaiveDate::from_ymd_opt(2026, 1, 2).unwrap();
    rounds::mark(&mut db.store, round, eda, &rounds::Mark::Sent(sent)).unwrap();
    let package = db.dir.path().join("paket");
    dispatch::export_package(&mut db.store, round, &package, &mut |_, _| {})
        .expect("a late round without a send date of its own still exports");
    let reminders = db.dir.path().join("påminnelser");
    let result = dispatch::remind(&mut db.store, round, &reminders)
        .expect("and its late parties can be reminded");
    assert_eq!(result.reminded, ["Eda"]);
}
