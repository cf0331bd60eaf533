//! Shared helpers: a fresh database per test and short-hand inputs.

use samdok::register::{self, DocumentInput};
use samdok::{DocumentId, Store};
use tempfile::TempDir;

/// A store on a new database file; the folder lives as long as the value.
pub struct TestDb {
    pub store: Store,
    pub dir: TempDir,
}

impl TestDb {
    pub fn new() -> TestDb {
        let dir = tempfile::tempdir().expect("a temporary folder can be created");
        let mut store =
            Store::open(dir.path().join("samdok.sqlite3")).expect("a new database opens");
        store.set_actor("testare");
        TestDb { store, dir }
    }

    pub fn path(&self) -> std::path::PathBuf {
        self.dir.path().join("samdok.sqlite3")
    }

    pub fn add(&mut self, title: &str) -> DocumentId {
        register::create(&mut self.store, &doc(title)).expect("a valid document is stored")
    }
}

/// A valid input with just a title and a type.
pub fn doc(title: &str) -> DocumentInput {
    DocumentInput {
        doc_type: "riktlinje".into(),
        title: title.into(),
        ..DocumentInput::default()
    }
}

/// Every round's `waiting` (kept by triggers, migration 0015) is the count
/// of its parties sent the round and neither answered nor declined; and
/// every current version's copy of its plan and Vida link is the version's.
pub fn assert_mirrors_agree(conn: &rusqlite::Connection) {
    let wrong: Vec<(i64, i64, i64)> = conn
        .prepare(
            "SELECT r.id, r.waiting, (SELECT count(*) FROM round_recipients w
                 WHERE w.round_id = r.id AND w.sent_on IS NOT NULL
                   AND w.received_on IS NULL AND w.declined_on IS NULL) AS counted
             FROM rounds r WHERE r.waiting <> counted",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(wrong, [], "(round, waiting kept, waiting counted)");
    let differing: i64 = conn
        .query_row(
            "SELECT count(*) FROM current_versions c JOIN document_versions v
             ON v.id = c.version_id
             WHERE c.followup_interval_months IS NOT v.followup_interval_months
                OR c.followup_owner <> v.followup_owner OR c.vida_link <> v.vida_link",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(differing, 0, "current versions whose copy differs");
}
