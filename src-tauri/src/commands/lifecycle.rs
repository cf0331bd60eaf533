//! The document's life after the decision: implementation, publication,
//! follow-up and retirement. Every step resolves to the document's fresh
//! [`LifecycleView`] (with the guideline's warnings as of today), so the
//! window redraws from what the core stored.

use samdok::register::after_decision::{
    self as steps, FollowupInput, FollowupPlanInput, LifecycleView, MailingInput, PublicationInput,
    RetirementInput, SessionInput,
};
use samdok::{time, DocumentId, Store};
use tauri::State;

use crate::state::{AppState, CmdResult};

fn fresh(store: &Store, id: DocumentId) -> samdok::Result<LifecycleView> {
    steps::view(store.conn(), id, time::today())
}

/// Everything recorded after the decision on the current version.
#[tauri::command(async)]
pub fn document_lifecycle(
    state: State<'_, AppState>,
    document_id: i64,
) -> CmdResult<LifecycleView> {
    state.with_store(|s| fresh(s, DocumentId(document_id)))
}

/// Records that information was sent to the parties and networks.
#[tauri::command(async)]
pub fn record_mailing(
    state: State<'_, AppState>,
    document_id: i64,
    input: MailingInput,
) -> CmdResult<LifecycleView> {
    let id = DocumentId(document_id);
    state.with_store(|s| {
        steps::record_mailing(s, id, &input)?;
        fresh(s, id)
    })
}

/// Plans (or records) an information session.
#[tauri::command(async)]
pub fn add_session(
    state: State<'_, AppState>,
    document_id: i64,
    input: SessionInput,
) -> CmdResult<LifecycleView> {
    let id = DocumentId(document_id);
    state.with_store(|s| {
        steps::add_session(s, id, &input)?;
        fresh(s, id)
    })
}

/// Records that a planned session was held.
#[tauri::command(async)]
pub fn mark_session_held(
    state: State<'_, AppState>,
    session_id: i64,
    held_on: Option<String>,
) -> CmdResult<LifecycleView> {
    state.with_store(|s| {
        let id = steps::mark_session_held(s, session_id, held_on.as_deref())?;
        fresh(s, id)
    })
}

/// Records the publication in Vida.
#[tauri::command(async)]
pub fn publish_document(
    state: State<'_, AppState>,
    document_id: i64,
    input: PublicationInput,
) -> CmdResult<LifecycleView> {
    let id = DocumentId(document_id);
    state.with_store(|s| {
        steps::publish(s, id, &input)?;
        fresh(s, id)
    })
}

/// Sets the follow-up plan.
#[tauri::command(async)]
pub fn plan_followup(
    state: State<'_, AppState>,
    document_id: i64,
    input: FollowupPlanInput,
) -> CmdResult<LifecycleView> {
    let id = DocumentId(document_id);
    state.with_store(|s| {
        steps::plan_followup(s, id, &input)?;
        fresh(s, id)
    })
}

/// Records a follow-up done.
#[tauri::command(async)]
pub fn record_followup(
    state: State<'_, AppState>,
    document_id: i64,
    input: FollowupInput,
) -> CmdResult<LifecycleView> {
    let id = DocumentId(document_id);
    state.with_store(|s| {
        steps::record_followup(s, id, &input)?;
        fresh(s, id)
    })
}

/// Records the decision to retire the document.
#[tauri::command(async)]
pub fn decide_retirement(
    state: State<'_, AppState>,
    document_id: i64,
    input: RetirementInput,
) -> CmdResult<LifecycleView> {
    let id = DocumentId(document_id);
    state.with_store(|s| {
        steps::decide_retirement(s, id, &input)?;
        fresh(s, id)
    })
}

/// Records the day the retired document was marked inaktuell on the web.
#[tauri::command(async)]
pub fn mark_inaktuell(
    state: State<'_, AppState>,
    document_id: i64,
    inaktuell_on: Option<String>,
) -> CmdResult<LifecycleView> {
    let id = DocumentId(document_id);
    state.with_store(|s| {
        steps::mark_inaktuell(s, id, inaktuell_on.as_deref())?;
        fresh(s, id)
    })
}

/// Records the day the retired document was removed from the web.
#[tauri::command(async)]
pub fn mark_removed_from_web(
    state: State<'_, AppState>,
    document_id: i64,
    removed_on: Option<String>,
) -> CmdResult<LifecycleView> {
    let id = DocumentId(document_id);
    state.with_store(|s| {
        steps::mark_removed_from_web(s, id, removed_on.as_deref())?;
        fresh(s, id)
    })
}

/// Removes a mailing recorded by mistake.
#[tauri::command(async)]
pub fn remove_mailing(state: State<'_, AppState>, mailing_id: i64) -> CmdResult<LifecycleView> {
    state.with_store(|s| {
        let id = steps::remove_mailing(s, mailing_id)?;
        fresh(s, id)
    })
}

/// Removes an information session recorded by mistake.
#[tauri::command(async)]
pub fn remove_session(state: State<'_, AppState>, session_id: i64) -> CmdResult<LifecycleView> {
    state.with_store(|s| {
        let id = steps::remove_session(s, session_id)?;
        fresh(s, id)
    })
}

/// Takes back "held" on a session marked held by mistake.
#[tauri::command(async)]
pub fn unmark_session_held(
    state: State<'_, AppState>,
    session_id: i64,
) -> CmdResult<LifecycleView> {
    state.with_store(|s| {
        let id = steps::unmark_session_held(s, session_id)?;
        fresh(s, id)
    })
}
