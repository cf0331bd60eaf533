//! The adoption round (antagande): opened only after a ställningstagande
//! that recommends adoption, each party's decision recorded (body, day,
//! their diarienummer, outcome) and counted — "Antagen av 2 av 17" on the
//! round, the document and the register with its filter — its package
//! with the final document byte for byte, the adoption missiv and one
//! förslag till tjänsteskrivelse per party, and its reminders. Also: a
//! register written before the adoption round (schema version 9) keeps
//! every row when the rounds table is rebuilt.

use std::io::Read;

use chrono::NaiveDate;
use mail_parser::MimeHeaders;
use samdok::audit;
use samdok::comments::{self, CommentInput};
use samdok::drafts::{generate, record};
use samdok::export::package as dispatch;
use samdok::parties::{self, ContactLevel, PartyId};
use samdok::register::{self, AdoptionFilter, ListQuery};
use samdok::resolutions::{self, ResolutionInput};
use samdok::rounds::{self, AdoptionDecision, Mark, Outcome, RoundId, RoundInput};
use samdok::{time, DocumentId, Error, Store};

use crate::compilation::read_docx;
use crate::support::TestDb;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a valid test date")
}

fn party(db: &TestDb, name: &str) -> PartyId {
    parties::find(db.store.conn(), name)
        .expect("a seeded party")
        .id
}

fn resolution(recommends: bool) -> ResolutionInput {
    ResolutionInput {
        forum: "Ordföranderådet".into(),
        meeting_date: "2026-05-08".into(),
        text: "1. Ordföranderådet ställer sig bakom riktlinjen.\n2. Samtliga parter rekommenderas att anta den."
            .into(),
        recommends_adoption: recommends,
    }
}

fn adoption_input() -> RoundInput {
    RoundInput {
        kind: "antagande".into(),
        sent_date: Some("2026-05-26".into()),
        deadline: Some("2026-10-31".into()),
        reply_address: "diariet@regionvarmland.se".into(),
        diarienummer: "RS/260201".into(),
        contact_name: "Sandra Nätt".into(),
        contact_title: "Enhetschef Nya perspektiv".into(),
        contact_email: "sandra.natt@regionvarmland.se".into(),
        ..RoundInput::default()
    }
}

/// A document with a ställningstagande recommending adoption and an
/// adoption round to all 17 parties.
fn adoption_round(db: &mut TestDb, title: &str) -> (DocumentId, RoundId) {
    let doc = db.add(title);
    resolutions::record(&mut db.store, doc, &resolution(true)).expect("a valid resolution");
    let round = rounds::open(&mut db.store, doc, &adoption_input()).expect("an adoption round");
    (doc, round)
}

fn decided(outcome: Outcome, body: &str, on: &str, dnr: &str) -> Mark {
    Mark::Decided(AdoptionDecision {
        outcome,
        body: body.into(),
        on: date(on),
        their_diarienummer: dnr.into(),
    })
}

fn field_message(error: &Error, field: &str) -> String {
    error
        .field_errors()
        .iter()
        .find(|e| e.field == field)
        .map(|e| e.message.clone())
        .unwrap_or_else(|| panic!("an error at {field}, got {error:?}"))
}

