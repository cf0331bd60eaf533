//! End to end in the real window: a ställningstagande recorded, the
//! adoption round (antagande) opened from the round form, two parties'
//! decisions recorded in the decision dialog with a protokollsutdrag
//! attached there, and "Antagen av 2 av 17" seen in the register's column
//! (and its filter), on the document page and in Rundor (issue 9, "How we
//! will know").

use std::path::PathBuf;

use samdok::parties::PartyId;
use samdok::register::DocumentInput;
use samdok::rounds::{self, Outcome, RoundId};
use samdok::{DocumentId, Store};
use samdok_e2e::{with_prepared_app, App, AppFiles, Error, TestResult};
use serde_json::json;

const TITLE: &str = "Politiskt inriktningsdokument 2025–2028 – Värmlands samverkan inom välfärd";
const OTHER_TITLE: &str = "Rutin för <läkemedel> & hjälpmedel – utan antagande";
const PROTOKOLL: &str = "Protokollsutdrag KF § 84.pdf";

struct Prepared {
    doc: DocumentId,
    eda: PartyId,
    region: PartyId,
    karlstad: PartyId,
    protokoll: PathBuf,
}

/// Two documents for all 17 parties, one of them ready for its
/// ställningstagande; a protokollsutdrag for the open dialog to answer.
fn prepare(files: &AppFiles) -> Result<Prepared, Error> {
    let mut store = Store::open(&files.db)?;
    let doc = samdok::register::create(
        &mut store,
        &DocumentInput {
            doc_type: "riktlinje".into(),
            title: TITLE.into(),
            diarienummer: "RS/250201".into(),
            ..Default::default()
        },
    )?;
    samdok::register::lifecycle::set_stage(&mut store, doc, "fardigstallande", "", None)?;
    samdok::register::create(
        &mut store,
        &DocumentInput {
            doc_type: "rutin".into(),
            title: OTHER_TITLE.into(),
            ..Default::default()
        },
    )?;
    let protokoll = files.dialog_dir.join(PROTOKOLL);
    std::fs::write(
        &protokoll,
        b"%PDF-1.4\n% Protokollsutdrag: kommunfullm\xc3\xa4ktige antar dokumentet.\n",
    )?;
    files.open_dialog_answers(std::slice::from_ref(&protokoll));
    let find = |name: &str| -> Result<PartyId, Error> {
        Ok(samdok::parties::find(store.conn(), name)?.id)
    };
    Ok(Prepared {
        doc,
        eda: find("Eda")?,
        region: find("Region Värmland")?,
        karlstad: find("Karlstad")?,
        protokoll,
    })
}

