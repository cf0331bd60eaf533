//! The parties and their contacts.

use samdok::parties::{self, Contact, ContactInput, Party, PartyId};
use tauri::State;

use crate::state::{AppState, CmdResult};

#[tauri::command(async)]
pub fn list_parties(state: State<'_, AppState>) -> CmdResult<Vec<Party>> {
    state.with_store(|s| parties::list(s.conn()))
}

#[tauri::command(async)]
pub fn add_contact(
    state: State<'_, AppState>,
    party_id: i64,
    contact: ContactInput,
) -> CmdResult<Contact> {
    state.with_store(|s| parties::add_contact(s, PartyId(party_id), &contact))
}

#[tauri::command(async)]
pub fn update_contact(
    state: State<'_, AppState>,
    contact_id: i64,
    contact: ContactInput,
) -> CmdResult<Contact> {
    state.with_store(|s| parties::update_contact(s, contact_id, &contact))
}

#[tauri::command(async)]
pub fn delete_contact(state: State<'_, AppState>, contact_id: i64) -> CmdResult<()> {
    state.with_store(|s| parties::delete_contact(s, contact_id))
}
