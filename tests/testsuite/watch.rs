//! Översikt: with a fixed "today" (2026-11-01), a register holding every
//! kind of attention item on both sides of each boundary — exactly twelve
//! months, the deadline today and a week ahead, thirty days to a follow-up
//! or to the information's last day (four months before giltig fr.o.m.),
//! one year after being marked inaktuell — and the items, their reasons,
//! their order, and snoozing.

use chrono::NaiveDate;
use samdok::comments::{self, CommentInput};
use samdok::export::review;
use samdok::register::after_decision::{
    self, FollowupPlanInput, PublicationInput, RetirementInput, SessionInput,
};
use samdok::register::{self, lifecycle, DocumentInput};
use samdok::resolutions::{self, ResolutionInput};
use samdok::rounds::{self, Mark, RoundInput};
use samdok::watch::{self, ItemKind, WatchOptions};
use samdok::{parties, DocumentId};

use crate::support::TestDb;

const TODAY: &str = "2026-11-01";

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a valid test date")
}

fn add(db: &mut TestDb, title: &str, stage: &str, fields: DocumentInput) -> DocumentId {
    let doc = register::create(
        &mut db.store,
        &DocumentInput {
            doc_type: "riktlinje".into(),
            title: title.into(),
            ..fields
        },
    )
    .expect("a valid document");
    if stage != "initiering" {
        lifecycle::set_stage(&mut db.store, doc, stage, "", Some(date("2024-01-01"))).unwrap();
    }
    doc
}

fn dated(from: Option<&str>, to: Option<&str>) -> DocumentInput {
    DocumentInput {
        valid_from: from.map(str::to_owned),
        valid_to: to.map(str::to_owned),
        ..DocumentInput::default()
    }
}

/// A document at Gällande with everything in order: no item of its own.
fn in_order(db: &mut TestDb, title: &str, fields: DocumentInput) -> DocumentId {
    let doc = add(db, title, "implementering", fields);
    after_decision::plan_followup(
        &mut db.store,
        doc,
        &FollowupPlanInput {
            indicators: "Andel parter som följer rutinen.".into(),
            interval_months: Some(24),
            owner: "Socialchefsnätverket".into(),
        },
    )
    .unwrap();
    after_decision::publish(
        &mut db.store,
        doc,
        &PublicationInput {
            published_on: Some("2024-03-01".into()),
            vida_link: "https://vida.regionvarmland.se/1".into(),
        },
    )
    .unwrap();
    lifecycle::set_stage(&mut db.store, doc, "gallande", "", Some(date("2024-03-02"))).unwrap();
    doc
}

fn remiss(db: &mut TestDb, doc: DocumentId, deadline: &str, answered: &[&str]) {
    let recipients = ["Eda", "Kil", "Arvika"]
        .iter()
        .map(|n| parties::find(db.store.conn(), n).unwrap().id)
        .collect();
    let round = rounds::open(
        &mut db.store,
        doc,
        &RoundInput {
            kind: "remiss".into(),
            sent_date: Some("2026-09-01".into()),
            deadline: Some(deadline.into()),
            parties: Some(recipients),
            ..RoundInput::default()
        },
    )
    .unwrap();
    for name in answered {
        let party = parties::find(db.store.conn(), name).unwrap().id;
        rounds::mark(
            &mut db.store,
            round,
            party,
            &Mark::Received {
                on: date("2026-10-01"),
                position: None,
            },
        )
        .unwrap();
    }
}

fn items(db: &TestDb) -> Vec<(ItemKind, String, Option<NaiveDate>, String)> {
    watch::attention(db.store.conn(), date(TODAY), &WatchOptions::default())
        .unwrap()
        .items
        .into_iter()
        .map(|i| (i.kind, i.document_title, i.due, i.reason))
        .collect()
}

fn has(
    list: &[(ItemKind, String, Option<NaiveDate>, String)],
    kind: ItemKind,
    title: &str,
) -> bool {
    list.iter().any(|(k, t, _, _)| *k == kind && t == title)
}

