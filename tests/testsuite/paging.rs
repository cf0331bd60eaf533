//! Paging: the register, Rundor and a document's change log read a page at
//! a time, with the total; pages neither overlap nor skip a row, in any
//! order, with any filter.

use chrono::{Days, NaiveDate};
use samdok::collate;
use samdok::register::{self, lifecycle, DocumentInput, ListQuery, SortField, ValidityFilter};
use samdok::rounds::{self, RoundInput, RoundQuery};
use samdok::{time, DocumentId, Paging, Store};

use crate::support::{doc, TestDb};

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Every page of `query`, `size` rows at a time, concatenated; checks each
/// page's total and length on the way.
fn all_pages(db: &TestDb, query: &ListQuery, size: u32, today: NaiveDate) -> Vec<DocumentId> {
    let whole = register::list(db.store.conn(), query, today).unwrap();
    let mut ids = Vec::new();
    let mut offset = 0;
    loop {
        let page = register::list(
            db.store.conn(),
            &ListQuery {
                offset,
                limit: Some(size),
                ..query.clone()
            },
            today,
        )
        .unwrap();
        assert_eq!(page.total, whole.total, "every page tells the same total");
        assert_eq!(page.offset, u64::from(offset));
        let expected = (whole.total.saturating_sub(u64::from(offset))).min(u64::from(size));
        assert_eq!(
            page.len() as u64,
            expected,
            "page at {offset} is full up to the end"
        );
        if page.is_empty() {
            break;
        }
        ids.extend(page.iter().map(|r| r.id));
        offset += size;
    }
    assert_eq!(
        ids,
        whole.iter().map(|r| r.id).collect::<Vec<_>>(),
        "the pages put together are the whole list, in the same order"
    );
    ids
}

/// A register with ties (same title, same owner), blanks and Swedish letters.
fn register_with_ties() -> TestDb {
    let mut db = TestDb::new();
    let owners = ["Åsa Ek", "", "anna Berg", "Örjan Dahl", "Anna Berg", "Zäta"];
    let titles = [
        "Rutin för hjälpmedel",
        "Överenskommelse om barn och unga",
        "Rutin för hjälpmedel",
        "Ägarsamråd",
        "avtal om läkemedel",
        "Zonindelning",
        "Åtgärdsplan för psykisk hälsa",
        "Rutin för hjälpmedel",
    ];
    let types = ["riktlinje", "rutin", "avtal", "overenskommelse"];
    for i in 0..31usize {
        let from = (i % 5 != 0).then(|| format!("202{}-0{}-01", i % 6, 1 + i % 9));
        let to = (i % 3 != 0).then(|| format!("203{}-0{}-15", i % 4, 1 + i % 8));
        let input = DocumentInput {
            doc_type: types[i % types.len()].into(),
            title: titles[i % titles.len()].into(),
            owner: owners[i % owners.len()].into(),
            diarienummer: if i % 4 == 0 {
                String::new()
            } else {
                format!("RV2024/{:03}", 97 - i)
            },
            valid_from: from,
            valid_to: to,
            areas: if i % 2 == 0 {
                vec!["socialtjanst".into()]
            } else {
                vec!["tandvard".into(), "socialtjanst".into()]
            },
            ..DocumentInput::default()
        };
        let id = register::create(&mut db.store, &input).unwrap();
        if i % 7 == 0 {
            lifecycle::set_stage(&mut db.store, id, "dialog", "", None).unwrap();
        }
    }
    db
}

#[test]
fn pages_split_the_register_at_their_boundaries_with_the_total() {
    let db = register_with_ties();
    let today = time::today();
    let first = register::list(
        db.store.conn(),
        &ListQuery {
            limit: Some(10),
            ..Default::default()
        },
        today,
    )
    .unwrap();
    assert_eq!((first.len(), first.total, first.offset), (10, 31, 0));
    assert!(first.has_more(), "rows follow the first page");
    let last = register::list(
        db.store.conn(),
        &ListQuery {
            offset: 30,
            limit: Some(10),
            ..Default::default()
        },
        today,
    )
    .unwrap();
    assert_eq!(
        (last.len(), last.total),
        (1, 31),
        "the last page holds the one left"
    );
    assert!(!last.has_more(), "nothing follows the last page");
    let beyond = register::list(
        db.store.conn(),
        &ListQuery {
            offset: 31,
            limit: Some(10),
            ..Default::default()
        },
        today,
    )
    .unwrap();
    assert!(
        beyond.is_empty() && beyond.total == 31,
        "past the end: no rows, same total"
    );
    all_pages(&db, &ListQuery::default(), 10, today);
}

