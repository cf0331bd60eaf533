//! End to end in the real window: a returned svarsmall is read, confirmed,
//! decided on and compiled (issue 8, "How we will know"). The form is the
//! one Samdok's own package export wrote for the party, filled in as a
//! person does in Word (tests/support/fill_form.rs); the window chooses it
//! through the open dialog, whose answer the test gives
//! (`SAMDOK_TEST_OPEN_FILE`).

#[path = "../../tests/support/fill_form.rs"]
mod fill_form;

use std::io::Read;
use std::path::{Path, PathBuf};

use samdok::register::DocumentInput;
use samdok::rounds::{self, RoundId, RoundInput};
use samdok::Store;
use samdok_e2e::{with_prepared_app, AppFiles, Error, TestResult};

const TITLE: &str = "Riktlinje för samordnad individuell plan för barn och unga";
const COMMENT: &str = "Ansvaret för kallelsen till SIP vid skolbyte saknas i riktlinjen.";
const PROPOSAL: &str = "Lägg till ett stycke om vem som kallar när eleven byter skola.";
const MOTIVATION: &str = "Stycket läggs till; kallelsen förblir hemkommunens ansvar.";

struct Prepared {
    round: RoundId,
    form: PathBuf,
}

/// A document with a remiss to every party, its package exported through
/// the core, and Arvika's svarsmall from it filled in: a position ticked,
/// a comment with its proposal under Ansvarsfördelning, who answers.
fn prepare(files: &AppFiles) -> Result<Prepared, Error> {
    prepare_with(files, |_| {})
}

/// As [`prepare`], and then `edit` does more to the filled form.
fn prepare_with(
    files: &AppFiles,
    edit: impl FnOnce(&mut fill_form::Form),
) -> Result<Prepared, Error> {
    let mut store = Store::open(&files.db)?;
    let doc = samdok::register::create(
        &mut store,
        &DocumentInput {
            doc_type: "riktlinje".into(),
            title: TITLE.into(),
            areas: vec!["halso-och-sjukvard".into()],
            ..Default::default()
        },
    )?;
    let today = samdok::time::today();
    let round = rounds::open(
        &mut store,
        doc,
        &RoundInput {
            kind: "remiss".into(),
            sent_date: Some(today.to_string()),
            deadline: Some((today + chrono::Days::new(30)).to_string()),
            ..Default::default()
        },
    )?;
    let package = files.dialog_dir.join("Remisspaket");
    samdok::export::package::export_package(&mut store, round, &package, &mut |_, _| {})?;
    let blank = std::fs::read(package.join("Svarsmall - Arvika.docx"))?;
    let mut form = fill_form::Form::open(&blank);
    form.tick("Tillstyrker med synpunkter")
        .write("Ansvarsfördelning", COMMENT, PROPOSAL)
        .respondent("Namn", "Åsa Ölund");
    edit(&mut form);
    let filled = files.dialog_dir.join("Svar från Arvika.docx");
    std::fs::write(&filled, form.to_bytes())?;
    files.open_dialog_answers(std::slice::from_ref(&filled));
    Ok(Prepared {
        round,
        form: filled,
    })
}

/// The text of the part `name` of the zip package at `path`.
fn part(path: &Path, name: &str) -> Result<String, Error> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path)?)?;
    let mut text = String::new();
    zip.by_name(name)?.read_to_string(&mut text)?;
    Ok(text)
}

