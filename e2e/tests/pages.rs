//! End to end in the real window (issue 10): a party's page reached from
//! Parter, with its tally, its late and missing answers said in words and
//! its decided comment; a saved view of the register that brings its filter
//! back; and the register report written as a web page through the save
//! dialog.

use chrono::NaiveDate;
use samdok::comments::{self, CommentInput, DecisionInput};
use samdok::register::{lifecycle, DocumentInput};
use samdok::rounds::{self, Mark, RoundInput};
use samdok::{parties, DocumentId, Store};
use samdok_e2e::{axe_in_browser, with_prepared_app, App, AppFiles, Error, TestResult};
use serde_json::json;

/// Answered four days late; its title has what must reach the page intact.
const LATE: &str = "Avtal om läkemedel & <hjälpmedel> för «Eda» 🩺";
const SILENT: &str = "Rutin för tandvård i hemmet";
const COMMENTED: &str = "Riktlinje för trygg hemgång";
/// In force: the one document of the register report.
const IN_FORCE: &str = "Överenskommelse om hälsosamtal";
const COMMENT: &str = "Förtydliga ansvaret vid utskrivning.";
const MOTIVATION: &str = "Delvis inarbetat i avsnitt 4.";

struct Prepared {
    eda: i64,
    /// The core's own account of Eda, for the window to match.
    tally_text: String,
    disposition: String,
}

fn date(s: &str) -> Result<NaiveDate, Error> {
    Ok(NaiveDate::parse_from_str(s, "%Y-%m-%d")?)
}

fn document(store: &mut Store, title: &str) -> Result<DocumentId, Error> {
    Ok(samdok::register::create(
        store,
        &DocumentInput {
            doc_type: "riktlinje".into(),
            title: title.into(),
            owner: "Socialchefsnätverket".into(),
            ..Default::default()
        },
    )?)
}

fn remiss(
    store: &mut Store,
    doc: DocumentId,
    deadline: &str,
) -> Result<samdok::rounds::RoundId, Error> {
    Ok(rounds::open(
        store,
        doc,
        &RoundInput {
            kind: "remiss".into(),
            sent_date: Some("2026-01-10".into()),
            deadline: Some(deadline.into()),
            ..Default::default()
        },
    )?)
}

/// Three remisser to Eda — one answered late, one not answered at all, one
/// answered in time with a comment that has been decided — and a document
/// in force.
fn prepare(files: &AppFiles) -> Result<Prepared, Error> {
    let mut store = Store::open(&files.db)?;
    let eda = parties::find(store.conn(), "Eda")?.id;

    let late_doc = document(&mut store, LATE)?;
    let late = remiss(&mut store, late_doc, "2026-03-01")?;
    rounds::mark(
        &mut store,
        late,
        eda,
        &Mark::Received {
            on: date("2026-03-05")?,
            position: None,
        },
    )?;
    let silent_doc = document(&mut store, SILENT)?;
    remiss(&mut store, silent_doc, "2026-02-01")?;
    let commented_doc = document(&mut store, COMMENTED)?;
    let commented = remiss(&mut store, commented_doc, "2026-04-01")?;
    rounds::mark(
        &mut store,
        commented,
        eda,
        &Mark::Received {
            on: date("2026-03-20")?,
            position: Some("tillstyrker_med_synpunkter".into()),
        },
    )?;
    let comment = comments::add(
        &mut store,
        commented,
        eda,
        &CommentInput {
            section: "Övrigt".into(),
            text: COMMENT.into(),
            proposal: "Lägg till ett stycke.".into(),
        },
    )?;
    comments::decide(
        &mut store,
        &[comment],
        &DecisionInput {
            disposition: "delvis_beaktad".into(),
            motivation: MOTIVATION.into(),
            significant: false,
        },
    )?;
    let in_force = document(&mut store, IN_FORCE)?;
    lifecycle::set_stage(
        &mut store,
        in_force,
        "gallande",
        "",
        Some(date("2025-01-01")?),
    )?;

    let page = samdok::party_page::page(store.conn(), eda, samdok::time::today())?;
    let disposition = page
        .comments
        .first()
        .map(|c| c.disposition_name.clone())
        .ok_or("Eda's page should hold the comment")?;
    Ok(Prepared {
        eda: eda.0,
        tally_text: page.tally_text,
        disposition,
    })
}

