//! The document's life after the decision: implementation, publication,
//! follow-up and retirement, each step recorded and dated in the history
//! and the change log, and the guideline's rules checked at their
//! boundaries.

use std::process::{Command, Output};

use chrono::{NaiveDate, NaiveDateTime};
use samdok::register::after_decision::{
    self as steps, FollowupInput, FollowupPlanInput, LifecycleView, MailingInput, PublicationInput,
    RetirementInput, SessionInput,
};
use samdok::register::{self, lifecycle, DocumentInput};
use samdok::{time, DocumentId, Error};
use serde_json::Value;

use crate::support::{doc, TestDb};

fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a test date")
}

fn add_valid_from(db: &mut TestDb, title: &str, valid_from: &str) -> DocumentId {
    register::create(
        &mut db.store,
        &DocumentInput {
            valid_from: Some(valid_from.into()),
            ..doc(title)
        },
    )
    .expect("a valid document is stored")
}

fn mailing(date: &str) -> MailingInput {
    MailingInput {
        sent_on: Some(date.into()),
        sent_to: "Alla parter och berörda nätverk".into(),
        minor_revision: false,
    }
}

fn session(planned: &str, digital: bool) -> SessionInput {
    SessionInput {
        planned_on: Some(planned.into()),
        digital,
        ..SessionInput::default()
    }
}

fn view(db: &TestDb, id: DocumentId) -> LifecycleView {
    steps::view(db.store.conn(), id, time::today()).expect("the lifecycle view reads")
}

fn warning_codes(view: &LifecycleView) -> Vec<&'static str> {
    view.warnings.iter().map(|w| w.code).collect()
}

/// The field of a single-field refusal.
fn refused_field(result: Result<impl std::fmt::Debug, Error>) -> String {
    let err = result.expect_err("the input should be refused");
    let fields = err.field_errors();
    assert_eq!(
        fields.len(),
        1,
        "one problem should be reported, got {fields:?}"
    );
    fields[0].field.clone()
}

#[test]
fn every_step_is_recorded_dated_and_in_the_change_log_in_swedish() {
    let mut db = TestDb::new();
    let id = add_valid_from(&mut db, "Riktlinje för samverkan", "2025-09-01");

    steps::record_mailing(&mut db.store, id, &mailing("2025-04-01")).unwrap();
    let first = steps::add_session(&mut db.store, id, &session("2025-05-10", true)).unwrap();
    steps::add_session(&mut db.store, id, &session("2025-05-20", true)).unwrap();
    steps::mark_session_held(&mut db.store, first, Some("2025-05-10")).unwrap();
    steps::publish(
        &mut db.store,
        id,
        &PublicationInput {
            published_on: Some("2025-08-25".into()),
            vida_link: "https://vida.regionvarmland.se/dokument/42".into(),
        },
    )
    .unwrap();
    let changed = steps::plan_followup(
        &mut db.store,
        id,
        &FollowupPlanInput {
            indicators: "Dokumenten är kända\nFörteckningen är uppdaterad".into(),
            interval_months: Some(24),
            owner: "Enhetschef Nya perspektiv".into(),
        },
    )
    .unwrap();
    assert_eq!(
        changed,
        ["followup_interval_months", "followup_owner", "indicators"],
        "the plan should change the interval, the owner and the indicators"
    );
    steps::record_followup(
        &mut db.store,
        id,
        &FollowupInput {
            done_on: Some("2026-06-01".into()),
            result: "Riktlinjen följs; två nätverk vill ha fler exempel.".into(),
        },
    )
    .unwrap();
    steps::decide_retirement(
        &mut db.store,
        id,
        &RetirementInput {
            forum: "Beredningsgruppen Nya perspektiv".into(),
            decided_on: Some("2026-09-01".into()),
        },
    )
    .unwrap();
    let removal = steps::mark_inaktuell(&mut db.store, id, Some("2026-10-01")).unwrap();
    assert_eq!(removal, d("2027-10-01"), "removed one year after inaktuell");

    // The register is the one place of the link, the interval and the owner.
    let version = register::current_version(db.store.conn(), id).unwrap();
    assert_eq!(
        version.fields.vida_link,
        "https://vida.regionvarmland.se/dokument/42"
    );
    assert_eq!(version.fields.followup_interval_months, Some(24));
    assert_eq!(version.fields.followup_owner, "Enhetschef Nya perspektiv");
    assert_eq!(version.stage, "avvecklad", "the last step retires it");

    // Every stage the steps moved to, on the step's own date.
    let mut moves: Vec<(String, NaiveDate)> = lifecycle::history(db.store.conn(), id)
        .unwrap()
        .into_iter()
        .map(|h| (h.to_stage, h.on_date))
        .collect();
    moves.sort_by_key(|(_, date)| *date);
    let moves: Vec<(&str, NaiveDate)> = moves.iter().map(|(s, d)| (s.as_str(), *d)).collect();
    assert_eq!(
        moves,
        [
            ("implementering", d("2025-04-01")),
            ("publicering", d("2025-08-25")),
            ("gallande", d("2026-06-01")),
            ("avveckling", d("2026-09-01")),
            ("avvecklad", d("2026-10-01")),
            ("initiering", time::today()),
        ],
        "each step should move the stage forward on its own date"
    );

    let view = view(&db, id);
    assert_eq!(view.mailings.len(), 1);
    assert_eq!(view.sessions.len(), 2);
    assert_eq!(view.sessions[0].held_on, Some(d("2025-05-10")));
    assert_eq!(view.digital_sessions_planned, 2);
    assert_eq!(
        view.publication.as_ref().map(|p| p.published_on),
        Some(d("2025-08-25"))
    );
    assert_eq!(view.followup_plan.interval_name, "Vartannat år");
    assert_eq!(view.followups[0].next_due, Some(d("2028-06-01")));
    assert_eq!(view.next_followup_due, Some(d("2028-06-01")));
    let retirement = view.retirement.as_ref().expect("retirement recorded");
    assert_eq!(retirement.forum, "Beredningsgruppen Nya perspektiv");
    assert_eq!(retirement.removal_on, Some(d("2027-10-01")));
    assert!(
        view.warnings.is_empty(),
        "information in time and two sessions give no warning, got {:?}",
        view.warnings
    );

    // The change log: each step once, every key with a Swedish label.
    let log = register::change_log(db.store.conn(), id).unwrap();
    for action in [
        "implementation_info_sent",
        "implementation_session_planned",
        "implementation_session_held",
        "published",
        "followup_planned",
        "followup_done",
        "retirement_decided",
        "marked_inaktuell",
    ] {
        let event = log
            .iter()
            .find(|e| e.action == action)
            .unwrap_or_else(|| panic!("the change log should have {action}"));
        assert!(
            !event.changes.is_empty(),
            "{action} should show what it recorded, got {event:?}"
        );
    }
    for event in &log {
        for change in &event.changes {
            assert!(
                change.label != "Övrig uppgift" && !change.label.contains('_'),
                "{} ({}) should have a Swedish label, got {}",
                change.field,
                event.action,
                change.label
            );
        }
    }
    let shown = |action: &str| -> Vec<(String, String)> {
        log.iter()
            .find(|e| e.action == action)
            .map(|e| {
                e.changes
                    .iter()
                    .map(|c| (c.label.clone(), c.after.clone()))
                    .collect()
            })
            .unwrap_or_default()
    };
    assert!(shown("implementation_info_sent")
        .contains(&("Information skickad".into(), "2025-04-01".into())));
    assert!(shown("implementation_session_planned").contains(&("Digitalt".into(), "Ja".into())));
    assert!(shown("published").contains(&(
        "Länk i Vida".into(),
        "https://vida.regionvarmland.se/dokument/42".into()
    )));
    assert!(
        shown("followup_done").contains(&("Nästa uppföljning senast".into(), "2028-06-01".into()))
    );
    assert!(shown("retirement_decided").contains(&(
        "Forum för beslut om avveckling".into(),
        "Beredningsgruppen Nya perspektiv".into()
    )));
    assert!(
        shown("marked_inaktuell").contains(&("Tas bort från webben".into(), "2027-10-01".into()))
    );
    assert!(
        log.iter()
            .any(|e| e.action == "updated" && e.summary.contains("länk i vida")),
        "the Vida link should be changed through the register's own edit"
    );
}