#[test]
fn an_adoption_round_follows_a_stallningstagande_that_recommends_adoption() {
    let mut db = TestDb::new();
    let doc = db.add("Riktlinje för hjälpmedel");
    let refused = rounds::open(&mut db.store, doc, &adoption_input()).unwrap_err();
    assert!(
        field_message(&refused, "kind").contains("registrera först ett ställningstagande"),
        "without a ställningstagande the round is refused with the reason: {refused:?}"
    );
    resolutions::record(&mut db.store, doc, &resolution(false)).unwrap();
    let refused = rounds::open(&mut db.store, doc, &adoption_input()).unwrap_err();
    assert!(
        field_message(&refused, "kind").contains("rekommenderar"),
        "a ställningstagande without the recommendation is not enough: {refused:?}"
    );
    resolutions::record(&mut db.store, doc, &resolution(true)).unwrap();
    let early = RoundInput {
        sent_date: Some("2026-05-07".into()),
        ..adoption_input()
    };
    let refused = rounds::open(&mut db.store, doc, &early).unwrap_err();
    assert!(
        field_message(&refused, "sent_date").contains("före mötet"),
        "a round sent before the meeting is refused: {refused:?}"
    );
    let round = rounds::open(&mut db.store, doc, &adoption_input()).unwrap();
    let status = rounds::status(db.store.conn(), round, time::today()).unwrap();
    assert_eq!(status.round.kind_name, "Antagande");
    assert_eq!(status.round.level_name, "Politisk nivå");
    assert_eq!(status.total, 17, "all the document's parties");
    assert_eq!((status.adopted, status.answered), (0, 0));
    // Regression: a round where nobody has decided yet listed the register
    // with an error (SQL's sum over NULLs is NULL).
    let listed = register::list(db.store.conn(), &ListQuery::default(), time::today()).unwrap();
    assert_eq!(
        listed.rows[0].adoption.as_ref().map(|a| a.text.as_str()),
        Some("Antagen av 0 av 17"),
        "an adoption round with no decision yet counts none"
    );
    assert!(status
        .recipients
        .iter()
        .all(|r| r.adoption.is_none() && r.status_name == "Skickad"));
}