/// The visible text of `css`, or an error naming what was missing.
async fn text_of(app: &App, css: &str) -> Result<String, Error> {
    app.wait_for(css).await?;
    let text = app
        .js(&format!(
            "return document.querySelector({}).innerText;",
            json!(css)
        ))
        .await?;
    Ok(text.as_str().ok_or("innerText is text")?.to_owned())
}

/// Fails when the text shows something no user should read.
fn assert_clean(what: &str, text: &str) {
    for bad in [
        "undefined",
        "null",
        "NaN",
        "[object",
        "not_at_all",
        "in_time",
        "late",
        "waiting",
        "delvis_beaktad",
        "tillstyrker_",
    ] {
        assert!(
            !text.contains(bad),
            "{what} should show only Swedish text, but shows «{bad}»:\n{text}"
        );
    }
}

async fn go(app: &App, hash: &str, view: &str) -> TestResult {
    app.js(&format!("location.hash = {}; return true;", json!(hash)))
        .await?;
    app.wait_js(&format!(
        "return location.hash === {} && document.body.dataset.view === {} && !document.body.classList.contains('is-loading');",
        json!(hash),
        json!(view)
    ))
    .await
}

#[tokio::test]
async fn a_partys_page_says_how_it_answered_with_late_and_missing_answers_in_words() -> TestResult {
    with_prepared_app(prepare, |app, prepared| {
        Box::pin(async move {
            go(app, "#/parter", "parties").await?;
            app.click(&format!(
                "tr[data-party-id=\"{}\"] a.party-name",
                prepared.eda
            ))
            .await?;
            app.wait_js(&format!(
                "return document.body.dataset.view === 'party' && location.hash === '#/parter/{}';",
                prepared.eda
            ))
            .await?;
            let heading = text_of(app, "main h1").await?;
            assert_eq!(heading, "Eda", "the page should be Eda's");
            let tally = text_of(app, "#party-tally-text").await?;
            assert_eq!(
                tally, prepared.tally_text,
                "the window should show the core's tally of Eda's answers"
            );
            assert!(
                tally.contains("sent på 1") && tally.contains("svarade inte på 1"),
                "the tally should name the late and the missing answer: {tally}"
            );

            let row = |title: &str| {
                format!(
                    "const r = [...document.querySelectorAll('#party-rounds tbody tr')].find((tr) => tr.querySelector('.col-title').textContent === {}); return r ? r.innerText : null;",
                    json!(title)
                )
            };
            let late = app.js(&row(LATE)).await?;
            let late = late
                .as_str()
                .ok_or("a row for the late round, its title intact")?;
            assert!(
                late.contains("Svarade sent") && late.contains("4 dagar efter sista dag"),
                "the late answer should say so and by how many days: {late}"
            );
            let silent = app.js(&row(SILENT)).await?;
            let silent = silent.as_str().ok_or("a row for the unanswered round")?;
            assert!(
                silent.contains("Svarade inte"),
                "the unanswered round should say so in words: {silent}"
            );
            let notable = app
                .js("return [...document.querySelectorAll('#party-rounds td.is-notable')].map((td) => td.innerText);")
                .await?;
            assert_eq!(
                notable.as_array().map(Vec::len),
                Some(2),
                "the late and the missing answer, and only they, should stand out: {notable}"
            );
            let rounds = text_of(app, "#party-rounds").await?;
            assert_clean("the rounds of Eda's page", &rounds);
            assert!(
                rounds.contains("Tillstyrker"),
                "the answer in time should show its position: {rounds}"
            );

            let comments = text_of(app, "#party-comments").await?;
            assert!(
                comments.contains(COMMENT)
                    && comments.contains(&prepared.disposition)
                    && comments.contains(MOTIVATION),
                "Eda's comment should be listed with its decision and motivation: {comments}"
            );
            assert_clean("the comments of Eda's page", &comments);
            let adopted = text_of(app, "#party-adopted-empty").await?;
            assert!(
                adopted.contains("inte antagit"),
                "Eda has adopted nothing, and the page should say so: {adopted}"
            );
            app.screenshot("pages-party-eda").await?;
            Ok(())
        })
    })
    .await
}

