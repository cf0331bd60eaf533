//! The ställningstagande: recorded and listed, refused while a significant
//! change waits for the networks' approval, bad input refused at its field,
//! the document's stage moved on, and the change log in Swedish.

use samdok::audit;
use samdok::comments::{self, CommentInput, DecisionInput};
use samdok::parties;
use samdok::register::{self, lifecycle};
use samdok::resolutions::{self, ResolutionInput};
use samdok::rounds::{self, RoundInput};
use samdok::{time, DocumentId, Error};

use crate::support::TestDb;

/// Ordföranderådet's ställningstagande of 8 May 2025 (seed 004), as pasted
/// from the minutes: numbered points whose lines wrap.
const SEED_TEXT: &str = "1. Ordföranderådet ställer sig bakom förslag till Politiskt
inriktningsdokument 2025–2028 – Värmlands samverkan inom
välfärd samt uppmanar samtliga ingående parter fatta beslut om
fastställande och åtagande att arbeta i enlighet med politiska
inriktningsdokumentet.

2. Nya perspektiv ansvarar för utskick av Politiskt
inriktningsdokument 2025–2028 – Värmlands samverkan inom
välfärd med tillhörande missiv och förslag till tjänsteskrivelse till
samtliga parter.";

fn seed_input() -> ResolutionInput {
    ResolutionInput {
        forum: "Ordföranderådet".into(),
        meeting_date: "2025-05-08".into(),
        text: SEED_TEXT.into(),
        recommends_adoption: true,
    }
}

fn stage(db: &TestDb, doc: DocumentId) -> String {
    register::current_version(db.store.conn(), doc)
        .expect("the document exists")
        .stage
}

