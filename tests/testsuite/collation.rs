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

/// The core's own collator, not only through SQLite: the whole Swedish
/// order, and case and accents breaking ties in a known direction (a
/// comparison that only had to be "not equal" let any order pass).
#[test]
fn compare_gives_the_swedish_order_with_case_and_accents_only_breaking_ties() {
    use samdok::collate::{compare, sort_by_key};
    use std::cmp::Ordering::{Greater, Less};

    for (a, b) in [
        ("Z", "Å"),
        ("Å", "Ä"),
        ("Ä", "Ö"),
        ("z", "å"),
        ("å", "ä"),
        ("ä", "ö"),
    ] {
        assert_eq!(compare(a, b), Less, "{a} sorts before {b}");
        assert_eq!(compare(b, a), Greater, "{b} sorts after {a}");
    }
    assert_eq!(compare("äpple", "Äpple"), Less, "lower case first on a tie");
    assert_eq!(compare("Äpple", "äpplen"), Less, "case only breaks a tie");
    assert_eq!(compare("apa", "Bil"), Less, "letters before case");
    assert_eq!(
        compare("åsa", "Zeta"),
        Greater,
        "å after z, whatever the case"
    );

    let mut names = vec![
        "Örebro",
        "äpplen",
        "Zinkgruvan",
        "Äpple",
        "Åmål",
        "öl",
        "cafeteria",
        "Arvika",
        "äpple",
        "Café",
        "ambulans",
        "Ängelholm",
        "Zeta",
        "åsa",
    ];
    sort_by_key(&mut names, |n| n);
    assert_eq!(
        names,
        [
            "ambulans",
            "Arvika",
            "Café",
            "cafeteria",
            "Zeta",
            "Zinkgruvan",
            "Åmål",
            "åsa",
            "Ängelholm",
            "äpple",
            "Äpple",
            "äpplen",
            "öl",
            "Örebro",
        ],
        "… Z, Å, Ä, Ö; a and A together, é as an e"
    );
}