#[test]
fn decisions_are_recorded_counted_everywhere_and_undone() {
    let mut db = TestDb::new();
    let (doc, round) = adoption_round(&mut db, "Riktlinje för läkemedel");
    let other = db.add("Avtal om hemsjukvård");
    let (eda, region, kil, arvika) = (
        party(&db, "Eda"),
        party(&db, "Region Värmland"),
        party(&db, "Kil"),
        party(&db, "Arvika"),
    );
    rounds::mark(
        &mut db.store,
        round,
        eda,
        &decided(
            Outcome::Antagen,
            "kommunfullmäktige",
            "2026-09-15",
            "KS/2026:176",
        ),
    )
    .expect("Eda's adoption is recorded");
    rounds::mark(
        &mut db.store,
        round,
        region,
        &decided(Outcome::Antagen, "Regionfullmäktige", "2026-09-20", ""),
    )
    .unwrap();
    rounds::mark(
        &mut db.store,
        round,
        kil,
        &decided(Outcome::EjAntagen, "Kommunstyrelsen", "2026-09-01", ""),
    )
    .unwrap();
    rounds::mark(
        &mut db.store,
        round,
        arvika,
        &decided(
            Outcome::Aterremitterad,
            "Kommunfullmäktige",
            "2026-09-10",
            "",
        ),
    )
    .unwrap();

    let status = rounds::status(db.store.conn(), round, time::today()).unwrap();
    assert_eq!(status.adopted, 2, "Eda and the region adopted it");
    assert_eq!(
        status.answered, 3,
        "antagen and ej antagen are decisions; återremitterad is not"
    );
    let eda_row = status
        .recipients
        .iter()
        .find(|r| r.party_id == eda)
        .unwrap();
    assert_eq!(eda_row.status_name, "Antagen");
    let a = eda_row.adoption.as_ref().expect("Eda's decision");
    assert_eq!(
        (a.body.as_str(), a.decided_on, a.their_diarienummer.as_str()),
        ("Kommunfullmäktige", date("2026-09-15"), "KS/2026:176"),
        "the body is stored as the reference data names it"
    );
    let arvika_row = status
        .recipients
        .iter()
        .find(|r| r.party_id == arvika)
        .unwrap();
    assert_eq!(arvika_row.status_name, "Återremitterad");
    assert!(
        arvika_row.overdue == (date("2026-10-31") < time::today()),
        "a matter sent back is still waiting, late after the deadline"
    );

    let adoption = rounds::adoption(db.store.conn(), doc)
        .unwrap()
        .expect("the document has an adoption round");
    assert_eq!(adoption.tally.text, "Antagen av 2 av 17");
    assert_eq!(adoption.not_adopted, vec!["Kil".to_owned()]);
    assert_eq!(adoption.undecided.len(), 14, "17 − 2 adopted − Kil");
    assert!(adoption.undecided.contains(&"Arvika".to_owned()));
    assert_eq!(
        rounds::adoption(db.store.conn(), other).unwrap(),
        None,
        "a document without an adoption round has no tally"
    );

    // The register: the column and the filter.
    let list = |filter: Option<AdoptionFilter>| -> Vec<(DocumentId, Option<String>)> {
        register::list(
            db.store.conn(),
            &ListQuery {
                adoption: filter,
                ..ListQuery::default()
            },
            time::today(),
        )
        .unwrap()
        .rows
        .into_iter()
        .map(|r| (r.id, r.adoption.map(|a| a.text)))
        .collect()
    };
    let all = list(None);
    assert!(
        all.contains(&(doc, Some("Antagen av 2 av 17".into()))),
        "{all:?}"
    );
    assert!(all.contains(&(other, None)), "{all:?}");
    assert_eq!(
        list(Some(AdoptionFilter::Vantar)),
        vec![(doc, Some("Antagen av 2 av 17".into()))]
    );
    assert_eq!(list(Some(AdoptionFilter::Ingen)), vec![(other, None)]);
    assert!(list(Some(AdoptionFilter::Alla)).is_empty());

    // Rundor.
    let rows = rounds::list(
        db.store.conn(),
        &rounds::RoundQuery::default(),
        time::today(),
    )
    .unwrap()
    .rows;
    let row = rows.iter().find(|r| r.id == round).expect("still waiting");
    assert_eq!((row.adopted, row.answered, row.total), (2, 3, 17));

    // The change log, in Swedish, with the decision's fields named.
    let events = audit::for_document(db.store.conn(), doc.0).unwrap();
    let summaries: Vec<&str> = events.iter().map(|e| e.summary.as_str()).collect();
    assert!(
        summaries.contains(&"Antagande: Eda: antagen av kommunfullmäktige 2026-09-15"),
        "{summaries:?}"
    );
    assert!(
        summaries.contains(&"Antagande: Kil: ej antagen av kommunstyrelsen 2026-09-01"),
        "{summaries:?}"
    );

    // Undo takes the decision back whole.
    rounds::mark(&mut db.store, round, eda, &Mark::Undo).unwrap();
    let status = rounds::status(db.store.conn(), round, time::today()).unwrap();
    let eda_row = status
        .recipients
        .iter()
        .find(|r| r.party_id == eda)
        .unwrap();
    assert!(eda_row.adoption.is_none() && eda_row.received_on.is_none());
    assert_eq!(status.adopted, 1);
    assert_eq!(
        rounds::adoption(db.store.conn(), doc)
            .unwrap()
            .unwrap()
            .tally
            .text,
        "Antagen av 1 av 17"
    );
}

#[test]
fn when_every_party_has_adopted_the_register_says_so() {
    let mut db = TestDb::new();
    let (doc, round) = adoption_round(&mut db, "Överenskommelse om hälsosamtal");
    for p in parties::list(db.store.conn()).unwrap() {
        let body = if p.kind == "region" {
            "Regionfullmäktige"
        } else {
            "Kommunfullmäktige"
        };
        rounds::mark(
            &mut db.store,
            round,
            p.id,
            &decided(Outcome::Antagen, body, "2026-09-30", ""),
        )
        .unwrap();
    }
    let rows = register::list(
        db.store.conn(),
        &ListQuery {
            adoption: Some(AdoptionFilter::Alla),
            ..ListQuery::default()
        },
        time::today(),
    )
    .unwrap()
    .rows;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].id, doc);
    assert_eq!(
        rows[0].adoption.as_ref().map(|a| a.text.as_str()),
        Some("Antagen av 17 av 17")
    );
    let status = rounds::status(db.store.conn(), round, time::today()).unwrap();
    assert_eq!(status.answered, 17);
    let open = rounds::list(
        db.store.conn(),
        &rounds::RoundQuery::default(),
        time::today(),
    )
    .unwrap();
    assert!(
        open.rows.iter().all(|r| r.id != round),
        "a round where every party decided no longer waits"
    );
}

