//! Samdok's desktop shell: Tauri commands that each call one function of the
//! core and map its error to `{ code, message, fields }` for the window.
//! No domain logic lives here.

use std::path::PathBuf;
use std::sync::Mutex;

use samdok::config::{self, DbLocation};
use samdok::drafts::check::CheckReport;
use samdok::drafts::record::{self, DraftOverview, DraftRecord};
use samdok::parties::{self, Contact, ContactInput, Party, PartyId};
use samdok::register::{self, DocumentDetail, DocumentInput, DocumentSummary, ListQuery};
use samdok::{assets, lifecycle, rounds, time, DocumentId, Store};
use serde::Serialize;
use tauri::{Manager, Runtime, State};

/// An error as the window receives it: `code` to switch on, `message` in
/// Swedish to show, and per-field messages to show next to the inputs.
#[derive(Debug, Serialize)]
pub struct CommandError {
    pub code: String,
    pub message: String,
    pub fields: Vec<samdok::FieldError>,
}

impl From<samdok::Error> for CommandError {
    fn from(error: samdok::Error) -> Self {
        CommandError {
            code: error.code().to_owned(),
            message: error.to_string(),
            fields: error.field_errors().to_vec(),
        }
    }
}

impl CommandError {
    fn no_database(message: &str) -> Self {
        CommandError {
            code: "no_database".into(),
            message: message.to_owned(),
            fields: Vec::new(),
        }
    }
}

type CmdResult<T> = Result<T, CommandError>;

/// The open database, or why it could not be opened (the window then shows
/// the reason and lets the user choose another file).
pub struct AppState {
    store: Mutex<Option<Store>>,
    location: Mutex<DbLocation>,
    open_error: Mutex<Option<CommandError>>,
}

impl AppState {
    /// Opens the database at `location`; a failure is kept for the window.
    pub fn open(location: DbLocation) -> AppState {
        let (store, open_error) = match Store::open(&location.path) {
            Ok(store) => (Some(store), None),
            Err(error) => (None, Some(CommandError::from(error))),
        };
        AppState {
            store: Mutex::new(store),
            location: Mutex::new(location),
            open_error: Mutex::new(open_error),
        }
    }

