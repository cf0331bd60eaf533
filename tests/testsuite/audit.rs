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