#[tokio::test]
async fn a_saved_view_brings_its_filter_back_and_the_report_is_written_as_a_web_page() -> TestResult
{
    with_prepared_app(prepare, |app, _| {
        Box::pin(async move {
            go(app, "#/dokument", "register").await?;
            app.wait_text("#document-count", "4 dokument").await?;
            app.select("#filter-stage", "gallande").await?;
            app.wait_js("return document.querySelectorAll('#register-table tbody tr').length === 1;")
                .await?;

            app.click("#save-view").await?;
            app.wait_for("#view-dialog[open]").await?;
            app.type_into("#view-name", "Gällande").await?;
            app.screenshot("pages-save-view").await?;
            app.click("#view-save").await?;
            app.wait_js("return !document.querySelector('#view-dialog');")
                .await?;
            app.wait_text("#views-status", "Vyn «Gällande» har sparats.")
                .await?;
            {
                let store = Store::open(app.db_path())?;
                let saved = samdok::register::views::get(store.conn(), "gällande")?;
                assert_eq!(
                    saved.query.stage.as_deref(),
                    Some("gallande"),
                    "the saved view should hold the stage filter the register showed"
                );
            }

            // The same name again: refused, and "Ersätt" offered.
            app.click("#save-view").await?;
            app.wait_for("#view-dialog[open]").await?;
            app.type_into("#view-name", "gällande").await?;
            app.click("#view-save").await?;
            app.wait_text("#view-dialog .field-error", "Det finns redan en vy")
                .await?;
            app.wait_js("const b = document.querySelector('#view-replace'); return !!b && !b.hidden;")
                .await?;
            app.screenshot("pages-save-view-exists").await?;
            app.click("#view-replace").await?;
            app.wait_js("return !document.querySelector('#view-dialog');")
                .await?;
            app.wait_text("#views-status", "har sparats").await?;

            // Another filter, then the view again.
            app.click("#clear-filters").await?;
            app.wait_text("#document-count", "4 dokument").await?;
            assert_eq!(
                app.js("return document.querySelector('#filter-stage').value;")
                    .await?,
                json!(""),
                "clearing the filters should clear the stage"
            );
            let options = app
                .js("return [...document.querySelectorAll('#saved-view option')].map((o) => o.textContent);")
                .await?;
            assert_eq!(
                options,
                json!(["Välj en sparad vy …", "gällande"]),
                "the views should be listed once, under the name given last"
            );
            app.select("#saved-view", "gällande").await?;
            app.wait_js("return document.querySelector('#filter-stage').value === 'gallande' && document.querySelectorAll('#register-table tbody tr').length === 1;")
                .await?;
            let shown = text_of(app, "#register-table tbody").await?;
            assert!(
                shown.contains(IN_FORCE),
                "the reopened view should list the document in force: {shown}"
            );

            // Removed, it is gone from the list and from the database.
            app.click("#remove-view").await?;
            app.wait_for("#remove-view-dialog[open]").await?;
            app.click("#remove-view-dialog-confirm").await?;
            app.wait_text("#views-status", "Vyn «gällande» har tagits bort.")
                .await?;
            assert_eq!(
                app.js("return document.querySelectorAll('#saved-view option[value=\"gällande\"]').length;")
                    .await?,
                json!(0),
                "the removed view should leave the list"
            );
            {
                let store = Store::open(app.db_path())?;
                assert!(
                    samdok::register::views::list(store.conn())?.is_empty(),
                    "the removed view should be gone from the database"
                );
            }

            // The register report as a web page, through the save dialog.
            app.click("#export-menu > summary").await?;
            app.click("#export-report-html").await?;
            app.wait_text("#export-status", "Förteckningen har skrivits till")
                .await?;
            let status = text_of(app, "#export-status").await?;
            assert!(
                status.contains("(1 dokument)"),
                "the notice should say how many documents the report holds: {status}"
            );
            let written: Vec<_> = std::fs::read_dir(app.dialog_dir())?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "html"))
                .collect();
            let [page] = written.as_slice() else {
                panic!("one .html file should be written in the dialog's folder, found {written:?}");
            };
            assert!(
                status.contains(&page.display().to_string()),
                "the notice should name the file written: {status}"
            );
            let html = std::fs::read_to_string(page)?;
            assert!(
                html.contains(IN_FORCE),
                "the report should list the document in force"
            );
            assert_eq!(
                axe_in_browser(page, "pages-report-html").await?,
                json!([]),
                "the report written from the window should pass axe-core in a browser"
            );

            // The calendar, through the same menu.
            app.click("#export-menu > summary").await?;
            app.click("#export-calendar").await?;
            app.wait_text("#export-status", "Kalendern har skrivits till")
                .await?;
            let ics = app.dialog_dir().join("Samdok kalender.ics");
            let calendar = std::fs::read_to_string(&ics)
                .map_err(|e| format!("the calendar should be written to {}: {e}", ics.display()))?;
            assert!(
                calendar.starts_with("BEGIN:VCALENDAR"),
                "the file written should be a calendar"
            );
            app.screenshot("pages-register-exported").await?;
            Ok(())
        })
    })
    .await
}

