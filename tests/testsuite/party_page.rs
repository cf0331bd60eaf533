//! A party's page: every round it was sent and how it answered, in time,
//! late (by how many days), not at all, declined or still waiting; its
//! comments with their decisions; the documents it adopted — and nothing
//! of another party's.

use chrono::{Days, NaiveDate};
use samdok::comments::{self, CommentInput, DecisionInput};
use samdok::party_page::{self, Answered};
use samdok::resolutions::{self, ResolutionInput};
use samdok::rounds::{self, AdoptionDecision, Mark, Outcome, RoundId, RoundInput};
use samdok::{parties, time, DocumentId};

use crate::support::TestDb;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a valid test date")
}

fn round(db: &mut TestDb, doc: DocumentId, sent: Option<&str>, deadline: &str) -> RoundId {
    rounds::open(
        &mut db.store,
        doc,
        &RoundInput {
            kind: "remiss".into(),
            sent_date: sent.map(str::to_owned),
            deadline: Some(deadline.into()),
            ..RoundInput::default()
        },
    )
    .expect("a valid round")
}

#[test]
fn a_partys_page_tells_how_it_answered_commented_and_adopted() {
    let mut db = TestDb::new();
    let eda = parties::find(db.store.conn(), "Eda").unwrap().id;
    let kil = parties::find(db.store.conn(), "Kil").unwrap().id;
    let future = (time::today() + Days::new(30)).to_string();

    let in_time_doc = db.add("Riktlinje för trygg hemgång");
    let in_time = round(&mut db, in_time_doc, Some("2026-01-10"), "2026-03-01");
    rounds::mark(
        &mut db.store,
        in_time,
        eda,
        &Mark::Received {
            on: date("2026-03-01"),
            position: Some("tillstyrker_med_synpunkter".into()),
        },
    )
    .unwrap();
    let comment = comments::add(
        &mut db.store,
        in_time,
        eda,
        &CommentInput {
            section: "Övrigt".into(),
            text: "Förtydliga ansvaret vid utskrivning.".into(),
            proposal: "Lägg till ett stycke.".into(),
        },
    )
    .unwrap();
    comments::decide(
        &mut db.store,
        &[comment],
        &DecisionInput {
            disposition: "delvis_beaktad".into(),
            motivation: "Delvis inarbetat i avsnitt 4.".into(),
            significant: false,
        },
    )
    .unwrap();
    comments::add(
        &mut db.store,
        in_time,
        kil,
        &CommentInput {
            section: "Övrigt".into(),
            text: "Kils egen synpunkt.".into(),
            proposal: String::new(),
        },
    )
    .unwrap();

    let late_doc = db.add("Avtal om läkemedel");
    let late = round(&mut db, late_doc, Some("2026-01-10"), "2026-03-01");
    rounds::mark(
        &mut db.store,
        late,
        eda,
        &Mark::Received {
            on: date("2026-03-05"),
            position: None,
        },
    )
    .unwrap();
    let silent_doc = db.add("Rutin för tandvård");
    round(&mut db, silent_doc, Some("2026-01-10"), "2026-02-01");
    let waiting_doc = db.add("Handlingsplan för barn");
    round(&mut db, waiting_doc, Some("2026-01-10"), &future);
    let declined_doc = db.add("Vägledning om hjälpmedel");
    let declined = round(&mut db, declined_doc, Some("2026-01-10"), "2026-02-15");
    rounds::mark(
        &mut db.store,
        declined,
        eda,
        &Mark::Declined(date("2026-02-01")),
    )
    .unwrap();
    let prepared_doc = db.add("Överenskommelse under förberedelse");
    round(&mut db, prepared_doc, None, &future);

    resolutions::record(
        &mut db.store,
        in_time_doc,
        &ResolutionInput {
            forum: "Värmlandsrådet".into(),
            meeting_date: "2026-04-01".into(),
            text: "Parterna rekommenderas att anta riktlinjen.".into(),
            recommends_adoption: true,
        },
    )
    .unwrap();
    let adoption = rounds::open(
        &mut db.store,
        in_time_doc,
        &RoundInput {
            kind: "antagande".into(),
            sent_date: Some("2026-04-10".into()),
            deadline: Some("2026-09-30".into()),
            ..RoundInput::default()
        },
    )
    .unwrap();
    rounds::mark(
        &mut db.store,
        adoption,
        eda,
        &Mark::Decided(AdoptionDecision {
            outcome: Outcome::Antagen,
            body: "Kommunfullmäktige".into(),
            on: date("2026-06-15"),
            their_diarienummer: "KS/2026:12".into(),
        }),
    )
    .unwrap();

    let page = party_page::page(db.store.conn(), eda, time::today()).unwrap();
    assert_eq!(page.party.name, "Eda");
    let answered = |doc: DocumentId| -> Vec<Answered> {
        page.rounds
            .iter()
            .filter(|r| r.document_id == doc)
            .map(|r| r.answered)
            .collect()
    };
    assert_eq!(
        answered(in_time_doc),
        vec![Answered::InTime, Answered::InTime],
        "the remiss on its last day, and the adoption before the deadline"
    );
    assert_eq!(answered(late_doc), vec![Answered::Late]);
    assert_eq!(answered(silent_doc), vec![Answered::NotAtAll]);
    assert_eq!(answered(waiting_doc), vec![Answered::Waiting]);
    assert_eq!(answered(declined_doc), vec![Answered::Declined]);
    assert_eq!(answered(prepared_doc), vec![Answered::NotSent]);
    let late_row = page.rounds.iter().find(|r| r.round_id == late).unwrap();
    assert_eq!(late_row.days_late, Some(4));
    assert_eq!(late_row.answered_name, "Svarade sent");
    let adoption_row = page.rounds.iter().find(|r| r.round_id == adoption).unwrap();
    assert_eq!(
        adoption_row.position_name.as_deref(),
        Some("Antagen 2026-06-15")
    );
    assert_eq!(
        page.tally_text,
        "Svarade i tid på 2 av 5 rundor, sent på 1, avstod från 1, svarade inte på 1. 1 runda väntar på svar."
    );

    assert_eq!(page.comments.len(), 1, "Eda's comment only, not Kil's");
    let c = &page.comments[0];
    assert_eq!(c.disposition_name, "Delvis beaktad");
    assert_eq!(c.motivation, "Delvis inarbetat i avsnitt 4.");
    assert_eq!(c.document_title, "Riktlinje för trygg hemgång");

    assert_eq!(page.adopted.len(), 1);
    assert_eq!(page.adopted[0].document_id, in_time_doc);
    assert_eq!(page.adopted[0].their_diarienummer, "KS/2026:12");

    let kil_page = party_page::page(db.store.conn(), kil, time::today()).unwrap();
    assert!(kil_page.adopted.is_empty());
    assert_eq!(kil_page.comments.len(), 1);
}
