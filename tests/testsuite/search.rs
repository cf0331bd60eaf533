use samdok::register::{self, DocumentInput, ListQuery};
use samdok::time;

use crate::support::{doc, TestDb};

fn search(db: &TestDb, text: &str) -> Vec<String> {
    let query = ListQuery {
        search: Some(text.into()),
        ..Default::default()
    };
    register::list(db.store.conn(), &query, time::today())
        .unwrap()
        .into_iter()
        .map(|d| d.title)
        .collect()
}

fn seeded() -> TestDb {
    let mut db = TestDb::new();
    db.add("Överenskommelse om samverkan vid utskrivning från slutenvård");
    db.add("Riktlinje för hälso- och sjukvård i särskilt boende");
    let input = DocumentInput {
        owner: "Åsa Ängström".into(),
        diarienummer: "RV 2025/1234".into(),
        notes: "Ska revideras efter remissen i höst.".into(),
        ..doc("Rutin för läkemedelsgenomgång")
    };
    register::create(&mut db.store, &input).unwrap();
    db.add("Far och son: vägledning");
    db
}

#[test]
fn finds_a_title_word_with_swedish_letters() {
    let db = seeded();
    assert_eq!(
        search(&db, "slutenvård"),
        ["Överenskommelse om samverkan vid utskrivning från slutenvård"]
    );
    assert_eq!(
        search(&db, "ÖVERENSKOMMELSE"),
        ["Överenskommelse om samverkan vid utskrivning från slutenvård"],
        "case-insensitive for Ö too"
    );
}

#[test]
fn finds_by_prefix() {
    let db = seeded();
    assert_eq!(
        search(&db, "häls"),
        ["Riktlinje för hälso- och sjukvård i särskilt boende"]
    );
    assert_eq!(search(&db, "läkemedel"), ["Rutin för läkemedelsgenomgång"]);
}

#[test]
fn a_and_a_ring_are_different_letters() {
    let db = seeded();
    assert!(search(&db, "far").contains(&"Far och son: vägledning".to_owned()));
    assert!(
        !search(&db, "får").contains(&"Far och son: vägledning".to_owned()),
        "å is its own letter, not an accented a"
    );
}

#[test]
fn finds_by_notes_owner_and_diarienummer() {
    let db = seeded();
    assert_eq!(search(&db, "remissen"), ["Rutin för läkemedelsgenomgång"]);
    assert_eq!(search(&db, "ängström"), ["Rutin för läkemedelsgenomgång"]);
    assert_eq!(search(&db, "2025/1234"), ["Rutin för läkemedelsgenomgång"]);
}

#[test]
fn all_words_must_match_and_syntax_is_harmless() {
    let db = seeded();
    assert_eq!(
        search(&db, "sjukvård boende"),
        ["Riktlinje för hälso- och sjukvård i särskilt boende"]
    );
    assert!(search(&db, "sjukvård ambulans").is_empty());
    for odd in ["\"", "*", "(", "-", "^", "\"*(-^:"] {
        assert_eq!(
            search(&db, odd).len(),
            4,
            "{odd:?} holds no word, so it searches nothing and lists everything"
        );
        assert_eq!(
            search(&db, &format!("{odd}far{odd}")),
            ["Far och son: vägledning"],
            "{odd:?} around a word is not FTS syntax: the word alone is searched"
        );
    }
    // As FTS5 syntax, OR would find either word and `title:` would look in
    // the title column only; as words, each must be found.
    assert_eq!(
        search(&db, "samverkan"),
        ["Överenskommelse om samverkan vid utskrivning från slutenvård"],
        "samverkan alone is found, like far"
    );
    assert!(
        search(&db, "far OR samverkan").is_empty(),
        "OR is a word to find, not an operator"
    );
    assert!(
        search(&db, "AND OR NOT").is_empty(),
        "operators are words, and no document has them"
    );
    assert!(
        search(&db, "title:far").is_empty(),
        "no column filter: no document has the word title"
    );
    assert_eq!(search(&db, "   ").len(), 4, "blank search lists everything");
}

#[test]
fn the_index_follows_edits() {
    let mut db = TestDb::new();
    let id = db.add("Gammal titel");
    let input = DocumentInput {
        title: "Ny rubrik om tandvård".into(),
        ..doc("")
    };
    register::update(&mut db.store, id, &input).unwrap();
    assert!(
        search(&db, "gammal").is_empty(),
        "the old title is no longer indexed"
    );
    assert_eq!(search(&db, "tandvård"), ["Ny rubrik om tandvård"]);
}
