//! Comments on a round's answers and the decisions on them: by hand,
//! shared decisions, the rules of a decision, the networks' re-approval,
//! the change log, and the compilation assembled from them.

use samdok::audit;
use samdok::comments::{self, CommentId, CommentInput, DecisionInput, Disposition};
use samdok::export::compile;
use samdok::parties::{self, PartyId};
use samdok::rounds::{self, Mark, RoundId, RoundInput};
use samdok::{time, Error};

use crate::support::TestDb;

fn round(db: &mut TestDb) -> RoundId {
    let doc = db.add("Riktlinje för hjälpmedel");
    rounds::open(
        &mut db.store,
        doc,
        &RoundInput {
            kind: "remiss".into(),
            sent_date: Some("2026-09-01".into()),
            deadline: Some("2026-10-15".into()),
            ..RoundInput::default()
        },
    )
    .expect("a round opens")
}

fn party(db: &TestDb, name: &str) -> PartyId {
    parties::find(db.store.conn(), name)
        .expect("a party of the 17")
        .id
}

fn add(db: &mut TestDb, round: RoundId, who: &str, section: &str, text: &str) -> CommentId {
    let p = party(db, who);
    comments::add(
        &mut db.store,
        round,
        p,
        &CommentInput {
            section: section.into(),
            text: text.into(),
            proposal: String::new(),
        },
    )
    .expect("a valid comment is stored")
}

fn decide(disposition: &str, motivation: &str, significant: bool) -> DecisionInput {
    DecisionInput {
        disposition: disposition.into(),
        motivation: motivation.into(),
        significant,
    }
}

#[test]
fn a_comment_by_hand_keeps_its_text_and_finds_its_section() {
    let mut db = TestDb::new();
    let r = round(&mut db);
    let text = "Skriv <tydligare> om «ansvar» & kostnader.\r\nAndra raden: åäö 🙂";
    let p = party(&db, "Eda");
    let id = comments::add(
        &mut db.store,
        r,
        p,
        &CommentInput {
            section: " 5. ansvarsfördelning: ".into(),
            text: text.into(),
            proposal: "Lägg till en tabell.".into(),
        },
    )
    .unwrap();
    let c = comments::get(db.store.conn(), id).unwrap();
    assert_eq!(
        c.section, "Ansvarsfördelning",
        "the written heading should match the template's"
    );
    assert_eq!(
        c.text, "Skriv <tydligare> om «ansvar» & kostnader.\nAndra raden: åäö 🙂",
        "the text should be kept whole, with CR LF made one line break"
    );
    assert_eq!(c.party_name, "Eda");
    assert!(!c.from_form, "entered by hand");
    assert!(c.decision.is_none());
}

#[test]
fn a_comment_needs_text_and_a_recipient_party() {
    let mut db = TestDb::new();
    let doc = db.add("Avtal");
    let eda = party(&db, "Eda");
    let arvika = party(&db, "Arvika");
    let r = rounds::open(
        &mut db.store,
        doc,
        &RoundInput {
            kind: "synpunktsrunda".into(),
            deadline: Some("2026-12-01".into()),
            parties: Some(vec![eda]),
            ..RoundInput::default()
        },
    )
    .unwrap();
    let empty = comments::add(
        &mut db.store,
        r,
        eda,
        &CommentInput {
            section: "Syfte".into(),
            text: "   ".into(),
            proposal: "\n".into(),
        },
    )
    .expect_err("an empty comment should be refused");
    assert_eq!(empty.field_errors()[0].field, "text");
    let outsider = comments::add(
        &mut db.store,
        r,
        arvika,
        &CommentInput {
            section: "Syfte".into(),
            text: "Synpunkt".into(),
            proposal: String::new(),
        },
    )
    .expect_err("a party that is not a recipient should be refused");
    assert!(
        outsider.field_errors()[0]
            .message
            .contains("inte mottagare"),
        "the message should say the party is not a recipient: {outsider}"
    );
    assert!(
        comments::list(db.store.conn(), r).unwrap().is_empty(),
        "nothing stored"
    );
}