#[test]
fn bad_decisions_are_refused_in_swedish_and_nothing_is_stored() {
    let mut db = TestDb::new();
    let (doc, round) = adoption_round(&mut db, "Riktlinje för vård i livets slut");
    let (eda, region) = (party(&db, "Eda"), party(&db, "Region Värmland"));
    let refuse = |db: &mut TestDb, party: PartyId, mark: Mark, field: &str| -> String {
        let error = rounds::mark(&mut db.store, round, party, &mark).unwrap_err();
        field_message(&error, field)
    };
    let message = refuse(
        &mut db,
        eda,
        decided(Outcome::Antagen, "Regionfullmäktige", "2026-09-01", ""),
        "body",
    );
    assert!(
        message.contains("Eda") && message.contains("Kommunfullmäktige"),
        "a body of the wrong kind of party names the choices: {message}"
    );
    let message = refuse(
        &mut db,
        region,
        decided(Outcome::Antagen, "  ", "2026-09-01", ""),
        "body",
    );
    assert!(message.contains("Regionfullmäktige"), "{message}");
    let tomorrow = time::today().succ_opt().unwrap().to_string();
    let message = refuse(
        &mut db,
        eda,
        decided(Outcome::Antagen, "Kommunfullmäktige", &tomorrow, ""),
        "date",
    );
    assert!(message.contains("framtiden"), "{message}");
    let message = refuse(
        &mut db,
        eda,
        decided(
            Outcome::Antagen,
            "Kommunfullmäktige",
            "2026-09-01",
            "KS/1\r\nBcc: x@y.se",
        ),
        "their_diarienummer",
    );
    assert!(message.contains("en rad"), "{message}");
    let message = refuse(
        &mut db,
        eda,
        Mark::Received {
            on: date("2026-09-01"),
            position: None,
        },
        "outcome",
    );
    assert!(message.contains("antagen, ej antagen eller återremitterad"));
    let comment = comments::add(
        &mut db.store,
        round,
        eda,
        &CommentInput {
            section: "Övrigt".into(),
            text: "En synpunkt".into(),
            proposal: String::new(),
        },
    )
    .unwrap_err();
    assert!(
        comment.to_string().contains("synpunkter lämnas i remissen"),
        "{comment}"
    );
    let status = rounds::status(db.store.conn(), round, time::today()).unwrap();
    assert!(status.recipients.iter().all(|r| r.adoption.is_none()));
    assert!(rounds::mark(&mut db.store, round, eda, &Mark::Undo).is_err());

    // A remiss takes no decisions on adoption.
    let remiss = rounds::open(
        &mut db.store,
        doc,
        &RoundInput {
            kind: "remiss".into(),
            deadline: Some("2026-12-31".into()),
            ..RoundInput::default()
        },
    )
    .unwrap();
    let error = rounds::mark(
        &mut db.store,
        remiss,
        eda,
        &decided(Outcome::Antagen, "Kommunfullmäktige", "2026-09-01", ""),
    )
    .unwrap_err();
    assert!(field_message(&error, "outcome").contains("antagandeomgång"));
}

/// The working draft as the final document, a remiss Eda answered, and
/// addresses for Eda and the region.
fn ready_to_send(db: &mut TestDb, doc: DocumentId) -> std::path::PathBuf {
    let remiss = rounds::open(
        &mut db.store,
        doc,
        &RoundInput {
            kind: "remiss".into(),
            sent_date: Some("2026-01-10".into()),
            deadline: Some("2026-03-10".into()),
            ..RoundInput::default()
        },
    )
    .unwrap();
    let eda = party(db, "Eda");
    rounds::mark(
        &mut db.store,
        remiss,
        eda,
        &Mark::Received {
            on: date("2026-03-05"),
            position: Some("tillstyrker_med_synpunkter".into()),
        },
    )
    .unwrap();
    for (name, email) in [
        ("Eda", "kommun@eda.se"),
        ("Region Värmland", "region@regionvarmland.se"),
    ] {
        let p = party(db, name);
        parties::set_level_contact(&mut db.store, p, ContactLevel::Politisk, email, None).unwrap();
    }
    let final_document = db.dir.path().join("Slutlig riktlinje.docx");
    let content = generate::DraftContent::from_register(db.store.conn(), doc, "x").unwrap();
    std::fs::write(
        &final_document,
        generate::build(&content, "2026-05-01T00:00:00Z").unwrap(),
    )
    .unwrap();
    final_document
}

