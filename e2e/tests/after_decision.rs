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