#[test]
fn every_kind_of_item_appears_exactly_at_its_boundary() {
    let mut db = TestDb::new();
    // Validity: exactly twelve months ahead is in, a day more is not.
    in_order(
        &mut db,
        "Tolv månader",
        dated(Some("2024-01-01"), Some("2027-11-01")),
    );
    in_order(
        &mut db,
        "Tolv månader och en dag",
        dated(Some("2024-01-01"), Some("2027-11-02")),
    );
    in_order(
        &mut db,
        "Gick ut i går",
        dated(Some("2024-01-01"), Some("2026-10-31")),
    );
    // Follow-up (every 12 months from giltig fr.o.m.): thirty days ahead is
    // in, thirty-one is not; a day late is late.
    let followup = |from: &str| DocumentInput {
        valid_from: Some(from.into()),
        followup_interval_months: Some(12),
        ..DocumentInput::default()
    };
    add(
        &mut db,
        "Uppföljning om trettio dagar",
        "implementering",
        followup("2025-12-01"),
    );
    add(
        &mut db,
        "Uppföljning om trettioen dagar",
        "implementering",
        followup("2025-12-02"),
    );
    add(
        &mut db,
        "Uppföljning försenad",
        "implementering",
        followup("2025-10-31"),
    );
    // Gällande without plan and link.
    add(
        &mut db,
        "Gällande utan plan",
        "gallande",
        DocumentInput::default(),
    );
    // Rounds: deadline passed, today, a week ahead, eight days ahead.
    let late = add(&mut db, "Remiss sen", "remiss", DocumentInput::default());
    remiss(&mut db, late, "2026-10-31", &["Kil"]);
    let today = add(&mut db, "Remiss i dag", "remiss", DocumentInput::default());
    remiss(&mut db, today, TODAY, &[]);
    let week = add(
        &mut db,
        "Remiss om en vecka",
        "remiss",
        DocumentInput::default(),
    );
    remiss(&mut db, week, "2026-11-08", &[]);
    let later = add(
        &mut db,
        "Remiss om åtta dagar",
        "remiss",
        DocumentInput::default(),
    );
    remiss(&mut db, later, "2026-11-09", &[]);
    let done = add(
        &mut db,
        "Remiss besvarad",
        "remiss",
        DocumentInput::default(),
    );
    remiss(&mut db, done, "2026-10-20", &["Eda", "Kil", "Arvika"]);
    // Information four months before giltig fr.o.m.: 1 December 2026 (in
    // thirty days) is in, 2 December is not.
    add(
        &mut db,
        "Information senast om trettio dagar",
        "stallningstagande",
        dated(Some("2027-04-01"), None),
    );
    add(
        &mut db,
        "Information senast om trettioen dagar",
        "stallningstagande",
        dated(Some("2027-04-02"), None),
    );
    // Sessions: one digital is too few, two are enough.
    let one = add(
        &mut db,
        "Ett tillfälle",
        "implementering",
        DocumentInput::default(),
    );
    let two = add(
        &mut db,
        "Två tillfällen",
        "implementering",
        DocumentInput::default(),
    );
    for (doc, n) in [(one, 1), (two, 2)] {
        for _ in 0..n {
            after_decision::add_session(
                &mut db.store,
                doc,
                &SessionInput {
                    planned_on: Some("2026-12-01".into()),
                    digital: true,
                    ..SessionInput::default()
                },
            )
            .unwrap();
        }
    }
    // Retired: a year on the web as inaktuell ends today for one, tomorrow
    // for the other.
    for (title, inaktuell) in [
        ("Inaktuell ett år", "2025-11-01"),
        ("Inaktuell ett år i morgon", "2025-11-02"),
    ] {
        let doc = add(&mut db, title, "gallande", dated(None, Some("2025-10-31")));
        after_decision::decide_retirement(
            &mut db.store,
            doc,
            &RetirementInput {
                forum: "Beredningsgruppen Nya perspektiv".into(),
                decided_on: Some("2025-10-01".into()),
            },
        )
        .unwrap();
        after_decision::mark_inaktuell(&mut db.store, doc, Some(inaktuell)).unwrap();
    }

    let list = items(&db);
    let yes =
        |kind, title: &str| assert!(has(&list, kind, title), "{kind:?} for «{title}»: {list:#?}");
    let no = |kind, title: &str| {
        assert!(
            !has(&list, kind, title),
            "no {kind:?} for «{title}»: {list:#?}"
        )
    };
    yes(ItemKind::ValidityEnding, "Tolv månader");
    no(ItemKind::ValidityEnding, "Tolv månader och en dag");
    yes(ItemKind::ValidityPassed, "Gick ut i går");
    no(ItemKind::FollowupPlanMissing, "Tolv månader");
    no(ItemKind::VidaLinkMissing, "Tolv månader");
    yes(ItemKind::FollowupDue, "Uppföljning om trettio dagar");
    no(ItemKind::FollowupDue, "Uppföljning om trettioen dagar");
    yes(ItemKind::FollowupLate, "Uppföljning försenad");
    yes(ItemKind::FollowupPlanMissing, "Gällande utan plan");
    yes(ItemKind::VidaLinkMissing, "Gällande utan plan");
    yes(ItemKind::RoundLate, "Remiss sen");
    yes(ItemKind::RoundDueSoon, "Remiss i dag");
    yes(ItemKind::RoundDueSoon, "Remiss om en vecka");
    no(ItemKind::RoundDueSoon, "Remiss om åtta dagar");
    no(ItemKind::RoundLate, "Remiss besvarad");
    yes(
        ItemKind::InformationDue,
        "Information senast om trettio dagar",
    );
    no(
        ItemKind::InformationDue,
        "Information senast om trettioen dagar",
    );
    yes(ItemKind::TooFewSessions, "Ett tillfälle");
    no(ItemKind::TooFewSessions, "Två tillfällen");
    yes(ItemKind::WebRemovalDue, "Inaktuell ett år");
    no(ItemKind::WebRemovalDue, "Inaktuell ett år i morgon");
    no(ItemKind::ValidityPassed, "Inaktuell ett år");
    yes(ItemKind::ReviewMissing, "");

    let reason = |kind: ItemKind, title: &str| -> String {
        list.iter()
            .find(|(k, t, _, _)| *k == kind && t == title)
            .map(|(_, _, _, r)| r.clone())
            .unwrap()
    };
    assert_eq!(
        reason(ItemKind::RoundLate, "Remiss sen"),
        "Remiss: sista svarsdag var 2026-10-31 (i går) och 2 av 3 parter har inte svarat: Arvika och Eda."
    );
    assert_eq!(
        reason(ItemKind::RoundDueSoon, "Remiss i dag"),
        "Remiss: sista svarsdag 2026-11-01 (i dag); 3 av 3 parter har inte svarat än: Arvika, Eda och Kil."
    );
    assert_eq!(
        reason(ItemKind::ValidityEnding, "Tolv månader"),
        "Giltighetstiden går ut 2027-11-01 (om 365 dagar). Påbörja revideringen i tid."
    );
    assert_eq!(
        reason(ItemKind::FollowupPlanMissing, "Gällande utan plan"),
        "Dokumentet gäller men uppföljningsplanen saknar indikatorer, intervall och ansvarig."
    );
    assert_eq!(
        reason(ItemKind::InformationDue, "Information senast om trettio dagar"),
        "Information om dokumentet ska skickas till parter och nätverk senast 2026-12-01 (om 30 dagar), fyra månader före giltig fr.o.m. 2027-04-01."
    );

    // Most urgent first: the oldest due date leads, what is simply missing
    // counts as due today.
    let dues: Vec<NaiveDate> = list
        .iter()
        .map(|(_, _, due, _)| due.unwrap_or(date(TODAY)))
        .collect();
    assert!(dues.windows(2).all(|w| w[0] <= w[1]), "{dues:?}");
    let last = list.last().unwrap();
    assert_eq!(
        (last.0, last.1.as_str()),
        (ItemKind::ValidityEnding, "Tolv månader"),
        "the validity end a year ahead is the least urgent"
    );

    // A wider horizon takes in the later validity end.
    let wide = watch::attention(
        db.store.conn(),
        date(TODAY),
        &WatchOptions {
            horizon_months: 13,
            ..WatchOptions::default()
        },
    )
    .unwrap();
    assert!(wide
        .items
        .iter()
        .any(|i| i.document_title == "Tolv månader och en dag"));

    // The window reads the list a page at a time: the pages, one after
    // the other, are the whole list, and every page counts the whole.
    let whole = watch::attention(db.store.conn(), date(TODAY), &WatchOptions::default()).unwrap();
    assert!(whole.items.len() > 10, "{}", whole.items.len());
    assert_eq!(
        (whole.total, whole.active),
        (whole.items.len(), whole.items.len())
    );
    let mut paged = Vec::new();
    for offset in (0..whole.total + 4).step_by(4) {
        let page = watch::attention(
            db.store.conn(),
            date(TODAY),
            &WatchOptions {
                offset,
                limit: Some(4),
                ..WatchOptions::default()
            },
        )
        .unwrap();
        assert_eq!(page.total, whole.total);
        assert_eq!(page.groups, whole.groups);
        assert_eq!(page.offset, offset.min(whole.total));
        paged.extend(page.items);
    }
    assert_eq!(paged, whole.items);
    // The groups count the items as the items say, in the order shown.
    let groups: Vec<(&str, usize)> = whole.groups.iter().map(|g| (g.title, g.count)).collect();
    let count = |group: watch::Group| whole.items.iter().filter(|i| i.group == group).count();
    assert_eq!(
        groups,
        [
            ("Försenat", count(watch::Group::Passed)),
            ("I dag och sådant som saknas", count(watch::Group::Now)),
            ("Kommande", count(watch::Group::Coming)),
        ]
    );
    assert!(groups.iter().all(|(_, n)| *n > 0), "{groups:?}");
    crate::support::assert_mirrors_agree(db.store.conn());
    for item in &whole.items {
        let expected = match item.days {
            Some(d) if d < 0 => watch::Group::Passed,
            Some(d) if d > 0 => watch::Group::Coming,
            _ => watch::Group::Now,
        };
        assert_eq!(item.group, expected, "{item:?}");
    }
}