#[test]
fn the_adoption_package_has_the_final_document_the_missiv_and_a_forslag_per_party() {
    let mut db = TestDb::new();
    let (doc, round) = adoption_round(&mut db, "Riktlinje för rehabilitering");
    let final_document = ready_to_send(&mut db, doc);

    let refused = dispatch::plan(&db.store, round).unwrap_err();
    assert!(
        field_message(&refused, "draft").contains("arbetsversion"),
        "without a working draft there is no final document to send: {refused:?}"
    );
    record::attach(&mut db.store, doc, &final_document).unwrap();
    let plan = dispatch::plan(&db.store, round).unwrap();
    assert_eq!(
        plan.suggested_name,
        "Antagandepaket Riktlinje för rehabilitering.zip"
    );

    let out = db.dir.path().join("paket.zip");
    let dispatch = dispatch::export_package(&mut db.store, round, &out, &mut |_, _| {}).unwrap();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let mut read = |name: &str| -> Vec<u8> {
        let mut bytes = Vec::new();
        zip.by_name(name)
            .unwrap_or_else(|_| panic!("{name} should be in the package"))
            .read_to_end(&mut bytes)
            .unwrap();
        bytes
    };
    assert!(
        read("Slutlig riktlinje.docx") == std::fs::read(&final_document).unwrap(),
        "the final document byte for byte"
    );
    let missiv = read_docx(&read(
        "Missiv om antagande - Riktlinje för rehabilitering.docx",
    ));
    let text = missiv.to_string();
    for expected in [
        "Vid mötet den 8 maj 2026 gjorde Ordföranderådet ett ställningstagande",
        "senast den 31 oktober 2026",
        "diariet@regionvarmland.se",
        "RS/260201",
        "Sandra Nätt\\nEnhetschef Nya perspektiv\\nRegion Värmland, Nya perspektiv",
    ] {
        assert!(
            text.contains(expected),
            "the missiv says {expected:?}: {text}"
        );
    }
    let eda = read_docx(&read("Förslag till tjänsteskrivelse - Eda kommun.docx"));
    let text = eda.to_string();
    assert!(
        text.contains("Eda kommun lämnade remissvar på förslaget till Riktlinje för rehabilitering den 5 mars 2026: tillstyrker med synpunkter."),
        "Eda's förslag names Eda's own remiss answer: {text}"
    );
    let arvika = read_docx(&read("Förslag till tjänsteskrivelse - Arvika kommun.docx")).to_string();
    assert!(
        !arvika.contains("lämnade remissvar"),
        "Arvika gave no answer, so none is named"
    );
    let region = read_docx(&read(
        "Förslag till tjänsteskrivelse - Region Värmland.docx",
    ))
    .to_string();
    assert!(region.contains("regionfullmäktige"), "{region}");

    let forslag = dispatch
        .manifest
        .entries
        .iter()
        .filter(|e| e.path.starts_with("Förslag till tjänsteskrivelse - "))
        .count();
    assert_eq!(forslag, 17, "one förslag per party");
    assert!(
        dispatch
            .manifest
            .entries
            .iter()
            .all(|e| !e.path.starts_with("Svarsmall")),
        "an adoption round sends no svarsmall"
    );
    let mail = String::from_utf8(read("E-post/Eda.eml")).unwrap();
    assert!(mail.contains("Subject: =?UTF-8?"), "an encoded subject");
    let parsed = mail_parser::MessageParser::default()
        .parse(mail.as_bytes())
        .expect("the e-mail parses");
    assert_eq!(
        parsed.subject(),
        Some("Antagande: Riktlinje för rehabilitering – dnr RS/260201")
    );
    let body = parsed.body_text(0).expect("a text body");
    assert!(
        body.contains("Vi ber er fatta beslut om att anta ”Riktlinje för rehabilitering” senast den 31 oktober 2026")
            && body.contains("protokollsutdraget till diariet@regionvarmland.se med diarienummer RS/260201 i ämnesraden"),
        "{body}"
    );
    assert!(
        body.replace("\r\n", "\n")
            .contains("Med vänlig hälsning\nSandra Nätt\nEnhetschef Nya perspektiv\n"),
        "the signature has the contact's title under the name: {body}"
    );
    let names: Vec<String> = parsed
        .attachments()
        .filter_map(|a| a.attachment_name().map(str::to_owned))
        .collect();
    assert_eq!(
        names,
        vec![
            "Slutlig riktlinje.docx".to_owned(),
            "Missiv om antagande - Riktlinje för rehabilitering.docx".to_owned(),
            "Förslag till tjänsteskrivelse - Eda kommun.docx".to_owned(),
        ]
    );
    let events = audit::for_document(db.store.conn(), doc.0).unwrap();
    assert!(events
        .iter()
        .any(|e| e.summary.starts_with("Antagandepaket exporterat (")));
}

