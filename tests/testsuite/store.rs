use rusqlite::Connection;
use samdok::db::{APPLICATION_ID, SCHEMA_VERSION};
use samdok::{Error, Store};

use crate::support::TestDb;

#[test]
fn migrates_an_empty_file_to_the_current_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tom.sqlite3");
    std::fs::File::create(&path).unwrap();
    let store = Store::open(&path).expect("an empty file is a new database");
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let conn = store.conn();
    let app_id: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        app_id, APPLICATION_ID,
        "the file is marked as a Samdok database"
    );
    let journal: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(journal, "wal");
    let fk: i64 = conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1, "foreign keys are enforced");
    let strict: i64 = conn
        .query_row(
            "SELECT count(*) FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND strict = 0 AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'document_search%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(strict, 0, "every ordinary table is STRICT");
}

#[test]
fn creates_missing_folders_for_a_new_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a").join("b").join("samdok.sqlite3");
    Store::open(&path).expect("parent folders are created");
    assert!(path.exists());
}

#[test]
fn reopening_keeps_data_and_does_not_duplicate_parties() {
    let mut db = TestDb::new();
    let id = db.add("Riktlinje för läkemedelshantering");
    let path = db.path();
    drop(db.store);
    let store = Store::open(&path).expect("the database opens again");
    let parties = samdok::parties::list(store.conn()).unwrap();
    assert_eq!(
        parties.len(),
        17,
        "seeding twice must not add parties twice"
    );
    let v = samdok::register::current_version(store.conn(), id).unwrap();
    assert_eq!(v.fields.title, "Riktlinje för läkemedelshantering");
}

#[test]
fn refuses_a_newer_database_and_leaves_it_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nyare.sqlite3");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE framtid (x INTEGER); PRAGMA user_version = 99;")
            .unwrap();
        conn.pragma_update(None, "application_id", APPLICATION_ID)
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path).expect_err("a newer schema is refused");
    assert!(
        matches!(err, Error::NewerDatabase { found: 99, .. }),
        "expected NewerDatabase, got {err:?}"
    );
    let message = err.to_string();
    assert!(
        message.contains("nyare version av Samdok"),
        "Swedish message: {message}"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file must not change"
    );
    assert!(
        !dir.path().join("nyare.sqlite3-wal").exists(),
        "not even switched to WAL"
    );
}

#[test]
fn refuses_a_file_that_is_not_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("text.sqlite3");
    std::fs::write(&path, "det här är ingen databas, bara text som är tillräckligt lång för att sqlite ska läsa huvudet".repeat(20)).unwrap();
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path).expect_err("a text file is refused");
    assert_eq!(err.code(), "not_a_database", "{err:?}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn refuses_another_programs_sqlite_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("annan.sqlite3");
    Connection::open(&path)
        .unwrap()
        .execute_batch("CREATE TABLE kunder (namn TEXT);")
        .unwrap();
    let err = Store::open(&path).expect_err("a foreign database is refused");
    assert_eq!(err.code(), "not_a_database", "{err:?}");
    let conn = Connection::open(&path).unwrap();
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
        .unwrap();
    assert_eq!(tables, 1, "nothing was added to the other program's file");
}
