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
    let update = conn.execute("UPDATE events SET actor = 'någon annan'", []);
    assert!(update.is_err(), "UPDATE on events must be refused");
    let delete = conn.execute("DELETE FROM events", []);
    assert!(delete.is_err(), "DELETE on events must be refused");
    assert_eq!(audit::recent(conn, 10).unwrap().len(), 1);
}

#[test]
fn a_refused_change_leaves_no_event() {
    let mut db = TestDb::new();
    let id = db.add("Avtal");
    let _ = register::update(&mut db.store, id, &doc(""));
    assert_eq!(audit::for_document(db.store.conn(), id.0).unwrap().len(), 1);
}