#[test]
fn every_sort_is_stable_across_pages_in_both_directions() {
    let db = register_with_ties();
    let today = time::today();
    for name in SortField::NAMES {
        for descending in [false, true] {
            let query = ListQuery {
                sort: SortField::parse(name).unwrap(),
                descending,
                ..Default::default()
            };
            for size in [1, 4, 7] {
                let ids = all_pages(&db, &query, size, today);
                let mut unique = ids.clone();
                unique.sort();
                unique.dedup();
                assert_eq!(unique.len(), 31, "{name}: every document once, none twice");
            }
        }
    }
}

#[test]
fn swedish_order_and_blanks_last_hold_across_pages() {
    let db = register_with_ties();
    let today = time::today();
    let rows = |sort, descending| {
        let ids = all_pages(
            &db,
            &ListQuery {
                sort,
                descending,
                ..Default::default()
            },
            3,
            today,
        );
        ids.into_iter()
            .map(|id| register::current_version(db.store.conn(), id).unwrap())
            .collect::<Vec<_>>()
    };
    let titles: Vec<String> = rows(SortField::Title, false)
        .into_iter()
        .map(|v| v.fields.title)
        .collect();
    for pair in titles.windows(2) {
        assert!(
            collate::compare(&pair[0], &pair[1]).is_le(),
            "«{}» before «{}» in Swedish order",
            pair[0],
            pair[1]
        );
    }
    assert_eq!(
        titles[0], "avtal om läkemedel",
        "a before Z, case only breaks ties"
    );
    assert_eq!(
        titles.last().unwrap(),
        "Överenskommelse om barn och unga",
        "Ö last"
    );
    let position = |t: &str| titles.iter().position(|x| x == t).unwrap();
    assert!(
        position("Zonindelning") < position("Åtgärdsplan för psykisk hälsa")
            && position("Åtgärdsplan för psykisk hälsa") < position("Ägarsamråd"),
        "… Z, Å, Ä, Ö"
    );

    // Ties are broken by title, then by id, in either direction.
    for descending in [false, true] {
        let versions = rows(SortField::Owner, descending);
        for pair in versions.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            if collate::compare(&a.fields.owner, &b.fields.owner).is_eq() {
                let by_title = collate::compare(&a.fields.title, &b.fields.title);
                assert!(
                    by_title.is_lt() || (by_title.is_eq() && a.document_id < b.document_id),
                    "equal owners: «{}» ({}) before «{}» ({})",
                    a.fields.title,
                    a.document_id,
                    b.fields.title,
                    b.document_id
                );
            }
        }
    }
    for descending in [false, true] {
        let owners: Vec<String> = rows(SortField::Owner, descending)
            .into_iter()
            .map(|v| v.fields.owner)
            .collect();
        let first_blank = owners.iter().position(String::is_empty).unwrap();
        assert!(
            owners[first_blank..].iter().all(String::is_empty),
            "blank owners last, descending: {descending}: {owners:?}"
        );
        let named = &owners[..first_blank];
        for pair in named.windows(2) {
            let order = collate::compare(&pair[0], &pair[1]);
            assert!(
                if descending {
                    order.is_ge()
                } else {
                    order.is_le()
                },
                "owners in Swedish order ({descending}): {named:?}"
            );
        }
        assert_eq!(
            named.first().map(String::as_str),
            Some(if descending {
                "Örjan Dahl"
            } else {
                "anna Berg"
            })
        );
    }
    for descending in [false, true] {
        let ends: Vec<Option<NaiveDate>> = rows(SortField::ValidTo, descending)
            .into_iter()
            .map(|v| v.fields.valid_to)
            .collect();
        let first_none = ends.iter().position(Option::is_none).unwrap();
        assert!(
            ends[first_none..].iter().all(Option::is_none),
            "missing dates last"
        );
        for pair in ends[..first_none].windows(2) {
            assert!(if descending {
                pair[0] >= pair[1]
            } else {
                pair[0] <= pair[1]
            });
        }
    }
}