#[test]
fn reminders_ask_for_the_protokollsutdrag_and_carry_the_partys_forslag() {
    let mut db = TestDb::new();
    let (doc, round) = adoption_round(&mut db, "Riktlinje för trygghetslarm");
    let final_document = ready_to_send(&mut db, doc);
    record::attach(&mut db.store, doc, &final_document).unwrap();
    let region = party(&db, "Region Värmland");
    rounds::mark(
        &mut db.store,
        round,
        region,
        &decided(Outcome::Antagen, "Regionfullmäktige", "2026-09-20", ""),
    )
    .unwrap();
    let out = db.dir.path().join("påminnelser");
    let result = dispatch::remind(&mut db.store, round, &out).unwrap();
    assert_eq!(
        result.reminded,
        vec!["Eda".to_owned()],
        "only Eda has an address and no decision"
    );
    let mail = std::fs::read(out.join("Påminnelse - Eda.eml")).unwrap();
    let parsed = mail_parser::MessageParser::default()
        .parse(&mail[..])
        .unwrap();
    let body = parsed.body_text(0).unwrap();
    assert!(
        body.contains("ert protokollsutdrag med beslut om att anta Riktlinje för trygghetslarm"),
        "{body}"
    );
    let names: Vec<&str> = parsed
        .attachments()
        .filter_map(|a| a.attachment_name())
        .collect();
    assert!(
        names.contains(&"Förslag till tjänsteskrivelse - Eda kommun.docx"),
        "{names:?}"
    );
}