#[test]
fn the_same_point_from_several_parties_is_decided_once() {
    let mut db = TestDb::new();
    let r = round(&mut db);
    let a = add(&mut db, r, "Arvika", "Syfte", "Syftet är otydligt.");
    let b = add(&mut db, r, "Kil", "Syfte", "Syftet behöver förtydligas.");
    let c = add(&mut db, r, "Eda", "Mål", "Målen saknar mått.");
    comments::decide(
        &mut db.store,
        &[a, b],
        &decide("delvis", "Syftet förtydligas i avsnitt 1.", true),
    )
    .unwrap();
    let list = comments::list(db.store.conn(), r).unwrap();
    let get = |id: CommentId| list.iter().find(|x| x.id == id).unwrap();
    let (da, db_) = (
        get(a).decision.clone().unwrap(),
        get(b).decision.clone().unwrap(),
    );
    assert_eq!(da.id, db_.id, "one decision for both");
    assert_eq!(da.comment_ids, vec![a, b]);
    assert_eq!(da.disposition, Disposition::DelvisBeaktad);
    assert_eq!(da.disposition_name, "Delvis beaktad");
    assert!(get(c).decision.is_none());
    let p = comments::progress(&list);
    assert_eq!(p.text, "2 av 3 synpunkter hanterade (66 %)");
    assert_eq!(p.significant, 2);

    // Deciding one of them alone takes it out of the shared decision.
    comments::decide(&mut db.store, &[b], &decide("beaktad", "", false)).unwrap();
    let list = comments::list(db.store.conn(), r).unwrap();
    let get = |id: CommentId| list.iter().find(|x| x.id == id).unwrap();
    assert_eq!(get(a).decision.as_ref().unwrap().comment_ids, vec![a]);
    assert_eq!(
        get(b).decision.as_ref().unwrap().disposition,
        Disposition::Beaktad
    );
    let decisions: i64 = db
        .store
        .conn()
        .query_row("SELECT count(*) FROM comment_decisions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(decisions, 2, "no decision is left without comments");

    comments::undecide(&mut db.store, &[a]).unwrap();
    let decisions: i64 = db
        .store
        .conn()
        .query_row("SELECT count(*) FROM comment_decisions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        decisions, 1,
        "the decision taken off its only comment is gone"
    );
}

#[test]
fn a_decision_breaking_the_rules_is_refused_at_its_field_and_changes_nothing() {
    let mut db = TestDb::new();
    let r = round(&mut db);
    let a = add(&mut db, r, "Arvika", "Syfte", "Text");
    for (input, field) in [
        (decide("ej-beaktad", " ", false), "motivation"),
        (decide("delvis", "", false), "motivation"),
        (decide("noterad", "", true), "significant"),
        (decide("kanske", "", false), "disposition"),
    ] {
        let err = comments::decide(&mut db.store, &[a], &input)
            .expect_err("the decision should be refused");
        assert_eq!(err.field_errors()[0].field, field, "{err}");
    }
    let other = round(&mut db);
    let b = add(&mut db, other, "Kil", "Syfte", "Text");
    let err = comments::decide(&mut db.store, &[a, b], &decide("beaktad", "", false))
        .expect_err("comments of two rounds cannot share a decision");
    assert!(
        err.field_errors()[0].message.contains("olika rundor"),
        "{err}"
    );
    assert!(matches!(
        comments::decide(
            &mut db.store,
            &[CommentId(999)],
            &decide("beaktad", "", false)
        ),
        Err(Error::NotFound { .. })
    ));
    assert!(comments::get(db.store.conn(), a)
        .unwrap()
        .decision
        .is_none());
}

#[test]
fn an_accepted_significant_change_flags_the_document_until_the_networks_approve_it() {
    let mut db = TestDb::new();
    let r = round(&mut db);
    let doc = rounds::get(db.store.conn(), r).unwrap().document_id;
    let a = add(&mut db, r, "Arvika", "Innehåll", "Ny rutin behövs.");
    comments::decide(&mut db.store, &[a], &decide("beaktad", "", false)).unwrap();
    assert!(
        comments::reapprovals(db.store.conn(), doc)
            .unwrap()
            .is_empty(),
        "not significant"
    );
    comments::decide(&mut db.store, &[a], &decide("beaktad", "", true)).unwrap();
    let flagged = comments::reapprovals(db.store.conn(), doc).unwrap();
    assert_eq!(flagged.len(), 1);
    assert!(
        flagged[0].message.contains("godkännas på nytt i nätverken"),
        "{}",
        flagged[0].message
    );
    rounds::record_reapproval(&mut db.store, r, Some(time::today())).unwrap();
    assert!(
        comments::reapprovals(db.store.conn(), doc)
            .unwrap()
            .is_empty(),
        "approved again"
    );
    rounds::record_reapproval(&mut db.store, r, None).unwrap();
    assert_eq!(
        comments::reapprovals(db.store.conn(), doc).unwrap().len(),
        1,
        "taken back"
    );
    let future = time::today().succ_opt().unwrap();
    assert!(rounds::record_reapproval(&mut db.store, r, Some(future)).is_err());
}

#[test]
fn the_change_log_names_every_comment_event_in_swedish() {
    let mut db = TestDb::new();
    let r = round(&mut db);
    let doc = rounds::get(db.store.conn(), r).unwrap().document_id;
    let a = add(&mut db, r, "Arvika", "Syfte", "Text ett");
    comments::edit(
        &mut db.store,
        a,
        &CommentInput {
            section: "Mål".into(),
            text: "Text två".into(),
            proposal: String::new(),
        },
    )
    .unwrap();
    comments::decide(
        &mut db.store,
        &[a],
        &decide("ej_beaktad", "Ligger utanför.", false),
    )
    .unwrap();
    comments::undecide(&mut db.store, &[a]).unwrap();
    comments::remove(&mut db.store, a).unwrap();
    let mut events = audit::for_document(db.store.conn(), doc.0).unwrap();
    let names = audit::Names::default();
    audit::describe_all(&mut events, &names);
    let actions: Vec<&str> = events.iter().map(|e| e.action.as_str()).collect();
    for action in [
        "comment_added",
        "comment_edited",
        "comment_decided",
        "comment_undecided",
        "comment_removed",
    ] {
        assert!(
            actions.contains(&action),
            "{action} should be in the log: {actions:?}"
        );
    }
    for e in events.iter().filter(|e| e.action.starts_with("comment_")) {
        assert!(
            !e.changes.is_empty() || e.action == "comment_removed",
            "{} shows changes",
            e.action
        );
        for c in &e.changes {
            assert_ne!(
                c.label, "Övrig uppgift",
                "every field has a label: {}",
                c.field
            );
        }
    }
    let decided = events
        .iter()
        .find(|e| e.action == "comment_decided")
        .unwrap();
    assert!(
        decided
            .changes
            .iter()
            .any(|c| c.label == "Ställningstagande" && c.after == "Ej beaktad"),
        "the disposition shows by name: {:?}",
        decided.changes
    );
}

#[test]
fn the_compilation_lists_every_party_and_numbers_comments_by_section() {
    let mut db = TestDb::new();
    let r = round(&mut db);
    let (arvika, eda, kil) = (party(&db, "Arvika"), party(&db, "Eda"), party(&db, "Kil"));
    let on = time::parse_date("d", "d", Some("2026-10-01"))
        .unwrap()
        .unwrap();
    rounds::mark(
        &mut db.store,
        r,
        kil,
        &Mark::Received {
            on,
            position: Some("tillstyrker_med_synpunkter".into()),
        },
    )
    .unwrap();
    rounds::mark(&mut db.store, r, eda, &Mark::Declined(on)).unwrap();
    let _ = arvika;
    let o = add(&mut db, r, "Kil", "", "Allmänt bra.");
    let m = add(&mut db, r, "Kil", "Mål", "Mät målen.");
    let s1 = add(&mut db, r, "Kil", "Syfte", "Förtydliga.");
    let s2 = add(&mut db, r, "Arvika", "Syfte", "Förtydliga syftet.");
    let own = add(&mut db, r, "Arvika", "Bilaga 2", "Bilagan saknas.");
    comments::decide(&mut db.store, &[s1, s2], &decide("beaktad", "", true)).unwrap();
    let c = compile::compilation(db.store.conn(), r).unwrap();
    assert_eq!(c.parties.len(), 17, "every recipient is listed");
    let status = |name: &str| {
        c.parties
            .iter()
            .find(|p| p.party == name)
            .map(|p| (p.status_name.as_str(), p.position_name.clone(), p.comments))
            .unwrap()
    };
    assert_eq!(
        status("Kil"),
        (
            "Svar inkommet",
            Some("Tillstyrker med synpunkter".into()),
            3
        )
    );
    assert_eq!(status("Eda"), ("Avstår", None, 0));
    assert_eq!(status("Arvika"), ("Inget svar", None, 2));
    let order: Vec<(&str, Vec<usize>)> = c
        .sections
        .iter()
        .map(|s| {
            (
                s.section.as_str(),
                s.comments.iter().map(|x| x.nr).collect(),
            )
        })
        .collect();
    assert_eq!(
        order,
        vec![
            ("Syfte", vec![1, 2]),
            ("Mål", vec![3]),
            ("Bilaga 2", vec![4]),
            ("Övrigt", vec![5]),
        ],
        "template order, then the parties' own sections, Övrigt last; numbered as shown"
    );
    let syfte = &c.sections[0].comments;
    assert_eq!(
        syfte[0].party, "Arvika",
        "parties in the guideline's order within a section"
    );
    assert_eq!(syfte[0].decided_with, vec![2]);
    assert_eq!(syfte[1].decided_with, vec![1]);
    assert_eq!(syfte[0].disposition_name.as_deref(), Some("Beaktad"));
    assert!(syfte[0].significant);
    assert_eq!((c.total, c.handled, c.significant), (5, 2, 2));
    let _ = (o, m, own);
}

#[test]
fn the_compilation_from_the_register_is_read_back_whole_and_sent_to_those_who_answered() {
    use samdok::parties::ContactLevel;
    let mut db = TestDb::new();
    let r = round(&mut db);
    let (kil, eda, arjang) = (party(&db, "Kil"), party(&db, "Eda"), party(&db, "Årjäng"));
    for (p, email) in [(kil, "kommun@kil.se"), (arjang, "kommun@arjang.se")] {
        parties::set_level_contact(&mut db.store, p, ContactLevel::Politisk, email, None).unwrap();
    }
    let on = time::today();
    for p in [kil, arjang] {
        rounds::mark(
            &mut db.store,
            r,
            p,
            &Mark::Received {
                on,
                position: Some("tillstyrker".into()),
            },
        )
        .unwrap();
    }
    rounds::mark(&mut db.store, r, eda, &Mark::Declined(on)).unwrap();
    let a = add(
        &mut db,
        r,
        "Kil",
        "Mål",
        "Mät <målen> & följ upp.\nVarje år.",
    );
    let b = add(&mut db, r, "Årjäng", "Mål", "Mät målen.");
    add(&mut db, r, "Årjäng", "", "Tack för arbetet 🙂");
    comments::decide(
        &mut db.store,
        &[a, b],
        &decide("delvis", "Mått läggs till för två mål.", false),
    )
    .unwrap();

    let path = db.dir.path().join("sammanställning.docx");
    let written = compile::write_compilation(&mut db.store, r, &path).unwrap();
    assert_eq!((written.comments, written.handled), (3, 2));
    let doc = crate::compilation::read_docx(&std::fs::read(&path).unwrap());
    let rows = crate::compilation::comment_rows(&doc);
    let found: Vec<(&str, &str, &str, &str)> = rows
        .iter()
        .map(|(section, r)| {
            (
                section.as_str(),
                r[1].as_str(),
                r[2].as_str(),
                r[4].as_str(),
            )
        })
        .collect();
    assert_eq!(found.len(), 3, "every comment exactly once: {found:?}");
    assert_eq!(found[0].0, "Mål");
    assert_eq!(found[0].1, "Kil");
    assert_eq!(
        found[0].2, "Mät <målen> & följ upp.\nVarje år.",
        "the text intact"
    );
    assert!(found[0].3.starts_with("Delvis beaktad"), "{found:?}");
    assert_eq!((found[2].0, found[2].1), ("Övrigt", "Årjäng"));
    assert!(found[2].3.contains("Ej hanterad"));
    let parties_table = crate::compilation::table_after(&doc, "Svar per part");
    assert_eq!(parties_table.len(), 18, "a header row and all 17 parties");
    let row = |name: &str| {
        parties_table
            .iter()
            .find(|r| r[0] == name)
            .cloned()
            .unwrap()
    };
    assert_eq!(row("Eda")[1], "Avstår");
    assert_eq!(row("Arvika")[1], "Inget svar");

    let xlsx = db.dir.path().join("sammanställning.xlsx");
    compile::write_compilation(&mut db.store, r, &xlsx).unwrap();
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    use calamine::Reader;
    let sheet = book.worksheet_range("Synpunkter").unwrap();
    assert_eq!(sheet.height(), 4, "a header row and one row per comment");

    let out = db.dir.path().join("återkoppling");
    let sent = compile::feedback(&mut db.store, r, &out).unwrap();
    assert_eq!(
        sent.sent_to,
        ["Kil", "Årjäng"],
        "those who answered, not who declined"
    );
    let eml = std::fs::read(out.join("Återkoppling - Kil.eml")).unwrap();
    let message = mail_parser::MessageParser::default()
        .parse(&eml)
        .expect("an e-mail");
    assert!(
        message
            .subject()
            .unwrap_or_default()
            .starts_with("Återkoppling – Remiss: Riktlinje för hjälpmedel"),
        "{:?}",
        message.subject()
    );
    assert!(message
        .body_text(0)
        .unwrap_or_default()
        .contains("Tack för ert svar"));
    let attachment = message.attachment(0).expect("the compilation attached");
    assert_eq!(
        attachment.contents(),
        std::fs::read(out.join(&sent.file_name)).unwrap()
    );
    let history = compile::feedback_history(db.store.conn(), r).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].parties, ["Kil", "Årjäng"]);
    let again = compile::feedback(&mut db.store, r, &out).expect_err("the folder exists");
    assert!(again.to_string().contains("finns redan"), "{again}");
    assert_eq!(
        compile::feedback_history(db.store.conn(), r).unwrap().len(),
        1,
        "nothing recorded"
    );
}

#[test]
fn no_feedback_before_anyone_has_answered() {
    let mut db = TestDb::new();
    let r = round(&mut db);
    let out = db.dir.path().join("återkoppling");
    let err = compile::feedback(&mut db.store, r, &out).expect_err("nobody to send it to");
    assert!(err.to_string().contains("Ingen part har svarat"), "{err}");
    assert!(!out.exists());
}
