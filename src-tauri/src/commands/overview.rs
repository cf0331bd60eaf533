//! Översikt and the register as a whole: the attention list and its
//! snoozes, a party's page, the register report, the calendar, the yearly
//! review and the register's saved views.

use samdok::export::{calendar, report, review};
use samdok::parties::PartyId;
use samdok::party_page::{self, PartyPage};
use samdok::register::views::{self, SavedView};
use samdok::register::ListQuery;
use samdok::watch::{self, Attention, WatchOptions};
use samdok::{time, Error};
use tauri::{Runtime, State};

use crate::dialogs;
use crate::state::{AppState, CmdResult, CommandError};

/// Everything that needs attention today.
#[tauri::command(async)]
pub fn attention(state: State<'_, AppState>, options: WatchOptions) -> CmdResult<Attention> {
    state.with_store(|s| watch::attention(s.conn(), time::today(), &options))
}

/// Snoozes an item until a day (`YYYY-MM-DD`), with a note.
#[tauri::command(async)]
pub fn snooze_item(
    state: State<'_, AppState>,
    key: String,
    until: String,
    note: String,
) -> CmdResult<()> {
    state.with_store(|s| {
        let until = time::parse_date("until", "Visa igen", Some(&until))?
            .ok_or_else(|| Error::invalid("until", "Ange dagen punkten ska visas igen."))?;
        watch::snooze(s, &key, until, &note)
    })
}

/// Shows a snoozed item again.
#[tauri::command(async)]
pub fn unsnooze_item(state: State<'_, AppState>, key: String) -> CmdResult<()> {
    state.with_store(|s| watch::unsnooze(s, &key))
}

/// A party's page.
#[tauri::command(async)]
pub fn party_page(state: State<'_, AppState>, party_id: i64) -> CmdResult<PartyPage> {
    state.with_store(|s| party_page::page(s.conn(), PartyId(party_id), time::today()))
}

/// "Förteckning …": the register report as of today, where the user
/// chooses. `None` when cancelled.
#[tauri::command(async)]
pub async fn export_report<R: Runtime>(
    window: tauri::WebviewWindow<R>,
    state: State<'_, AppState>,
    format: report::Format,
) -> CmdResult<Option<report::WrittenReport>> {
    let today = time::today();
    let suggested = report::suggested_file_name(today, format);
    let (filter, title) = match format {
        report::Format::Docx => ("Word-dokument", "Spara förteckningen"),
        report::Format::Xlsx => ("Excel-arbetsbok", "Spara förteckningen"),
        report::Format::Html => ("Webbsida", "Spara förteckningen som webbsida"),
    };
    let Some(dest) =
        dialogs::save_file(&window, title, &suggested, filter, format.extension()).await
    else {
        return Ok(None);
    };
    state
        .with_store(|s| report::write_report(s.conn(), &dest, today))
        .map(Some)
}

/// "Kalender …": the register's dates as an .ics file. `None` when cancelled.
#[tauri::command(async)]
pub async fn export_calendar<R: Runtime>(
    window: tauri::WebviewWindow<R>,
    state: State<'_, AppState>,
) -> CmdResult<Option<calendar::WrittenCalendar>> {
    let Some(dest) = dialogs::save_file(
        &window,
        "Spara kalendern",
        "Samdok kalender.ics",
        "Kalenderfil",
        "ics",
    )
    .await
    else {
        return Ok(None);
    };
    state
        .with_store(|s| calendar::write_calendar(s.conn(), &dest))
        .map(Some)
}

/// The yearly reviews, the latest year first.
#[tauri::command(async)]
pub fn list_reviews(state: State<'_, AppState>) -> CmdResult<Vec<review::Review>> {
    state.with_store(|s| review::list(s.conn()))
}

/// Records this year's review, keeping the report as it stands.
#[tauri::command(async)]
pub fn record_review(
    state: State<'_, AppState>,
    input: review::ReviewInput,
) -> CmdResult<review::Review> {
    state.with_store(|s| review::record(s, &input))
}

/// Removes a year's review recorded by mistake.
#[tauri::command(async)]
pub fn remove_review(state: State<'_, AppState>, year: i32) -> CmdResult<()> {
    state.with_store(|s| review::remove(s, year))
}

/// Opens the report kept with a year's review in its default program.
#[tauri::command(async)]
pub fn open_review_report(state: State<'_, AppState>, year: i32) -> CmdResult<()> {
    let path = state.with_store(|s| review::report_path(s, year))?;
    opener::open(&path).map_err(|e| CommandError::open_failed(&path, &std::io::Error::other(e)))
}

/// The register's saved views, in Swedish order.
#[tauri::command(async)]
pub fn list_views(state: State<'_, AppState>) -> CmdResult<Vec<SavedView>> {
    state.with_store(|s| views::list(s.conn()))
}

/// Saves the register's query under a name (`replace` to overwrite).
#[tauri::command(async)]
pub fn save_view(
    state: State<'_, AppState>,
    name: String,
    query: ListQuery,
    replace: bool,
) -> CmdResult<SavedView> {
    state.with_store(|s| views::save(s, &name, &query, replace))
}

/// Removes a saved view.
#[tauri::command(async)]
pub fn remove_view(state: State<'_, AppState>, name: String) -> CmdResult<()> {
    state.with_store(|s| views::remove(s, &name))
}
