use chrono::{Days, NaiveDate};
use samdok::parties::{self, ContactLevel};
use samdok::rounds::{self, Mark, RecipientStatus, RoundInput, RoundQuery};
use samdok::time;

use crate::support::TestDb;

fn input(kind: &str, deadline: &str) -> RoundInput {
    RoundInput {
        kind: kind.into(),
        deadline: Some(deadline.into()),
        ..RoundInput::default()
    }
}

fn all_rounds() -> RoundQuery {
    RoundQuery {
        include_done: true,
        ..Default::default()
    }
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn a_round_goes_to_all_17_in_the_guidelines_order() {
    let mut db = TestDb::new();
    let doc = db.add("Riktlinje för läkemedelshantering");
    let id = rounds::open(&mut db.store, doc, &input("remiss", "2027-02-01")).unwrap();
    let s = rounds::status(db.store.conn(), id, date("2026-12-01")).unwrap();
    assert_eq!(s.total, 17);
    assert_eq!(s.recipients[0].party_name, "Region Värmland");
    assert_eq!(s.recipients[16].party_name, "Årjäng");
    assert!(
        s.recipients
            .iter()
            .all(|r| r.status == RecipientStatus::EjSkickad),
        "no sent date: being prepared"
    );
    assert_eq!(
        s.round.subject, "Remiss: Riktlinje för läkemedelshantering",
        "a subject is made from the title"
    );
    assert_eq!(s.days_left, 62);
}

#[test]
fn a_round_to_a_subset_with_a_sent_date() {
    let mut db = TestDb::new();
    let doc = db.add("Avtal");
    let conn = db.store.conn();
    let pick = |n: &str| parties::find(conn, n).unwrap().id;
    let chosen = vec![pick("Årjäng"), pick("Eda"), pick("Karlstad")];
    let round = RoundInput {
        parties: Some(chosen),
        sent_date: Some("2026-11-02".into()),
        ..input("synpunktsrunda", "2026-12-15")
    };
    let id = rounds::open(&mut db.store, doc, &round).unwrap();
    let s = rounds::status(db.store.conn(), id, date("2026-11-20")).unwrap();
    let names: Vec<&str> = s.recipients.iter().map(|r| r.party_name.as_str()).collect();
    assert_eq!(names, ["Eda", "Karlstad", "Årjäng"]);
    assert!(s
        .recipients
        .iter()
        .all(|r| r.status == RecipientStatus::Skickad && r.sent_on == Some(date("2026-11-02"))));
}

#[test]
fn bad_round_input_is_refused_with_field_messages() {
    let mut db = TestDb::new();
    let doc = db.add("Avtal");
    let bad = RoundInput {
        kind: "enkät".into(),
        sent_date: Some("2026-12-01".into()),
        deadline: Some("2026-11-01".into()),
        parties: Some(vec![]),
        reply_address: "inte-en-adress".into(),
        ..RoundInput::default()
    };
    let err = rounds::open(&mut db.store, doc, &bad).expect_err("refused");
    let mut fields: Vec<&str> = err
        .field_errors()
        .iter()
        .map(|e| e.field.as_str())
        .collect();
    fields.sort_unstable();
    assert_eq!(fields, ["deadline", "kind", "parties", "reply_address"]);
    let bad_dates = RoundInput {
        sent_date: Some("2026-12-01".into()),
        ..input("remiss", "2026-11-01")
    };
    let err = rounds::open(&mut db.store, doc, &bad_dates).expect_err("deadline before sent date");
    assert_eq!(err.field_errors()[0].field, "deadline");
    let no_deadline = RoundInput {
        kind: "remiss".into(),
        ..RoundInput::default()
    };
    let err = rounds::open(&mut db.store, doc, &no_deadline).expect_err("no deadline");
    assert!(err.to_string().contains("sista svarsdag"), "{err}");
    assert!(
        rounds::list(db.store.conn(), &all_rounds(), time::today())
            .unwrap()
            .is_empty(),
        "nothing stored"
    );
}

#[test]
fn marking_answers_reminders_and_undoing() {
    let mut db = TestDb::new();
    let doc = db.add("Överenskommelse");
    let id = rounds::open(
        &mut db.store,
        doc,
        &RoundInput {
            sent_date: Some("2026-10-01".into()),
            ..input("remiss", "2026-11-01")
        },
    )
    .unwrap();
    let conn_party = |db: &TestDb, n: &str| parties::find(db.store.conn(), n).unwrap().id;
    let (eda, kil, sunne) = (
        conn_party(&db, "Eda"),
        conn_party(&db, "Kil"),
        conn_party(&db, "Sunne"),
    );
    rounds::mark(
        &mut db.store,
        id,
        eda,
        &Mark::Received {
            on: date("2026-10-20"),
            position: Some("Tillstyrker med synpunkter".into()),
        },
    )
    .unwrap();
    rounds::mark(&mut db.store, id, kil, &Mark::Declined(date("2026-10-21"))).unwrap();
    rounds::mark(
        &mut db.store,
        id,
        sunne,
        &Mark::Reminded(date("2026-11-05")),
    )
    .unwrap();
    rounds::mark(
        &mut db.store,
        id,
        sunne,
        &Mark::Reminded(date("2026-11-12")),
    )
    .unwrap();

    let s = rounds::status(db.store.conn(), id, date("2026-11-20")).unwrap();
    let r = |name: &str| {
        s.recipients
            .iter()
            .find(|r| r.party_name == name)
            .unwrap()
            .clone()
    };
    assert_eq!(r("Eda").status, RecipientStatus::SvarInkommet);
    assert_eq!(
        r("Eda").position.as_deref(),
        Some("tillstyrker_med_synpunkter")
    );
    assert_eq!(
        r("Eda").position_name.as_deref(),
        Some("Tillstyrker med synpunkter")
    );
    assert_eq!(r("Kil").status, RecipientStatus::Avstar);
    assert_eq!(r("Sunne").status, RecipientStatus::Paminnd);
    assert_eq!(
        r("Sunne").reminded_on,
        [date("2026-11-05"), date("2026-11-12")]
    );
    assert_eq!(s.answered, 2);
    assert_eq!(
        s.overdue, 15,
        "after the deadline every party without an answer is late"
    );
    assert!(r("Sunne").overdue && !r("Eda").overdue && !r("Kil").overdue);
    assert_eq!(s.days_left, -19);

    rounds::mark(&mut db.store, id, eda, &Mark::Undo).unwrap();
    rounds::mark(&mut db.store, id, sunne, &Mark::Undo).unwrap();
    let s = rounds::status(db.store.conn(), id, date("2026-11-20")).unwrap();
    let r = |name: &str| {
        s.recipients
            .iter()
            .find(|r| r.party_name == name)
            .unwrap()
            .clone()
    };
    assert_eq!(
        r("Eda").status,
        RecipientStatus::Skickad,
        "a mistaken tick can be undone"
    );
    assert_eq!(r("Eda").position, None);
    assert_eq!(
        r("Sunne").reminded_on,
        [date("2026-11-05")],
        "undo takes the latest reminder"
    );
    let grums = conn_party(&db, "Grums");
    let err = rounds::mark(&mut db.store, id, grums, &Mark::Undo).expect_err("nothing to undo");
    assert!(err.to_string().contains("inget att ångra"), "{err}");
    // Every answer, decline and undo kept the round's count of waiting
    // parties (migration 0015's triggers).
    crate::support::assert_mirrors_agree(db.store.conn());
    let waiting: i64 = db
        .store
        .conn()
        .query_row("SELECT waiting FROM rounds WHERE id = ?1", [id.0], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(waiting, 16, "Kil declined; the other 16 wait");

    let events = samdok::audit::for_document(db.store.conn(), doc.0).unwrap();
    assert_eq!(
        events.iter().filter(|e| e.action == "round_marked").count(),
        6,
        "every mark is in the audit trail"
    );
}

#[test]
fn marks_are_checked() {
    let mut db = TestDb::new();
    let doc = db.add("Avtal");
    let eda = parties::find(db.store.conn(), "Eda").unwrap().id;
    let round = RoundInput {
        parties: Some(vec![eda]),
        ..input("remiss", "2027-01-01")
    };
    let id = rounds::open(&mut db.store, doc, &round).unwrap();
    let kil = parties::find(db.store.conn(), "Kil").unwrap().id;
    let err = rounds::mark(&mut db.store, id, kil, &Mark::Declined(time::today()))
        .expect_err("not a recipient");
    assert!(err.to_string().contains("inte mottagare"), "{err}");
    let tomorrow = time::today() + Days::new(1);
    let err = rounds::mark(
        &mut db.store,
        id,
        eda,
        &Mark::Received {
            on: tomorrow,
            position: None,
        },
    )
    .expect_err("future");
    assert!(err.to_string().contains("framtiden"), "{err}");
    let err = rounds::mark(
        &mut db.store,
        id,
        eda,
        &Mark::Received {
            on: time::today(),
            position: Some("kanske".into()),
        },
    )
    .expect_err("unknown position");
    assert!(err.to_string().contains("Okänd ställning"), "{err}");
    let s = rounds::status(db.store.conn(), id, time::today()).unwrap();
    assert_eq!(
        s.recipients[0].status,
        RecipientStatus::EjSkickad,
        "refused marks change nothing"
    );
}

#[test]
fn the_round_level_picks_the_contact_address() {
    let mut db = TestDb::new();
    let doc = db.add("Avtal");
    let eda = parties::find(db.store.conn(), "Eda").unwrap().id;
    parties::set_level_contact(
        &mut db.store,
        eda,
        ContactLevel::Politisk,
        "kommun@eda.se",
        Some("Registrator"),
    )
    .unwrap();
    parties::set_level_contact(
        &mut db.store,
        eda,
        ContactLevel::Tjansteperson,
        "asa@eda.se",
        None,
    )
    .unwrap();
    parties::set_level_contact(
        &mut db.store,
        eda,
        ContactLevel::Politisk,
        "registrator@eda.se",
        None,
    )
    .unwrap();
    let party = parties::get(db.store.conn(), eda).unwrap();
    assert_eq!(
        party.contacts.len(),
        2,
        "setting the level's address again changes it"
    );
    let remiss = rounds::open(&mut db.store, doc, &input("remiss", "2027-01-01")).unwrap();
    let synp = rounds::open(&mut db.store, doc, &input("synpunktsrunda", "2027-01-01")).unwrap();
    let email = |id| {
        rounds::status(db.store.conn(), id, time::today())
            .unwrap()
            .recipients
            .into_iter()
            .find(|r| r.party_id == eda)
            .unwrap()
            .email
    };
    assert_eq!(email(remiss).as_deref(), Some("registrator@eda.se"));
    assert_eq!(email(synp).as_deref(), Some("asa@eda.se"));
}

#[test]
fn the_overview_lists_open_rounds_nearest_deadline_first() {
    let mut db = TestDb::new();
    let a = db.add("Avtal A");
    let b = db.add("Avtal B");
    let eda = parties::find(db.store.conn(), "Eda").unwrap().id;
    rounds::open(&mut db.store, a, &input("remiss", "2027-03-01")).unwrap();
    let done = rounds::open(
        &mut db.store,
        b,
        &RoundInput {
            parties: Some(vec![eda]),
            ..input("synpunktsrunda", "2027-01-01")
        },
    )
    .unwrap();
    rounds::open(&mut db.store, b, &input("synpunktsrunda", "2027-02-01")).unwrap();
    rounds::mark(
        &mut db.store,
        done,
        eda,
        &Mark::Received {
            on: time::today(),
            position: None,
        },
    )
    .unwrap();
    let open = rounds::list(db.store.conn(), &RoundQuery::default(), date("2026-12-01")).unwrap();
    let titles: Vec<(&str, &str)> = open
        .iter()
        .map(|r| (r.document_title.as_str(), r.kind_name.as_str()))
        .collect();
    assert_eq!(
        titles,
        [("Avtal B", "Synpunktsrunda"), ("Avtal A", "Remiss")],
        "a fully answered round is not open"
    );
    assert_eq!(
        rounds::list(db.store.conn(), &all_rounds(), date("2026-12-01"))
            .unwrap()
            .len(),
        3
    );
}

#[test]
fn answer_files_are_stored_by_hash_and_listed_on_the_party() {
    let mut db = TestDb::new();
    let doc = db.add("Avtal");
    let id = rounds::open(&mut db.store, doc, &input("remiss", "2030-01-01")).unwrap();
    let eda = parties::find(db.store.conn(), "Eda").unwrap().id;
    let file = db.dir.path().join("Protokollsutdrag KS 2026-11-10 §42.pdf");
    std::fs::write(&file, b"%PDF-1.7 protokoll").unwrap();
    let stored = rounds::attach_answer_file(&mut db.store, id, eda, &file).unwrap();
    assert_eq!(
        stored.file_name, "Protokollsutdrag KS 2026-11-10 §42.pdf",
        "the original name is kept"
    );
    assert!(
        stored.stored_name.ends_with(".pdf") && stored.stored_name.len() == 68,
        "{}",
        stored.stored_name
    );
    let path = rounds::answer_file_path(&db.store, stored.id).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"%PDF-1.7 protokoll");
    let s = rounds::status(db.store.conn(), id, time::today()).unwrap();
    let eda_row = s.recipients.iter().find(|r| r.party_id == eda).unwrap();
    assert_eq!(eda_row.files.len(), 1);

    let kil = parties::find(db.store.conn(), "Kil").unwrap().id;
    let missing = db.dir.path().join("finns-inte.pdf");
    let err =
        rounds::attach_answer_file(&mut db.store, id, kil, &missing).expect_err("no such file");
    assert!(err.to_string().contains("finns inte"), "{err}");
    let err =
        rounds::attach_answer_file(&mut db.store, id, kil, db.dir.path()).expect_err("a folder");
    assert!(err.to_string().contains("mapp"), "{err}");
}

#[test]
fn round_subject_and_diarienummer_have_no_length_limit() {
    let mut db = TestDb::new();
    let doc = db.add("Riktlinje för långa ämnen");
    let long = RoundInput {
        subject: "Ä".repeat(131_072),
        diarienummer: "RV".repeat(51),
        contact_name: "N".repeat(201),
        contact_phone: "0".repeat(51),
        ..input("remiss", "2030-01-31")
    };
    let err = rounds::open(&mut db.store, doc, &long).expect_err("too long");
    let fields: Vec<(&str, &str)> = err
        .field_errors()
        .iter()
        .map(|e| (e.field.as_str(), e.message.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            (
                "subject",
                "Ärendemeningen får ha högst 300 tecken (nu 131\u{a0}072)."
            ),
            (
                "diarienummer",
                "Diarienumret får ha högst 100 tecken (nu 102)."
            ),
            (
                "contact_name",
                "Kontaktpersonens namn får ha högst 200 tecken (nu 201)."
            ),
            (
                "contact_phone",
                "Kontaktpersonens telefonnummer får ha högst 50 tecken (nu 51)."
            ),
        ]
    );

    let broken = RoundInput {
        subject: "Remiss\r\nBcc: alla@x.se".into(),
        diarienummer: "RV\t2026".into(),
        ..input("remiss", "2030-01-31")
    };
    let err = rounds::open(&mut db.store, doc, &broken).expect_err("line breaks");
    let fields: Vec<&str> = err
        .field_errors()
        .iter()
        .map(|e| e.field.as_str())
        .collect();
    assert_eq!(fields, ["subject", "diarienummer"], "{err}");
    assert!(err.to_string().contains("ska stå på en rad"), "{err}");

    let count: i64 = db
        .store
        .conn()
        .query_row("SELECT count(*) FROM rounds", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 0, "no refused round is stored");

    let at_the_limit = RoundInput {
        subject: "Ä".repeat(300),
        diarienummer: "D".repeat(100),
        missiv_text: "Hej!\r\n\r\n# Bakgrund\n\nText\tmed tabb.".into(),
        ..input("remiss", "2030-01-31")
    };
    rounds::open(&mut db.store, doc, &at_the_limit).expect("the limits themselves are fine");
}

#[test]
fn round_reply_and_contact_addresses_follow_the_one_email_rule() {
    let mut db = TestDb::new();
    let doc = db.add("Riktlinje");
    let err = rounds::open(
        &mut db.store,
        doc,
        &RoundInput {
            reply_address: "a\"b@x.se".into(),
            contact_email: "a(b)@x.se".into(),
            ..input("remiss", "2030-01-31")
        },
    )
    .expect_err("addresses a draft cannot carry");
    let fields: Vec<&str> = err
        .field_errors()
        .iter()
        .map(|e| e.field.as_str())
        .collect();
    assert_eq!(fields, ["reply_address", "contact_email"], "{err}");
    assert!(
        err.to_string().contains("ingen giltig e-postadress"),
        "{err}"
    );
    rounds::open(
        &mut db.store,
        doc,
        &RoundInput {
            reply_address: "diariet@årjäng.se".into(),
            ..input("remiss", "2030-01-31")
        },
    )
    .expect("a Swedish domain is accepted");
}