/// What the window shows that a user must never see: `undefined`, `null`,
/// `NaN`, an identifier, or English words of the adoption's data.
async fn no_leaks(app: &App, where_: &str) -> TestResult {
    let found = app
        .js(r#"const text = document.body.innerText + ' ' + [...document.querySelectorAll('option, [aria-label], [title], [placeholder]')].map((el) => [el.textContent, el.getAttribute('aria-label'), el.getAttribute('title'), el.getAttribute('placeholder')].join(' ')).join(' ');
               const bad = [/\bundefined\b/, /\bnull\b/, /\bNaN\b/, /\[object Object\]/, /\b[a-z]+_[a-z_]+\b/, /\b(adopted|undecided|outcome|pending|decided|deciding)\b/i];
               return bad.map((re) => re.exec(text)).filter(Boolean).map((m) => text.slice(Math.max(0, m.index - 40), m.index + m[0].length + 40));"#)
        .await?;
    assert_eq!(
        found,
        json!([]),
        "the window should show no undefined, identifiers or English in {where_}"
    );
    Ok(())
}

/// The text of the recipient row of `party`, cell by cell.
async fn row_cells(app: &App, party: PartyId) -> Result<serde_json::Value, Error> {
    app.js(&format!(
        "return [...document.querySelectorAll('#recipients-table tr[data-party=\"{}\"] > *')].map((c) => c.textContent);",
        party.0
    ))
    .await
}

/// Records a decision in the dialog: outcome, body, date, the party's
/// diarienummer, and the protokollsutdrag attached from the dialog.
async fn record_decision(
    app: &App,
    party: PartyId,
    outcome: &str,
    body: &str,
    date: &str,
    dnr: &str,
    attach: bool,
) -> TestResult {
    app.click(&format!(
        "#recipients-table tr[data-party=\"{}\"] .mark-decided",
        party.0
    ))
    .await?;
    app.wait_for("#decision-dialog[open]").await?;
    app.click(&format!("#decision-outcome-{outcome}")).await?;
    app.select("#decision-body", body).await?;
    app.type_into("#decision-date", date).await?;
    app.type_into("#decision-dnr", dnr).await?;
    if attach {
        app.click("#decision-attach").await?;
        app.wait_text("#decision-files", PROTOKOLL).await?;
    }
    app.click("#decision-save").await?;
    app.wait_js("return !document.querySelector('#decision-dialog');")
        .await
}

#[tokio::test]
async fn two_adoptions_with_their_protokollsutdrag_show_as_antagen_av_2_av_17_everywhere(
) -> TestResult {
    with_prepared_app(prepare, |app, p| {
        Box::pin(async move {
            let today = samdok::time::today();
            let decided_on = (today - chrono::Days::new(2)).to_string();

            // 0. Before the ställningstagande the antagande is refused, the
            // reason under the kind of round.
            app.js(&format!(
                "location.hash = '#/dokument/{}/ny-runda'; return true;",
                p.doc.0
            ))
            .await?;
            app.wait_js("return document.body.dataset.view === 'round-form';")
                .await?;
            app.click("#round-kind-antagande").await?;
            app.type_into(
                "#round-form [name=deadline]",
                &(today + chrono::Days::new(90)).to_string(),
            )
            .await?;
            app.click("#save-round").await?;
            app.wait_text(
                "#round-form [data-field=kind] .field-error",
                "registrera först ett ställningstagande",
            )
            .await?;
            app.js("window.scrollTo(0, 0); return true;").await?;
            no_leaks(app, "the refused antagande").await?;
            app.screenshot("adoption-round-form-refused").await?;

            // 1. The ställningstagande, recorded in its dialog.
            app.js(&format!(
                "location.hash = '#/dokument/{}'; return true;",
                p.doc.0
            ))
            .await?;
            app.wait_js("return document.body.dataset.view === 'document';")
                .await?;
            app.wait_for("#no-resolutions").await?;
            assert_eq!(
                app.js("return document.querySelector('#adoption-panel').hidden;")
                    .await?,
                json!(true),
                "before an adoption round the document page should not show the adoption panel"
            );
            app.click("#record-resolution").await?;
            app.wait_for("#resolution-dialog[open]").await?;
            app.select("#resolution-forum", "Ordföranderådet").await?;
            app.type_into("#resolution-date", "2025-05-08").await?;
            app.type_into(
                "#resolution-text",
                "Ordföranderådet ställer sig bakom förslaget och uppmanar samtliga parter att anta det.",
            )
            .await?;
            app.click("#resolution-save").await?;
            app.wait_js("return !document.querySelector('#resolution-dialog');")
                .await?;
            app.wait_for("#document-resolutions .resolution-adoption")
                .await?;

            // 2. The round form offers the core's three kinds; antagande
            // relabels the fields it uses differently.
            app.click("#new-round").await?;
            app.wait_js("return document.body.dataset.view === 'round-form';")
                .await?;
            let kinds = app
                .js("return [...document.querySelectorAll('#round-form [name=kind]')].map((r) => [r.value, document.querySelector(`label[for=${r.id}]`).textContent]);")
                .await?;
            assert_eq!(
                kinds,
                json!([
                    ["remiss", "Remiss – till parternas politiska nivå"],
                    ["synpunktsrunda", "Synpunktsrunda – till parternas tjänstepersoner"],
                    ["antagande", "Antagande – efter ställningstagandet beslutar varje part om att anta dokumentet"]
                ]),
                "the round form should offer the core's three kinds with their descriptions"
            );
            app.wait_text("#round-form-view h1", "Ny runda").await?;
            app.click("#round-kind-antagande").await?;
            app.wait_text("#round-form-view h1", "Ny runda: antagande")
                .await?;
            let labels = app
                .js("return ['deadline', 'diarienummer', 'reply_address', 'missiv_text'].map((f) => document.querySelector(`#round-form [data-field=${f}] label`).textContent);")
                .await?;
            assert_eq!(
                labels,
                json!([
                    "Sista dag för beslut *",
                    "Diarienummer att ange i ämnesraden",
                    "Protokollsutdragen skickas till (e-post)",
                    "Sammanfattning av ärendet"
                ]),
                "an antagande should label the deadline, diarienummer, reply address and missiv text for a decision"
            );
            app.type_into(
                "#round-form [name=deadline]",
                &(today + chrono::Days::new(90)).to_string(),
            )
            .await?;
            app.type_into(
                "#round-form [name=reply_address]",
                "diariet@regionvarmland.se",
            )
            .await?;
            app.click("#round-form [name=diarienummer]").await?;
            app.wait_text("#missiv-status", "Ifylld från mallen")
                .await?;
            let missiv = app
                .js("return document.querySelector('#round-missiv').value;")
                .await?;
            assert!(
                missiv
                    .as_str()
                    .is_some_and(|m| m.contains("har varit på remiss hos de ingående parterna")),
                "an antagande's text should be the case's background from the template, got {missiv}"
            );
            no_leaks(app, "the round form for an antagande").await?;
            app.screenshot("adoption-round-form").await?;
            app.click("#save-round").await?;
            app.wait_js("return document.body.dataset.view === 'round' && !!document.querySelector('#recipients-table');")
                .await?;
            let round = RoundId(
                app.js("return Number(document.querySelector('#round-view').dataset.id);")
                    .await?
                    .as_i64()
                    .ok_or("the round view's id")?,
            );

            // 3. The round view of an antagande: decision columns, no
            // svarsmallar, comments or compilation, every party undecided.
            let headings = app
                .js("return [...document.querySelectorAll('#recipients-table thead th')].map((th) => th.textContent);")
                .await?;
            assert_eq!(
                headings,
                json!(["Part", "Status", "Skickad", "Påmind", "Beslut", "Partens diarienummer", "Åtgärder"]),
                "an antagande's table should have columns for the decision"
            );
            assert_eq!(
                app.js("return [!!document.querySelector('#import-forms'), !!document.querySelector('#open-compilation'), !!document.querySelector('.add-comment')];")
                    .await?,
                json!([false, false, false]),
                "an antagande should offer no svarsmall import, compilation or comments"
            );
            app.wait_text("#round-adoption", "Antagen av 0 av 17")
                .await?;
            app.wait_text("#round-progress", "0 av 17 har beslutat")
                .await?;
            assert_eq!(
                app.js("return document.querySelectorAll('#recipients-table tr.is-undecided').length;")
                    .await?,
                json!(17),
                "every party should stand out as undecided before any decision"
            );
            app.wait_text("#package-refused", "arbetsversion").await?;

            // 4. Eda: refused without a body, the message under the field;
            // then recorded with its protokollsutdrag.
            app.click(&format!(
                "#recipients-table tr[data-party=\"{}\"] .mark-decided",
                p.eda.0
            ))
            .await?;
            app.wait_for("#decision-dialog[open]").await?;
            let bodies = app
                .js("return [...document.querySelectorAll('#decision-body option')].map((o) => o.textContent);")
                .await?;
            assert_eq!(
                bodies,
                json!(["Välj organ", "Kommunfullmäktige", "Kommunstyrelsen", "Socialnämnden", "Barn- och utbildningsnämnden", "Vård- och omsorgsnämnden"]),
                "a kommun should be offered the deciding bodies of a kommun only"
            );
            let outcomes = app
                .js("return [...document.querySelectorAll('#decision-form [name=outcome]')].map((r) => document.querySelector(`label[for=${r.id}]`).textContent);")
                .await?;
            assert_eq!(
                outcomes,
                json!(["Antagen", "Ej antagen", "Återremitterad"]),
                "the outcomes should be the core's"
            );
            app.click("#decision-save").await?;
            app.wait_text(
                "#decision-form .field-error[data-for=body]",
                "Kommunfullmäktige",
            )
            .await?;
            no_leaks(app, "the refused decision dialog").await?;
            app.screenshot("adoption-decision-dialog-refused").await?;
            app.click("#decision-cancel").await?;
            app.wait_js("return !document.querySelector('#decision-dialog');")
                .await?;
            record_decision(
                app,
                p.eda,
                "antagen",
                "Kommunfullmäktige",
                &decided_on,
                "KS/2025:176",
                true,
            )
            .await?;
            app.wait_text("#round-adoption", "Antagen av 1 av 17")
                .await?;

            // Region Värmland: a region's bodies; the dialog as filled.
            app.click(&format!(
                "#recipients-table tr[data-party=\"{}\"] .mark-decided",
                p.region.0
            ))
            .await?;
            app.wait_for("#decision-dialog[open]").await?;
            let bodies = app
                .js("return [...document.querySelectorAll('#decision-body option')].map((o) => o.textContent);")
                .await?;
            assert!(
                bodies.as_array().is_some_and(|b| b.contains(&json!("Regionfullmäktige"))
                    && !b.contains(&json!("Kommunfullmäktige"))),
                "a region should be offered the deciding bodies of a region, got {bodies}"
            );
            app.select("#decision-body", "Regionfullmäktige").await?;
            app.type_into("#decision-date", &decided_on).await?;
            app.type_into("#decision-dnr", "RS/2025/1234").await?;
            app.click("#decision-attach").await?;
            app.wait_text("#decision-files", PROTOKOLL).await?;
            no_leaks(app, "the decision dialog").await?;
            app.screenshot("adoption-decision-dialog").await?;
            app.click("#decision-save").await?;
            app.wait_js("return !document.querySelector('#decision-dialog');")
                .await?;
            app.wait_text("#round-adoption", "Antagen av 2 av 17")
                .await?;
            app.wait_text("#round-progress", "2 av 17 har beslutat")
                .await?;

            // Karlstad sends it back: not a decision yet, and it can be
            // taken back with Ångra.
            record_decision(
                app,
                p.karlstad,
                "aterremitterad",
                "Kommunstyrelsen",
                &decided_on,
                "",
                false,
            )
            .await?;
            let karlstad = row_cells(app, p.karlstad).await?;
            assert_eq!(
                karlstad[1],
                json!("Återremitterad"),
                "Karlstad's status should read Återremitterad"
            );
            assert!(
                karlstad[4].as_str().is_some_and(|t| t.contains("Väntar på nytt beslut")),
                "a matter sent back should still wait for a decision, got {karlstad}"
            );
            app.wait_text("#round-adoption", "Antagen av 2 av 17")
                .await?;
            app.click(&format!(
                "#recipients-table tr[data-party=\"{}\"] .mark-undo",
                p.karlstad.0
            ))
            .await?;
            app.wait_js(&format!(
                "const r = document.querySelector('#recipients-table tr[data-party=\"{}\"]'); return !!r && r.dataset.status !== 'aterremitterad';",
                p.karlstad.0
            ))
            .await?;

            let eda = row_cells(app, p.eda).await?;
            assert_eq!(
                [&eda[0], &eda[1], &eda[4], &eda[5]],
                [
                    &json!(format!("EdaBifogat: {PROTOKOLL}")),
                    &json!("Antagen"),
                    &json!(format!("Kommunfullmäktige {decided_on}")),
                    &json!("KS/2025:176")
                ],
                "Eda's row should show the decision, its body and day, its diarienummer and the protokollsutdrag"
            );
            assert_eq!(
                app.js("return document.querySelectorAll('#recipients-table tr.is-undecided').length;")
                    .await?,
                json!(15),
                "the 15 parties without a decision should stand out"
            );
            no_leaks(app, "the antagande round").await?;
            app.js("document.querySelector('#recipients-table').scrollIntoView({ block: 'start' }); return true;")
                .await?;
            app.screenshot("adoption-round").await?;
            app.js("document.querySelector('#package-panel').scrollIntoView({ block: 'start' }); return true;")
                .await?;
            app.screenshot("adoption-round-package-refused").await?;
            {
                let store = Store::open(app.db_path())?;
                let status = rounds::status(store.conn(), round, today)?;
                for (party, body) in [(p.eda, "Kommunfullmäktige"), (p.region, "Regionfullmäktige")] {
                    let r = status
                        .recipients
                        .iter()
                        .find(|r| r.party_id == party)
                        .ok_or("the party is a recipient")?;
                    let a = r.adoption.as_ref().ok_or("the decision is stored")?;
                    assert_eq!(
                        (a.outcome, a.body.as_str(), a.decided_on.to_string()),
                        (Outcome::Antagen, body, decided_on.clone()),
                        "{}'s decision should be stored as entered",
                        r.party_name
                    );
                    assert_eq!(
                        r.files.iter().map(|f| f.file_name.as_str()).collect::<Vec<_>>(),
                        [PROTOKOLL],
                        "{}'s protokollsutdrag should be attached once",
                        r.party_name
                    );
                }
                let karlstad = status
                    .recipients
                    .iter()
                    .find(|r| r.party_id == p.karlstad)
                    .ok_or("Karlstad is a recipient")?;
                assert!(
                    karlstad.adoption.is_none(),
                    "Ångra should have taken Karlstad's återremittering back"
                );
                assert!(p.protokoll.exists());
            }

            // With the final document attached as the working draft, the
            // section offers the antagandepaket and says what it holds.
            {
                let mut store = Store::open(app.db_path())?;
                let final_doc = app.dialog_dir().join("Slutlig version.docx");
                samdok::drafts::record::save_generated(&mut store, p.doc, &final_doc)?;
                samdok::drafts::record::attach(&mut store, p.doc, &final_doc)?;
            }
            // Away and back: the round view asks for the package plan again.
            app.js("location.hash = '#/rundor'; return true;").await?;
            app.wait_js("return document.body.dataset.view === 'rounds';")
                .await?;
            app.js(&format!("location.hash = '#/rundor/{}'; return true;", round.0))
                .await?;
            app.wait_js("return document.body.dataset.view === 'round';")
                .await?;
            app.wait_text("#package-draft", "«Slutlig version.docx», byte för byte")
                .await?;
            assert_eq!(
                app.js("return [document.querySelector('#package-heading').textContent, document.querySelector('#export-zip').textContent, !!document.querySelector('#package-refused')];")
                    .await?,
                json!(["Exportera antagandepaket", "Exportera antagandepaket som zip …", false]),
                "with a working draft the section should offer the antagandepaket"
            );
            app.wait_text("#package-contents", "ett förslag till tjänsteskrivelse per part")
                .await?;
            no_leaks(app, "the antagandepaket section").await?;
            app.js("document.querySelector('#package-panel').scrollIntoView({ block: 'start' }); return true;")
                .await?;
            app.screenshot("adoption-round-package").await?;

            // 5. The register: the column, and its filter.
            app.js("location.hash = '#/dokument'; return true;").await?;
            app.wait_js("return document.body.dataset.view === 'register' && document.querySelectorAll('#register-table tbody tr[data-id]').length === 2;")
                .await?;
            let column = app
                .js("return [...document.querySelectorAll('#register-table tbody tr[data-id]')].map((r) => [r.querySelector('.row-title').textContent, r.querySelector('td.col-adoption').textContent]);")
                .await?;
            assert_eq!(
                column,
                json!([[TITLE, "2 av 17"], [OTHER_TITLE, ""]]),
                "the register's column «Antagen av» should read «2 av 17», blank for a document without an antagande"
            );
            assert_eq!(
                app.js("return document.querySelector('#register-table th.col-adoption').textContent;")
                    .await?,
                json!("Antagen av"),
                "the column should be headed «Antagen av»"
            );
            let scroll = app
                .js("const r = document.documentElement; const w = document.querySelector('#register-view .table-wrap'); return [r.scrollWidth - r.clientWidth, w.scrollWidth - w.clientWidth];")
                .await?;
            assert_eq!(
                scroll,
                json!([0, 0]),
                "neither the page nor the register's table should scroll sideways at 1280×800"
            );
            no_leaks(app, "the register").await?;
            app.screenshot("adoption-register").await?;
            let options = app
                .js("return [...document.querySelectorAll('#filter-adoption option')].map((o) => o.textContent);")
                .await?;
            assert_eq!(
                options,
                json!(["Alla", "Väntar på parternas beslut", "Antagen av alla parter", "Ingen antagandeomgång"]),
                "the adoption filter should offer the core's choices"
            );
            for (filter, expected) in [
                ("vantar", json!([TITLE])),
                ("alla", json!([])),
                ("ingen", json!([OTHER_TITLE])),
            ] {
                app.select("#filter-adoption", filter).await?;
                app.wait_js(&format!(
                    "return JSON.stringify([...document.querySelectorAll('#register-table:not([hidden]) tbody tr[data-id] .row-title')].map((a) => a.textContent)) === {};",
                    json!(expected.to_string())
                ))
                .await?;
                if filter == "vantar" {
                    no_leaks(app, "the register filtered on adoption").await?;
                    app.screenshot("adoption-register-filter").await?;
                }
            }
            app.click("#clear-filters").await?;
            app.wait_js("return document.querySelector('#filter-adoption').value === '' && document.querySelectorAll('#register-table tbody tr[data-id]').length === 2;")
                .await?;

            // 6. The document page: the tally, the parties still to decide,
            // the way to the round.
            app.js(&format!(
                "location.hash = '#/dokument/{}'; return true;",
                p.doc.0
            ))
            .await?;
            app.wait_js("return document.body.dataset.view === 'document';")
                .await?;
            app.wait_text("#document-adoption", "Antagen av 2 av 17")
                .await?;
            app.wait_text("#adoption-undecided", "Har inte beslutat (15 parter): ")
                .await?;
            let undecided = app
                .js("return document.querySelector('#adoption-undecided').textContent;")
                .await?;
            assert!(
                undecided.as_str().is_some_and(|t| t.contains("Karlstad")
                    && t.contains("Årjäng")
                    && !t.contains("Eda")
                    && !t.contains("Region Värmland")),
                "the undecided parties should be named, the two that adopted not, got {undecided}"
            );
            assert_eq!(
                app.js("return document.querySelector('#document-adoption-round').getAttribute('href');")
                    .await?,
                json!(format!("#/rundor/{}", round.0)),
                "the document's adoption should link to its round"
            );
            app.js("document.querySelector('#adoption-panel').scrollIntoView({ block: 'start' }); return true;")
                .await?;
            no_leaks(app, "the document page").await?;
            app.screenshot("adoption-document").await?;
            app.wait_text("#document-rounds li[data-kind=antagande]", "Antagen av 2 av 17")
                .await?;
            app.wait_text("#document-rounds li[data-kind=antagande]", "2 av 17 har beslutat")
                .await?;
            app.js("document.querySelector('#rounds-panel').scrollIntoView({ block: 'start' }); return true;")
                .await?;
            app.screenshot("adoption-document-rounds").await?;

            // 7. Rundor.
            app.js("location.hash = '#/rundor'; return true;").await?;
            app.wait_js("return document.body.dataset.view === 'rounds';")
                .await?;
            app.wait_text("#rounds-table", "Antagen av 2 av 17").await?;
            app.wait_text("#rounds-table", "2 av 17 har beslutat")
                .await?;
            no_leaks(app, "Rundor").await?;
            app.screenshot("adoption-rounds").await?;
            Ok(())
        })
    })
    .await
}
