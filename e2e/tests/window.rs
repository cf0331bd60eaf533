//! End-to-end tests of the real Samdok window in WebKit (tauri-driver +
//! WebKitWebDriver). Each test starts the app on its own empty database.

use samdok_e2e::{with_app, App, TestResult};

const TITLE: &str = "Överenskommelse om Värmlandsmodellen för trygg utskrivning";

/// Fills the new-document form and saves it.
async fn create_document(app: &App, title: &str, from: &str, to: &str) -> TestResult {
    // The app opens on the Översikt: "Nytt dokument" is on the register.
    to_register(app).await?;
    app.click("#new-document").await?;
    app.wait_for("#document-form").await?;
    app.type_into("#document-form [name=title]", title).await?;
    app.select("#document-form [name=doc_type]", "overenskommelse")
        .await?;
    app.type_into("#document-form [name=valid_from]", from)
        .await?;
    app.type_into("#document-form [name=valid_to]", to).await?;
    app.click("#save-document").await
}

async fn to_register(app: &App) -> TestResult {
    app.click("[data-view=register]").await?;
    app.wait_js("return document.body.dataset.view === 'register'")
        .await
}

#[tokio::test]
async fn create_find_and_move_a_document_through_the_window() -> TestResult {
    with_app(|app| {
        Box::pin(async move {
            create_document(app, TITLE, "2026-01-01", "2027-12-31").await?;
            app.wait_text("#document-view h1", TITLE).await?;
            app.wait_text("#current-stage", "Initiering").await?;

            // A second document, then find the first by one word of its title.
            to_register(app).await?;
            create_document(app, "Riktlinje för läkemedelshantering", "", "").await?;
            app.wait_text("#document-view h1", "läkemedelshantering").await?;
            to_register(app).await?;
            app.wait_js("return document.querySelectorAll('#register-table tbody tr[data-id]').length === 2")
                .await?;
            app.screenshot("register-two-documents").await?;

            app.type_into("#search", "värmlandsmodellen").await?;
            app.wait_js(
                "const rows = document.querySelectorAll('#register-table tbody tr[data-id]');
                 return rows.length === 1 && rows[0].textContent.includes('Värmlandsmodellen');",
            )
            .await?;
            app.screenshot("register-search").await?;

            // Open it and move it to the next stage, with a comment.
            app.click("#register-table tbody tr[data-id] a").await?;
            app.wait_text("#current-stage", "Initiering").await?;
            app.type_into("#stage-comment", "Uppdrag från Beredningsgruppen").await?;
            app.click("#next-stage").await?;
            app.wait_text("#current-stage", "Dialog och förankring").await?;
            app.wait_js("return document.querySelectorAll('#stage-history li').length === 2")
                .await?;
            app.wait_text("#stage-history", "Uppdrag från Beredningsgruppen").await?;
            app.wait_js("return document.querySelectorAll('#audit-trail li').length >= 2")
                .await?;
            app.screenshot("document-view").await?;

            let store = samdok::Store::open(app.db_path())?;
            let rows = samdok::register::list(store.conn(), &Default::default(), samdok::time::today())?;
            let moved = rows.iter().find(|r| r.title == TITLE).ok_or("the document is stored")?;
            assert_eq!(moved.stage, "dialog", "the stage move reached the database");
            Ok(())
        })
    })
    .await
}

#[tokio::test]
async fn a_bad_date_range_shows_a_message_next_to_the_field_and_saves_nothing() -> TestResult {
    with_app(|app| {
        Box::pin(async move {
            create_document(app, "Rutin med fel datum", "2027-06-01", "2026-06-01").await?;
            app.wait_js(
                "const e = document.querySelector('.field-error[data-for=\"valid_to\"]');
                 return !!e && e.textContent.includes('kan inte vara före') && e.offsetParent !== null;",
            )
            .await?;
            let title = app.js("return document.querySelector('#document-form [name=title]').value").await?;
            assert_eq!(title, "Rutin med fel datum", "the form keeps the user's input");
            app.screenshot("form-validation").await?;

            let store = samdok::Store::open(app.db_path())?;
            let rows = samdok::register::list(store.conn(), &Default::default(), samdok::time::today())?;
            assert!(rows.is_empty(), "a refused form stores nothing");
            Ok(())
        })
    })
    .await
}

