//! End to end in the real window: a step after the decision (an information
//! session) is refused at its field, then recorded and marked as held
//! through the panel "Efter beslutet", and listed there (issue 9, point 4);
//! held is taken back, the session and a mailing are removed after a
//! confirmation; and a document being drafted has no such panel at all.

use samdok::register::DocumentInput;
use samdok::{DocumentId, Store};
use samdok_e2e::{with_prepared_app, AppFiles, Error, TestResult};

/// A decided document coming into force in two months: information sent
/// now is late, and no session is planned yet; and a document being
/// drafted.
fn prepare(files: &AppFiles) -> Result<(DocumentId, DocumentId), Error> {
    let mut store = Store::open(&files.db)?;
    let valid_from = samdok::time::today() + chrono::Days::new(60);
    let doc = samdok::register::create(
        &mut store,
        &DocumentInput {
            doc_type: "riktlinje".into(),
            title: "Riktlinje för samordnad individuell plan".into(),
            valid_from: Some(valid_from.to_string()),
            ..Default::default()
        },
    )?;
    samdok::register::lifecycle::set_stage(&mut store, doc, "stallningstagande", "", None)?;
    let drafted = samdok::register::create(
        &mut store,
        &DocumentInput {
            doc_type: "rutin".into(),
            title: "Rutin under framtagande".into(),
            followup_interval_months: Some(24),
            ..Default::default()
        },
    )?;
    samdok::register::lifecycle::set_stage(&mut store, drafted, "utkast", "", None)?;
    Ok((doc, drafted))
}

