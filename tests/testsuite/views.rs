//! Saved views of the register: saved, listed in Swedish order, opened
//! again as exactly the query that was saved, names unique whatever their
//! case, replaced only when asked, removed; bad names refused in Swedish.

use samdok::register::views;
use samdok::register::{AdoptionFilter, ListQuery, SortField, ValidityFilter};

use crate::support::TestDb;

fn query() -> ListQuery {
    ListQuery {
        search: Some("hälsa".into()),
        doc_type: Some("riktlinje".into()),
        validity: Some(ValidityFilter::GarUt),
        adoption: Some(AdoptionFilter::Vantar),
        sort: SortField::ValidTo,
        descending: true,
        offset: 40,
        limit: Some(20),
        ..ListQuery::default()
    }
}

#[test]
fn a_view_is_saved_listed_opened_replaced_and_removed() {
    let mut db = TestDb::new();
    let saved = views::save(&mut db.store, "  Går ut snart ", &query(), false).unwrap();
    assert_eq!(saved.name, "Går ut snart");
    let mut expected = query();
    expected.offset = 0;
    expected.limit = None;
    assert_eq!(saved.query, expected, "the query, without its page");
    assert_eq!(
        views::get(db.store.conn(), "GÅR UT SNART").unwrap().query,
        expected,
        "opened by name in any case"
    );
    for name in ["Zon", "Äldre", "Ärenden", "Övrigt", "Andra"] {
        views::save(&mut db.store, name, &ListQuery::default(), false).unwrap();
    }
    let names: Vec<String> = views::list(db.store.conn())
        .unwrap()
        .into_iter()
        .map(|v| v.name)
        .collect();
    assert_eq!(
        names,
        vec!["Andra", "Går ut snart", "Zon", "Äldre", "Ärenden", "Övrigt"],
        "Swedish order"
    );

    let twice =
        views::save(&mut db.store, "går ut SNART", &ListQuery::default(), false).unwrap_err();
    assert!(
        twice
            .to_string()
            .contains("redan en vy som heter «Går ut snart»"),
        "{twice}"
    );
    assert_eq!(
        views::get(db.store.conn(), "Går ut snart").unwrap().query,
        expected,
        "nothing changed by the refused save"
    );
    let replaced = views::save(&mut db.store, "går ut SNART", &ListQuery::default(), true).unwrap();
    assert_eq!(replaced.id, saved.id, "the same view, replaced");
    assert_eq!(replaced.name, "går ut SNART");
    assert_eq!(replaced.query, ListQuery::default());

    views::remove(&mut db.store, "GÅR UT SNART").unwrap();
    assert!(views::get(db.store.conn(), "Går ut snart").is_err());
    assert!(views::remove(&mut db.store, "Går ut snart").is_err());

    for (name, expected) in [
        ("   ", "Ge vyn ett namn"),
        ("Två\nrader", "en rad"),
        (&"x".repeat(101), "högst 100 tecken"),
    ] {
        let error = views::save(&mut db.store, name, &ListQuery::default(), false).unwrap_err();
        assert!(error.to_string().contains(expected), "{name:?}: {error}");
    }
    let events = samdok::audit::recent(db.store.conn(), 20).unwrap();
    assert!(events.iter().any(|e| e.action == "view_saved"));
    assert!(events.iter().any(|e| e.action == "view_removed"));
}