#[tokio::test]
async fn a_filled_svarsmall_is_read_decided_and_compiled_in_the_window() -> TestResult {
    with_prepared_app(prepare, |app, prepared| {
        Box::pin(async move {
            app.js(&format!(
                "location.hash = '#/rundor/{}'; return true;",
                prepared.round.0
            ))
            .await?;
            app.wait_js("return document.body.dataset.view === 'round';")
                .await?;
            app.wait_text("#open-compilation", "0 synpunkter").await?;

            // Choose the form: the dialog shows what was read before
            // anything is stored.
            app.click("#import-forms").await?;
            app.wait_for("#import-dialog[open]").await?;
            app.wait_text("#import-files .import-file-title", "Arvika")
                .await?;
            app.wait_text("#import-files .import-file-title", "Svar från Arvika.docx")
                .await?;
            app.wait_text("#import-files .import-position", "Tillstyrker med synpunkter")
                .await?;
            app.wait_text("#import-files .import-respondent", "Åsa Ölund")
                .await?;
            app.wait_text("#import-files .import-comments", COMMENT)
                .await?;
            app.wait_text("#import-files .import-comments", PROPOSAL)
                .await?;
            app.wait_text("#import-files .import-comments", "Ansvarsfördelning")
                .await?;
            app.screenshot("answers-import-dialog").await?;
            {
                let store = Store::open(app.db_path())?;
                assert!(
                    samdok::comments::list(store.conn(), prepared.round)?.is_empty(),
                    "reading the form in the dialog should store nothing"
                );
            }

            app.click("#import-register").await?;
            app.wait_js("return !document.querySelector('#import-dialog');")
                .await?;
            app.wait_text("#round-view .banner-success", "Arvika (1 synpunkt")
                .await?;
            let arvika = app
                .js("const row = [...document.querySelectorAll('#recipients-table tbody tr')].find((r) => r.querySelector('th button').textContent === 'Arvika'); return row ? [row.dataset.status, row.querySelector('.position-select').value] : null;")
                .await?;
            assert_eq!(
                arvika,
                serde_json::json!(["svar_inkommet", "tillstyrker_med_synpunkter"]),
                "Arvika's row should show the answer with the position read from the form"
            );
            app.wait_text("#open-compilation", "1 synpunkt").await?;
            app.screenshot("answers-round-after-import").await?;

            // Decide on the comment in the compilation view.
            app.click("#open-compilation").await?;
            app.wait_js("return document.body.dataset.view === 'compilation';")
                .await?;
            app.wait_text("#compilation-progress-text", "0 av 1 synpunkt hanterade (0 %)")
                .await?;
            app.wait_text(".comment-card .comment-text", COMMENT).await?;
            app.select(".comment-card .decision-disposition", "delvis_beaktad")
                .await?;
            app.type_into(".comment-card .decision-motivation", MOTIVATION)
                .await?;
            app.click(".comment-card .decision-save").await?;
            app.wait_text("#compilation-progress-text", "1 av 1 synpunkt hanterade (100 %)")
                .await?;
            app.wait_text(".comment-card .decision-summary", "Delvis beaktad")
                .await?;
            app.wait_text(".comment-card .decision-summary", MOTIVATION)
                .await?;

            // Export it as Word and as Excel: the files hold the comment.
            for format in ["docx", "xlsx"] {
                app.click(&format!("#export-{format}")).await?;
                app.wait_text("#compilation-written", &format!(".{format}"))
                    .await?;
                let shown = app
                    .js("return document.querySelector('#compilation-written .path').textContent;")
                    .await?;
                let path = PathBuf::from(shown.as_str().ok_or("the written path is shown")?);
                assert!(
                    path.starts_with(app.dialog_dir()) && path.exists(),
                    "the compilation should be written where the save dialog said: {}",
                    path.display()
                );
                assert_eq!(
                    path.extension().and_then(|e| e.to_str()),
                    Some(format),
                    "the compilation should be a .{format}"
                );
                let body = match format {
                    "docx" => part(&path, "word/document.xml")?,
                    _ => part(&path, "xl/sharedStrings.xml")?,
                };
                for text in [COMMENT, MOTIVATION, "Arvika"] {
                    assert!(
                        body.contains(text),
                        "the .{format} compilation should contain «{text}»"
                    );
                }
            }
            app.screenshot("answers-compilation-exported").await?;

            let store = Store::open(app.db_path())?;
            let comments = samdok::comments::list(store.conn(), prepared.round)?;
            assert_eq!(comments.len(), 1, "one comment should be recorded");
            let decision = comments[0]
                .decision
                .as_ref()
                .ok_or("the comment should have its decision")?;
            assert_eq!(
                (decision.disposition.as_str(), decision.motivation.as_str()),
                ("delvis_beaktad", MOTIVATION),
                "the decision set in the window should be stored"
            );
            assert!(
                prepared.form.exists(),
                "the chosen form itself is left where it was"
            );
            Ok(())
        })
    })
    .await
}

/// Issue 17: Arvika's form whose party code was changed to Kil's, while
/// «Svaret lämnas av» still names Arvika: the dialog warns before anything
/// is stored, and whose answer it would be.
#[tokio::test]
async fn a_form_marked_for_another_party_is_flagged_in_the_dialog() -> TestResult {
    let marked_for_kil = |files: &AppFiles| {
        prepare_with(files, |form| {
            form.respondent("Befattning eller organ", "Kommunstyrelsen i Arvika kommun")
                .set_property("Samdok.Partkod", "kil");
        })
    };
    with_prepared_app(marked_for_kil, |app, prepared| {
        Box::pin(async move {
            app.js(&format!(
                "location.hash = '#/rundor/{}'; return true;",
                prepared.round.0
            ))
            .await?;
            app.wait_js("return document.body.dataset.view === 'round';")
                .await?;
            app.click("#import-forms").await?;
            app.wait_for("#import-dialog[open]").await?;
            app.wait_text("#import-files .import-file-title", "Kil")
                .await?;
            app.wait_text(
                "#import-files .import-warnings",
                "Svarsmallen är märkt för Kil, men det som står om den som svarar nämner Arvika.",
            )
            .await?;
            app.wait_text(
                "#import-files .import-warnings",
                "registreras det som Kils svar",
            )
            .await?;
            app.wait_js("return !document.querySelector('#import-files .import-problems');")
                .await?;
            app.screenshot("answers-import-other-party").await?;
            app.click("#import-cancel").await?;
            app.wait_js("return !document.querySelector('#import-dialog');")
                .await?;
            let store = Store::open(app.db_path())?;
            assert!(
                samdok::comments::list(store.conn(), prepared.round)?.is_empty(),
                "nothing is stored when the dialog is closed"
            );
            Ok(())
        })
    })
    .await
}