/// Takes a database written by this version back to the shape of schema
/// version 9 (before the adoption round): the rounds table with its old
/// CHECK, the recipients without the decision's columns, and none of what
/// migrations 0011–0015 add (0015's indexes and triggers back to their
/// earlier shapes).
fn back_to_version_9(path: &std::path::Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF;
         BEGIN;
         DROP TRIGGER round_recipients_waiting_on_insert;
         DROP TRIGGER round_recipients_waiting_on_delete;
         DROP TRIGGER round_recipients_waiting_on_update;
         CREATE TABLE rounds_old (
             id INTEGER PRIMARY KEY,
             version_id INTEGER NOT NULL REFERENCES document_versions (id),
             kind TEXT NOT NULL CHECK (kind IN ('remiss', 'synpunktsrunda')),
             subject TEXT NOT NULL CHECK (length(trim(subject)) > 0),
             sent_date TEXT, deadline TEXT NOT NULL,
             missiv_text TEXT NOT NULL DEFAULT '', reply_address TEXT NOT NULL DEFAULT '',
             diarienummer TEXT NOT NULL DEFAULT '', contact_name TEXT NOT NULL DEFAULT '',
             contact_email TEXT NOT NULL DEFAULT '', contact_phone TEXT NOT NULL DEFAULT '',
             created_at TEXT NOT NULL, actor TEXT NOT NULL,
             form_key TEXT, reapproved_on TEXT,
             CHECK (sent_date IS NULL OR deadline >= sent_date)
         ) STRICT;
         INSERT INTO rounds_old SELECT id, version_id, kind, subject, sent_date, deadline,
             missiv_text, reply_address, diarienummer, contact_name, contact_email,
             contact_phone, created_at, actor, form_key, reapproved_on FROM rounds;
         DROP TABLE rounds;
         ALTER TABLE rounds_old RENAME TO rounds;
         CREATE INDEX rounds_version ON rounds (version_id);
         CREATE UNIQUE INDEX rounds_form_key ON rounds (form_key);
         CREATE INDEX rounds_deadline ON rounds (deadline, id);
         DROP INDEX round_recipients_outcome;
         ALTER TABLE round_recipients DROP COLUMN outcome;
         ALTER TABLE round_recipients DROP COLUMN deciding_body;
         ALTER TABLE round_recipients DROP COLUMN decided_on;
         ALTER TABLE round_recipients DROP COLUMN their_diarienummer;
         DROP TABLE register_reviews;
         DROP INDEX round_recipients_party;
         DROP INDEX round_comments_party;
         DELETE FROM meta WHERE key = 'register_id';
         DROP TABLE saved_views;
         DROP TABLE attention_snoozes;
         ALTER TABLE retirements DROP COLUMN removed_on;
         DROP INDEX round_recipients_waiting;
         CREATE INDEX round_recipients_waiting ON round_recipients (round_id)
             WHERE received_on IS NULL AND declined_on IS NULL;
         DROP INDEX followups_version;
         CREATE INDEX followups_version ON followups (version_id);
         DROP INDEX implementation_mailings_version;
         CREATE INDEX implementation_mailings_version ON implementation_mailings (version_id);
         DROP INDEX implementation_sessions_version;
         CREATE INDEX implementation_sessions_version ON implementation_sessions (version_id);
         DROP TRIGGER current_versions_on_insert;
         DROP TRIGGER current_versions_on_update;
         DROP INDEX current_versions_watch;
         ALTER TABLE current_versions DROP COLUMN followup_interval_months;
         ALTER TABLE current_versions DROP COLUMN followup_owner;
         ALTER TABLE current_versions DROP COLUMN vida_link;
         CREATE TRIGGER current_versions_on_insert AFTER INSERT ON document_versions
         BEGIN
             DELETE FROM current_versions
             WHERE document_id = NEW.document_id AND version_no < NEW.version_no;
             INSERT OR IGNORE INTO current_versions (document_id, version_id, version_no,
                 doc_type, stage, valid_from, valid_to, updated_at, title_key, owner_key,
                 diarienummer_key)
             VALUES (NEW.document_id, NEW.id, NEW.version_no, NEW.doc_type, NEW.stage,
                 NEW.valid_from, NEW.valid_to, NEW.updated_at, sv_key(NEW.title),
                 sv_key(NEW.owner), sv_key(NEW.diarienummer));
         END;
         CREATE TRIGGER current_versions_on_update AFTER UPDATE ON document_versions
         BEGIN
             UPDATE current_versions
             SET doc_type = NEW.doc_type, stage = NEW.stage, valid_from = NEW.valid_from,
                 valid_to = NEW.valid_to, updated_at = NEW.updated_at,
                 title_key = sv_key(NEW.title), owner_key = sv_key(NEW.owner),
                 diarienummer_key = sv_key(NEW.diarienummer)
             WHERE version_id = NEW.id;
         END;
         PRAGMA user_version = 9;
         COMMIT;",
    )
    .unwrap();
}