#[test]
fn search_filters_and_paging_combine() {
    let db = register_with_ties();
    let today = time::today();
    let query = ListQuery {
        search: Some("hjälp".into()),
        doc_type: Some("overenskommelse".into()),
        area: Some("tandvard".into()),
        sort: SortField::Diarienummer,
        descending: true,
        ..Default::default()
    };
    let ids = all_pages(&db, &query, 2, today);
    assert!(!ids.is_empty(), "some documents match all three");
    for id in &ids {
        let v = register::current_version(db.store.conn(), *id).unwrap();
        assert!(v.fields.title.contains("hjälpmedel"), "the search holds");
        assert_eq!(
            v.fields.doc_type, "overenskommelse",
            "the type filter holds"
        );
        assert!(
            v.fields.areas.contains(&"tandvard".to_owned()),
            "the area filter holds"
        );
    }
    let expected = (0..31usize)
        .filter(|i| i % 8 == 0 || i % 8 == 2 || i % 8 == 7)
        .filter(|i| i % 4 == 3)
        .filter(|i| i % 2 == 1)
        .count();
    assert_eq!(ids.len(), expected, "exactly the documents that match");

    // «hjalp» is another word: a and ä are different letters.
    let none = register::list(
        db.store.conn(),
        &ListQuery {
            search: Some("hjalp".into()),
            ..Default::default()
        },
        today,
    )
    .unwrap();
    assert_eq!(none.total, 0, "å ä ö stay distinct in search");
}

#[test]
fn the_validity_filter_in_sql_follows_the_validity_rule() {
    let mut db = TestDb::new();
    let today = date("2026-05-10");
    let days = |n: i64| {
        if n >= 0 {
            today.checked_add_days(Days::new(n as u64)).unwrap()
        } else {
            today.checked_sub_days(Days::new((-n) as u64)).unwrap()
        }
    };
    let edges = [
        None,
        Some(-400),
        Some(-1),
        Some(0),
        Some(1),
        Some(364),
        Some(365),
        Some(366),
        Some(800),
    ];
    let mut expected = Vec::new();
    for from in edges {
        for to in edges {
            let (from, to) = (from.map(days), to.map(days));
            if let (Some(f), Some(t)) = (from, to) {
                if t < f {
                    continue;
                }
            }
            let title = format!("Dokument {from:?} till {to:?}");
            let id = register::create(
                &mut db.store,
                &DocumentInput {
                    valid_from: from.map(|d| d.to_string()),
                    valid_to: to.map(|d| d.to_string()),
                    ..doc(&title)
                },
            )
            .unwrap();
            expected.push((id, register::Validity::of(from, to, today)));
        }
    }
    for filter in [
        ValidityFilter::Gallande,
        ValidityFilter::GarUt,
        ValidityFilter::Utgangen,
        ValidityFilter::Kommande,
        ValidityFilter::EjAngiven,
    ] {
        let mut got: Vec<DocumentId> = register::list(
            db.store.conn(),
            &ListQuery {
                validity: Some(filter),
                ..Default::default()
            },
            today,
        )
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
        got.sort();
        let want: Vec<DocumentId> = expected
            .iter()
            .filter(|(_, v)| filter.matches(*v))
            .map(|(id, _)| *id)
            .collect();
        assert_eq!(
            got, want,
            "{filter:?} selects the documents Validity::of puts there"
        );
    }
}

