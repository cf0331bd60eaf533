//! End to end in the real window: a step after the decision (an information
//! session) is refused at its field, then recorded and marked as held
//! through the panel "Efter beslutet", and listed there (issue 9, point 4).

use samdok::register::DocumentInput;
use samdok::{DocumentId, Store};
use samdok_e2e::{with_prepared_app, AppFiles, Error, TestResult};

/// A decided document coming into force in two months: information sent
/// now is late, and no session is planned yet.
fn prepare(files: &AppFiles) -> Result<DocumentId, Error> {
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
    Ok(doc)
}

#[tokio::test]
async fn an_information_session_is_planned_held_and_listed_in_the_window() -> TestResult {
    with_prepared_app(prepare, |app, doc| {
        Box::pin(async move {
            app.js(&format!(
                "location.hash = '#/dokument/{}'; return true;",
                doc.0
            ))
            .await?;
            app.wait_js("return document.body.dataset.view === 'document';")
                .await?;
            app.wait_for("#no-sessions").await?;
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
            app.click(".lifecycle-session .link-button").await?;
            app.wait_for("#session-held-dialog[open]").await?;
            let held = samdok::time::today();
            app.type_into("#held-on", &held.to_string()).await?;
            app.click("#session-held-save").await?;
            app.wait_js("return !document.querySelector('#session-held-dialog');")
                .await?;
            app.wait_text("#lifecycle-sessions", &format!("genomfört {held}"))
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
            Ok(())
        })
    })
    .await
}