#[test]
fn adoption_comments_and_the_review_are_watched_and_links_lead_to_them() {
    let mut db = TestDb::new();
    let doc = add(
        &mut db,
        "Riktlinje att anta",
        "fardigstallande",
        DocumentInput::default(),
    );
    let eda = parties::find(db.store.conn(), "Eda").unwrap().id;
    let round = rounds::open(
        &mut db.store,
        doc,
        &RoundInput {
            kind: "synpunktsrunda".into(),
            sent_date: Some("2026-06-01".into()),
            deadline: Some("2026-07-01".into()),
            parties: Some(vec![eda]),
            ..RoundInput::default()
        },
    )
    .unwrap();
    rounds::mark(
        &mut db.store,
        round,
        eda,
        &Mark::Received {
            on: date("2026-06-20"),
            position: None,
        },
    )
    .unwrap();
    comments::add(
        &mut db.store,
        round,
        eda,
        &CommentInput {
            section: "Övrigt".into(),
            text: "En synpunkt att hantera.".into(),
            proposal: String::new(),
        },
    )
    .unwrap();
    resolutions::record(
        &mut db.store,
        doc,
        &ResolutionInput {
            forum: "Värmlandsrådet".into(),
            meeting_date: "2026-08-01".into(),
            text: "Parterna rekommenderas att anta riktlinjen.".into(),
            recommends_adoption: true,
        },
    )
    .unwrap();
    let adoption = rounds::open(
        &mut db.store,
        doc,
        &RoundInput {
            kind: "antagande".into(),
            sent_date: Some("2026-08-10".into()),
            deadline: Some("2027-01-31".into()),
            ..RoundInput::default()
        },
    )
    .unwrap();
    let all = watch::attention(db.store.conn(), date(TODAY), &WatchOptions::default()).unwrap();
    let find = |kind: ItemKind| all.items.iter().find(|i| i.kind == kind).unwrap();
    let undecided = find(ItemKind::AdoptionUndecided);
    assert!(
        undecided
            .reason
            .starts_with("17 av 17 parter har inte beslutat om antagande: Region Värmland, Arvika, Eda, Filipstad, Forshaga, Grums och 11 till."),
        "{}",
        undecided.reason
    );
    assert_eq!(undecided.link, format!("#/rundor/{}", adoption.0));
    let unhandled = find(ItemKind::CommentsUnhandled);
    assert_eq!(
        unhandled.reason,
        "Synpunktsrunda: 1 av 1 synpunkter är inte hanterade i sammanställningen."
    );
    assert_eq!(
        unhandled.link,
        format!("#/rundor/{}/sammanstallning", round.0)
    );
    assert_eq!(find(ItemKind::ReviewMissing).link, "#/installningar");
    assert_eq!(
        find(ItemKind::ReviewMissing).kind_name,
        "Årets granskning av registret"
    );

    review::record(
        &mut db.store,
        &review::ReviewInput {
            reviewed_on: Some("2026-10-15".into()),
            reviewed_by: "Linnea Ek".into(),
            note: String::new(),
        },
    )
    .unwrap();
    let after = watch::attention(db.store.conn(), date(TODAY), &WatchOptions::default()).unwrap();
    assert!(after
        .items
        .iter()
        .all(|i| i.kind != ItemKind::ReviewMissing));
}