    fn with_store<T>(&self, f: impl FnOnce(&mut Store) -> samdok::Result<T>) -> CmdResult<T> {
        let mut guard = self
            .store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match guard.as_mut() {
            Some(store) => f(store).map_err(CommandError::from),
            None => Err(self
                .open_error
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .as_ref()
                .map(|e| CommandError {
                    code: e.code.clone(),
                    message: e.message.clone(),
                    fields: Vec::new(),
                })
                .unwrap_or_else(|| CommandError::no_database("Ingen databas är öppen."))),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct AppInfo {
    pub version: &'static str,
    pub db_path: String,
    pub db_source: &'static str,
    pub schema_version: Option<i64>,
    pub user: String,
    pub today: String,
    /// Why the database could not be opened, if it could not.
    pub open_error: Option<CommandError>,
}

#[tauri::command(async)]
fn app_info(state: State<'_, AppState>) -> AppInfo {
    let location = state
        .location
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    let guard = state.store.lock().unwrap_or_else(|p| p.into_inner());
    let open_error = state.open_error.lock().unwrap_or_else(|p| p.into_inner());
    AppInfo {
        version: samdok::VERSION,
        db_path: location.path.display().to_string(),
        db_source: location.source,
        schema_version: guard.as_ref().and_then(|s| s.schema_version().ok()),
        user: guard
            .as_ref()
            .map_or_else(samdok::store::os_user, |s| s.actor().to_owned()),
        today: time::today().to_string(),
        open_error: open_error.as_ref().map(|e| CommandError {
            code: e.code.clone(),
            message: e.message.clone(),
            fields: Vec::new(),
        }),
    }
}

#[tauri::command(async)]
fn reference_data() -> CmdResult<assets::Reference> {
    Ok(assets::reference()?.clone())
}

#[tauri::command(async)]
fn list_parties(state: State<'_, AppState>) -> CmdResult<Vec<Party>> {
    state.with_store(|s| parties::list(s.conn()))
}

#[tauri::command(async)]
fn add_contact(
    state: State<'_, AppState>,
    party_id: i64,
    contact: ContactInput,
) -> CmdResult<Contact> {
    state.with_store(|s| parties::add_contact(s, PartyId(party_id), &contact))
}

#[tauri::command(async)]
fn update_contact(
    state: State<'_, AppState>,
    contact_id: i64,
    contact: ContactInput,
) -> CmdResult<Contact> {
    state.with_store(|s| parties::update_contact(s, contact_id, &contact))
}

#[tauri::command(async)]
fn delete_contact(state: State<'_, AppState>, contact_id: i64) -> CmdResult<()> {
    state.with_store(|s| parties::delete_contact(s, contact_id))
}

#[tauri::command(async)]
fn list_documents(state: State<'_, AppState>, query: ListQuery) -> CmdResult<Vec<DocumentSummary>> {
    state.with_store(|s| register::list(s.conn(), &query, time::today()))
}

#[tauri::command(async)]
fn get_document(state: State<'_, AppState>, id: i64) -> CmdResult<DocumentDetail> {
    state.with_store(|s| register::get(s.conn(), DocumentId(id), time::today()))
}

#[tauri::command(async)]
fn create_document(state: State<'_, AppState>, input: DocumentInput) -> CmdResult<DocumentId> {
    state.with_store(|s| register::create(s, &input))
}

#[tauri::command(async)]
fn update_document(
    state: State<'_, AppState>,
    id: i64,
    input: DocumentInput,
) -> CmdResult<Vec<String>> {
    state.with_store(|s| register::update(s, DocumentId(id), &input))
}

#[tauri::command(async)]
fn set_stage(
    state: State<'_, AppState>,
    id: i64,
    stage: String,
    comment: String,
    on_date: Option<String>,
) -> CmdResult<()> {
    state.with_store(|s| {
        let on_date = time::parse_date("on_date", "Datum", on_date.as_deref())?;
        lifecycle::set_stage(s, DocumentId(id), &stage, &comment, on_date)
    })
}

#[tauri::command(async)]
fn open_revision(state: State<'_, AppState>, id: i64, comment: String) -> CmdResult<i64> {
    state.with_store(|s| register::open_revision(s, DocumentId(id), &comment))
}

/// Lets the user open an existing database file (`create` false) or create
/// a new one (`create` true). It is opened at once and remembered in the
/// settings; on failure the current database stays open. Returns false when
/// the user cancels.
#[tauri::command(async)]
async fn choose_database<R: Runtime>(
    window: tauri::WebviewWindow<R>,
    state: State<'_, AppState>,
    create: bool,
) -> CmdResult<bool> {
    let current = state
        .location
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .path
        .clone();
    let mut dialog = rfd::AsyncFileDialog::new()
        .add_filter("Samdok-databas", &["sqlite3", "sqlite", "db"])
        .set_parent(&window);
    if let Some(dir) = current.parent() {
        dialog = dialog.set_directory(dir);
    }
    let file = if create {
        dialog
            .set_title("Skapa en ny Samdok-databas")
            .set_file_name("samdok.sqlite3")
            .save_file()
            .await
    } else {
        dialog
            .set_title("Öppna en Samdok-databas")
            .pick_file()
            .await
    };
    let Some(file) = file else {
        return Ok(false);
    };
    let path: PathBuf = file.path().to_path_buf();
    let store = Store::open(&path)?;
    config::save_settings(&config::Settings {
        database: Some(path.clone()),
    })?;
    *state.store.lock().unwrap_or_else(|p| p.into_inner()) = Some(store);
    *state.open_error.lock().unwrap_or_else(|p| p.into_inner()) = None;
    *state.location.lock().unwrap_or_else(|p| p.into_inner()) = DbLocation {
        path,
        source: "settings",
    };
    Ok(true)
}

/// File dialogs. For automated tests of the window (which cannot drive a
/// native dialog) two environment variables answer them instead:
/// `SAMDOK_TEST_SAVE_DIR` (a save dialog returns the suggested name in that
/// folder) and `SAMDOK_TEST_OPEN_FILE` (an open dialog returns that file).
/// Nothing else differs: the same commands write and read real files.
mod dialogs {
    use std::path::PathBuf;

    pub async fn save_docx<R: tauri::Runtime>(
        window: &tauri::WebviewWindow<R>,
        title: &str,
        suggested: &str,
    ) -> Option<PathBuf> {
        save_file(window, title, suggested, "Word-dokument", "docx").await
    }

    pub async fn save_file<R: tauri::Runtime>(
        window: &tauri::WebviewWindow<R>,
        title: &str,
        suggested: &str,
        filter: &str,
        ext: &str,
    ) -> Option<PathBuf> {
        if let Some(dir) = std::env::var_os("SAMDOK_TEST_SAVE_DIR") {
            return Some(PathBuf::from(dir).join(suggested));
        }
        rfd::AsyncFileDialog::new()
            .set_title(title)
            .add_filter(filter, &[ext])
            .set_file_name(suggested)
            .set_parent(window)
            .save_file()
            .await
            .map(|f| f.path().to_path_buf())
    }

    /// A folder; in tests, `SAMDOK_TEST_SAVE_DIR` itself.
    pub async fn pick_folder<R: tauri::Runtime>(
        window: &tauri::WebviewWindow<R>,
        title: &str,
    ) -> Option<PathBuf> {
        if let Some(dir) = std::env::var_os("SAMDOK_TEST_SAVE_DIR") {
            return Some(PathBuf::from(dir));
        }
        rfd::AsyncFileDialog::new()
            .set_title(title)
            .set_parent(window)
            .pick_folder()
            .await
            .map(|f| f.path().to_path_buf())
    }

    /// Any file; in tests, `SAMDOK_TEST_OPEN_FILE`.
    pub async fn open_any<R: tauri::Runtime>(
        window: &tauri::WebviewWindow<R>,
        title: &str,
    ) -> Option<PathBuf> {
        if let Some(file) = std::env::var_os("SAMDOK_TEST_OPEN_FILE") {
            return Some(PathBuf::from(file));
        }
        rfd::AsyncFileDialog::new()
            .set_title(title)
            .set_parent(window)
            .pick_file()
            .await
            .map(|f| f.path().to_path_buf())
    }

    pub async fn open_docx<R: tauri::Runtime>(
        window: &tauri::WebviewWindow<R>,
        title: &str,
    ) -> Option<PathBuf> {
        if let Some(file) = std::env::var_os("SAMDOK_TEST_OPEN_FILE") {
            return Some(PathBuf::from(file));
        }
        rfd::AsyncFileDialog::new()
            .set_title(title)
            .add_filter("Word-dokument", &["docx"])
            .set_parent(window)
            .pick_file()
            .await
            .map(|f| f.path().to_path_buf())
    }
}

#[tauri::command(async)]
fn draft_overview(state: State<'_, AppState>, id: i64) -> CmdResult<DraftOverview> {
    state.with_store(|s| record::overview(s, DocumentId(id)))
}

/// "Skapa utkast": asks where to save (suggesting a name from the title and
/// version), writes the draft and records it. `None` when cancelled.
#[tauri::command(async)]
async fn create_draft<R: Runtime>(
    window: tauri::WebviewWindow<R>,
    state: State<'_, AppState>,
    id: i64,
) -> CmdResult<Option<DraftRecord>> {
    let suggested =
        state.with_store(|s| record::overview(s, DocumentId(id)).map(|o| o.suggested_file_name))?;
    let Some(path) = dialogs::save_docx(&window, "Spara utkast", &suggested).await else {
        return Ok(None);
    };
    state
        .with_store(|s| record::save_generated(s, DocumentId(id), &path))
        .map(Some)
}

#[derive(Debug, Serialize)]
pub struct AttachedDraft {
    pub draft: DraftRecord,
    pub check: CheckReport,
}

/// "Bifoga arbetsversion": asks for the edited .docx, checks it and stores it
/// as the current working draft. `None` when cancelled.
#[tauri::command(async)]
async fn attach_draft<R: Runtime>(
    window: tauri::WebviewWindow<R>,
    state: State<'_, AppState>,
    id: i64,
) -> CmdResult<Option<AttachedDraft>> {
    let Some(path) = dialogs::open_docx(&window, "Bifoga arbetsversion").await else {
        return Ok(None);
    };
    state
        .with_store(|s| record::attach(s, DocumentId(id), &path))
        .map(|(draft, check)| Some(AttachedDraft { draft, check }))
}

#[derive(Debug, Serialize)]
pub struct CheckedFile {
    pub file_name: String,
    pub check: CheckReport,
}

/// "Kontrollera en fil": checks any .docx chosen from disk; stores nothing.
#[tauri::command(async)]
async fn check_docx<R: Runtime>(window: tauri::WebviewWindow<R>) -> CmdResult<Option<CheckedFile>> {
    let Some(path) = dialogs::open_docx(&window, "Kontrollera ett Word-dokument").await else {
        return Ok(None);
    };
    let check = samdok::drafts::check::check_file(&path)?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Some(CheckedFile { file_name, check }))
}

/// Opens a recorded draft in the default program (Word). Only files Samdok
/// itself recorded can be opened this way.
#[tauri::command(async)]
fn open_draft(state: State<'_, AppState>, draft_id: i64) -> CmdResult<()> {
    let path = state.with_store(|s| {
        let draft = record::get(s.conn(), draft_id)?;
        match (&draft.saved_path, &draft.stored_name) {
            (Some(path), _) => Ok(PathBuf::from(path)),
            (None, Some(name)) => samdok::attachments::path(s, name),
            (None, None) => Err(samdok::Error::not_found(format!("Utkast {draft_id}"))),
        }
    })?;
    if !path.exists() {
        return Err(CommandError {
            code: "not_found".into(),
            message: format!("Filen {} finns inte längre.", path.display()),
            fields: Vec::new(),
        });
    }
    opener::open(&path).map_err(|e| CommandError {
        code: "io".into(),
        message: format!("Filen kunde inte öppnas: {e}"),
        fields: Vec::new(),
    })
}

#[tauri::command(async)]
fn list_rounds(
    state: State<'_, AppState>,
    include_done: bool,
) -> CmdResult<Vec<rounds::RoundSummary>> {
    state.with_store(|s| rounds::list(s.conn(), time::today(), include_done))
}

#[tauri::command(async)]
fn round_status(state: State<'_, AppState>, id: i64) -> CmdResult<rounds::RoundStatus> {
    state.with_store(|s| rounds::status(s.conn(), rounds::RoundId(id), time::today()))
}

#[tauri::command(async)]
fn open_round(
    state: State<'_, AppState>,
    document_id: i64,
    input: rounds::RoundInput,
) -> CmdResult<rounds::RoundId> {
    state.with_store(|s| rounds::open(s, DocumentId(document_id), &input))
}

/// A mark from the round view: `kind` is received, declined, reminded, sent,
/// note or undo; `date` defaults to today.
#[derive(Debug, serde::Deserialize)]
pub struct MarkInput {
    pub kind: String,
    pub date: Option<String>,
    pub position: Option<String>,
    pub note: Option<String>,
}

#[tauri::command(async)]
fn mark_round(
    state: State<'_, AppState>,
    round_id: i64,
    party_id: i64,
    mark: MarkInput,
) -> CmdResult<rounds::RoundStatus> {
    state.with_store(|s| {
        let on =
            time::parse_date("date", "Datum", mark.date.as_deref())?.unwrap_or_else(time::today);
        let m = match mark.kind.as_str() {
            "received" => rounds::Mark::Received {
                on,
                position: mark.position.clone(),
            },
            "declined" => rounds::Mark::Declined(on),
            "reminded" => rounds::Mark::Reminded(on),
            "sent" => rounds::Mark::Sent(on),
            "note" => rounds::Mark::Note(mark.note.clone().unwrap_or_default()),
            "undo" => rounds::Mark::Undo,
            other => {
                return Err(samdok::Error::invalid(
                    "kind",
                    format!("Okänd markering «{other}»."),
                ))
            }
        };
        let id = rounds::RoundId(round_id);
        rounds::mark(s, id, PartyId(party_id), &m)?;
        rounds::status(s.conn(), id, time::today())
    })
}

#[tauri::command(async)]
fn package_plan(
    state: State<'_, AppState>,
    round_id: i64,
) -> CmdResult<samdok::dispatch::PackagePlan> {
    state.with_store(|s| samdok::dispatch::plan(s, rounds::RoundId(round_id)))
}

#[derive(Debug, Clone, Serialize)]
struct Progress {
    done: usize,
    total: usize,
}

/// "Exportera remisspaket": to a zip (save dialog) or a new folder inside a
/// chosen folder. Progress is sent to the window as `package-progress`
/// events. `None` when cancelled.
#[tauri::command(async)]
async fn export_package<R: Runtime>(
    window: tauri::WebviewWindow<R>,
    state: State<'_, AppState>,
    round_id: i64,
    zip: bool,
) -> CmdResult<Option<samdok::dispatch::Dispatch>> {
    use tauri::Emitter;
    let id = rounds::RoundId(round_id);
    let plan = state.with_store(|s| samdok::dispatch::plan(s, id))?;
    let stem = plan.suggested_name.trim_end_matches(".zip").to_owned();
    let dest = if zip {
        dialogs::save_file(
            &window,
            "Spara remisspaketet",
            &plan.suggested_name,
            "Zip-arkiv",
            "zip",
        )
        .await
    } else {
        dialogs::pick_folder(&window, "Välj mapp för remisspaketet")
            .await
            .map(|dir| dir.join(&stem))
    };
    let Some(dest) = dest else {
        return Ok(None);
    };
    state
        .with_store(|s| {
            samdok::dispatch::export_package(s, id, &dest, &mut |done, total| {
                let _ = window.emit("package-progress", Progress { done, total });
            })
        })
        .map(Some)
}

#[tauri::command(async)]
fn reminder_list(
    state: State<'_, AppState>,
    round_id: i64,
) -> CmdResult<Vec<samdok::dispatch::LateParty>> {
    state.with_store(|s| samdok::dispatch::without_answer(s, rounds::RoundId(round_id)))
}

/// "Påminn": writes reminder e-mail drafts into a new folder inside the one
/// the user picks, and records the reminders. `None` when cancelled.
#[tauri::command(async)]
async fn write_reminders<R: Runtime>(
    window: tauri::WebviewWindow<R>,
    state: State<'_, AppState>,
    round_id: i64,
) -> CmdResult<Option<samdok::dispatch::Reminders>> {
    let Some(dir) = dialogs::pick_folder(&window, "Välj mapp för påminnelserna").await else {
        return Ok(None);
    };
    let id = rounds::RoundId(round_id);
    state
        .with_store(|s| {
            let round = rounds::get(s.conn(), id)?;
            let name = samdok::files::safe_file_name(
                &format!(
                    "Påminnelser {} {} {}",
                    round.kind_name,
                    round.document_title,
                    time::today()
                ),
                "eml",
            );
            let folder = dir.join(name.trim_end_matches(".eml"));
            samdok::dispatch::remind(s, id, &folder)
        })
        .map(Some)
}

/// The missiv text of the template for a round on this document, to
/// prefill the form (the user edits it there).
#[tauri::command(async)]
fn default_missiv(
    state: State<'_, AppState>,
    document_id: i64,
    kind: String,
    deadline: String,
    diarienummer: String,
    reply_address: String,
) -> CmdResult<String> {
    state.with_store(|s| {
        let kind = rounds::RoundKind::parse(&kind)
            .ok_or_else(|| samdok::Error::invalid("kind", "Välj remiss eller synpunktsrunda."))?;
        let deadline = time::parse_date("deadline", "Sista svarsdag", Some(&deadline))?
            .ok_or_else(|| samdok::Error::invalid("deadline", "Ange sista svarsdag först."))?;
        let version = register::current_version(s.conn(), DocumentId(document_id))?;
        let doc = samdok::export::DocInfo {
            title: version.fields.title.clone(),
            doc_type_name: version.doc_type_name.clone(),
            version_no: version.version_no,
        };
        Ok(samdok::export::default_missiv_text(
            kind,
            &doc,
            deadline,
            &diarienummer,
            &reply_address,
        ))
    })
}

/// "Bifoga fil" on a party of a round: a file dialog. `None` when cancelled.
#[tauri::command(async)]
async fn attach_answer_file<R: Runtime>(
    window: tauri::WebviewWindow<R>,
    state: State<'_, AppState>,
    round_id: i64,
    party_id: i64,
) -> CmdResult<Option<rounds::RoundStatus>> {
    let Some(path) = dialogs::open_any(&window, "Bifoga fil till svaret").await else {
        return Ok(None);
    };
    attach_answer_paths(state, round_id, party_id, vec![path.display().to_string()]).map(Some)
}

/// Files dropped on a party's row in the round view.
#[tauri::command(async)]
fn attach_answer_paths(
    state: State<'_, AppState>,
    round_id: i64,
    party_id: i64,
    paths: Vec<String>,
) -> CmdResult<rounds::RoundStatus> {
    state.with_store(|s| {
        let id = rounds::RoundId(round_id);
        for path in &paths {
            rounds::attach_answer_file(s, id, PartyId(party_id), std::path::Path::new(path))?;
        }
        rounds::status(s.conn(), id, time::today())
    })
}

/// Opens a party's answer file in its default program.
#[tauri::command(async)]
fn open_answer_file(state: State<'_, AppState>, file_id: i64) -> CmdResult<()> {
    let path = state.with_store(|s| rounds::answer_file_path(s, file_id))?;
    opener::open(&path).map_err(|e| CommandError {
        code: "io".into(),
        message: format!("Filen kunde inte öppnas: {e}"),
        fields: Vec::new(),
    })
}

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
        app_info,
        reference_data,
        list_parties,
        add_contact,
        update_contact,
        delete_contact,
        list_documents,
        get_document,
        create_document,
        update_document,
        set_stage,
        open_revision,
        choose_database,
        draft_overview,
        create_draft,
        attach_draft,
        check_docx,
        open_draft,
        list_rounds,
        round_status,
        open_round,
        mark_round,
        package_plan,
        export_package,
        reminder_list,
        write_reminders,
        default_missiv,
        attach_answer_file,
        attach_answer_paths,
        open_answer_file,
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
        assert_eq!(list[0]["stage_name"], "Dialog och förankring");
        let parties = invoke(&window, "list_parties", json!({})).expect("parties");
        assert_eq!(parties.as_array().map(Vec::len), Some(17));
        let info = invoke(&window, "app_info", json!({})).expect("info");
        assert_eq!(info["version"], samdok::VERSION);
        assert!(info["open_error"].is_null());
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
    fn a_newer_database_is_reported_not_changed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("ipc.sqlite3");
        make_future_database(&path).expect("a database from the future");
        let (_app, window) = start(dir.path());
        let info = invoke(&window, "app_info", json!({})).expect("info");
        assert_eq!(info["open_error"]["code"], "newer_database");
        let error =
            invoke(&window, "list_documents", json!({ "query": {} })).expect_err("no store");
        assert_eq!(error["code"], "newer_database");
    }

    /// A database that claims a schema from the future.
    fn make_future_database(path: &std::path::Path) -> samdok::Result<()> {
        std::fs::write(path, [])?;
        let store = Store::open(path)?;
        store
            .conn()
            .pragma_update(None, "user_version", samdok::store::SCHEMA_VERSION + 1)?;
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
