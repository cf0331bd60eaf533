//! Data every database holds from the start, from the files in `assets/`:
//! the 17 parties in the guideline's order. Run at every open, so a party
//! added to `assets/parties.json` reaches existing databases; rows already
//! there are never changed (their contacts are the user's).

use rusqlite::params;

use super::Store;
use crate::error::Result;

pub(super) fn seed(store: &mut Store) -> Result<()> {
    let seeds = crate::assets::parties()?;
    let tx = store.transaction()?;
    for (order, party) in seeds.iter().enumerate() {
        tx.execute(
            "INSERT INTO parties (code, name, kind, sort_order) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (code) DO NOTHING",
            params![party.code, party.name, party.kind, order as i64],
        )?;
    }
    tx.commit()?;
    Ok(())
}