#[tokio::test]
async fn the_parties_view_lists_the_17_parties_in_order() -> TestResult {
    with_app(|app| {
        Box::pin(async move {
            app.click("[data-view=parties]").await?;
            app.wait_js("return document.body.dataset.view === 'parties'")
                .await?;
            app.wait_text("main", "Årjäng").await?;
            let text = app
                .js("return document.querySelector('main').textContent")
                .await?;
            let text = text.as_str().ok_or("the parties view has text")?;
            let position = |name: &str| {
                text.find(name)
                    .ok_or_else(|| format!("{name} should be listed in the parties view"))
            };
            assert!(
                position("Region Värmland")? < position("Arvika")?,
                "Region Värmland should come before Arvika"
            );
            assert!(
                position("Säffle")? < position("Torsby")?,
                "Säffle should come before Torsby (Swedish order)"
            );
            assert!(
                position("Torsby")? < position("Årjäng")?,
                "Årjäng should come last, after Torsby"
            );
            app.screenshot("parties").await?;
            Ok(())
        })
    })
    .await
}

#[tokio::test]
async fn settings_show_the_version_and_the_database_file() -> TestResult {
    with_app(|app| {
        Box::pin(async move {
            app.wait_text("header", samdok::VERSION).await?;
            app.click("[data-view=settings]").await?;
            app.wait_js("return document.body.dataset.view === 'settings'")
                .await?;
            app.wait_text("#db-path", "e2e.sqlite3").await?;
            app.wait_text("#db-source", "SAMDOK_DB").await?;
            app.wait_text("#settings-version", samdok::VERSION).await?;
            app.wait_for("#open-database").await?;
            app.wait_for("#create-database").await?;
            app.screenshot("settings").await?;
            Ok(())
        })
    })
    .await
}

#[tokio::test]
async fn a_draft_is_generated_attached_back_and_checked_in_the_window() -> TestResult {
    with_app(|app| {
        Box::pin(async move {
            create_document(app, "Rutin för läkemedel & hjälpmedel", "2026-01-01", "2027-12-31").await?;
            app.wait_text("#document-view h1", "Rutin för läkemedel").await?;
            app.wait_text("#working-draft", "Ingen arbetsversion").await?;

            app.click("#create-draft").await?;
            app.wait_for("#draft-created").await?;
            let saved = app.dialog_dir().join("Rutin för läkemedel & hjälpmedel v1 utkast.docx");
            app.wait_text("#draft-created", &saved.display().to_string()).await?;
            assert!(saved.exists(), "the draft was written to {}", saved.display());

            // The drafting group sends it back; the coordinator attaches it.
            std::fs::copy(&saved, app.dialog_dir().join("bifoga.docx"))?;
            app.click("#attach-draft").await?;
            app.wait_js("const r = document.querySelector('#working-draft .check-result'); return !!r && r.dataset.complies === '1';")
                .await?;
            app.wait_text("#working-draft", "Följer mallen").await?;
            app.wait_text("#working-draft", "bifoga.docx").await?;
            assert_eq!(
                app.js("return document.querySelectorAll('#working-draft .check-item[data-status=\"present\"]').length").await?,
                15,
                "every mandatory item is shown as present"
            );
            app.js("document.querySelector('#drafts-panel').scrollIntoView(); return true;").await?;
            app.screenshot("drafts-panel").await?;

            // A file that is not a Word document is refused with a Swedish
            // message, and the working draft stays the one attached before.
            let working_draft = || -> Result<(Option<i64>, usize), samdok_e2e::Error> {
                let store = samdok::Store::open(app.db_path())?;
                let rows = samdok::register::list(store.conn(), &Default::default(), samdok::time::today())?;
                let id = rows.first().ok_or("the document is stored")?.id;
                let overview = samdok::drafts::record::overview(&store, id)?;
                Ok((overview.working_draft.map(|d| d.id), overview.drafts.len()))
            };
            let before = working_draft()?;
            assert!(before.0.is_some(), "the attached file is the working draft");
            std::fs::write(app.dialog_dir().join("bifoga.docx"), "inte ett Word-dokument")?;
            app.click("#attach-draft").await?;
            app.wait_text("#drafts-status", "inte ett Word-dokument").await?;
            assert_eq!(
                working_draft()?,
                before,
                "a refused file should store no draft and leave the working draft as it was"
            );
            assert_eq!(
                app.js("const r = document.querySelector('#working-draft .check-result'); return !!r && r.dataset.complies;").await?,
                "1",
                "after the refusal the window should still show the complying working draft"
            );
            Ok(())
        })
    })
    .await
}