#[test]
fn a_stallningstagande_is_recorded_listed_and_moves_the_document_to_its_stage() {
    let mut db = TestDb::new();
    let doc = db.add("Politiskt inriktningsdokument 2025–2028");
    assert_ne!(stage(&db, doc), "stallningstagande");
    let id = resolutions::record(&mut db.store, doc, &seed_input()).expect("a valid one is stored");
    let listed = resolutions::list(db.store.conn(), doc).unwrap();
    assert_eq!(listed.len(), 1, "the one recorded should be listed");
    let r = &listed[0];
    assert_eq!(r.id, id);
    assert_eq!(r.forum, "Ordföranderådet");
    assert_eq!(r.meeting_date.to_string(), "2025-05-08");
    assert!(r.recommends_adoption);
    assert_eq!(r.points.len(), 2, "two numbered points: {:?}", r.points);
    assert!(
        r.points[0].starts_with("Ordföranderådet ställer sig bakom")
            && r.points[0].ends_with("politiska inriktningsdokumentet."),
        "the first point is whole, wrapped lines joined, number gone: {:?}",
        r.points[0]
    );
    assert!(r.points[1].starts_with("Nya perspektiv ansvarar"));
    assert_eq!(
        stage(&db, doc),
        "stallningstagande",
        "recording it should move the document to Ställningstagande och beslut"
    );
    let history = lifecycle::history(db.store.conn(), doc).unwrap();
    let change = history
        .iter()
        .find(|c| c.to_stage == "stallningstagande")
        .expect("the stage change is in the history");
    assert_eq!(
        change.on_date,
        time::today(),
        "the move is never dated before the version's latest move (created today)"
    );
    assert_eq!(change.comment, "Ställningstagande i Ordföranderådet");

    // A later stage is kept.
    register::lifecycle::set_stage(&mut db.store, doc, "implementering", "", None).unwrap();
    let mut again = seed_input();
    again.forum = "värmlandsrådet".into();
    again.text = "Ställer sig bakom".into();
    again.recommends_adoption = false;
    resolutions::record(&mut db.store, doc, &again).unwrap();
    assert_eq!(
        stage(&db, doc),
        "implementering",
        "a document further on keeps its stage"
    );
    let listed = resolutions::list(db.store.conn(), doc).unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(
        listed[1].forum, "Ordföranderådet",
        "the latest meeting is listed first"
    );
    assert_eq!(
        listed[0].forum, "Värmlandsrådet",
        "the forum is named as in the data"
    );

    resolutions::remove(&mut db.store, listed[0].id).unwrap();
    assert_eq!(resolutions::list(db.store.conn(), doc).unwrap().len(), 1);
    assert!(matches!(
        resolutions::list(db.store.conn(), DocumentId(999)),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn a_stallningstagande_is_refused_while_a_significant_change_awaits_the_networks() {
    let mut db = TestDb::new();
    let doc = db.add("Riktlinje för hjälpmedel");
    let round = rounds::open(
        &mut db.store,
        doc,
        &RoundInput {
            kind: "remiss".into(),
            sent_date: Some("2025-02-01".into()),
            deadline: Some("2025-03-15".into()),
            ..RoundInput::default()
        },
    )
    .expect("a round opens");
    let arvika = parties::find(db.store.conn(), "Arvika").unwrap().id;
    let comment = comments::add(
        &mut db.store,
        round,
        arvika,
        &CommentInput {
            section: "Innehåll".into(),
            text: "En ny rutin behövs.".into(),
            proposal: String::new(),
        },
    )
    .unwrap();
    comments::decide(
        &mut db.store,
        &[comment],
        &DecisionInput {
            disposition: "beaktad".into(),
            motivation: String::new(),
            significant: true,
        },
    )
    .unwrap();
    let before = stage(&db, doc);

    let err = resolutions::record(&mut db.store, doc, &seed_input())
        .expect_err("refused while the networks have not approved the change");
    let message = err.to_string();
    assert!(
        message.contains("godkännas på nytt i nätverken")
            && message.contains("Godkänt på nytt i nätverken"),
        "the message says why and what to do: {message}"
    );
    assert!(
        resolutions::list(db.store.conn(), doc).unwrap().is_empty(),
        "nothing is stored"
    );
    assert_eq!(stage(&db, doc), before, "the stage is unchanged");

    rounds::record_reapproval(&mut db.store, round, Some(time::today())).unwrap();
    resolutions::record(&mut db.store, doc, &seed_input())
        .expect("accepted once the networks have approved it again");
    assert_eq!(resolutions::list(db.store.conn(), doc).unwrap().len(), 1);
}

#[test]
fn bad_forum_future_date_and_empty_points_are_refused_at_their_fields() {
    let mut db = TestDb::new();
    let doc = db.add("Riktlinje för hjälpmedel");
    let tomorrow = time::today().succ_opt().unwrap().to_string();
    let err = resolutions::record(
        &mut db.store,
        doc,
        &ResolutionInput {
            forum: "Kommunfullmäktige".into(),
            meeting_date: tomorrow,
            text: " \n1. \n".into(),
            recommends_adoption: true,
        },
    )
    .expect_err("three bad fields are refused");
    let fields: Vec<&str> = err
        .field_errors()
        .iter()
        .map(|f| f.field.as_str())
        .collect();
    assert_eq!(
        fields,
        ["forum", "meeting_date", "text"],
        "each bad field is named: {err}"
    );
    let forum = &err.field_errors()[0].message;
    assert!(
        forum.contains("Kommunfullmäktige") && forum.contains("Ordföranderådet"),
        "the forum message names the input and the forums to choose from: {forum}"
    );
    assert!(err.field_errors()[1].message.contains("framtiden"));
    let mut blank = seed_input();
    blank.forum = " ".into();
    let err = resolutions::record(&mut db.store, doc, &blank).expect_err("no forum is refused");
    assert_eq!(
        (err.field_errors()[0].field.as_str(), err.to_string()),
        ("forum", "Välj forumet som tog ställning.".to_owned()),
        "a blank forum asks for one"
    );
    for (date, what) in [("", "Ange mötesdatum"), ("8 maj", "giltigt datum")] {
        let mut input = seed_input();
        input.meeting_date = date.into();
        let err = resolutions::record(&mut db.store, doc, &input).expect_err("refused");
        assert_eq!(err.field_errors()[0].field, "meeting_date");
        assert!(err.to_string().contains(what), "{err}");
    }
    assert!(resolutions::list(db.store.conn(), doc).unwrap().is_empty());
}

#[test]
fn the_change_log_names_every_resolution_event_in_swedish() {
    let mut db = TestDb::new();
    let doc = db.add("Riktlinje för hjälpmedel");
    let id = resolutions::record(&mut db.store, doc, &seed_input()).unwrap();
    resolutions::remove(&mut db.store, id).unwrap();
    let mut events = audit::for_document(db.store.conn(), doc.0).unwrap();
    audit::describe_all(&mut events, &audit::Names::default());
    let recorded = events
        .iter()
        .find(|e| e.action == "resolution_recorded")
        .expect("the recording is in the log");
    let labels: Vec<&str> = recorded.changes.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Forum",
            "Mötesdatum",
            "Beslut",
            "Alla parter rekommenderas att anta"
        ],
        "every stored key has a Swedish label"
    );
    let points = &recorded.changes[2].after;
    assert!(
        points.starts_with("1. Ordföranderådet ställer sig bakom")
            && points.contains(" 2. Nya perspektiv ansvarar"),
        "the change log numbers the points as the forum did: {points}"
    );
    let adoption = &recorded.changes[3];
    assert_eq!(adoption.after, "Ja");
    for e in events
        .iter()
        .filter(|e| e.action.starts_with("resolution_") || e.action == "stage_changed")
    {
        assert!(!e.changes.is_empty(), "{} shows its changes", e.action);
        for c in &e.changes {
            assert_ne!(
                c.label, "Övrig uppgift",
                "{}: {} has a label",
                e.action, c.field
            );
        }
    }
}

#[test]
fn the_move_to_the_stage_is_dated_by_the_meeting_when_the_history_allows() {
    let mut db = TestDb::new();
    let march = chrono::NaiveDate::from_ymd_opt(2025, 3, 1)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("a valid moment");
    let doc = time::as_of(march, || db.add("Politiskt inriktningsdokument 2025–2028"));
    resolutions::record(&mut db.store, doc, &seed_input()).unwrap();
    let history = lifecycle::history(db.store.conn(), doc).unwrap();
    assert_eq!(
        history[0].to_stage, "stallningstagande",
        "the newest move comes first"
    );
    assert_eq!(
        history[0].on_date.to_string(),
        "2025-05-08",
        "the move is dated by the meeting"
    );
}