#[test]
fn the_register_rows_follow_edits_stage_moves_and_revisions() {
    let mut db = TestDb::new();
    let id = db.add("Rutin för boendestöd");
    register::update(
        &mut db.store,
        id,
        &DocumentInput {
            owner: "Örjan Dahl".into(),
            valid_to: Some("2031-01-01".into()),
            ..doc("Avtal om boendestöd")
        },
    )
    .unwrap();
    lifecycle::set_stage(&mut db.store, id, "utkast", "", None).unwrap();
    register::open_revision(&mut db.store, id, "").unwrap();
    let today = time::today();
    let row = &register::list(db.store.conn(), &ListQuery::default(), today).unwrap()[0];
    assert_eq!(
        (
            row.title.as_str(),
            row.version_no,
            row.stage.as_str(),
            row.owner.as_str()
        ),
        ("Avtal om boendestöd", 2, "initiering", "Örjan Dahl"),
        "the list shows the current version as edited"
    );
    let by_stage = |stage: &str| {
        register::list(
            db.store.conn(),
            &ListQuery {
                stage: Some(stage.into()),
                ..Default::default()
            },
            today,
        )
        .unwrap()
        .total
    };
    assert_eq!(
        (by_stage("initiering"), by_stage("utkast")),
        (1, 0),
        "filters see the revision"
    );
    let (stored_key, title_key): (Vec<u8>, Vec<u8>) = db
        .store
        .conn()
        .query_row(
            "SELECT c.title_key, sv_key(v.title) FROM current_versions c
             JOIN document_versions v ON v.id = c.version_id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        stored_key, title_key,
        "the stored key is the current title's"
    );
    assert_eq!(stored_key, collate::sort_key("Avtal om boendestöd"));
}

#[test]
fn a_database_from_before_paging_gets_its_register_rows_when_opened() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gammal.sqlite3");
    {
        // Schema 5, as the previous release wrote it, with one document.
        let conn = rusqlite::Connection::open(&path).unwrap();
        for sql in [
            include_str!("../../migrations/0001_register.sql"),
            include_str!("../../migrations/0002_drafts.sql"),
            include_str!("../../migrations/0003_rounds.sql"),
            include_str!("../../migrations/0004_dispatches.sql"),
            include_str!("../../migrations/0005_answer_files.sql"),
        ] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "application_id", samdok::db::APPLICATION_ID)
            .unwrap();
        conn.pragma_update(None, "user_version", 5).unwrap();
        conn.execute_batch(
            "INSERT INTO documents (id, created_at) VALUES (1, '2024-01-01T10:00:00+01:00');
             INSERT INTO document_versions (document_id, version_no, doc_type, title, stage, created_at, updated_at)
             VALUES (1, 1, 'rutin', 'Gammal rutin', 'initiering', '2024-01-01', '2024-01-01'),
                    (1, 2, 'rutin', 'Ärvd rutin', 'dialog', '2025-01-01', '2025-01-01');
             INSERT INTO document_search (rowid, title, notes, owner, diarienummer)
             VALUES (1, 'Ärvd rutin', '', '', '');",
        )
        .unwrap();
    }
    let store = Store::open(&path).expect("the old database is migrated");
    let rows = register::list(store.conn(), &ListQuery::default(), time::today()).unwrap();
    assert_eq!(rows.total, 1, "the document is listed once");
    assert_eq!(
        (rows[0].title.as_str(), rows[0].version_no),
        ("Ärvd rutin", 2)
    );
    let key: Vec<u8> = store
        .conn()
        .query_row("SELECT title_key FROM current_versions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        key,
        collate::sort_key("Ärvd rutin"),
        "its sort key is filled in"
    );
}

#[test]
fn sort_keys_are_computed_again_when_the_collation_changes() {
    let mut db = TestDb::new();
    db.add("Ärendehantering");
    db.add("Zonindelning");
    db.store
        .conn()
        .execute_batch(
            "UPDATE current_versions SET title_key = X'00';
             UPDATE meta SET value = 'en annan sortering' WHERE key = 'collation';",
        )
        .unwrap();
    let path = db.path();
    drop(db.store);
    let store = Store::open(&path).unwrap();
    let titles: Vec<String> = register::list(store.conn(), &ListQuery::default(), time::today())
        .unwrap()
        .into_iter()
        .map(|r| r.title)
        .collect();
    assert_eq!(
        titles,
        ["Zonindelning", "Ärendehantering"],
        "keys made anew: Z before Ä"
    );
    let stored: String = store
        .conn()
        .query_row("SELECT value FROM meta WHERE key = 'collation'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(
        stored,
        collate::fingerprint(),
        "the new fingerprint is kept"
    );
}

fn round(db: &mut TestDb, document: DocumentId, deadline: &str) -> rounds::RoundId {
    rounds::open(
        &mut db.store,
        document,
        &RoundInput {
            kind: "remiss".into(),
            deadline: Some(deadline.into()),
            sent_date: Some("2026-01-10".into()),
            ..Default::default()
        },
    )
    .unwrap()
}

