use samdok::audit;
use samdok::register::{self, DocumentInput};
use serde_json::json;

use crate::support::{doc, TestDb};

#[test]
fn an_edit_records_before_and_after_of_the_changed_fields() {
    let mut db = TestDb::new();
    let input = DocumentInput {
        owner: "Anna Andersson".into(),
        valid_to: Some("2027-12-31".into()),
        ..doc("Riktlinje för nutrition")
    };
    let id = register::create(&mut db.store, &input).unwrap();
    db.store.set_actor("linnea");
    let edited = DocumentInput {
        owner: "Örjan Åkesson".into(),
        valid_to: Some("2028-12-31".into()),
        ..input
    };
    register::update(&mut db.store, id, &edited).unwrap();

    let events = audit::for_document(db.store.conn(), id.0).unwrap();
    assert_eq!(events.len(), 2, "created and updated");
    let edit = &events[0];
    assert_eq!(edit.action, "updated");
    assert_eq!(edit.actor, "linnea");
    assert_eq!(
        edit.before,
        Some(json!({ "owner": "Anna Andersson", "valid_to": "2027-12-31" }))
    );
    assert_eq!(
        edit.after,
        Some(json!({ "owner": "Örjan Åkesson", "valid_to": "2028-12-31" }))
    );
    assert!(edit.summary.contains("dokumentägare"), "{}", edit.summary);
    let created = &events[1];
    assert_eq!(created.action, "created");
    assert_eq!(created.before, None);
    assert_eq!(
        created.after.as_ref().unwrap()["title"],
        "Riktlinje för nutrition"
    );
}

#[test]
fn stage_moves_and_revisions_are_in_the_trail() {
    let mut db = TestDb::new();
    let id = db.add("Avtal");
    samdok::register::lifecycle::set_stage(&mut db.store, id, "dialog", "start", None).unwrap();
    register::open_revision(&mut db.store, id, "").unwrap();
    let actions: Vec<String> = audit::for_document(db.store.conn(), id.0)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(actions, ["revision_opened", "stage_changed", "created"]);
}

#[test]
fn the_trail_cannot_be_changed_or_deleted() {
    let mut db = TestDb::new();
    db.add("Avtal");
    let conn = db.store.conn();
    let before = audit::recent(conn, 10).unwrap();
    // Any error would do for `is_err`; only the append-only triggers give
    // this message, so a misspelt statement cannot pass for a refusal.
    let refused = |result: rusqlite::Result<usize>, what: &str| {
        let err = result.expect_err(&format!("{what} on events should be refused"));
        assert!(
            err.to_string()
                .contains("events är en ändringslogg som bara kan läggas till"),
            "{what} should be refused by the append-only trigger, not by: {err}"
        );
    };
    refused(
        conn.execute("UPDATE events SET actor = 'någon annan'", []),
        "UPDATE",
    );
    refused(conn.execute("DELETE FROM events", []), "DELETE");
    let after = audit::recent(conn, 10).unwrap();
    assert_eq!(after.len(), 1, "the one event is still there");
    assert_eq!(
        (&after[0].actor, &after[0].summary, &after[0].at),
        (&before[0].actor, &before[0].summary, &before[0].at),
        "the event is unchanged"
    );
    assert_eq!(after[0].actor, "testare");
}

#[test]
fn a_refused_change_leaves_no_event() {
    let mut db = TestDb::new();
    let id = db.add("Avtal");
    let err = register::update(&mut db.store, id, &doc(""))
        .expect_err("an empty title should be refused");
    let fields: Vec<&str> = err
        .field_errors()
        .iter()
        .map(|e| e.field.as_str())
        .collect();
    assert_eq!(fields, ["title"], "refused for the title: {err}");
    let events = audit::for_document(db.store.conn(), id.0).unwrap();
    assert_eq!(
        events.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        ["created"],
        "the refused change should leave no event"
    );
    assert_eq!(
        register::current_version(db.store.conn(), id)
            .unwrap()
            .fields
            .title,
        "Avtal",
        "the title should be as before"
    );
}