#[tokio::test]
async fn a_round_is_opened_and_three_answers_are_ticked_off() -> TestResult {
    with_app(|app| {
        Box::pin(async move {
            create_document(app, "Överenskommelse om hjälpmedel", "2026-01-01", "2028-12-31").await?;
            app.wait_text("#document-view h1", "hjälpmedel").await?;
            app.click("#new-round").await?;
            app.wait_for("#round-form").await?;
            app.type_into("#round-form [name=deadline]", "2030-06-30").await?;
            app.type_into("#round-form [name=diarienummer]", "RV2026/0099").await?;
            // The missiv text is prefilled from the template with the deadline.
            app.wait_js("return document.querySelector('#round-missiv').value.includes('2030-06-30');").await?;
            app.click("#save-round").await?;

            app.wait_js("return document.body.dataset.view === 'round'").await?;
            app.wait_text("#round-progress", "0 av 17 har svarat").await?;
            app.wait_js("return document.querySelectorAll('#recipients-table tbody tr').length === 17").await?;
            for party in ["Arvika", "Kil", "Årjäng"] {
                let row = format!(
                    "[...document.querySelectorAll('#recipients-table tbody tr')].find(r => r.querySelector('th').textContent === '{party}')"
                );
                let id = app.js(&format!("return {row}.dataset.party;")).await?;
                let id = id.as_str().ok_or("party row")?.to_owned();
                app.click(&format!("#recipients-table tr[data-party=\"{id}\"] .mark-received")).await?;
                app.wait_js(&format!(
                    "const r = document.querySelector('#recipients-table tr[data-party=\"{id}\"]'); return !!r && r.dataset.status === 'svar_inkommet';"
                ))
                .await?;
            }
            app.wait_text("#round-progress", "3 av 17 har svarat").await?;

            // Correct Arvika's answer date and add a note through its dialog.
            app.js("[...document.querySelectorAll('#recipients-table .edit-recipient')].find(b => b.textContent === 'Arvika').click(); return true;").await?;
            app.wait_for("#recipient-dialog").await?;
            app.type_into("#recipient-date", "2026-11-02").await?;
            app.select("#recipient-position", "avstyrker").await?;
            app.type_into("#recipient-note", "Yttrande från kommunstyrelsen").await?;
            std::fs::write(app.dialog_dir().join("bifoga.docx"), b"protokollsutdrag")?;
            app.click("#recipient-attach").await?;
            app.wait_text("#recipient-files", "bifoga.docx").await?;
            app.click("#recipient-save").await?;
            app.wait_text("#recipients-table", "1 bifogad fil").await?;
            app.wait_text("#recipients-table", "Yttrande från kommunstyrelsen").await?;
            app.wait_text("#recipients-table", "2026-11-02").await?;
            let width = app.js("return document.querySelector('#round-progress .progress-fill').style.width").await?;
            assert_eq!(width, "18%", "the progress bar shows 3 of 17");
            app.js("window.scrollTo(0, 0); document.getElementById('main').scrollTop = 0; return true;").await?;
            app.screenshot("round-view").await?;

            // Påminn lists the 14 parties without an answer; none has an
            // address yet, so no reminder drafts can be written.
            app.wait_js("return document.querySelectorAll('#late-list li').length === 14").await?;
            app.wait_text("#late-list", "ingen e-postadress").await?;
            assert_eq!(app.js("return document.querySelector('#write-reminders').disabled").await?, true);

            // Export the package into a folder: no working draft is attached,
            // so a fresh draft goes out and the window says so.
            app.wait_text("#package-draft", "Ingen arbetsversion är bifogad").await?;
            app.wait_text("#package-missing-email", "17 av 17 parter saknar e-postadress").await?;
            app.click("#export-folder").await?;
            app.wait_for("#package-result").await?;
            let folder = app
                .dialog_dir()
                .join("Remisspaket Remiss Överenskommelse om hjälpmedel");
            app.wait_text("#package-result", &folder.display().to_string()).await?;
            for name in ["Missiv.docx", "Manifest.json", "Sändlista.xlsx", "Sändlista.csv", "Svarsmall - Årjäng.docx"] {
                assert!(folder.join(name).exists(), "{name} is in the exported folder");
            }
            app.js("document.querySelector('#package-panel').scrollIntoView(); return true;").await?;
            app.screenshot("round-package").await?;

            // The overview lists the round with its count.
            app.click("[data-view=rounds]").await?;
            app.wait_js("return document.body.dataset.view === 'rounds'").await?;
            app.wait_text("#rounds-table", "3 av 17 har svarat").await?;

            let store = samdok::Store::open(app.db_path())?;
            let all = samdok::rounds::RoundQuery { include_done: true, ..Default::default() };
            let list = samdok::rounds::list(store.conn(), &all, samdok::time::today())?;
            assert_eq!((list[0].answered, list[0].total), (3, 17), "the ticks reached the database");
            Ok(())
        })
    })
    .await
}

