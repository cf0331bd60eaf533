//! `cargo bench -p samdok --bench register`: every list, search and view
//! of the core on a demo register of 10 000 documents and 12 000 rounds
//! (about 200 000 answers), built once per run (`SAMDOK_BENCH_DB=FILE`
//! keeps it between runs). Prints one line per query and a Markdown table
//! for the README. The goal is under 20 ms for each.

mod common;

use std::hint::black_box;

use common::Stats;
use samdok::register::{self, ListQuery, SortField, ValidityFilter};
use samdok::rounds::{self, RoundId, RoundQuery};
use samdok::{time, DocumentId, Paging, Store};

const RUNS: usize = 30;
const PAGE: Option<u32> = Some(100);

fn main() {
    let documents = env_u32("SAMDOK_BENCH_DOCUMENTS", 10_000);
    let rounds_wanted = env_u32("SAMDOK_BENCH_ROUNDS", 12_000);
    let db = common::demo_db(documents, rounds_wanted);
    let store = Store::open(&db.path).expect("the demo register opens");
    let conn = store.conn();
    let today = time::today();
    let mut results: Vec<Stats> = Vec::new();
    let mut run = |name: &str, f: &mut dyn FnMut()| {
        let s = common::time(name, RUNS, f);
        println!(
            "{:<58} median {:>8.3} ms   max {:>8.3} ms",
            s.name,
            s.median.as_secs_f64() * 1e3,
            s.max.as_secs_f64() * 1e3
        );
        results.push(s);
    };

    let page = |query: ListQuery| ListQuery {
        limit: PAGE,
        ..query
    };
    let list = |query: &ListQuery| {
        black_box(register::list(conn, query, today).expect("the register lists"));
    };

    // The register as it opens, then every sort both ways.
    let first = page(ListQuery::default());
    let total = register::list(conn, &first, today).expect("listed").total;
    run("register::list, första sidan (titel)", &mut || {
        list(&first)
    });
    let middle = ListQuery {
        offset: (total / 2) as u32,
        ..first.clone()
    };
    run("register::list, sida i mitten (titel)", &mut || {
        list(&middle)
    });
    let last = ListQuery {
        offset: total.saturating_sub(100) as u32,
        ..first.clone()
    };
    run("register::list, sista sidan (titel)", &mut || list(&last));
    for name in SortField::NAMES {
        let sort = SortField::parse(name).expect("a sort field");
        for descending in [false, true] {
            let query = page(ListQuery {
                sort,
                descending,
                ..Default::default()
            });
            let label = format!(
                "register::list, sorterat på {name}{}",
                if descending { ", fallande" } else { "" }
            );
            run(&label, &mut || list(&query));
        }
    }

    // Deeper pages of sorts that have no index of their own (the middle is
    // the farthest from both ends).
    for (name, sort, descending) in [
        ("ägare, fallande", SortField::Owner, true),
        ("giltig t.o.m.", SortField::ValidTo, false),
        ("steg", SortField::Stage, false),
    ] {
        for (which, offset) in [
            ("i mitten", total / 2),
            ("sista sidan", total.saturating_sub(100)),
        ] {
            let query = page(ListQuery {
                sort,
                descending,
                offset: offset as u32,
                ..Default::default()
            });
            run(
                &format!("register::list, {which}, sorterat på {name}"),
                &mut || list(&query),
            );
        }
    }

    // Filters, search, and both together.
    let reference = samdok::assets::reference().expect("reference data");
    let filters = [
        (
            "filter typ",
            ListQuery {
                doc_type: Some("rutin".into()),
                ..Default::default()
            },
        ),
        (
            "filter steg",
            ListQuery {
                stage: Some("remiss".into()),
                ..Default::default()
            },
        ),
        (
            "filter område",
            ListQuery {
                area: Some(reference.areas[0].code.clone()),
                ..Default::default()
            },
        ),
        (
            "filter giltighet: går ut",
            ListQuery {
                validity: Some(ValidityFilter::GarUt),
                ..Default::default()
            },
        ),
        (
            "filter giltighet: gällande",
            ListQuery {
                validity: Some(ValidityFilter::Gallande),
                ..Default::default()
            },
        ),
        (
            "sökning «rutin» (många träffar)",
            ListQuery {
                search: Some("rutin".into()),
                ..Default::default()
            },
        ),
        (
            "sökning «hälsa» (å ä ö)",
            ListQuery {
                search: Some("hälsa".into()),
                ..Default::default()
            },
        ),
        (
            "sökning «barnahus» (få träffar)",
            ListQuery {
                search: Some("barnahus".into()),
                ..Default::default()
            },
        ),
        (
            "sökning på diarienummer",
            ListQuery {
                search: Some("RV2021".into()),
                ..Default::default()
            },
        ),
        (
            "sökning + filter + sortering på ägare",
            ListQuery {
                search: Some("överenskommelse".into()),
                validity: Some(ValidityFilter::Gallande),
                area: Some(reference.areas[0].code.clone()),
                sort: SortField::Owner,
                descending: true,
                ..Default::default()
            },
        ),
    ];
    for (name, query) in filters {
        let query = page(query);
        run(&format!("register::list, {name}"), &mut || list(&query));
    }

    // Rundor and one round.
    let open = RoundQuery {
        limit: PAGE,
        ..Default::default()
    };
    let all = RoundQuery {
        include_done: true,
        limit: PAGE,
        ..Default::default()
    };
    let open_total = rounds::list(conn, &open, today).expect("rounds").total;
    run("rounds::list, väntar på svar, första sidan", &mut || {
        black_box(rounds::list(conn, &open, today).expect("rounds"));
    });
    let open_last = RoundQuery {
        offset: open_total.saturating_sub(100) as u32,
        ..open
    };
    run("rounds::list, väntar på svar, sista sidan", &mut || {
        black_box(rounds::list(conn, &open_last, today).expect("rounds"));
    });
    run("rounds::list, alla rundor, första sidan", &mut || {
        black_box(rounds::list(conn, &all, today).expect("rounds"));
    });
    let busiest: (i64, i64) = conn
        .query_row(
            "SELECT v.document_id, r.id FROM rounds r JOIN document_versions v ON v.id = r.version_id
             GROUP BY v.document_id ORDER BY count(*) DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("a document with rounds");
    let of_document = RoundQuery {
        include_done: true,
        document_id: Some(DocumentId(busiest.0)),
        limit: PAGE,
        ..Default::default()
    };
    run("rounds::list, ett dokuments rundor", &mut || {
        black_box(rounds::list(conn, &of_document, today).expect("rounds"));
    });
    run("rounds::status, en runda med 17 parter", &mut || {
        black_box(rounds::status(conn, RoundId(busiest.1), today).expect("status"));
    });

    // The document with the longest change log.
    let (longest, events): (i64, i64) = conn
        .query_row(
            "SELECT document_id, count(*) FROM events WHERE document_id IS NOT NULL
             GROUP BY document_id ORDER BY count(*) DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("a document with events");
    run(
        &format!("register::get, dokumentet med längst historik ({events} händelser)"),
        &mut || {
            black_box(register::get(conn, DocumentId(longest), today).expect("the document"));
        },
    );
    run("register::events, ändringsloggens andra sida", &mut || {
        black_box(
            register::events(conn, DocumentId(longest), Paging::new(50, 50)).expect("events"),
        );
    });

    // Issue 10: Översikt, the adoption filter, a party's page, the report
    // and the calendar over the whole register.
    // As the window opens it: the whole list found, counted and ordered,
    // its first 100 items written out; then every item written out (the
    // CLI's `samdok watch`).
    let window = samdok::watch::WatchOptions {
        limit: Some(100),
        ..Default::default()
    };
    let whole = samdok::watch::WatchOptions::default();
    let items = samdok::watch::attention(conn, today, &whole)
        .expect("attention")
        .total;
    run(
        &format!("watch::attention, översikten: {items} punkter, de första 100 utskrivna"),
        &mut || {
            black_box(samdok::watch::attention(conn, today, &window).expect("attention"));
        },
    );
    run(
        &format!("watch::attention, alla {items} punkter utskrivna"),
        &mut || {
            black_box(samdok::watch::attention(conn, today, &whole).expect("attention"));
        },
    );
    let waiting = page(ListQuery {
        adoption: Some(register::AdoptionFilter::Vantar),
        ..Default::default()
    });
    run(
        "register::list, filter antagande: väntar på beslut",
        &mut || list(&waiting),
    );
    let karlstad = samdok::parties::find(conn, "Karlstad")
        .expect("Karlstad")
        .id;
    run("party_page::page, Karlstad", &mut || {
        black_box(samdok::party_page::page(conn, karlstad, today).expect("the page"));
    });
    run("report::assemble, förteckningen", &mut || {
        black_box(samdok::export::report::assemble(conn, today).expect("the report"));
    });
    run("calendar::events, kalendern", &mut || {
        black_box(samdok::export::calendar::events(conn).expect("the calendar"));
    });

    // For comparison: the same order (owner descending, blanks last, then
    // title) of the last page, once with the collation `sv` (a call into
    // Rust per comparison) and once with the stored sort keys (bytewise).
    let offset = total.saturating_sub(100) as i64;
    run(
        "jämförelse: sista sidan på ägare, COLLATE sv",
        &mut || {
            let mut stmt = conn
                .prepare_cached(
                    "SELECT c.version_id FROM current_versions c
                 JOIN document_versions v ON v.id = c.version_id
                 ORDER BY (trim(v.owner) = ''), v.owner COLLATE sv DESC, v.title COLLATE sv,
                          c.document_id
                 LIMIT 100 OFFSET ?1",
                )
                .expect("a statement");
            black_box(
                stmt.query_map([offset], |r| r.get::<_, i64>(0))
                    .expect("rows")
                    .count(),
            );
        },
    );
    run(
        "jämförelse: sista sidan på ägare, sorteringsnycklar",
        &mut || {
            let mut stmt = conn
                .prepare_cached(
                    "SELECT c.version_id FROM current_versions c
                 ORDER BY (c.owner_key IS NULL), c.owner_key DESC, c.title_key, c.document_id
                 LIMIT 100 OFFSET ?1",
                )
                .expect("a statement");
            black_box(
                stmt.query_map([offset], |r| r.get::<_, i64>(0))
                    .expect("rows")
                    .count(),
            );
        },
    );

    println!();
    common::print_table(&results);
}

fn env_u32(name: &str, default: u32) -> u32 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