#[tokio::test]
async fn an_information_session_is_planned_held_and_listed_in_the_window() -> TestResult {
    with_prepared_app(prepare, |app, (doc, drafted)| {
        Box::pin(async move {
            // A document being drafted: its page has no panel "Efter beslutet".
            app.js(&format!(
                "location.hash = '#/dokument/{}'; return true;",
                drafted.0
            ))
            .await?;
            app.wait_js("return document.body.dataset.view === 'document';")
                .await?;
            app.wait_for("#resolution-panel").await?;
            app.wait_js("return !document.querySelector('#after-decision-panel');")
                .await?;
            // Where the panel would be: the ställningstagande, then the
            // document's fields.
            app.js("document.querySelector('#resolution-panel').scrollIntoView({ block: 'start' }); return true;")
                .await?;
            app.screenshot("after-decision-hidden-while-drafted").await?;

            app.js(&format!(
                "location.hash = '#/dokument/{}'; return true;",
                doc.0
            ))
            .await?;
            app.wait_js("return document.body.dataset.view === 'document';")
                .await?;
            app.wait_for("#no-sessions").await?;
            // At Ställningstagande och beslut the panel is shown, its step
            // names the core's.
            let shown = app
                .js("const p = document.querySelector('#after-decision-panel');
                     return p && !p.hidden ? [p.querySelector('h2').textContent,
                       ...[...p.querySelectorAll('.lifecycle-part-title')].map((t) => t.textContent)] : null;")
                .await?;
            let labels = samdok::labels::lifecycle();
            let mut expected = vec![labels.title.to_owned()];
            expected.extend(labels.steps.iter().map(|s| s.name.clone()));
            assert_eq!(
                shown,
                serde_json::json!(expected),
                "a decided document shows the panel, titled with the core's names"
            );
            assert_eq!(
                expected[1..],
                ["Implementering", "Publicering", "Uppföljning", "Avveckling"],
                "the four steps in the guideline's order"
            );
            let warnings_before = app
                .js("return document.querySelectorAll('#lifecycle-warnings li').length;")
                .await?;

            // Refused at its field: no planned date.
            app.click("#add-session").await?;
            app.wait_for("#session-dialog[open]").await?;
            app.type_into("#session-note", "Digitalt via Teams & <länk>")
                .await?;
            app.click("#session-save").await?;
            app.wait_for("#session-form [data-field=planned_on] .field-error")
                .await?;

            let planned = samdok::time::today() + chrono::Days::new(14);
            app.type_into("#session-planned-on", &planned.to_string())
                .await?;
            app.click("#session-save").await?;
            app.wait_js("return !document.querySelector('#session-dialog');")
                .await?;
            app.wait_for("#lifecycle-sessions .lifecycle-session").await?;
            let listed = app
                .js("return document.querySelector('#lifecycle-sessions .lifecycle-session').textContent;")
                .await?;
            let listed = listed.as_str().unwrap_or_default().to_owned();
            assert!(
                listed.contains(&planned.to_string()) && listed.contains("Digitalt via Teams & <länk>"),
                "the planned session should be listed with its date and note, got {listed:?}"
            );
            let warnings_after = app
                .js("return [...document.querySelectorAll('#lifecycle-warnings li')].map((li) => li.textContent);")
                .await?;
            assert_eq!(
                (warnings_before, warnings_after.as_array().map(Vec::len)),
                (serde_json::json!(0), Some(1)),
                "a document not yet implemented has no warning; one digital session planned is fewer than two and should warn"
            );

            // Marked as held.
            app.click(".lifecycle-session [id^=mark-session-held-]")
                .await?;
            app.wait_for("#session-held-dialog[open]").await?;
            let held = samdok::time::today();
            app.type_into("#held-on", &held.to_string()).await?;
            app.click("#session-held-save").await?;
            app.wait_js("return !document.querySelector('#session-held-dialog');")
                .await?;
            app.wait_text("#lifecycle-sessions", &format!("Genomfört {held}"))
                .await?;
            // The page was redrawn: the change log names the step.
            app.wait_text(
                "#audit-trail",
                &format!("Informationstillfället planerat {planned} genomfört {held}"),
            )
            .await?;
            app.js("document.querySelector('#after-decision-panel').scrollIntoView({ block: 'start' }); return true;")
                .await?;
            app.screenshot("after-decision-session-held").await?;

            let store = Store::open(app.db_path())?;
            let view = samdok::register::after_decision::view(
                store.conn(),
                doc,
                samdok::time::today(),
            )?;
            assert_eq!(view.sessions.len(), 1, "one session should be stored");
            assert_eq!(view.sessions[0].held_on, Some(held));
            assert_eq!(view.sessions[0].note, "Digitalt via Teams & <länk>");
            let messages: Vec<&str> = view.warnings.iter().map(|w| w.message.as_str()).collect();
            assert_eq!(
                warnings_after,
                serde_json::json!(messages),
                "the panel should show the core's warnings as the core words them"
            );
            let session = view.sessions[0].id;

            // Held taken back, after a confirmation that says what happens.
            app.click(&format!("#unmark-session-held-{session}"))
                .await?;
            app.wait_for(&format!("#unmark-session-held-{session}-dialog[open]"))
                .await?;
            let asked = app
                .js(&format!("return document.querySelector('#unmark-session-held-{session}-dialog').textContent;"))
                .await?;
            let asked = asked.as_str().unwrap_or_default().to_owned();
            assert!(
                asked.contains("Ta bort markeringen genomfört?")
                    && asked.contains(&format!("genomfördes {held}"))
                    && asked.contains("blir planerat igen"),
                "the confirmation should say which mark goes and what follows, got {asked:?}"
            );
            app.click(&format!("#unmark-session-held-{session}-dialog-confirm"))
                .await?;
            app.wait_for(&format!("#mark-session-held-{session}")).await?;
            app.wait_text(
                "#audit-trail",
                &format!("Markeringen genomfört {held} borttagen från informationstillfället planerat {planned}"),
            )
            .await?;

            // A mailing recorded, then removed.
            app.click("#record-mailing").await?;
            app.wait_for("#mailing-dialog[open]").await?;
            let today = samdok::time::today();
            app.type_into("#mailing-sent-on", &today.to_string())
                .await?;
            app.type_into("#mailing-sent-to", "Alla parter & <nätverk>")
                .await?;
            app.click("#mailing-save").await?;
            app.wait_for("#lifecycle-mailings .lifecycle-mailing").await?;
            app.js("document.querySelector('#after-decision-panel').scrollIntoView({ block: 'start' }); return true;")
                .await?;
            app.screenshot("after-decision-removal-buttons").await?;
            let mailing = app
                .js("return Number(document.querySelector('#lifecycle-mailings .lifecycle-mailing').dataset.id);")
                .await?;
            app.click(&format!("#remove-mailing-{mailing}")).await?;
            app.wait_for(&format!("#remove-mailing-{mailing}-dialog[open]"))
                .await?;
            let asked = app
                .js(&format!("return document.querySelector('#remove-mailing-{mailing}-dialog').textContent;"))
                .await?;
            let asked = asked.as_str().unwrap_or_default().to_owned();
            assert!(
                asked.contains("Ta bort utskicket?")
                    && asked.contains(&format!("{today} till Alla parter & <nätverk>"))
                    && asked.contains("Dokumentets steg ändras inte"),
                "the confirmation should name the mailing and say the stage stays, got {asked:?}"
            );
            app.screenshot("after-decision-remove-mailing-dialog").await?;
            app.click(&format!("#remove-mailing-{mailing}-dialog-confirm"))
                .await?;
            app.wait_for("#no-mailings").await?;
            app.wait_text(
                "#audit-trail",
                &format!("Utskicket av information {today} till Alla parter & <nätverk> borttaget"),
            )
            .await?;

            // The session removed: the two-session rule warns of none.
            app.click(&format!("#remove-session-{session}")).await?;
            app.wait_for(&format!("#remove-session-{session}-dialog[open]"))
                .await?;
            app.wait_text(
                &format!("#remove-session-{session}-dialog"),
                &format!("Digitalt informationstillfälle {planned} tas bort"),
            )
            .await?;
            app.click(&format!("#remove-session-{session}-dialog-confirm"))
                .await?;
            app.wait_for("#no-sessions").await?;
            app.wait_text(
                "#audit-trail",
                &format!("Digitalt informationstillfälle planerat {planned} borttaget"),
            )
            .await?;
            app.wait_text("#lifecycle-warnings", "Inga digitala informationstillfällen")
                .await?;
            app.js("document.querySelector('#after-decision-panel').scrollIntoView({ block: 'start' }); return true;")
                .await?;
            app.screenshot("after-decision-after-removals").await?;

            let store = Store::open(app.db_path())?;
            let view = samdok::register::after_decision::view(
                store.conn(),
                doc,
                samdok::time::today(),
            )?;
            assert!(
                view.sessions.is_empty() && view.mailings.is_empty(),
                "the removed session and mailing should be gone from the store"
            );
            assert_eq!(view.stage, "implementering", "the stage never moves back");
            Ok(())
        })
    })
    .await
}

/// A small demo register, and in it a document in force with follow-ups
/// done and one retired and marked inaktuell.
fn demo_register(files: &AppFiles) -> Result<(DocumentId, DocumentId), Error> {
    let spec = samdok::demo::Spec {
        documents: 80,
        rounds: 40,
        today: samdok::time::today(),
    };
    samdok::demo::build(&files.db, &spec)?;
    let store = Store::open(&files.db)?;
    let today = samdok::time::today();
    let mut in_force = None;
    let mut retired = None;
    for id in 1..=i64::from(spec.documents) {
        let view = samdok::register::after_decision::view(store.conn(), DocumentId(id), today)?;
        if in_force.is_none()
            && view.stage == "gallande"
            && view.followups.len() >= 2
            && view.publication.is_some()
        {
            in_force = Some(DocumentId(id));
        }
        if retired.is_none()
            && view
                .retirement
                .as_ref()
                .is_some_and(|r| r.inaktuell_on.is_some())
        {
            retired = Some(DocumentId(id));
        }
    }
    match (in_force, retired) {
        (Some(a), Some(b)) => Ok((a, b)),
        _ => {
            Err("the demo should have a document in force with follow-ups and a retired one".into())
        }
    }
}

#[tokio::test]
async fn the_demo_register_shows_the_life_after_the_decision() -> TestResult {
    with_prepared_app(demo_register, |app, (in_force, retired)| {
        Box::pin(async move {
            let store = Store::open(app.db_path())?;
            let today = samdok::time::today();
            for (doc, shot) in [
                (in_force, "after-decision-demo-in-force"),
                (retired, "after-decision-demo-retired"),
            ] {
                app.js(&format!("location.hash = '#/dokument/{}'; return true;", doc.0))
                    .await?;
                app.wait_js(&format!(
                    "return location.hash === '#/dokument/{}' && document.body.dataset.view === 'document';",
                    doc.0
                ))
                .await?;
                app.wait_js("const p = document.querySelector('#after-decision-panel'); return !!p && !p.hidden && !p.querySelector('[aria-busy]');")
                    .await?;
                let view = samdok::register::after_decision::view(store.conn(), doc, today)?;
                let shown = app
                    .js("const q = (s) => [...document.querySelectorAll(s)].map((e) => e.textContent);
                         return { sessions: q('#lifecycle-sessions > li').length,
                                  followups: q('#lifecycle-followups > li'),
                                  link: (document.querySelector('#lifecycle-vida-link') || {}).textContent || null,
                                  published: document.querySelector('#lifecycle-published-on').textContent,
                                  retirement: q('#lifecycle-retirement dd'),
                                  indicators: document.querySelector('#lifecycle-followup dd').innerText,
                                  warnings: q('#lifecycle-warnings li') };")
                    .await?;
                assert_eq!(
                    shown["sessions"],
                    serde_json::json!(view.sessions.len()),
                    "the demo's sessions are listed ({shot})"
                );
                let followups = shown["followups"].as_array().cloned().unwrap_or_default();
                assert_eq!(followups.len(), view.followups.len(), "every follow-up ({shot})");
                for (li, f) in followups.iter().zip(&view.followups) {
                    let li = li.as_str().unwrap_or_default();
                    assert!(
                        li.contains(&f.done_on.to_string()) && li.contains(&f.result),
                        "a follow-up shows its date and result, got {li:?} ({shot})"
                    );
                }
                let publication = view.publication.as_ref().ok_or("the demo document is published")?;
                assert_eq!(
                    (shown["link"].clone(), shown["published"].clone()),
                    (
                        serde_json::json!(publication.vida_link),
                        serde_json::json!(publication.published_on.to_string())
                    ),
                    "the publication's link and day ({shot})"
                );
                assert_eq!(
                    shown["indicators"],
                    serde_json::json!(view.followup_plan.indicators),
                    "the indicators keep their lines as written ({shot})"
                );
                let messages: Vec<&str> = view.warnings.iter().map(|w| w.message.as_str()).collect();
                assert_eq!(shown["warnings"], serde_json::json!(messages), "the core's warnings ({shot})");
                if let Some(r) = &view.retirement {
                    let facts = shown["retirement"].as_array().cloned().unwrap_or_default();
                    let removal = r.removal_on.map(|d| d.to_string()).unwrap_or_default();
                    assert!(
                        facts.iter().any(|f| f.as_str() == Some(removal.as_str())),
                        "the day it leaves the web is shown, got {facts:?} ({shot})"
                    );
                }
                app.js("document.querySelector('#after-decision-panel').scrollIntoView({ block: 'start' }); return true;")
                    .await?;
                app.screenshot(shot).await?;
            }

            // The retired document is removed from the web: a day before it
            // was marked inaktuell is refused at the field, then the day is
            // recorded and the reminder falls silent.
            let inaktuell = samdok::register::after_decision::view(store.conn(), retired, today)?
                .retirement
                .and_then(|r| r.inaktuell_on)
                .ok_or("the retired demo document is marked inaktuell")?;
            app.click("#mark-removed").await?;
            app.wait_for("#removed-dialog[open] #removed-date").await?;
            let title = app
                .js("return document.querySelector('#removed-dialog h2, #removed-dialog .dialog-title').textContent;")
                .await?;
            assert!(
                title.as_str().unwrap_or_default().starts_with("Borttaget från webben – "),
                "the dialog names the step in the core's words: {title}"
            );
            let day_before = (inaktuell - chrono::Days::new(1)).to_string();
            app.type_into("#removed-date", &day_before).await?;
            app.click("#removed-save").await?;
            app.wait_text("#removed-form [data-field=removed_on]", "före dagen").await?;
            app.screenshot("after-decision-removed-refused").await?;
            app.js("const i = document.querySelector('#removed-date'); i.value = ''; return true;")
                .await?;
            app.type_into("#removed-date", &today.to_string()).await?;
            app.click("#removed-save").await?;
            app.wait_js("return !document.querySelector('#removed-dialog[open]');").await?;
            // The removal day is shown under Avveckling.
            app.wait_text("#lifecycle-retirement", &format!("Borttaget från webben{today}"))
                .await?;
            let warnings = app
                .js("return [...document.querySelectorAll('#lifecycle-warnings li')].map((e) => e.textContent);")
                .await?;
            assert!(
                warnings
                    .as_array()
                    .is_none_or(|w| w.iter().all(|w| !w.as_str().unwrap_or_default().contains("tas bort från webbplatsen"))),
                "the reminder to remove it falls silent: {warnings}"
            );
            app.screenshot("after-decision-removed-from-web").await?;
            Ok(())
        })
    })
    .await
}