#[test]
fn information_four_months_to_the_day_is_in_time_and_one_day_later_warns() {
    let mut db = TestDb::new();
    let on_time = add_valid_from(&mut db, "I tid", "2025-09-15");
    steps::record_mailing(&mut db.store, on_time, &mailing("2025-05-15")).unwrap();
    let late = add_valid_from(&mut db, "En dag sent", "2025-09-15");
    steps::record_mailing(&mut db.store, late, &mailing("2025-05-16")).unwrap();

    let v = view(&db, on_time);
    assert_eq!(v.info_due_by, Some(d("2025-05-15")));
    assert!(
        !warning_codes(&v).contains(&"information_late"),
        "exactly four months before giltig fr.o.m. is in time, got {:?}",
        v.warnings
    );
    let v = view(&db, late);
    let warning = v
        .warnings
        .iter()
        .find(|w| w.code == "information_late")
        .expect("one day less than four months should warn");
    assert!(
        warning.message.contains("mindre än fyra månader")
            && warning.message.contains("2025-05-15"),
        "the warning should say the rule and the last day, got {}",
        warning.message
    );

    // Four months before the 30th of June is the last day of February.
    let month_end = add_valid_from(&mut db, "Månadsslut", "2025-06-30");
    steps::record_mailing(&mut db.store, month_end, &mailing("2025-02-28")).unwrap();
    assert!(!warning_codes(&view(&db, month_end)).contains(&"information_late"));
    let month_end_late = add_valid_from(&mut db, "Månadsslut sent", "2025-06-30");
    steps::record_mailing(&mut db.store, month_end_late, &mailing("2025-03-01")).unwrap();
    assert!(warning_codes(&view(&db, month_end_late)).contains(&"information_late"));
}

#[test]
fn a_minor_revision_is_exempt_from_the_four_month_rule_and_a_new_document_is_not() {
    let mut db = TestDb::new();
    let id = add_valid_from(&mut db, "Rutin", "2025-09-15");
    let minor = MailingInput {
        minor_revision: true,
        ..mailing("2025-08-01")
    };
    assert_eq!(
        refused_field(steps::record_mailing(&mut db.store, id, &minor)),
        "minor_revision",
        "version 1 is a new document, never a minor revision"
    );
    register::open_revision(&mut db.store, id, "").unwrap();
    steps::record_mailing(&mut db.store, id, &minor).unwrap();
    let v = view(&db, id);
    assert!(!v.four_month_rule_applies);
    assert!(
        !warning_codes(&v).contains(&"information_late"),
        "a minor revision should not warn, got {:?}",
        v.warnings
    );
}