fn counts(conn: &rusqlite::Connection) -> Vec<(String, i64)> {
    [
        "rounds",
        "round_recipients",
        "round_reminders",
        "round_answer_files",
        "round_dispatches",
        "round_comments",
        "comment_decisions",
        "resolutions",
    ]
    .iter()
    .map(|t| {
        let n: i64 = conn
            .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
            .unwrap();
        ((*t).to_owned(), n)
    })
    .collect()
}

#[test]
fn a_register_from_before_the_adoption_round_upgrades_without_losing_a_row() {
    let mut db = TestDb::new();
    let doc = db.add("Riktlinje för förflyttning");
    let round = rounds::open(
        &mut db.store,
        doc,
        &RoundInput {
            kind: "remiss".into(),
            sent_date: Some("2026-01-10".into()),
            deadline: Some("2026-03-10".into()),
            ..RoundInput::default()
        },
    )
    .unwrap();
    let eda = party(&db, "Eda");
    rounds::mark(
        &mut db.store,
        round,
        eda,
        &Mark::Received {
            on: date("2026-03-01"),
            position: Some("avstyrker".into()),
        },
    )
    .unwrap();
    let kil = party(&db, "Kil");
    rounds::mark(
        &mut db.store,
        round,
        kil,
        &Mark::Reminded(date("2026-03-11")),
    )
    .unwrap();
    let note = db.dir.path().join("yttrande.pdf");
    std::fs::write(&note, b"%PDF-1.4 yttrande").unwrap();
    rounds::attach_answer_file(&mut db.store, round, eda, &note).unwrap();
    let comment = comments::add(
        &mut db.store,
        round,
        eda,
        &CommentInput {
            section: "Övrigt".into(),
            text: "Förtydliga ansvaret.".into(),
            proposal: String::new(),
        },
    )
    .unwrap();
    comments::decide(
        &mut db.store,
        &[comment],
        &comments::DecisionInput {
            disposition: "beaktad".into(),
            ..Default::default()
        },
    )
    .unwrap();
    resolutions::record(&mut db.store, doc, &resolution(true)).unwrap();
    let path = db.path();
    let before = counts(db.store.conn());
    drop(db.store);

    back_to_version_9(&path);
    let old = rusqlite::Connection::open(&path).unwrap();
    assert_eq!(counts(&old), before, "the step back keeps every row");
    drop(old);

    let mut store = Store::open(&path).expect("a version 9 register opens and upgrades");
    assert_eq!(
        counts(store.conn()),
        before,
        "the rebuild of rounds cascades to nothing"
    );
    let fk: Option<String> = store
        .conn()
        .query_row("PRAGMA foreign_key_check", [], |r| r.get(0))
        .ok();
    assert_eq!(fk, None, "every reference points at the new rounds table");
    let on: bool = store
        .conn()
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert!(on, "foreign keys are on again after migrating");
    // Migration 0015 fills current_versions' copy of the follow-up plan
    // and the Vida link and each round's count of waiting parties, and its
    // triggers keep them.
    crate::support::assert_mirrors_agree(store.conn());
    store
        .conn()
        .execute(
            "UPDATE document_versions SET vida_link = 'https://vida.example/1',
                 followup_owner = 'Socialchefsnätverket', followup_interval_months = 24",
            [],
        )
        .unwrap();
    crate::support::assert_mirrors_agree(store.conn());
    let status = rounds::status(store.conn(), round, time::today()).unwrap();
    let eda_row = status
        .recipients
        .iter()
        .find(|r| r.party_id == eda)
        .unwrap();
    assert_eq!(eda_row.position_name.as_deref(), Some("Avstyrker"));
    assert_eq!(eda_row.files.len(), 1);
    assert_eq!(comments::list(store.conn(), round).unwrap().len(), 1);
    store.set_actor("testare");
    let adoption = rounds::open(&mut store, doc, &adoption_input())
        .expect("the upgraded register takes an adoption round");
    let status = rounds::status(store.conn(), adoption, time::today()).unwrap();
    assert_eq!(status.round.kind_name, "Antagande");
    crate::support::assert_mirrors_agree(store.conn());
}