/// The change log once showed `declined_on`, `received_on`, `reminders`,
/// `sent_on` and `position` as they are stored, and rows whose value did not
/// change. Every kind of event a document gets must read in Swedish.
#[test]
fn the_change_log_shows_swedish_labels_names_and_only_what_changed() {
    use samdok::rounds::{self, Mark, RoundInput};
    use samdok::time;

    let mut db = TestDb::new();
    let id = register::create(
        &mut db.store,
        &DocumentInput {
            owner: "Anna Andersson".into(),
            areas: vec!["socialtjanst".into()],
            followup_interval_months: Some(24),
            ..doc("Riktlinje för trygg hemgång")
        },
    )
    .unwrap();
    // An edit that also sends unchanged values: only the owner changed.
    let mut edited = DocumentInput::from(&register::current_version(db.store.conn(), id).unwrap());
    edited.owner = "Örjan Åkesson".into();
    register::update(&mut db.store, id, &edited).unwrap();
    register::lifecycle::set_stage(&mut db.store, id, "dialog", "Start", None).unwrap();
    let today = time::today();
    let round = rounds::open(
        &mut db.store,
        id,
        &RoundInput {
            kind: "remiss".into(),
            sent_date: Some(today.to_string()),
            deadline: Some((today + chrono::Days::new(30)).to_string()),
            ..RoundInput::default()
        },
    )
    .unwrap();
    let parties = samdok::parties::list(db.store.conn()).unwrap();
    let (arvika, eda, kil) = (parties[1].id, parties[2].id, parties[9].id);
    let received = Mark::Received {
        on: today,
        position: Some("tillstyrker".into()),
    };
    rounds::mark(&mut db.store, round, arvika, &received).unwrap();
    rounds::mark(&mut db.store, round, eda, &Mark::Declined(today)).unwrap();
    rounds::mark(&mut db.store, round, kil, &Mark::Reminded(today)).unwrap();
    rounds::record_reminders(&mut db.store, round, &[kil], today).unwrap();
    let answer = db.dir.path().join("Yttrande Arvika.pdf");
    std::fs::write(&answer, b"%PDF-1.4 yttrande").unwrap();
    rounds::attach_answer_file(&mut db.store, round, arvika, &answer).unwrap();
    let draft = db.dir.path().join("utkast.docx");
    samdok::drafts::record::save_generated(&mut db.store, id, &draft).unwrap();

    let log = register::change_log(db.store.conn(), id).unwrap();
    for event in &log {
        let mut labels: Vec<&str> = event.changes.iter().map(|c| c.label.as_str()).collect();
        labels.sort_unstable();
        let before_dedup = labels.len();
        labels.dedup();
        assert_eq!(
            labels.len(),
            before_dedup,
            "{}: each field once in an event: {:?}",
            event.action,
            event.changes
        );
        for change in &event.changes {
            for text in [&change.label, &change.before, &change.after] {
                assert!(
                    !has_identifier(text) && !text.contains("null") && !text.contains("undefined"),
                    "{} ({}): «{text}» is not Swedish display text",
                    event.action,
                    change.field
                );
            }
            assert_ne!(
                change.before, change.after,
                "{}: a row whose value did not change ({})",
                event.action, change.label
            );
        }
    }
    let rows = |action: &str| -> Vec<(String, String, String)> {
        log.iter()
            .filter(|e| e.action == action)
            .flat_map(|e| e.changes.iter())
            .map(|c| (c.label.clone(), c.before.clone(), c.after.clone()))
            .collect()
    };
    assert_eq!(
        rows("updated"),
        vec![(
            "Dokumentägare".into(),
            "Anna Andersson".into(),
            "Örjan Åkesson".into()
        )],
        "the edit shows only the owner"
    );
    let created = rows("created");
    assert!(created.contains(&("Dokumenttyp".into(), String::new(), "Riktlinje".into())));
    assert!(created.contains(&("Gäller för".into(), String::new(), "Socialtjänst".into())));
    assert!(created.contains(&(
        "Uppföljningsintervall".into(),
        String::new(),
        "Vartannat år".into()
    )));
    assert!(created.contains(&(
        "Ingående parter".into(),
        String::new(),
        "Alla 17 parter".into()
    )));
    assert!(rows("stage_changed").contains(&(
        "Steg".into(),
        "Initiering".into(),
        "Dialog och förankring".into()
    )));
    let marked = rows("round_marked");
    assert!(
        marked.contains(&("Ställning".into(), String::new(), "Tillstyrker".into())),
        "the position by name: {marked:?}"
    );
    assert!(marked.contains(&("Svar inkommet".into(), String::new(), today.to_string())));
    assert!(marked.contains(&("Avstår".into(), String::new(), today.to_string())));
    assert!(marked.contains(&("Antal påminnelser".into(), "0".into(), "1".into())));
    assert!(
        marked.iter().all(|(label, _, _)| label != "Skickad"),
        "the unchanged sent date is not shown: {marked:?}"
    );
    assert!(rows("round_opened").contains(&(
        "Typ av runda".into(),
        String::new(),
        "Remiss".into()
    )));
    assert!(rows("round_reminded").contains(&(
        "Påminda parter".into(),
        String::new(),
        "Kil".into()
    )));
    assert_eq!(
        rows("answer_file_attached"),
        vec![("Fil".into(), String::new(), "Yttrande Arvika.pdf".into())],
        "the file by name; its checksum is not shown"
    );
    assert!(rows("draft_generated")
        .iter()
        .any(|(label, _, after)| label == "Fil" && after.ends_with(".docx")));
}

/// True when `text` holds a snake_case identifier such as `received_on`.
fn has_identifier(text: &str) -> bool {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .any(|word| {
            word.contains('_')
                && word.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                && !word.starts_with('_')
        })
}