#[test]
fn fewer_than_two_digital_sessions_warn_and_two_do_not() {
    let mut db = TestDb::new();
    let id = add_valid_from(&mut db, "Överenskommelse", "2025-12-01");
    steps::record_mailing(&mut db.store, id, &mailing("2025-06-01")).unwrap();
    let sessions_warning = |db: &TestDb| {
        view(db, id)
            .warnings
            .into_iter()
            .find(|w| w.code == "too_few_sessions")
            .map(|w| w.message)
    };
    assert!(
        sessions_warning(&db).is_some_and(|m| m.contains("Inga digitala")),
        "no session planned should warn"
    );
    steps::add_session(&mut db.store, id, &session("2025-07-01", true)).unwrap();
    assert!(
        sessions_warning(&db).is_some_and(|m| m.contains("Bara ett")),
        "one digital session should warn"
    );
    steps::add_session(&mut db.store, id, &session("2025-07-05", false)).unwrap();
    assert!(
        sessions_warning(&db).is_some(),
        "a session on site does not count as digital"
    );
    steps::add_session(&mut db.store, id, &session("2030-01-10", true)).unwrap();
    assert_eq!(
        sessions_warning(&db),
        None,
        "two digital sessions planned (one in the future) should not warn"
    );
    assert_eq!(view(&db, id).digital_sessions_planned, 2);
}

#[test]
fn the_web_removal_date_is_one_year_after_inaktuell_across_a_leap_day() {
    let mut db = TestDb::new();
    let id = db.add("Avvecklad riktlinje");
    let at = |date: &str| -> NaiveDateTime { d(date).and_hms_opt(12, 0, 0).unwrap() };
    let removal = time::as_of(at("2028-03-01"), || {
        steps::decide_retirement(
            &mut db.store,
            id,
            &RetirementInput {
                forum: "Beredningsgruppen Nya perspektiv".into(),
                decided_on: Some("2028-02-01".into()),
            },
        )?;
        steps::mark_inaktuell(&mut db.store, id, Some("2028-02-29"))
    })
    .expect("a leap day is a valid day to mark a document inaktuell");
    assert_eq!(removal, d("2029-02-28"), "29 Feb 2028 + 1 year");
    let retirement = steps::view(db.store.conn(), id, d("2029-02-27"))
        .unwrap()
        .retirement
        .expect("recorded");
    assert_eq!(retirement.removal_on, Some(d("2029-02-28")));

    let removal_warning = |today: &str| {
        warning_codes(&steps::view(db.store.conn(), id, d(today)).unwrap())
            .contains(&"remove_from_web")
    };
    assert!(!removal_warning("2029-02-27"), "the day before: no warning");
    assert!(removal_warning("2029-02-28"), "the removal day: warn");

    // And with today's clock, a leap day already past.
    let other = db.add("Annan");
    steps::decide_retirement(
        &mut db.store,
        other,
        &RetirementInput {
            forum: "Värmlandsrådet".into(),
            decided_on: Some("2024-02-01".into()),
        },
    )
    .unwrap();
    assert_eq!(
        steps::mark_inaktuell(&mut db.store, other, Some("2024-02-29")).unwrap(),
        d("2025-02-28")
    );
}

