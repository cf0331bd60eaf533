use samdok::register;
use samdok::register::lifecycle;
use samdok::time;

use crate::support::TestDb;

#[test]
fn moving_a_document_records_date_actor_and_comment() {
    let mut db = TestDb::new();
    let id = db.add("Överenskommelse om psykisk hälsa");
    lifecycle::set_stage(
        &mut db.store,
        id,
        "dialog",
        "Beredningsgruppen gav uppdraget",
        None,
    )
    .unwrap();
    db.store.set_actor("annan.handlaggare");
    lifecycle::set_stage(&mut db.store, id, "Utkast enligt mall", "", None).unwrap();

    let v = register::current_version(db.store.conn(), id).unwrap();
    assert_eq!(
        v.stage, "utkast",
        "a stage can be named by its Swedish name"
    );
    let history = lifecycle::history(db.store.conn(), id).unwrap();
    assert_eq!(history.len(), 3);
    let newest = &history[0];
    assert_eq!(newest.from_stage.as_deref(), Some("dialog"));
    assert_eq!(newest.to_stage_name, "Utkast enligt mall");
    assert_eq!(newest.actor, "annan.handlaggare");
    assert_eq!(newest.on_date, time::today());
    assert_eq!(history[1].comment, "Beredningsgruppen gav uppdraget");
    assert_eq!(history[1].actor, "testare");
}

#[test]
fn a_move_can_be_back_dated_but_not_future_dated() {
    let mut db = TestDb::new();
    let id = db.add("Rutin");
    let past = time::today() - chrono::Days::new(10);
    lifecycle::set_stage(&mut db.store, id, "dialog", "", Some(past)).unwrap();
    assert_eq!(
        lifecycle::history(db.store.conn(), id).unwrap()[1].on_date,
        past
    );
    let future = time::today() + chrono::Days::new(1);
    let err =
        lifecycle::set_stage(&mut db.store, id, "utkast", "", Some(future)).expect_err("future");
    assert_eq!(err.field_errors()[0].field, "on_date");
    assert_eq!(
        register::current_version(db.store.conn(), id)
            .unwrap()
            .stage,
        "dialog"
    );
}

#[test]
fn an_unknown_or_unchanged_stage_is_refused() {
    let mut db = TestDb::new();
    let id = db.add("Rutin");
    let err = lifecycle::set_stage(&mut db.store, id, "klar", "", None).expect_err("unknown");
    assert!(err.to_string().contains("Okänt steg"), "{err}");
    let err = lifecycle::set_stage(&mut db.store, id, "initiering", "", None).expect_err("same");
    assert!(err.to_string().contains("står redan"), "{err}");
    assert_eq!(lifecycle::history(db.store.conn(), id).unwrap().len(), 1);
}

#[test]
fn every_stage_of_the_guideline_can_be_walked_in_order() {
    let mut db = TestDb::new();
    let id = db.add("Riktlinje");
    let reference = samdok::assets::reference().unwrap();
    let codes: Vec<&str> = reference.stages.iter().map(|s| s.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "initiering",
            "dialog",
            "utkast",
            "remiss",
            "fardigstallande",
            "stallningstagande",
            "implementering",
            "publicering",
            "gallande",
            "avveckling",
            "avvecklad"
        ]
    );
    loop {
        let detail = register::get(db.store.conn(), id, time::today()).unwrap();
        let Some(next) = detail.next_stage else { break };
        lifecycle::set_stage(&mut db.store, id, &next.code, "", None).unwrap();
    }
    assert_eq!(
        register::current_version(db.store.conn(), id)
            .unwrap()
            .stage,
        "avvecklad"
    );
    assert_eq!(lifecycle::history(db.store.conn(), id).unwrap().len(), 11);
}
