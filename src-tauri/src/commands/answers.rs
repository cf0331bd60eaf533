//! Answers and comments: returned svarsmallar read and recorded, comments
//! by hand, decisions, the compilation and the återkoppling.

use std::path::{Path, PathBuf};

use samdok::answers::{self, Choice, ImportOptions, Imported, Preview};
use samdok::comments::{
    self, Comment, CommentId, CommentInput, DecisionInput, Progress, Reapproval,
};
use samdok::export::compile::{self, Feedback, FeedbackRecord, Format, WrittenCompilation};
use samdok::parties::PartyId;
use samdok::rounds::{self, RoundId};
use samdok::{time, DocumentId};
use serde::{Deserialize, Serialize};
use tauri::{Runtime, State};

use crate::dialogs;
use crate::state::{AppState, CmdResult, CommandError};

/// One file of a batch: what was read from it, or why it could not be.
#[derive(Debug, Serialize)]
pub struct FormPreview {
    pub path: String,
    pub file_name: String,
    pub preview: Option<Preview>,
    pub error: Option<CommandError>,
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Reads each form and matches it to the round; nothing is stored. One
/// file that cannot be read does not stop the others.
#[tauri::command(async)]
pub fn preview_answer_forms(
    state: State<'_, AppState>,
    round_id: i64,
    paths: Vec<String>,
) -> CmdResult<Vec<FormPreview>> {
    state.with_store(|s| {
        Ok(paths
            .iter()
            .map(|p| {
                let path = PathBuf::from(p);
                let result = answers::preview(s.conn(), RoundId(round_id), &path);
                FormPreview {
                    path: p.clone(),
                    file_name: file_name(&path),
                    preview: result.as_ref().ok().cloned(),
                    error: result.err().map(CommandError::from),
                }
            })
            .collect())
    })
}

/// "Läs in svarsmallar": a dialog for one or many .docx files, then
/// [`preview_answer_forms`]. Empty when cancelled.
#[tauri::command(async)]
pub async fn choose_answer_forms<R: Runtime>(
    window: tauri::WebviewWindow<R>,
    state: State<'_, AppState>,
    round_id: i64,
) -> CmdResult<Vec<FormPreview>> {
    let paths = dialogs::open_docx_many(&window, "Välj ifyllda svarsmallar").await;
    preview_answer_forms(
        state,
        round_id,
        paths.iter().map(|p| p.display().to_string()).collect(),
    )
}

/// One confirmed file of the import dialog.
#[derive(Debug, Deserialize)]
pub struct ImportItem {
    pub path: String,
    pub choice: Option<Choice>,
    pub received_on: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ImportOutcome {
    pub path: String,
    pub file_name: String,
    pub imported: Option<Imported>,
    pub error: Option<CommandError>,
}

/// Records the confirmed forms, each in its own transaction.
#[tauri::command(async)]
pub fn import_answer_forms(
    state: State<'_, AppState>,
    round_id: i64,
    items: Vec<ImportItem>,
) -> CmdResult<Vec<ImportOutcome>> {
    state.with_store(|s| {
        let mut out = Vec::new();
        for item in &items {
            let path = PathBuf::from(&item.path);
            let result =
                time::parse_date("received_on", "Svar inkommet", item.received_on.as_deref())
                    .and_then(|received_on| {
                        answers::import(
                            s,
                            RoundId(round_id),
                            &path,
                            &ImportOptions {
                                received_on,
                                choice: item.choice,
                            },
                        )
                    });
            out.push(ImportOutcome {
                path: item.path.clone(),
                file_name: file_name(&path),
                imported: result.as_ref().ok().cloned(),
                error: result.err().map(CommandError::from),
            });
        }
        Ok(out)
    })
}

/// The compilation view of a round.
#[derive(Debug, Serialize)]
pub struct CompilationView {
    pub round: rounds::RoundStatus,
    pub comments: Vec<Comment>,
    pub progress: Progress,
    /// Set when the round accepted a significant change and the networks
    /// have not approved the document again.
    pub reapproval: Option<Reapproval>,
    pub feedback: Vec<FeedbackRecord>,
}

#[tauri::command(async)]
pub fn round_comments(state: State<'_, AppState>, round_id: i64) -> CmdResult<CompilationView> {
    state.with_store(|s| {
        let id = RoundId(round_id);
        let round = rounds::status(s.conn(), id, time::today())?;
        let comments = comments::list(s.conn(), id)?;
        let progress = comments::progress(&comments);
        let reapproval = comments::reapprovals(s.conn(), round.round.document_id)?
            .into_iter()
            .find(|r| r.round_id == id);
        Ok(CompilationView {
            feedback: compile::feedback_history(s.conn(), id)?,
            round,
            comments,
            progress,
            reapproval,
        })
    })
}

#[tauri::command(async)]
pub fn add_comment(
    state: State<'_, AppState>,
    round_id: i64,
    party_id: i64,
    input: CommentInput,
) -> CmdResult<CommentId> {
    state.with_store(|s| comments::add(s, RoundId(round_id), PartyId(party_id), &input))
}

#[tauri::command(async)]
pub fn edit_comment(state: State<'_, AppState>, id: i64, input: CommentInput) -> CmdResult<()> {
    state.with_store(|s| comments::edit(s, CommentId(id), &input))
}

#[tauri::command(async)]
pub fn remove_comment(state: State<'_, AppState>, id: i64) -> CmdResult<()> {
    state.with_store(|s| comments::remove(s, CommentId(id)))
}

#[tauri::command(async)]
pub fn decide_comments(
    state: State<'_, AppState>,
    ids: Vec<i64>,
    input: DecisionInput,
) -> CmdResult<()> {
    let ids: Vec<CommentId> = ids.into_iter().map(CommentId).collect();
    state.with_store(|s| comments::decide(s, &ids, &input))
}

#[tauri::command(async)]
pub fn undecide_comments(state: State<'_, AppState>, ids: Vec<i64>) -> CmdResult<()> {
    let ids: Vec<CommentId> = ids.into_iter().map(CommentId).collect();
    state.with_store(|s| comments::undecide(s, &ids))
}

/// "Exportera sammanställning": a save dialog for .docx or .xlsx. `None`
/// when cancelled.
#[tauri::command(async)]
pub async fn export_compilation<R: Runtime>(
    window: tauri::WebviewWindow<R>,
    state: State<'_, AppState>,
    round_id: i64,
    format: Format,
) -> CmdResult<Option<WrittenCompilation>> {
    let id = RoundId(round_id);
    let suggested = state.with_store(|s| compile::suggested_file_name(s.conn(), id, format))?;
    let dest = match format {
        Format::Docx => dialogs::save_docx(&window, "Spara sammanställningen", &suggested).await,
        Format::Xlsx => {
            dialogs::save_file(
                &window,
                "Spara sammanställningen",
                &suggested,
                "Excel-arbetsbok",
                "xlsx",
            )
            .await
        }
    };
    let Some(dest) = dest else {
        return Ok(None);
    };
    state
        .with_store(|s| compile::write_compilation(s, id, &dest))
        .map(Some)
}

/// "Skicka återkoppling": the compilation and e-mail drafts into a new
/// folder inside the one the user picks, recorded on the round. `None`
/// when cancelled.
#[tauri::command(async)]
pub async fn send_feedback<R: Runtime>(
    window: tauri::WebviewWindow<R>,
    state: State<'_, AppState>,
    round_id: i64,
) -> CmdResult<Option<Feedback>> {
    let Some(dir) = dialogs::pick_folder(&window, "Välj mapp för återkopplingen").await else {
        return Ok(None);
    };
    let id = RoundId(round_id);
    state
        .with_store(|s| {
            let round = rounds::get(s.conn(), id)?;
            let name = samdok::formats::files::safe_file_name(
                &format!(
                    "Återkoppling {} {} {}",
                    round.kind_name,
                    round.document_title,
                    time::today()
                ),
                "eml",
            );
            compile::feedback(s, id, &dir.join(name.trim_end_matches(".eml")))
        })
        .map(Some)
}

/// "Godkänt på nytt i nätverken": the date, or `undo` to take it back.
#[tauri::command(async)]
pub fn record_reapproval(
    state: State<'_, AppState>,
    round_id: i64,
    date: Option<String>,
    undo: bool,
) -> CmdResult<()> {
    state.with_store(|s| {
        let on = if undo {
            None
        } else {
            Some(time::parse_date("date", "Datum", date.as_deref())?.unwrap_or_else(time::today))
        };
        rounds::record_reapproval(s, RoundId(round_id), on)
    })
}

/// The rounds of a document whose significant changes wait for the
/// networks' approval, for the document page.
#[tauri::command(async)]
pub fn document_reapprovals(
    state: State<'_, AppState>,
    document_id: i64,
) -> CmdResult<Vec<Reapproval>> {
    state.with_store(|s| comments::reapprovals(s.conn(), DocumentId(document_id)))
}
