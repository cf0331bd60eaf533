use samdok::register::{self, ListQuery, SortField};
use samdok::time;

use crate::support::TestDb;

#[test]
fn titles_sort_in_swedish_order() {
    let mut db = TestDb::new();
    for title in [
        "Överenskommelse om hemsjukvård",
        "Avtal om läkemedel",
        "Ägarsamråd",
        "Zonindelning",
        "Åtgärdsplan för psykisk hälsa",
        "ambulanssjukvård",
        "Ärendehantering",
    ] {
        db.add(title);
    }
    let query = ListQuery {
        sort: SortField::Title,
        ..Default::default()
    };
    let titles: Vec<String> = register::list(db.store.conn(), &query, time::today())
        .unwrap()
        .into_iter()
        .map(|d| d.title)
        .collect();
    assert_eq!(
        titles,
        [
            "ambulanssjukvård",
            "Avtal om läkemedel",
            "Zonindelning",
            "Åtgärdsplan för psykisk hälsa",
            "Ägarsamråd",
            "Ärendehantering",
            "Överenskommelse om hemsjukvård",
        ],
        "A and a together, then … Z, Å, Ä, Ö"
    );
    let query = ListQuery {
        sort: SortField::Title,
        descending: true,
        ..Default::default()
    };
    let first = register::list(db.store.conn(), &query, time::today()).unwrap();
    assert_eq!(first[0].title, "Överenskommelse om hemsjukvård");
}

#[test]
fn sqlite_orders_with_the_swedish_collation() {
    let db = TestDb::new();
    let conn = db.store.conn();
    conn.execute_batch(
        "CREATE TEMP TABLE t (n TEXT); INSERT INTO t VALUES ('Ö'), ('Å'), ('Z'), ('Ä'), ('A');",
    )
    .unwrap();
    let mut stmt = conn
        .prepare("SELECT n FROM t ORDER BY n COLLATE sv")
        .unwrap();
    let order: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(order, ["A", "Z", "Å", "Ä", "Ö"]);
}