#[test]
fn a_snoozed_item_is_left_out_until_its_day_and_every_snooze_is_in_the_change_log() {
    let mut db = TestDb::new();
    let doc = add(
        &mut db,
        "Gällande utan länk",
        "gallande",
        DocumentInput::default(),
    );
    let today = samdok::time::today();
    let key = |db: &TestDb| {
        watch::attention(db.store.conn(), today, &WatchOptions::default())
            .unwrap()
            .items
            .into_iter()
            .find(|i| i.kind == ItemKind::VidaLinkMissing)
            .map(|i| i.key)
    };
    let k = key(&db).expect("the missing link is watched");
    assert_eq!(k, format!("vida_link_missing:document-{}", doc.0));
    let until = today + chrono::Days::new(10);
    watch::snooze(
        &mut db.store,
        &k,
        until,
        "Länken kommer efter publiceringen.",
    )
    .unwrap();
    let list = watch::attention(db.store.conn(), today, &WatchOptions::default()).unwrap();
    assert_eq!(key(&db), None, "snoozed: left out");
    assert_eq!(list.snoozed, 1, "but counted");
    let all = watch::attention(
        db.store.conn(),
        today,
        &WatchOptions {
            include_snoozed: true,
            ..WatchOptions::default()
        },
    )
    .unwrap();
    let shown = all.items.iter().find(|i| i.key == k).unwrap();
    assert_eq!(shown.snoozed.as_ref().unwrap().until, until);
    assert_eq!(
        all.total,
        all.active + 1,
        "the snoozed item is shown, not active"
    );
    assert_eq!(list.total, list.active);
    // On the day after the snooze it is back.
    let back = watch::attention(
        db.store.conn(),
        until + chrono::Days::new(1),
        &WatchOptions::default(),
    )
    .unwrap();
    assert!(back.items.iter().any(|i| i.key == k));

    for (until, expected) in [
        (today, "efter i dag"),
        (today + chrono::Days::new(800), "högst två år"),
    ] {
        let error = watch::snooze(&mut db.store, &k, until, "").unwrap_err();
        assert!(error.to_string().contains(expected), "{error}");
    }
    for made_up in [
        "påhittad:nyckel",
        "vida_link_missing:document-x",
        "vida_link_missing:party-3",
        "validity_passed:document-1:2026-02-30",
    ] {
        let error = watch::snooze(&mut db.store, made_up, until, "").unwrap_err();
        assert!(
            error.to_string().contains("inte en punkt"),
            "{made_up}: {error}"
        );
    }

    watch::unsnooze(&mut db.store, &k).unwrap();
    assert!(key(&db).is_some());
    assert!(watch::unsnooze(&mut db.store, &k).is_err());
    let events = samdok::audit::for_document(db.store.conn(), doc.0).unwrap();
    let summaries: Vec<&str> = events.iter().map(|e| e.summary.as_str()).collect();
    assert!(
        summaries
            .contains(&format!("Översikt: «Länk i Vida saknas» uppskjuten till {until}").as_str())
            && summaries.contains(&"Översikt: «Länk i Vida saknas» visas igen"),
        "{summaries:?}"
    );
}

