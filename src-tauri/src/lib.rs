//! Samdok's desktop shell: Tauri commands that each call one function of the
//! core and map its error to `{ code, message, fields }` for the window.
//! No domain logic lives here: `commands/` holds one module per area of the
//! core, `state` the open database, `dialogs` the native file dialogs.

use std::path::PathBuf;

use samdok::config;
use tauri::{Manager, Runtime};

mod commands;
mod dialogs;
mod state;

pub use state::{AppState, CommandError};

/// The database given on the command line (`--db PATH` or `--db=PATH`), if any.
pub fn db_from_args(args: impl IntoIterator<Item = String>) -> Option<PathBuf> {
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg == "--db" {
            return args.next().map(PathBuf::from);
        }
        if let Some(path) = arg.strip_prefix("--db=") {
            return Some(PathBuf::from(path));
        }
    }
    None
}

/// Registers the state and every command on `base`; used by [`run`] and by
/// the tests (on `tauri::test::mock_builder()`).
pub fn with_commands<R: Runtime>(base: tauri::Builder<R>, state: AppState) -> tauri::Builder<R> {
    base.manage(state).invoke_handler(tauri::generate_handler![
        commands::settings::app_info,
        commands::settings::reference_data,
        commands::parties::list_parties,
        commands::parties::add_contact,
        commands::parties::update_contact,
        commands::parties::delete_contact,
        commands::register::list_documents,
        commands::register::get_document,
        commands::register::document_events,
        commands::register::document_history,
        commands::register::create_document,
        commands::register::update_document,
        commands::register::set_stage,
        commands::register::open_revision,
        commands::settings::choose_database,
        commands::drafts::draft_overview,
        commands::drafts::create_draft,
        commands::drafts::attach_draft,
        commands::drafts::check_docx,
        commands::drafts::open_draft,
        commands::rounds::list_rounds,
        commands::rounds::round_status,
        commands::rounds::open_round,
        commands::rounds::mark_round,
        commands::rounds::package_plan,
        commands::rounds::document_adoption,
        commands::overview::attention,
        commands::overview::snooze_item,
        commands::overview::unsnooze_item,
        commands::overview::party_page,
        commands::overview::export_report,
        commands::overview::export_calendar,
        commands::settings::verify_register,
        commands::overview::list_reviews,
        commands::overview::record_review,
        commands::overview::remove_review,
        commands::overview::open_review_report,
        commands::overview::list_views,
        commands::overview::save_view,
        commands::overview::remove_view,
        commands::rounds::export_package,
        commands::rounds::reminder_list,
        commands::rounds::write_reminders,
        commands::rounds::default_missiv,
        commands::rounds::attach_answer_file,
        commands::rounds::attach_answer_paths,
        commands::rounds::open_answer_file,
        commands::answers::preview_answer_forms,
        commands::answers::choose_answer_forms,
        commands::answers::import_answer_forms,
        commands::answers::round_comments,
        commands::answers::add_comment,
        commands::answers::edit_comment,
        commands::answers::remove_comment,
        commands::answers::decide_comments,
        commands::answers::undecide_comments,
        commands::answers::export_compilation,
        commands::answers::send_feedback,
        commands::answers::record_reapproval,
        commands::answers::document_reapprovals,
        commands::resolutions::list_resolutions,
        commands::resolutions::record_resolution,
        commands::resolutions::remove_resolution,
        commands::lifecycle::document_lifecycle,
        commands::lifecycle::record_mailing,
        commands::lifecycle::add_session,
        commands::lifecycle::mark_session_held,
        commands::lifecycle::publish_document,
        commands::lifecycle::plan_followup,
        commands::lifecycle::record_followup,
        commands::lifecycle::decide_retirement,
        commands::lifecycle::mark_inaktuell,
        commands::lifecycle::mark_removed_from_web,
        commands::lifecycle::remove_mailing,
        commands::lifecycle::remove_session,
        commands::lifecycle::unmark_session_held,
    ])
}

