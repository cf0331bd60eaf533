//! End to end in the real window: a forum's ställningstagande is refused
//! while a significant change waits for the networks' approval, then
//! recorded once the networks have approved the document again, and listed
//! on the document page (issue 9, "How we will know").

use samdok::comments::{CommentInput, DecisionInput};
use samdok::register::DocumentInput;
use samdok::rounds::{self, RoundId, RoundInput};
use samdok::{DocumentId, Store};
use samdok_e2e::{with_prepared_app, AppFiles, Error, TestResult};

const TITLE: &str = "Politiskt inriktningsdokument 2025–2028 – Värmlands samverkan inom välfärd";
/// Ordföranderådet's decision of 8 May 2025 (seed 004), as pasted from the
/// minutes: the first point wraps over two lines.
const POINTS: &str = "1. Ordföranderådet ställer sig bakom förslaget samt uppmanar samtliga
ingående parter att fatta beslut om fastställande.
2. Nya perspektiv ansvarar för utskick med missiv & förslag till <tjänsteskrivelse>.";

struct Prepared {
    doc: DocumentId,
    round: RoundId,
}

/// A document whose remiss accepted a significant change, not yet approved
/// again in the networks.
fn prepare(files: &AppFiles) -> Result<Prepared, Error> {
    let mut store = Store::open(&files.db)?;
    let doc = samdok::register::create(
        &mut store,
        &DocumentInput {
            doc_type: "riktlinje".into(),
            title: TITLE.into(),
            ..Default::default()
        },
    )?;
    samdok::register::lifecycle::set_stage(&mut store, doc, "fardigstallande", "", None)?;
    let today = samdok::time::today();
    let round = rounds::open(
        &mut store,
        doc,
        &RoundInput {
            kind: "remiss".into(),
            sent_date: Some((today - chrono::Days::new(60)).to_string()),
            deadline: Some((today - chrono::Days::new(20)).to_string()),
            ..Default::default()
        },
    )?;
    let eda = samdok::parties::find(store.conn(), "Eda")?.id;
    let comment = samdok::comments::add(
        &mut store,
        round,
        eda,
        &CommentInput {
            section: "Mål".into(),
            text: "Inriktningen bör gälla i fyra år.".into(),
            proposal: String::new(),
        },
    )?;
    samdok::comments::decide(
        &mut store,
        &[comment],
        &DecisionInput {
            disposition: "beaktad".into(),
            motivation: String::new(),
            significant: true,
        },
    )?;
    Ok(Prepared { doc, round })
}

#[tokio::test]
async fn a_stallningstagande_is_refused_then_recorded_and_listed_in_the_window() -> TestResult {
    with_prepared_app(prepare, |app, prepared| {
        Box::pin(async move {
            app.js(&format!(
                "location.hash = '#/dokument/{}'; return true;",
                prepared.doc.0
            ))
            .await?;
            app.wait_js("return document.body.dataset.view === 'document';")
                .await?;
            app.wait_for("#no-resolutions").await?;

            app.click("#record-resolution").await?;
            app.wait_for("#resolution-dialog[open]").await?;
            app.select("#resolution-forum", "Ordföranderådet").await?;
            app.type_into("#resolution-date", "2025-05-08").await?;
            // WebDriver types a line break as the Enter key (U+E007).
            app.type_into("#resolution-text", &POINTS.replace('\n', "\u{E007}"))
                .await?;
            app.click("#resolution-save").await?;
            app.wait_text("#resolution-refused", "godkännas på nytt i nätverken")
                .await?;
            app.wait_text("#resolution-refused", "Godkänt på nytt i nätverken")
                .await?;
            app.screenshot("decision-refused").await?;
            {
                let store = Store::open(app.db_path())?;
                assert!(
                    samdok::resolutions::list(store.conn(), prepared.doc)?.is_empty(),
                    "a refused ställningstagande should store nothing"
                );
                drop(store);
                // The networks approve the document again.
                let mut store = Store::open(app.db_path())?;
                rounds::record_reapproval(
                    &mut store,
                    prepared.round,
                    Some(samdok::time::today()),
                )?;
            }

            app.click("#resolution-save").await?;
            app.wait_js("return !document.querySelector('#resolution-dialog');")
                .await?;
            app.wait_text("#document-view .banner-success", "Ordföranderådet")
                .await?;
            app.wait_for("#document-resolutions").await?;
            let shown = app
                .js("const r = document.querySelector('#document-resolutions .resolution');
                     return [r.querySelector('.resolution-heading').textContent,
                             [...r.querySelectorAll('.resolution-points li')].map((li) => li.textContent),
                             r.querySelector('.resolution-adoption') ? r.querySelector('.resolution-adoption').textContent : null];")
                .await?;
            assert_eq!(
                shown,
                serde_json::json!([
                    "Ordföranderådet 2025-05-08 · version 1",
                    [
                        "Ordföranderådet ställer sig bakom förslaget samt uppmanar samtliga ingående parter att fatta beslut om fastställande.",
                        "Nya perspektiv ansvarar för utskick med missiv & förslag till <tjänsteskrivelse>."
                    ],
                    "Alla parter rekommenderas att anta dokumentet."
                ]),
                "the recorded ställningstagande should be listed with its forum, date and numbered points"
            );
            app.wait_text(".process-step.is-current", "Ställningstagande och beslut")
                .await?;
            // The long stage name fits the versions table at 1280×800.
            let scrolling = app
                .js("return [...document.querySelectorAll('.table-wrap')].filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => `${el.closest('section').getAttribute('aria-labelledby')}: ${el.scrollWidth} px in ${el.clientWidth} px`);")
                .await?;
            assert_eq!(
                scrolling,
                serde_json::json!([]),
                "no table should scroll sideways on a document at Ställningstagande och beslut"
            );
            app.js("document.querySelector('#resolution-panel').scrollIntoView({ block: 'start' }); return true;")
                .await?;
            app.screenshot("decision-recorded").await?;

            // The change log names the recording in Swedish.
            app.wait_text("#audit-trail", "Ställningstagande i Ordföranderådet 2025-05-08 registrerat")
                .await?;
            let labels = app
                .js("const item = [...document.querySelectorAll('#audit-trail > li')].find((li) => li.textContent.includes('Ställningstagande i Ordföranderådet 2025-05-08 registrerat'));
                     for (const d of item.querySelectorAll('details')) d.open = true;
                     return [...item.querySelectorAll('.change-table tbody th')].map((th) => th.textContent);")
                .await?;
            assert_eq!(
                labels,
                serde_json::json!(["Forum", "Mötesdatum", "Beslut", "Alla parter rekommenderas att anta"]),
                "the change log should label every field of the ställningstagande in Swedish"
            );
            app.js("document.querySelector('#audit-heading').scrollIntoView({ block: 'start' }); return true;")
                .await?;
            app.screenshot("decision-change-log").await?;

            let store = Store::open(app.db_path())?;
            let stored = samdok::resolutions::list(store.conn(), prepared.doc)?;
            assert_eq!(stored.len(), 1, "one ställningstagande should be stored");
            assert_eq!(stored[0].forum, "Ordföranderådet");
            assert!(stored[0].recommends_adoption);
            Ok(())
        })
    })
    .await
}