#[test]
fn samdok_watch_prints_the_list_pages_it_and_snoozes_from_the_command_line() {
    use std::process::Command;
    let mut db = TestDb::new();
    let doc = add(
        &mut db,
        "Gällande <utan> länk & plan",
        "gallande",
        DocumentInput::default(),
    );
    let path = db.path();
    let TestDb { store, dir: _dir } = db;
    drop(store);
    let samdok = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_samdok"))
            .arg("--db")
            .arg(&path)
            .args(args)
            .env("USER", "cli-testare")
            .output()
            .expect("the samdok binary runs")
    };
    let ok = |args: &[&str]| {
        let out = samdok(args);
        assert!(
            out.status.success(),
            "samdok {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };

    let list: serde_json::Value =
        serde_json::from_str(&ok(&["watch", "--today", TODAY, "--json"])).unwrap();
    let kinds: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "followup_plan_missing",
            "vida_link_missing",
            "review_missing"
        ]
    );
    assert_eq!(
        (list["total"].as_u64(), list["active"].as_u64()),
        (Some(3), Some(3))
    );
    assert_eq!(list["groups"][1]["title"], "I dag och sådant som saknas");
    assert_eq!(list["groups"][1]["count"], 2);

    let text = ok(&["watch", "--today", TODAY, "--limit", "1"]);
    assert!(
        text.contains("Uppföljningsplan saknas – Gällande <utan> länk & plan")
            && text.contains("(1 av 3 punkter visas.)")
            && !text.contains("Länk i Vida saknas"),
        "{text}"
    );

    let key = format!("vida_link_missing:document-{}", doc.0);
    let out = samdok(&["watch", "snooze", &key, "--until", "2026-13-01"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("ÅÅÅÅ-MM-DD") && !stderr.contains("panicked"),
        "{stderr}"
    );
    let until = (samdok::time::today() + chrono::Days::new(7)).to_string();
    let said = ok(&[
        "watch",
        "snooze",
        &key,
        "--until",
        &until,
        "--note",
        "Väntar på webben.",
    ]);
    assert!(said.contains(&until), "{said}");
    let after = ok(&["watch"]);
    assert!(
        !after.contains("Länk i Vida saknas")
            && after.contains("(1 uppskjuten punkt visas med --all.)"),
        "{after}"
    );
    assert!(ok(&["watch", "--all"]).contains(&format!("[uppskjuten till {until}]")));
    ok(&["watch", "unsnooze", &key]);
    assert!(ok(&["watch"]).contains("Länk i Vida saknas"));
}