#[test]
fn rundor_pages_by_deadline_with_totals_and_per_document() {
    let mut db = TestDb::new();
    let a = db.add("Rutin A");
    let b = db.add("Rutin B");
    let deadlines = [
        "2026-03-05",
        "2026-02-01",
        "2026-04-01",
        "2026-02-01",
        "2026-01-20",
        "2026-05-01",
        "2026-03-01",
    ];
    let mut ids = Vec::new();
    for (i, deadline) in deadlines.iter().enumerate() {
        ids.push(round(&mut db, if i % 2 == 0 { a } else { b }, deadline));
    }
    // One round where everyone has answered: done.
    let today = date("2026-03-02");
    let done = ids[4];
    for party in rounds::status(db.store.conn(), done, today)
        .unwrap()
        .recipients
    {
        rounds::mark(
            &mut db.store,
            done,
            party.party_id,
            &rounds::Mark::Declined(date("2026-01-15")),
        )
        .unwrap();
    }
    let page = |query: RoundQuery| rounds::list(db.store.conn(), &query, today).unwrap();
    let mut seen = Vec::new();
    for offset in [0, 3, 6] {
        let p = page(RoundQuery {
            offset,
            limit: Some(3),
            ..Default::default()
        });
        assert_eq!(p.total, 6, "six rounds still wait");
        seen.extend(p.iter().map(|r| (r.deadline.to_string(), r.id.0)));
    }
    let mut sorted = seen.clone();
    sorted.sort();
    assert_eq!(
        seen, sorted,
        "nearest deadline first, then the older round, over the pages"
    );
    assert_eq!(seen.len(), 6);
    assert!(
        !seen.iter().any(|(_, id)| *id == done.0),
        "the answered round is left out"
    );
    let all = page(RoundQuery {
        include_done: true,
        ..Default::default()
    });
    assert_eq!(all.total, 7, "with the answered round: seven");
    let first = &all[0];
    assert_eq!(
        (first.answered, first.total, first.overdue),
        (17, 17, 0),
        "the done round counts"
    );
    let late = all.iter().find(|r| r.id == ids[1]).unwrap();
    assert_eq!(
        (late.answered, late.overdue, late.days_left),
        (0, 17, -29),
        "late rounds count their missing answers"
    );
    let of_a = page(RoundQuery {
        include_done: true,
        document_id: Some(a),
        ..Default::default()
    });
    assert_eq!(of_a.total, 4, "a document's own rounds");
    assert!(of_a.iter().all(|r| r.document_id == a));
}

#[test]
fn a_long_change_log_is_read_newest_first_a_page_at_a_time() {
    let mut db = TestDb::new();
    let id = db.add("Rutin med lång historik");
    let stages = ["dialog", "utkast", "remiss", "fardigstallande"];
    for i in 0..64 {
        lifecycle::set_stage(&mut db.store, id, stages[i % 4], &format!("steg {i}"), None).unwrap();
    }
    let detail = register::get(db.store.conn(), id, time::today()).unwrap();
    assert_eq!(detail.events_total, 65, "created + 64 moves");
    assert_eq!(
        detail.events.len(),
        register::DETAIL_PAGE as usize,
        "the first page only"
    );
    assert_eq!(detail.history_total, 65);
    assert_eq!(detail.history.len(), register::DETAIL_PAGE as usize);
    assert_eq!(detail.history[0].comment, "steg 63", "newest first");

    let rest = register::events(db.store.conn(), id, Paging::new(50, 50)).unwrap();
    assert_eq!((rest.len(), rest.total, rest.offset), (15, 65, 50));
    let ids: Vec<i64> = detail
        .events
        .iter()
        .chain(rest.iter())
        .map(|e| e.id)
        .collect();
    assert!(
        ids.windows(2).all(|w| w[0] > w[1]),
        "newest first across the pages"
    );
    assert_eq!(
        rest.last().unwrap().action,
        "created",
        "the registration is the oldest"
    );
    let history = register::history(db.store.conn(), id, Paging::new(50, 50)).unwrap();
    assert_eq!(history.len(), 15);
    assert_eq!(history.last().unwrap().comment, "Dokumentet registrerat");
    assert!(
        register::events(db.store.conn(), DocumentId(999), Paging::first(5)).is_err(),
        "a missing document is not found"
    );
}