#[test]
fn bad_input_is_refused_at_its_field_and_nothing_is_stored() {
    let mut db = TestDb::new();
    let id = add_valid_from(&mut db, "Riktlinje", "2025-09-01");
    let events_before = register::change_log(db.store.conn(), id).unwrap().len();
    let tomorrow = (time::today() + chrono::Days::new(1)).to_string();

    let cases: Vec<(&str, Result<(), Error>)> = vec![
        (
            "sent_on",
            steps::record_mailing(&mut db.store, id, &mailing(&tomorrow)).map(drop),
        ),
        (
            "sent_on",
            steps::record_mailing(&mut db.store, id, &mailing("2025-02-30")).map(drop),
        ),
        (
            "sent_on",
            steps::record_mailing(
                &mut db.store,
                id,
                &MailingInput {
                    sent_on: None,
                    ..mailing("")
                },
            )
            .map(drop),
        ),
        (
            "sent_to",
            steps::record_mailing(
                &mut db.store,
                id,
                &MailingInput {
                    sent_to: "Parterna\nNätverken".into(),
                    ..mailing("2025-04-01")
                },
            )
            .map(drop),
        ),
        (
            "held_on",
            steps::add_session(
                &mut db.store,
                id,
                &SessionInput {
                    held_on: Some(tomorrow.clone()),
                    ..session("2025-05-01", true)
                },
            )
            .map(drop),
        ),
        (
            "published_on",
            steps::publish(
                &mut db.store,
                id,
                &PublicationInput {
                    published_on: Some(tomorrow.clone()),
                    vida_link: "https://vida.example/1".into(),
                },
            ),
        ),
        (
            "vida_link",
            steps::publish(
                &mut db.store,
                id,
                &PublicationInput {
                    published_on: Some("2025-08-01".into()),
                    vida_link: "https://vida.example/1\r\nX-Header: 1".into(),
                },
            ),
        ),
        (
            "vida_link",
            steps::publish(
                &mut db.store,
                id,
                &PublicationInput {
                    published_on: Some("2025-08-01".into()),
                    vida_link: String::new(),
                },
            ),
        ),
        (
            "vida_link",
            steps::publish(
                &mut db.store,
                id,
                &PublicationInput {
                    published_on: Some("2025-08-01".into()),
                    vida_link: "vida/dokument/1".into(),
                },
            ),
        ),
        (
            "interval_months",
            steps::plan_followup(
                &mut db.store,
                id,
                &FollowupPlanInput {
                    indicators: "Indikator".into(),
                    interval_months: Some(-3),
                    owner: "Enhetschef".into(),
                },
            )
            .map(drop),
        ),
        (
            "owner",
            steps::plan_followup(
                &mut db.store,
                id,
                &FollowupPlanInput {
                    indicators: "Indikator".into(),
                    interval_months: Some(24),
                    owner: "Enhetschef\rNya perspektiv".into(),
                },
            )
            .map(drop),
        ),
        (
            "done_on",
            steps::record_followup(
                &mut db.store,
                id,
                &FollowupInput {
                    done_on: Some(tomorrow.clone()),
                    result: "Bra".into(),
                },
            )
            .map(drop),
        ),
        (
            "result",
            steps::record_followup(
                &mut db.store,
                id,
                &FollowupInput {
                    done_on: Some("2026-01-01".into()),
                    result: "  ".into(),
                },
            )
            .map(drop),
        ),
        (
            "forum",
            steps::decide_retirement(
                &mut db.store,
                id,
                &RetirementInput {
                    forum: "Beredningsgruppen\nNya perspektiv".into(),
                    decided_on: Some("2026-01-01".into()),
                },
            ),
        ),
        (
            "decided_on",
            steps::decide_retirement(
                &mut db.store,
                id,
                &RetirementInput {
                    forum: "Beredningsgruppen Nya perspektiv".into(),
                    decided_on: Some(tomorrow.clone()),
                },
            ),
        ),
        (
            "inaktuell_on",
            steps::mark_inaktuell(&mut db.store, id, Some("2026-01-01")).map(drop),
        ),
    ];
    for (field, result) in cases {
        assert_eq!(
            refused_field(result),
            field,
            "the refusal should be at {field}"
        );
    }

    let v = view(&db, id);
    assert!(
        v.mailings.is_empty()
            && v.sessions.is_empty()
            && v.publication.is_none()
            && v.followups.is_empty()
            && v.retirement.is_none()
            && v.followup_plan.indicators.is_empty(),
        "nothing refused should be stored, got {v:?}"
    );
    assert_eq!(
        register::current_version(db.store.conn(), id)
            .unwrap()
            .fields
            .vida_link,
        "",
        "a refused publication leaves the register's link alone"
    );
    assert_eq!(
        register::change_log(db.store.conn(), id).unwrap().len(),
        events_before,
        "nothing refused should be in the change log"
    );

    // After a decision, inaktuell may not come before it, nor in the future.
    steps::decide_retirement(
        &mut db.store,
        id,
        &RetirementInput {
            forum: "Beredningsgruppen Nya perspektiv".into(),
            decided_on: Some("2026-01-10".into()),
        },
    )
    .unwrap();
    assert_eq!(
        refused_field(steps::mark_inaktuell(&mut db.store, id, Some("2026-01-09"))),
        "inaktuell_on"
    );
    assert_eq!(
        refused_field(steps::mark_inaktuell(&mut db.store, id, Some(&tomorrow))),
        "inaktuell_on"
    );
    // A planned session may lie in the future; a held one may not.
    steps::add_session(&mut db.store, id, &session(&tomorrow, true)).unwrap();
    let planned = view(&db, id).sessions[0].id;
    assert_eq!(
        refused_field(steps::mark_session_held(
            &mut db.store,
            planned,
            Some(&tomorrow)
        )),
        "held_on"
    );
    assert!(matches!(
        steps::mark_session_held(&mut db.store, 9999, Some("2025-01-01")),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn a_late_step_never_moves_the_document_backwards() {
    let mut db = TestDb::new();
    let id = add_valid_from(&mut db, "Riktlinje", "2025-09-01");
    lifecycle::set_stage(&mut db.store, id, "gallande", "", None).unwrap();
    steps::record_mailing(&mut db.store, id, &mailing("2025-04-01")).unwrap();
    steps::publish(
        &mut db.store,
        id,
        &PublicationInput {
            published_on: Some("2025-08-01".into()),
            vida_link: "https://vida.example/7".into(),
        },
    )
    .unwrap();
    assert_eq!(
        register::current_version(db.store.conn(), id)
            .unwrap()
            .stage,
        "gallande",
        "information and publication recorded late leave Gällande alone"
    );
}

// ---- the command line --------------------------------------------------

struct Cli {
    dir: tempfile::TempDir,
}

impl Cli {
    fn new() -> Cli {
        let cli = Cli {
            dir: tempfile::tempdir().unwrap(),
        };
        cli.ok(&["init"]);
        cli
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_samdok"))
            .arg("--db")
            .arg(self.dir.path().join("cli.sqlite3"))
            .args(args)
            .env("USER", "cli-testare")
            .output()
            .expect("the samdok binary runs")
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "samdok {args:?} should succeed; stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("stdout is UTF-8")
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).expect("--json prints JSON")
    }

    fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(out.status.code(), Some(1), "samdok {args:?} should exit 1");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(!stderr.contains("panicked"), "no panic: {stderr}");
        stderr
    }
}

#[test]
fn the_life_after_the_decision_from_the_command_line() {
    let cli = Cli::new();
    let id = cli.json(&[
        "doc",
        "add",
        "--title",
        "Riktlinje för samverkan",
        "--type",
        "riktlinje",
        "--valid-from",
        "2025-09-15",
        "--json",
    ])["id"]
        .to_string();
    let id = id.as_str();

    let out = cli.ok(&[
        "implement",
        "info",
        id,
        "--date",
        "2025-05-16",
        "--to",
        "Alla parter",
    ]);
    assert!(
        out.contains("Information skickad 2025-05-16 till Alla parter")
            && out.contains("Varning: Informationen skickades 2025-05-16, mindre än fyra månader")
            && out.contains("Varning: Inga digitala informationstillfällen"),
        "the step and both warnings should be printed, got {out}"
    );
    cli.ok(&["implement", "session", id, "--planned", "2025-06-01"]);
    let view = cli.json(&[
        "implement",
        "session",
        id,
        "--planned",
        "2025-06-10",
        "--held",
        "2025-06-10",
        "--note",
        "Frågor om ansvar",
        "--json",
    ]);
    assert_eq!(view["digital_sessions_planned"], 2);
    let session = view["sessions"][0]["id"].to_string();
    cli.ok(&["implement", "held", &session, "--date", "2025-06-01"]);

    cli.ok(&[
        "publish",
        id,
        "--date",
        "2025-09-01",
        "--vida-link",
        "https://vida.example/42",
    ]);
    cli.ok(&[
        "followup",
        "plan",
        id,
        "--indicators",
        "Dokumenten är kända",
        "--interval",
        "24",
        "--owner",
        "Beredningsgruppen",
    ]);
    let err = cli.fails(&[
        "followup",
        "plan",
        id,
        "--indicators",
        "X",
        "--interval",
        "-3",
        "--owner",
        "Y",
    ]);
    assert!(
        err.contains("mellan 1 och 120 månader"),
        "a negative interval should be refused in Swedish, got {err}"
    );
    cli.ok(&[
        "followup",
        "done",
        id,
        "--date",
        "2026-01-15",
        "--result",
        "Följs",
    ]);
    let err = cli.fails(&["retire", "inaktuell", id, "--date", "2024-02-29"]);
    assert!(
        err.contains("Registrera först beslutet om avveckling"),
        "inaktuell before a decision is refused, got {err}"
    );
    let err = cli.fails(&[
        "retire",
        "decide",
        id,
        "--forum",
        "Beredningsgruppen",
        "--date",
        "2999-01-01",
    ]);
    assert!(err.contains("framtiden"), "{err}");
    cli.ok(&[
        "retire",
        "decide",
        id,
        "--forum",
        "Beredningsgruppen Nya perspektiv",
        "--date",
        "2024-02-01",
    ]);
    let out = cli.ok(&["retire", "inaktuell", id, "--date", "2024-02-29"]);
    assert!(
        out.contains("Markerat inaktuellt på webben 2024-02-29; tas bort senast 2025-02-28"),
        "the removal date is printed, got {out}"
    );

    let view = cli.json(&["doc", "lifecycle", id, "--json"]);
    assert_eq!(view["stage"], "avvecklad");
    assert_eq!(view["info_due_by"], "2025-05-15");
    assert_eq!(view["mailings"][0]["sent_on"], "2025-05-16");
    assert_eq!(view["sessions"][0]["held_on"], "2025-06-01");
    assert_eq!(view["publication"]["vida_link"], "https://vida.example/42");
    assert_eq!(view["followup_plan"]["interval_months"], 24);
    assert_eq!(view["followups"][0]["next_due"], "2028-01-15");
    assert_eq!(view["retirement"]["removal_on"], "2025-02-28");
    let codes: Vec<&str> = view["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| w["code"].as_str())
        .collect();
    assert_eq!(
        codes,
        ["remove_from_web"],
        "a retired document warns of its removal day only, not of its implementation"
    );
    let text = cli.ok(&["doc", "lifecycle", id]);
    assert!(
        text.contains("Publicerad 2025-09-01: https://vida.example/42")
            && text.contains("Intervall: Vartannat år; ansvarig: Beredningsgruppen"),
        "the text view shows each step, got {text}"
    );
}

#[test]
fn information_without_giltig_from_says_the_rule_cannot_be_checked() {
    let mut db = TestDb::new();
    let id = db.add("Utan giltighet");
    steps::record_mailing(&mut db.store, id, &mailing("2025-05-01")).unwrap();
    let v = view(&db, id);
    assert_eq!(v.info_due_by, None);
    assert!(
        warning_codes(&v).contains(&"valid_from_missing"),
        "without giltig fr.o.m. the four-month rule cannot be checked, got {:?}",
        v.warnings
    );
}

#[test]
fn a_followup_is_due_one_interval_after_the_last_and_warns_when_overdue() {
    let mut db = TestDb::new();
    let id = add_valid_from(&mut db, "Följs upp", "2024-01-31");
    steps::plan_followup(
        &mut db.store,
        id,
        &FollowupPlanInput {
            indicators: "Andel ärenden enligt rutinen".into(),
            interval_months: Some(13),
            owner: "Nätverket".into(),
        },
    )
    .unwrap();
    let on = |db: &TestDb, today: &str| steps::view(db.store.conn(), id, d(today)).unwrap();
    // 31 January 2024 + 13 months: 29 February 2025 does not exist.
    assert_eq!(
        on(&db, "2025-02-28").next_followup_due,
        Some(d("2025-02-28"))
    );
    assert!(
        !warning_codes(&on(&db, "2025-02-28")).contains(&"followup_overdue"),
        "due today is not overdue"
    );
    assert!(
        warning_codes(&on(&db, "2025-03-01")).contains(&"followup_overdue"),
        "the day after the due date is overdue"
    );
    steps::record_followup(
        &mut db.store,
        id,
        &FollowupInput {
            done_on: Some("2025-03-10".into()),
            result: "Rutinen följs i 14 av 17 parter".into(),
        },
    )
    .unwrap();
    let v = on(&db, "2025-03-11");
    assert_eq!(v.next_followup_due, Some(d("2026-04-10")));
    assert!(!warning_codes(&v).contains(&"followup_overdue"));
}

// ---- removing an entry recorded by mistake ------------------------------

#[test]
fn a_mistaken_mailing_is_removed_in_the_change_log_and_the_stage_stays() {
    let mut db = TestDb::new();
    let id = add_valid_from(&mut db, "Riktlinje för samverkan", "2025-06-01");
    let first = steps::record_mailing(&mut db.store, id, &mailing("2025-03-01")).unwrap();
    assert!(
        warning_codes(&view(&db, id)).contains(&"information_late"),
        "information sent 2025-03-01 for giltig fr.o.m. 2025-06-01 is late"
    );
    steps::record_mailing(&mut db.store, id, &mailing("2025-01-15")).unwrap();
    assert!(
        !warning_codes(&view(&db, id)).contains(&"information_late"),
        "the first mailing (2025-01-15) is in time"
    );

    let removed = steps::remove_mailing(&mut db.store, first).unwrap();
    assert_eq!(
        removed, id,
        "the removal answers with the mailing's document"
    );
    let v = view(&db, id);
    assert_eq!(
        v.mailings.iter().map(|m| m.sent_on).collect::<Vec<_>>(),
        [d("2025-01-15")],
        "only the mailing removed is gone"
    );
    assert_eq!(
        v.stage, "implementering",
        "removing a mailing never moves the stage back"
    );

    let other = steps::record_mailing(&mut db.store, id, &mailing("2025-05-01")).unwrap();
    let in_time = v.mailings[0].id;
    steps::remove_mailing(&mut db.store, in_time).unwrap();
    assert!(
        warning_codes(&view(&db, id)).contains(&"information_late"),
        "without the mailing in time the late one (2025-05-01) is the first and warns, got {:?}",
        view(&db, id).warnings
    );
    steps::remove_mailing(&mut db.store, other).unwrap();
    assert!(
        !warning_codes(&view(&db, id)).contains(&"information_late"),
        "without any mailing nothing is late"
    );

    let log = register::change_log(db.store.conn(), id).unwrap();
    let removals: Vec<_> = log
        .iter()
        .filter(|e| e.action == "implementation_info_removed")
        .collect();
    assert_eq!(removals.len(), 3, "each removal is in the change log once");
    let event = removals
        .iter()
        .find(|e| e.entity_id == Some(first))
        .expect("the first mailing's removal is logged");
    assert_eq!(
        event.summary,
        "Utskicket av information 2025-03-01 till Alla parter och berörda nätverk borttaget",
        "the summary says what was removed"
    );
    assert!(
        event
            .changes
            .iter()
            .any(|c| c.label == "Information skickad"
                && c.before == "2025-03-01"
                && c.after.is_empty()),
        "the change log shows the removed date as before, got {:?}",
        event.changes
    );
}

#[test]
fn removing_a_session_or_its_held_mark_recomputes_the_two_session_rule() {
    let mut db = TestDb::new();
    let id = add_valid_from(&mut db, "Rutin", "2026-06-01");
    steps::record_mailing(&mut db.store, id, &mailing("2025-04-01")).unwrap();
    let first = steps::add_session(&mut db.store, id, &session("2025-05-10", true)).unwrap();
    let second = steps::add_session(
        &mut db.store,
        id,
        &SessionInput {
            held_on: Some("2025-05-20".into()),
            note: "Frågor om ansvar".into(),
            ..session("2025-05-20", true)
        },
    )
    .unwrap();
    assert!(
        !warning_codes(&view(&db, id)).contains(&"too_few_sessions"),
        "two digital sessions are enough"
    );

    steps::remove_session(&mut db.store, first).unwrap();
    let v = view(&db, id);
    assert_eq!(v.sessions.len(), 1, "one session is left");
    assert_eq!(v.digital_sessions_planned, 1);
    assert!(
        warning_codes(&v).contains(&"too_few_sessions"),
        "one digital session left warns again, got {:?}",
        v.warnings
    );
    assert_eq!(v.stage, "implementering", "the stage stays");

    steps::unmark_session_held(&mut db.store, second).unwrap();
    assert_eq!(
        view(&db, id).sessions[0].held_on,
        None,
        "the session is planned again"
    );
    let err = steps::unmark_session_held(&mut db.store, second)
        .expect_err("a session not held cannot be un-held");
    assert_eq!(
        err.to_string(),
        "Informationstillfället planerat 2025-05-20 är inte markerat som genomfört.",
        "the refusal says why, in Swedish"
    );

    let log = register::change_log(db.store.conn(), id).unwrap();
    let removed = log
        .iter()
        .find(|e| e.action == "implementation_session_removed")
        .expect("the removal is in the change log");
    assert_eq!(
        removed.summary,
        "Digitalt informationstillfälle planerat 2025-05-10 borttaget"
    );
    let unheld = log
        .iter()
        .find(|e| e.action == "implementation_session_unheld")
        .expect("taking back held is in the change log");
    assert_eq!(
        unheld.summary,
        "Markeringen genomfört 2025-05-20 borttagen från informationstillfället planerat 2025-05-20"
    );
    assert!(
        unheld
            .changes
            .iter()
            .any(|c| c.label == "Genomfört" && c.before == "2025-05-20" && c.after.is_empty()),
        "the change log shows the held date taken away, got {:?}",
        unheld.changes
    );
}

#[test]
fn removing_an_entry_that_does_not_exist_says_so_in_swedish_and_records_nothing() {
    let mut db = TestDb::new();
    let id = add_valid_from(&mut db, "Riktlinje", "2026-01-01");
    let events_before = register::change_log(db.store.conn(), id).unwrap().len();
    let missing = |result: Result<DocumentId, Error>| -> String {
        let err = result.expect_err("an id that does not exist is refused");
        assert!(
            matches!(err, Error::NotFound { .. }),
            "not found, got {err:?}"
        );
        err.to_string()
    };
    assert_eq!(
        missing(steps::remove_mailing(&mut db.store, 9999)),
        "Utskick 9999 finns inte"
    );
    assert_eq!(
        missing(steps::remove_session(&mut db.store, 9999)),
        "Informationstillfälle 9999 finns inte"
    );
    assert_eq!(
        missing(steps::unmark_session_held(&mut db.store, 9999)),
        "Informationstillfälle 9999 finns inte"
    );
    assert_eq!(
        register::change_log(db.store.conn(), id).unwrap().len(),
        events_before,
        "a refused removal records nothing"
    );
}

// ---- when the steps after the decision apply ---------------------------

#[test]
fn the_steps_after_the_decision_apply_from_the_decision_or_once_one_is_recorded() {
    let mut db = TestDb::new();
    let drafted = add_valid_from(&mut db, "Utkast", "2026-01-01");
    assert!(
        !view(&db, drafted).applies,
        "a document being initiated has nothing after the decision"
    );
    lifecycle::set_stage(&mut db.store, drafted, "fardigstallande", "", None).unwrap();
    steps::plan_followup(
        &mut db.store,
        drafted,
        &FollowupPlanInput {
            indicators: String::new(),
            interval_months: Some(24),
            owner: "Nätverket".into(),
        },
    )
    .expect_err("a plan without indicators is refused");
    register::update(
        &mut db.store,
        drafted,
        &DocumentInput {
            followup_interval_months: Some(24),
            followup_owner: "Nätverket".into(),
            valid_from: Some("2026-01-01".into()),
            ..doc("Utkast")
        },
    )
    .unwrap();
    assert!(
        !view(&db, drafted).applies,
        "a follow-up interval in the register alone is no step after the decision"
    );
    lifecycle::set_stage(&mut db.store, drafted, "stallningstagande", "", None).unwrap();
    assert!(
        view(&db, drafted).applies,
        "at Ställningstagande och beslut the steps apply"
    );

    let early = add_valid_from(&mut db, "Tidigt informerad", "2026-01-01");
    lifecycle::set_stage(&mut db.store, early, "utkast", "", None).unwrap();
    assert!(!view(&db, early).applies);
    let planned = steps::add_session(&mut db.store, early, &session("2025-05-10", true)).unwrap();
    assert!(
        view(&db, early).applies,
        "a session recorded before the decision shows the steps"
    );
    steps::remove_session(&mut db.store, planned).unwrap();
    assert!(
        !view(&db, early).applies,
        "once the only step is removed, a draft has nothing after the decision again"
    );

    let retired = add_valid_from(&mut db, "Avvecklad", "2020-01-01");
    lifecycle::set_stage(&mut db.store, retired, "avvecklad", "", None).unwrap();
    assert!(view(&db, retired).applies, "a retired document shows them");
}

#[test]
fn mistaken_entries_are_removed_from_the_command_line() {
    let cli = Cli::new();
    let id = cli.json(&[
        "doc",
        "add",
        "--title",
        "Riktlinje",
        "--type",
        "riktlinje",
        "--valid-from",
        "2026-09-15",
        "--json",
    ])["id"]
        .to_string();
    let id = id.as_str();
    let lifecycle = cli.json(&["doc", "lifecycle", id, "--json"]);
    assert_eq!(lifecycle["applies"], false, "a new document: not yet");
    let text = cli.ok(&["doc", "lifecycle", id]);
    assert!(
        text.contains("inte kommit till ställningstagande och beslut"),
        "the text view says the steps do not apply yet, got {text}"
    );

    let view = cli.json(&[
        "implement",
        "info",
        id,
        "--date",
        "2025-04-01",
        "--to",
        "Alla parter",
        "--json",
    ]);
    let mailing = view["mailings"][0]["id"].to_string();
    let text = cli.ok(&["doc", "lifecycle", id]);
    assert!(
        text.contains(&format!(
            "Information skickad 2025-04-01 till Alla parter (utskick {mailing})"
        )),
        "the text view gives the mailing's id for removal, got {text}"
    );
    cli.ok(&["implement", "session", id, "--planned", "2025-05-01"]);
    let view = cli.json(&[
        "implement",
        "session",
        id,
        "--planned",
        "2025-05-02",
        "--held",
        "2025-05-02",
        "--json",
    ]);
    let held = view["sessions"][1]["id"].to_string();
    let first = view["sessions"][0]["id"].to_string();

    let out = cli.ok(&["implement", "not-held", &held]);
    assert!(
        out.contains(&format!(
            "Informationstillfälle {held} är inte längre markerat som genomfört."
        )) && out.contains("ej hållet"),
        "not-held says what it did and shows the session planned, got {out}"
    );
    let err = cli.fails(&["implement", "not-held", &held]);
    assert!(
        err.contains("är inte markerat som genomfört"),
        "a session not held is refused in Swedish, got {err}"
    );

    let out = cli.ok(&["implement", "remove-session", &first]);
    assert!(
        out.contains(&format!("Informationstillfälle {first} borttaget."))
            && out.contains("Varning: Bara ett digitalt informationstillfälle"),
        "the removal is confirmed and the two-session rule warns again, got {out}"
    );
    let view = cli.json(&["implement", "remove-info", &mailing, "--json"]);
    assert_eq!(view["mailings"], serde_json::json!([]));
    assert_eq!(view["stage"], "implementering", "the stage stays");
    assert_eq!(view["applies"], true, "a session is still recorded");

    let err = cli.fails(&["implement", "remove-info", "9999"]);
    assert!(
        err.contains("Utskick 9999 finns inte"),
        "a mailing that does not exist is named in Swedish, got {err}"
    );
    let err = cli.fails(&["implement", "remove-session", "9999"]);
    assert!(
        err.contains("Informationstillfälle 9999 finns inte"),
        "{err}"
    );

    let shown = cli.json(&["doc", "show", id, "--json"]);
    let actions: Vec<&str> = shown["events"]
        .as_array()
        .expect("doc show --json has the events")
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    for action in [
        "implementation_info_removed",
        "implementation_session_removed",
        "implementation_session_unheld",
    ] {
        assert!(
            actions.contains(&action),
            "{action} should be in the change log, got {actions:?}"
        );
    }
}

#[test]
fn a_revision_being_drafted_does_not_warn_of_an_overdue_followup() {
    let mut db = TestDb::new();
    let id = register::create(
        &mut db.store,
        &DocumentInput {
            valid_from: Some("2020-01-01".into()),
            followup_interval_months: Some(12),
            followup_owner: "Nätverket".into(),
            ..doc("Revideras")
        },
    )
    .unwrap();
    lifecycle::set_stage(&mut db.store, id, "utkast", "", None).unwrap();
    let v = view(&db, id);
    assert_eq!(v.next_followup_due, Some(d("2021-01-01")));
    assert!(
        !v.applies && v.warnings.is_empty(),
        "a version being drafted has no follow-up of its own to be late with, got {:?}",
        v.warnings
    );
    lifecycle::set_stage(&mut db.store, id, "gallande", "", None).unwrap();
    assert!(
        warning_codes(&view(&db, id)).contains(&"followup_overdue"),
        "in force, the same follow-up is overdue"
    );
}

#[test]
fn a_document_removed_from_the_web_is_no_longer_asked_for_anywhere() {
    let mut db = TestDb::new();
    let id = db.add("Riktlinje som avvecklats");
    samdok::register::lifecycle::set_stage(
        &mut db.store,
        id,
        "gallande",
        "",
        Some(d("2023-01-01")),
    )
    .unwrap();
    let early = steps::mark_removed_from_web(&mut db.store, id, Some("2025-03-01")).unwrap_err();
    assert!(
        early.to_string().contains("markerades inaktuellt"),
        "not before it is marked inaktuell: {early}"
    );
    steps::decide_retirement(
        &mut db.store,
        id,
        &RetirementInput {
            forum: "Beredningsgruppen Nya perspektiv".into(),
            decided_on: Some("2025-01-10".into()),
        },
    )
    .unwrap();
    steps::mark_inaktuell(&mut db.store, id, Some("2025-02-01")).unwrap();
    let today = d("2026-03-01");
    let asked = |db: &TestDb| -> (bool, bool, bool, bool) {
        let view = steps::view(db.store.conn(), id, today).unwrap();
        let watch = samdok::watch::attention(db.store.conn(), today, &Default::default()).unwrap();
        let report = samdok::export::report::assemble(db.store.conn(), d("2026-01-31")).unwrap();
        let calendar = samdok::export::calendar::events(db.store.conn()).unwrap();
        (
            warning_codes(&view).contains(&"remove_from_web"),
            watch
                .items
                .iter()
                .any(|i| i.kind == samdok::watch::ItemKind::WebRemovalDue),
            report.rows.iter().any(|r| r.document_id == id),
            calendar
                .iter()
                .any(|e| e.kind == samdok::export::calendar::EventKind::WebRemoval),
        )
    };
    assert_eq!(
        asked(&db),
        (true, true, true, true),
        "a year after inaktuell: the warning, the Översikt item, still in the report \
         (during its year) and in the calendar"
    );
    let before = steps::mark_removed_from_web(&mut db.store, id, Some("2025-01-31")).unwrap_err();
    assert!(before.to_string().contains("före dagen"), "{before}");
    steps::mark_removed_from_web(&mut db.store, id, Some("2026-01-20")).unwrap();
    assert_eq!(
        asked(&db),
        (false, false, false, false),
        "removed: asked nowhere"
    );
    let view = steps::view(db.store.conn(), id, today).unwrap();
    assert_eq!(view.retirement.unwrap().removed_on, Some(d("2026-01-20")));
    let events = samdok::audit::for_document(db.store.conn(), id.0).unwrap();
    assert!(
        events
            .iter()
            .any(|e| e.action == "removed_from_web"
                && e.summary == "Borttaget från webben 2026-01-20")
    );
}