/// Starts the app: opens the database (see `samdok::config`), then the window.
pub fn run() {
    let explicit = db_from_args(std::env::args().skip(1));
    let state = AppState::open(config::resolve_db_path(explicit.as_deref()));
    let app = with_commands(tauri::Builder::default(), state).setup(|app| {
        if let Some(window) = app.get_webview_window("main") {
            let _ = window.set_title(&format!(
                "Samdok {} – kommun- och regiongemensamma dokument",
                samdok::VERSION
            ));
        }
        Ok(())
    });
    if let Err(error) = app.run(tauri::generate_context!()) {
        eprintln!("Samdok kunde inte starta: {error}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    //! The commands through Tauri's real IPC dispatch on the mock runtime:
    //! argument names, JSON shapes and the `{ code, message, fields }` errors.

    use super::*;
    use samdok::config::DbLocation;
    use samdok::Store;
    use serde_json::{json, Value};
    use tauri::ipc::{CallbackFn, InvokeBody};
    use tauri::test::{
        get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY,
    };
    use tauri::webview::InvokeRequest;
    use tauri::WebviewWindow;

    fn start(dir: &std::path::Path) -> (tauri::App<MockRuntime>, WebviewWindow<MockRuntime>) {
        let state = AppState::open(DbLocation {
            path: dir.join("ipc.sqlite3"),
            source: "option",
        });
        let app = with_commands(mock_builder(), state)
            .build(mock_context(noop_assets()))
            .expect("the app builds on the mock runtime");
        let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .expect("a mock window");
        (app, window)
    }

    fn invoke(window: &WebviewWindow<MockRuntime>, cmd: &str, body: Value) -> Result<Value, Value> {
        get_ipc_response(
            window,
            InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                url: "tauri://localhost".parse().expect("a valid URL"),
                body: InvokeBody::Json(body),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|body| body.deserialize::<Value>().expect("JSON response"))
    }

    #[test]
    fn a_document_round_trips_through_the_commands() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (_app, window) = start(dir.path());
        let id = invoke(
            &window,
            "create_document",
            json!({ "input": { "doc_type": "riktlinje", "title": "Riktlinje <&> 🏥", "valid_from": "2026-01-01" } }),
        )
        .expect("created");
        let detail = invoke(&window, "get_document", json!({ "id": id })).expect("found");
        assert_eq!(detail["current"]["title"], "Riktlinje <&> 🏥");
        invoke(
            &window,
            "set_stage",
            json!({ "id": id, "stage": "dialog", "comment": "", "onDate": null }),
        )
        .expect("moved");
        let list = invoke(
            &window,
            "list_documents",
            json!({ "query": { "search": "riktlinje" } }),
        )
        .expect("listed");
        assert_eq!(list["rows"][0]["stage_name"], "Dialog och förankring");
        let parties = invoke(&window, "list_parties", json!({})).expect("parties");
        assert_eq!(parties.as_array().map(Vec::len), Some(17));
        let info = invoke(&window, "app_info", json!({})).expect("info");
        assert_eq!(info["version"], samdok::VERSION);
        assert!(info["open_error"].is_null());
        let checked = invoke(&window, "verify_register", json!({})).expect("checked");
        assert_eq!(checked["ok"], true, "{checked}");
        assert_eq!(checked["documents"], 1);
    }

    #[test]
    fn comments_are_added_decided_and_shown_with_their_progress() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (_app, window) = start(dir.path());
        let doc = invoke(
            &window,
            "create_document",
            json!({ "input": { "doc_type": "riktlinje", "title": "Riktlinje" } }),
        )
        .expect("created");
        let round = invoke(
            &window,
            "open_round",
            json!({ "documentId": doc, "input": { "kind": "remiss", "deadline": "2027-01-15" } }),
        )
        .expect("opened");
        let reference = invoke(&window, "reference_data", json!({})).expect("reference");
        assert_eq!(
            reference["comment_sections"]
                .as_array()
                .and_then(|s| s.last()),
            Some(&json!("Övrigt"))
        );
        assert_eq!(
            reference["labels"]["dispositions"][1]["name"],
            "Delvis beaktad"
        );
        let parties = invoke(&window, "list_parties", json!({})).expect("parties");
        let party = parties[3]["id"].clone();
        let id = invoke(
            &window,
            "add_comment",
            json!({ "roundId": round, "partyId": party,
                    "input": { "section": "Syfte", "text": "Otydligt", "proposal": "" } }),
        )
        .expect("added");
        let refused = invoke(
            &window,
            "decide_comments",
            json!({ "ids": [id], "input": { "disposition": "ej_beaktad", "motivation": "", "significant": false } }),
        )
        .expect_err("no motivation");
        assert_eq!(refused["fields"][0]["field"], "motivation");
        invoke(
            &window,
            "decide_comments",
            json!({ "ids": [id], "input": { "disposition": "beaktad", "motivation": "", "significant": true } }),
        )
        .expect("decided");
        let view = invoke(&window, "round_comments", json!({ "roundId": round })).expect("view");
        assert_eq!(
            view["progress"]["text"],
            "1 av 1 synpunkt hanterade (100 %)"
        );
        assert_eq!(
            view["comments"][0]["decision"]["disposition_name"],
            "Beaktad"
        );
        assert!(view["reapproval"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("nätverken")));
        let flagged = invoke(
            &window,
            "document_reapprovals",
            json!({ "documentId": doc }),
        )
        .expect("flagged");
        assert_eq!(flagged.as_array().map(Vec::len), Some(1));
        let previews = invoke(
            &window,
            "preview_answer_forms",
            json!({ "roundId": round, "paths": [dir.path().join("saknas.docx")] }),
        )
        .expect("a preview per file, each with its own error");
        assert!(previews[0]["preview"].is_null());
        assert!(previews[0]["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("finns inte")));
    }

    #[test]
    fn the_register_rundor_and_the_change_log_come_a_page_at_a_time() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (_app, window) = start(dir.path());
        let mut ids = Vec::new();
        for title in ["Översyn av rutiner", "Åtgärdsplan", "Zonindelning"] {
            let input = json!({ "input": { "doc_type": "rutin", "title": title } });
            ids.push(invoke(&window, "create_document", input).expect("created"));
        }
        let page = |query: Value| invoke(&window, "list_documents", json!({ "query": query }));
        let first = page(json!({ "limit": 2 })).expect("a page");
        assert_eq!(first["total"], 3, "the total of the whole register");
        assert_eq!(first["offset"], 0);
        let titles: Vec<&str> = first["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .map(|r| r["title"].as_str().unwrap_or_default())
            .collect();
        assert_eq!(titles, ["Zonindelning", "Åtgärdsplan"], "Swedish order");
        let rest = page(json!({ "offset": 2, "limit": 2 })).expect("the next page");
        assert_eq!(
            rest["rows"][0]["title"], "Översyn av rutiner",
            "Ö last, on the next page"
        );
        let default = page(json!({})).expect("the window's default page");
        assert_eq!(default["rows"].as_array().map(Vec::len), Some(3));

        let open = json!({ "document_id": ids[0], "include_done": true });
        let rounds = invoke(&window, "list_rounds", json!({ "query": open })).expect("rounds");
        assert_eq!(
            (rounds["total"].clone(), rounds["rows"].clone()),
            (json!(0), json!([]))
        );

        for stage in ["dialog", "utkast"] {
            let moved = json!({ "id": ids[0], "stage": stage, "comment": "", "onDate": null });
            invoke(&window, "set_stage", moved).expect("moved");
        }
        let events = invoke(
            &window,
            "document_events",
            json!({ "id": ids[0], "offset": 1, "limit": 1 }),
        )
        .expect("events");
        assert_eq!(events["total"], 3, "registered and moved twice");
        assert_eq!(
            events["rows"][0]["action"], "stage_changed",
            "the second newest"
        );
        let history = invoke(
            &window,
            "document_history",
            json!({ "id": ids[0], "offset": 0, "limit": 50 }),
        )
        .expect("history");
        assert_eq!(history["rows"][0]["to_stage"], "utkast", "newest first");
    }

    #[test]
    fn the_window_never_gets_more_than_a_page_cap() {
        use commands::register::{window_page, DEFAULT_PAGE, MAX_PAGE};
        assert_eq!(window_page(None), Some(DEFAULT_PAGE));
        assert_eq!(window_page(Some(20)), Some(20));
        assert_eq!(window_page(Some(u32::MAX)), Some(MAX_PAGE));
    }

    #[test]
    fn a_refused_input_reaches_the_window_as_code_message_and_fields() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (_app, window) = start(dir.path());
        let error = invoke(
            &window,
            "create_document",
            json!({ "input": { "doc_type": "riktlinje", "title": "X", "valid_from": "2027-01-01", "valid_to": "2026-01-01" } }),
        )
        .expect_err("refused");
        assert_eq!(error["code"], "invalid");
        assert_eq!(error["fields"][0]["field"], "valid_to");
        assert!(error["message"]
            .as_str()
            .unwrap_or_default()
            .contains("kan inte vara före"));
    }

    #[test]
    fn the_steps_after_the_decision_answer_with_the_fresh_lifecycle() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (_app, window) = start(dir.path());
        let doc = invoke(
            &window,
            "create_document",
            json!({ "input": { "doc_type": "riktlinje", "title": "Riktlinje", "valid_from": "2020-01-01" } }),
        )
        .expect("created");
        let empty = invoke(&window, "document_lifecycle", json!({ "documentId": doc }))
            .expect("the lifecycle of a new document");
        assert_eq!(empty["mailings"], json!([]), "nothing is recorded yet");
        let after = invoke(
            &window,
            "record_mailing",
            json!({ "documentId": doc, "input": { "sent_on": "2021-03-01", "sent_to": "Alla parter <&>" } }),
        )
        .expect("the mailing is recorded");
        assert_eq!(after["mailings"][0]["sent_to"], "Alla parter <&>");
        assert!(
            after["warnings"]
                .as_array()
                .is_some_and(|w| w.iter().any(|w| w["code"] == "information_late")),
            "information sent after giltig fr.o.m. should warn: {after}"
        );
        let planned = invoke(
            &window,
            "add_session",
            json!({ "documentId": doc, "input": { "planned_on": "2021-04-01", "digital": true } }),
        )
        .expect("the session is planned");
        let session = planned["sessions"][0]["id"].clone();
        let held = invoke(
            &window,
            "mark_session_held",
            json!({ "sessionId": session, "heldOn": "2021-04-02" }),
        )
        .expect("the session is held");
        assert_eq!(held["sessions"][0]["held_on"], "2021-04-02");
        let refused = invoke(
            &window,
            "publish_document",
            json!({ "documentId": doc, "input": { "published_on": "", "vida_link": "https://vida.example/x" } }),
        )
        .expect_err("a publication without a date is refused");
        assert_eq!(refused["code"], "invalid");
        assert_eq!(refused["fields"][0]["field"], "published_on");
        for (cmd, body) in [
            (
                "publish_document",
                json!({ "input": { "published_on": "2021-05-01", "vida_link": "https://vida.example/x" } }),
            ),
            (
                "plan_followup",
                json!({ "input": { "indicators": "Andel", "interval_months": 24, "owner": "Eva" } }),
            ),
            (
                "record_followup",
                json!({ "input": { "done_on": "2022-01-01", "result": "Bra" } }),
            ),
            (
                "decide_retirement",
                json!({ "input": { "forum": "Ordföranderådet", "decided_on": "2023-01-01" } }),
            ),
        ] {
            let mut body = body;
            body["documentId"] = doc.clone();
            invoke(&window, cmd, body).unwrap_or_else(|e| panic!("{cmd} should be accepted: {e}"));
        }
        let last = invoke(
            &window,
            "mark_inaktuell",
            json!({ "documentId": doc, "inaktuellOn": "2024-02-29" }),
        )
        .expect("marked inaktuell");
        assert_eq!(last["retirement"]["removal_on"], "2025-02-28");
        assert_eq!(last["followup_plan"]["interval_months"], 24);
        assert_eq!(last["stage"], "avvecklad");
        let removed = invoke(
            &window,
            "mark_removed_from_web",
            json!({ "documentId": doc, "removedOn": "2025-03-03" }),
        )
        .expect("removed from the web");
        assert_eq!(removed["retirement"]["removed_on"], "2025-03-03");
        assert!(
            removed["warnings"]
                .as_array()
                .is_some_and(|w| w.iter().all(|w| w["code"] != "remove_from_web")),
            "the removal warning falls silent: {removed}"
        );
    }

    #[test]
    fn a_mistaken_mailing_or_session_is_removed_and_the_lifecycle_answers_fresh() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (_app, window) = start(dir.path());
        let doc = invoke(
            &window,
            "create_document",
            json!({ "input": { "doc_type": "riktlinje", "title": "Riktlinje", "valid_from": "2020-01-01" } }),
        )
        .expect("created");
        let mailed = invoke(
            &window,
            "record_mailing",
            json!({ "documentId": doc, "input": { "sent_on": "2019-03-01", "sent_to": "Alla" } }),
        )
        .expect("the mailing is recorded");
        let planned = invoke(
            &window,
            "add_session",
            json!({ "documentId": doc, "input": { "planned_on": "2019-04-01", "held_on": "2019-04-01", "digital": true } }),
        )
        .expect("the session is recorded");
        assert_eq!(planned["applies"], true, "a recorded step shows the panel");
        let session = planned["sessions"][0]["id"].clone();
        let unheld = invoke(
            &window,
            "unmark_session_held",
            json!({ "sessionId": session }),
        )
        .expect("held is taken back");
        assert_eq!(unheld["sessions"][0]["held_on"], Value::Null);
        let without_session = invoke(&window, "remove_session", json!({ "sessionId": session }))
            .expect("the session is removed");
        assert_eq!(without_session["sessions"], json!([]));
        let without_mailing = invoke(
            &window,
            "remove_mailing",
            json!({ "mailingId": mailed["mailings"][0]["id"] }),
        )
        .expect("the mailing is removed");
        assert_eq!(without_mailing["mailings"], json!([]));
        assert_eq!(
            without_mailing["stage"], "implementering",
            "a removal never moves the stage back"
        );
        let missing = invoke(&window, "remove_mailing", json!({ "mailingId": 9999 }))
            .expect_err("a mailing that does not exist");
        assert_eq!(missing["code"], "not_found");
        assert!(
            missing["message"]
                .as_str()
                .is_some_and(|m| m.contains("Utskick 9999 finns inte")),
            "the window is told in Swedish what is missing: {missing}"
        );
    }

    #[test]
    fn a_newer_database_is_reported_not_changed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("ipc.sqlite3");
        make_future_database(&path).expect("a database from the future");
        let bytes_before = std::fs::read(&path).expect("the file is there");
        let (_app, window) = start(dir.path());
        let info = invoke(&window, "app_info", json!({})).expect("info");
        assert_eq!(info["open_error"]["code"], "newer_database");
        assert!(
            info["open_error"]["message"]
                .as_str()
                .is_some_and(|m| m.contains("nyare version") && m.contains("inte ändrats")),
            "the window is told, in Swedish, that the file was left as it was: {info}"
        );
        let error =
            invoke(&window, "list_documents", json!({ "query": {} })).expect_err("no store");
        assert_eq!(error["code"], "newer_database");
        assert_eq!(
            std::fs::read(&path).expect("the file is still there"),
            bytes_before,
            "a newer database is not changed by opening it"
        );
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .expect("the folder can be read")
            .map(|e| {
                e.expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(
            names,
            vec!["ipc.sqlite3".to_owned()],
            "no WAL or journal file was created beside it"
        );
    }

    #[test]
    fn an_error_reaches_the_window_with_its_detail_apart() {
        let error = CommandError::from(samdok::Error::File {
            path: "/hem/samordnare/Utkast/riktlinje.docx".into(),
            reason: "Det gick inte: disken är full.".into(),
        });
        let json = serde_json::to_value(&error).expect("serialisable");
        assert_eq!(json["code"], "io");
        assert_eq!(
            json["message"],
            "«riktlinje.docx»: Det gick inte: disken är full."
        );
        assert_eq!(
            json["detail"], "Sökväg: /hem/samordnare/Utkast/riktlinje.docx",
            "the whole path is kept for Visa detaljer"
        );
    }

    /// A database that claims a schema from the future.
    fn make_future_database(path: &std::path::Path) -> samdok::Result<()> {
        std::fs::write(path, [])?;
        let store = Store::open(path)?;
        store
            .conn()
            .pragma_update(None, "user_version", samdok::db::SCHEMA_VERSION + 1)?;
        Ok(())
    }

    #[test]
    fn db_is_taken_from_the_command_line() {
        let args = |a: &[&str]| db_from_args(a.iter().map(|s| s.to_string()));
        assert_eq!(
            args(&["--db", "/x/a.sqlite3"]),
            Some(PathBuf::from("/x/a.sqlite3"))
        );
        assert_eq!(
            args(&["--db=/y.sqlite3"]),
            Some(PathBuf::from("/y.sqlite3"))
        );
        assert_eq!(args(&["--annat"]), None);
    }
}