#[tokio::test]
async fn the_yearly_review_is_refused_at_its_field_then_recorded_and_listed() -> TestResult {
    with_prepared_app(prepare, |app, _| {
        Box::pin(async move {
            go(app, "#/installningar", "settings").await?;
            app.wait_for("#no-reviews").await?;
            app.click("#record-review").await?;
            app.wait_for("#review-dialog[open]").await?;
            let today = samdok::time::today().to_string();
            assert_eq!(
                app.js("return document.querySelector('#review-date').value;")
                    .await?,
                json!(today),
                "the review's date should default to today"
            );
            app.click("#review-save").await?;
            app.wait_text(
                "#review-dialog [data-field=reviewed_by] .field-error",
                "Ange vem som granskade registret.",
            )
            .await?;
            app.type_into("#review-by", "Anna Andersson").await?;
            app.type_into("#review-note", "Två dokument ska revideras & <publiceras>.")
                .await?;
            app.click("#review-save").await?;
            app.wait_js("return !document.querySelector('#review-dialog');")
                .await?;
            app.wait_text("#review-status", "har registrerats").await?;
            let row = text_of(app, "#review-table tbody tr").await?;
            let year = &today[..4];
            for expected in [
                year,
                today.as_str(),
                "Anna Andersson",
                "Två dokument ska revideras & <publiceras>.",
                "Öppna förteckningen",
            ] {
                assert!(
                    row.contains(expected),
                    "the recorded review should show «{expected}»: {row}"
                );
            }
            assert_clean("the review row", &row);
            let store = Store::open(app.db_path())?;
            let reviews = samdok::export::review::list(store.conn())?;
            assert_eq!(
                reviews.len(),
                1,
                "one review should be stored after the refused and the accepted save"
            );
            app.screenshot("pages-review-recorded").await?;
            Ok(())
        })
    })
    .await
}

/// 105 remisser to Eda, each on a document of its own.
fn many_rounds(files: &AppFiles) -> Result<(), Error> {
    let mut store = Store::open(&files.db)?;
    for n in 1..=105 {
        let doc = document(&mut store, &format!("Rutin nummer {n}"))?;
        remiss(&mut store, doc, "2026-03-01")?;
    }
    Ok(())
}

#[tokio::test]
async fn a_party_with_many_rounds_shows_a_hundred_then_the_rest_on_visa_fler() -> TestResult {
    with_prepared_app(many_rounds, |app, ()| {
        Box::pin(async move {
            go(app, "#/parter", "parties").await?;
            let eda = app
                .js("const a = [...document.querySelectorAll('#parties-table a.party-name')].find((x) => x.textContent === 'Eda'); return a ? a.getAttribute('href') : null;")
                .await?;
            let eda = eda.as_str().ok_or("a link to Eda's page")?.to_owned();
            go(app, &eda, "party").await?;
            let rows = "return document.querySelectorAll('#party-rounds tbody tr').length;";
            assert_eq!(
                app.js(rows).await?,
                json!(100),
                "the first 100 rounds should be shown"
            );
            let line = text_of(app, "#party-rounds-count").await?;
            assert_eq!(line, "Visar 100 av 105 rundor.", "the count line");
            app.click("#party-rounds-more").await?;
            app.wait_js("return document.querySelectorAll('#party-rounds tbody tr').length === 105;")
                .await?;
            assert_eq!(
                app.js("return document.querySelector('#party-rounds-more').hidden;")
                    .await?,
                json!(true),
                "Visa fler should go once every round is shown"
            );
            Ok(())
        })
    })
    .await
}
