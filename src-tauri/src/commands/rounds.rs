//! Rounds: open, tick off, package, reminders, answer files.

use samdok::parties::PartyId;
use samdok::register::{self};
use samdok::{rounds, time, DocumentId, Page};
use serde::Serialize;
use tauri::{Runtime, State};

use super::register::window_page;
use crate::dialogs;
use crate::state::{AppState, CmdResult, CommandError};

/// One page of Rundor (or of one document's rounds): `query` holds
/// `include_done`, `document_id` and `offset`/`limit`.
#[tauri::command(async)]
pub fn list_rounds(
    state: State<'_, AppState>,
    mut query: rounds::RoundQuery,
) -> CmdResult<Page<rounds::RoundSummary>> {
    query.limit = window_page(query.limit);
    state.with_store(|s| rounds::list(s.conn(), &query, time::today()))
}

#[tauri::command(async)]
pub fn round_status(state: State<'_, AppState>, id: i64) -> CmdResult<rounds::RoundStatus> {
    state.with_store(|s| rounds::status(s.conn(), rounds::RoundId(id), time::today()))
}

#[tauri::command(async)]
pub fn open_round(
    state: State<'_, AppState>,
    document_id: i64,
    input: rounds::RoundInput,
) -> CmdResult<rounds::RoundId> {
    state.with_store(|s| rounds::open(s, DocumentId(document_id), &input))
}

/// A mark from the round view: `kind` is received, declined, decided,
/// reminded, sent, note or undo; `date` defaults to today. A decision
/// (adoption rounds) has an `outcome`, a `body` and maybe the party's
/// `their_diarienummer`.
#[derive(Debug, serde::Deserialize)]
pub struct MarkInput {
    pub kind: String,
    pub date: Option<String>,
    pub position: Option<String>,
    pub note: Option<String>,
    pub outcome: Option<String>,
    pub body: Option<String>,
    pub their_diarienummer: Option<String>,
}

#[tauri::command(async)]
pub fn mark_round(
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
            "decided" => {
                let outcome = mark
                    .outcome
                    .as_deref()
                    .and_then(rounds::Outcome::parse)
                    .ok_or_else(|| {
                        samdok::Error::invalid(
                            "outcome",
                            "Välj beslutet: antagen, ej antagen eller återremitterad.",
                        )
                    })?;
                rounds::Mark::Decided(rounds::AdoptionDecision {
                    outcome,
                    body: mark.body.clone().unwrap_or_default(),
                    on,
                    their_diarienummer: mark.their_diarienummer.clone().unwrap_or_default(),
                })
            }
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

/// Where the adoption of a document stands ("Antagen av 12 av 17"), or
/// `None` before its first adoption round.
#[tauri::command(async)]
pub fn document_adoption(
    state: State<'_, AppState>,
    document_id: i64,
) -> CmdResult<Option<rounds::AdoptionStatus>> {
    state.with_store(|s| rounds::adoption(s.conn(), DocumentId(document_id)))
}

#[tauri::command(async)]
pub fn package_plan(
    state: State<'_, AppState>,
    round_id: i64,
) -> CmdResult<samdok::export::package::PackagePlan> {
    state.with_store(|s| samdok::export::package::plan(s, rounds::RoundId(round_id)))
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
pub async fn export_package<R: Runtime>(
    window: tauri::WebviewWindow<R>,
    state: State<'_, AppState>,
    round_id: i64,
    zip: bool,
) -> CmdResult<Option<samdok::export::package::Dispatch>> {
    use tauri::Emitter;
    let id = rounds::RoundId(round_id);
    let plan = state.with_store(|s| samdok::export::package::plan(s, id))?;
    let stem = plan.suggested_name.trim_end_matches(".zip").to_owned();
    let adoption = state.with_store(|s| Ok(rounds::get(s.conn(), id)?.kind.is_adoption()))?;
    let what = if adoption {
        "antagandepaketet"
    } else {
        "remisspaketet"
    };
    let dest = if zip {
        dialogs::save_file(
            &window,
            &format!("Spara {what}"),
            &plan.suggested_name,
            "Zip-arkiv",
            "zip",
        )
        .await
    } else {
        dialogs::pick_folder(&window, &format!("Välj mapp för {what}"))
            .await
            .map(|dir| dir.join(&stem))
    };
    let Some(dest) = dest else {
        return Ok(None);
    };
    state
        .with_store(|s| {
            samdok::export::package::export_package(s, id, &dest, &mut |done, total| {
                let _ = window.emit("package-progress", Progress { done, total });
            })
        })
        .map(Some)
}

#[tauri::command(async)]
pub fn reminder_list(
    state: State<'_, AppState>,
    round_id: i64,
) -> CmdResult<Vec<samdok::export::package::LateParty>> {
    state.with_store(|s| samdok::export::package::without_answer(s, rounds::RoundId(round_id)))
}

/// "Påminn": writes reminder e-mail drafts into a new folder inside the one
/// the user picks, and records the reminders. `None` when cancelled.
#[tauri::command(async)]
pub async fn write_reminders<R: Runtime>(
    window: tauri::WebviewWindow<R>,
    state: State<'_, AppState>,
    round_id: i64,
) -> CmdResult<Option<samdok::export::package::Reminders>> {
    let Some(dir) = dialogs::pick_folder(&window, "Välj mapp för påminnelserna").await else {
        return Ok(None);
    };
    let id = rounds::RoundId(round_id);
    state
        .with_store(|s| {
            let round = rounds::get(s.conn(), id)?;
            let name = samdok::formats::files::safe_file_name(
                &format!(
                    "Påminnelser {} {} {}",
                    round.kind_name,
                    round.document_title,
                    time::today()
                ),
                "eml",
            );
            let folder = dir.join(name.trim_end_matches(".eml"));
            samdok::export::package::remind(s, id, &folder)
        })
        .map(Some)
}

/// The missiv text of the template for a round on this document, to
/// prefill the form (the user edits it there).
#[tauri::command(async)]
pub fn default_missiv(
    state: State<'_, AppState>,
    document_id: i64,
    kind: String,
    deadline: String,
    diarienummer: String,
    reply_address: String,
) -> CmdResult<String> {
    state.with_store(|s| {
        let kind = rounds::RoundKind::parse(&kind).ok_or_else(|| {
            samdok::Error::invalid("kind", "Välj remiss, synpunktsrunda eller antagande.")
        })?;
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
pub async fn attach_answer_file<R: Runtime>(
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
pub fn attach_answer_paths(
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
pub fn open_answer_file(state: State<'_, AppState>, file_id: i64) -> CmdResult<()> {
    let path = state.with_store(|s| rounds::answer_file_path(s, file_id))?;
    opener::open(&path).map_err(|e| CommandError::open_failed(&path, &std::io::Error::other(e)))
}