/// Another process (the CLI) changes the owner while the edit form is open:
/// saving the form's own change keeps the owner, and changing the owner too
/// is refused at that field instead of silently reverting the other change.
#[tokio::test]
async fn a_form_save_keeps_a_change_made_meanwhile_and_refuses_a_clash() -> TestResult {
    use samdok::register::{self, DocumentInput, DocumentPatch};
    use samdok::{DocumentId, Store};

    // What the CLI's `doc edit ID --owner NAME` does, from another process's
    // connection to the same file.
    fn set_owner_elsewhere(db: &std::path::Path, owner: &str) -> TestResult {
        let mut store = Store::open(db)?;
        let input = DocumentInput {
            owner: owner.into(),
            ..DocumentInput::default()
        };
        register::update_fields(
            &mut store,
            DocumentId(1),
            &DocumentPatch::only(&input, &["owner"]),
            None,
        )?;
        Ok(())
    }

    with_app(|app| {
        Box::pin(async move {
            create_document(app, TITLE, "2026-01-01", "2027-12-31").await?;
            app.wait_text("#document-view h1", TITLE).await?;

            app.click("#edit-document").await?;
            app.wait_for("#document-form").await?;
            set_owner_elsewhere(&app.db_path(), "Någon annan")?;
            app.type_into("#document-form [name=notes]", "Min anteckning")
                .await?;
            app.click("#save-document").await?;
            app.wait_text("#document-metadata", "Min anteckning")
                .await?;
            app.wait_text("#document-metadata", "Någon annan").await?;

            app.click("#edit-document").await?;
            app.wait_for("#document-form").await?;
            set_owner_elsewhere(&app.db_path(), "Tredje person")?;
            app.type_into("#document-form [name=owner]", "Jag").await?;
            app.click("#save-document").await?;
            app.wait_text(".field-error[data-for=owner]", "har ändrats av någon annan")
                .await?;
            app.screenshot("form-conflict").await?;
            let store = Store::open(app.db_path())?;
            let owner = register::current_version(store.conn(), DocumentId(1))?
                .fields
                .owner;
            assert_eq!(owner, "Tredje person", "the clash stored nothing");
            Ok(())
        })
    })
    .await
}

#[tokio::test]
async fn the_check_of_the_register_lists_what_is_wrong_and_changes_nothing() -> TestResult {
    with_app(|app| {
        Box::pin(async move {
            create_document(app, "Rutin för kontroll", "2026-01-01", "2027-12-31").await?;
            app.wait_text("#document-view h1", "Rutin för kontroll").await?;
            // A copy the register keeps for its list, damaged behind the
            // window's back (as a crash of a tool outside Samdok might).
            let store = samdok::Store::open(app.db_path())?;
            store
                .conn()
                .execute("UPDATE current_versions SET stage = 'avvecklad'", [])?;
            drop(store);

            app.click("[data-view=settings]").await?;
            app.wait_js("return document.body.dataset.view === 'settings'")
                .await?;
            app.click("#verify-register").await?;
            app.wait_text("#verify-problems", "Kontrollen hittade 1 fel. Inget har ändrats.")
                .await?;
            app.wait_text("#verify-problems li", "registrets kopia av den gällande versionen")
                .await?;
            app.js("document.querySelector('#verify-panel').scrollIntoView({ block: 'start' }); return true;")
                .await?;
            app.screenshot("settings-verify-problems").await?;

            // Nothing was repaired: the check says the same again.
            app.click("#verify-register").await?;
            app.wait_text("#verify-problems", "Kontrollen hittade 1 fel").await?;
            Ok(())
        })
    })
    .await
}
