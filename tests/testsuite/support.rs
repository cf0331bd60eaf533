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
/// every document's copy of its current version is that version's. The
/// rule is the core's own (`db::verify`), which `samdok verify` runs.
pub fn assert_mirrors_agree(conn: &rusqlite::Connection) {
    let wrong = samdok::db::verify::waiting_that_differs(conn).unwrap();
    assert_eq!(wrong, [], "(round, waiting kept, waiting counted)");
    let differing = samdok::db::verify::copies_that_differ(conn).unwrap();
    assert_eq!(
        differing,
        Vec::<i64>::new(),
        "documents whose current copy differs"
    );
}
