//! The 17 parties (Region Värmland and the 16 municipalities) and their
//! contacts per level: the political registry a remiss goes to and the
//! official contacts a synpunktsrunda goes to.
//!
//! Parties are seeded from `assets/parties.json` at every open (new ones are
//! added, existing ones are never changed) and listed in the guideline's order.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::audit::{self, NewEvent};
use crate::db::Store;
use crate::error::{Error, FieldError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PartyId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactLevel {
    /// The political level: registry (registrator / kommunstyrelsen); remiss.
    Politisk,
    /// The official level: tjänsteperson; synpunktsrunda.
    Tjansteperson,
}

impl ContactLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            ContactLevel::Politisk => "politisk",
            ContactLevel::Tjansteperson => "tjansteperson",
        }
    }

    pub fn parse(text: &str) -> Option<ContactLevel> {
        match text.trim().to_lowercase().as_str() {
            "politisk" | "remiss" => Some(ContactLevel::Politisk),
            "tjansteperson" | "tjänsteperson" | "synpunktsrunda" => {
                Some(ContactLevel::Tjansteperson)
            }
            _ => None,
        }
    }

    /// Swedish label for the UI.
    pub fn label(self) -> &'static str {
        match self {
            ContactLevel::Politisk => "Politisk nivå (remiss)",
            ContactLevel::Tjansteperson => "Tjänstepersonsnivå (synpunktsrunda)",
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Contact {
    pub id: i64,
    pub party_id: PartyId,
    pub level: ContactLevel,
    pub name: String,
    pub role: String,
    pub email: String,
    pub phone: String,
}

/// A contact as entered in the form or the CLI.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ContactInput {
    pub level: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Party {
    pub id: PartyId,
    pub code: String,
    pub name: String,
    /// `region` or `kommun`.
    pub kind: String,
    pub contacts: Vec<Contact>,
}

fn contact_from_row(row: &Row<'_>) -> rusqlite::Result<Contact> {
    let level: String = row.get("level")?;
    Ok(Contact {
        id: row.get("id")?,
        party_id: PartyId(row.get("party_id")?),
        level: ContactLevel::parse(&level).unwrap_or(ContactLevel::Tjansteperson),
        name: row.get("name")?,
        role: row.get("role")?,
        email: row.get("email")?,
        phone: row.get("phone")?,
    })
}

/// All parties with their contacts, in the guideline's order (Region
/// Värmland first, then the municipalities in Swedish order).
pub fn list(conn: &Connection) -> Result<Vec<Party>> {
    let mut stmt = conn
        .prepare("SELECT id, code, name, kind FROM parties ORDER BY sort_order, name COLLATE sv")?;
    let mut parties = stmt
        .query_map([], |row| {
            Ok(Party {
                id: PartyId(row.get("id")?),
                code: row.get("code")?,
                name: row.get("name")?,
                kind: row.get("kind")?,
                contacts: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = conn.prepare(
        "SELECT id, party_id, level, name, role, email, phone FROM party_contacts
         ORDER BY level, name COLLATE sv, id",
    )?;
    for contact in stmt.query_map([], contact_from_row)? {
        let contact = contact?;
        if let Some(party) = parties.iter_mut().find(|p| p.id == contact.party_id) {
            party.contacts.push(contact);
        }
    }
    Ok(parties)
}

/// One party with its contacts.
pub fn get(conn: &Connection, id: PartyId) -> Result<Party> {
    list(conn)?
        .into_iter()
        .find(|p| p.id == id)
        .ok_or_else(|| Error::not_found(format!("Part {}", id.0)))
}

/// Finds a party by id, code or name (case-insensitive, å ä ö included).
pub fn find(conn: &Connection, text: &str) -> Result<Party> {
    let wanted = text.trim();
    let lower = wanted.to_lowercase();
    list(conn)?
        .into_iter()
        .find(|p| {
            wanted.parse::<i64>().ok() == Some(p.id.0)
                || p.code == lower
                || p.name.to_lowercase() == lower
        })
        .ok_or_else(|| {
            Error::invalid(
                "party",
                format!("Okänd part: «{}».", crate::text::quoted(wanted)),
            )
        })
}

/// Checks that every id names a party; the error names the field `parties`.
pub(crate) fn check_ids(conn: &Connection, ids: &[PartyId]) -> Result<()> {
    for id in ids {
        let exists: Option<i64> = conn
            .prepare_cached("SELECT id FROM parties WHERE id = ?1")?
            .query_row([id.0], |r| r.get(0))
            .optional()?;
        if exists.is_none() {
            return Err(Error::invalid(
                "parties",
                format!("Okänd part (id {}). Välj bland de 17 parterna.", id.0),
            ));
        }
    }
    Ok(())
}

fn validate_contact(input: &ContactInput) -> Result<(ContactLevel, ContactInput)> {
    let mut errors = Vec::new();
    let level = ContactLevel::parse(&input.level);
    if level.is_none() {
        errors.push(FieldError::new(
            "level",
            "Välj nivå: politisk (remiss) eller tjänsteperson (synpunktsrunda).",
        ));
    }
    let clean = ContactInput {
        level: input.level.clone(),
        name: input.name.trim().to_owned(),
        role: input.role.trim().to_owned(),
        email: input.email.trim().to_owned(),
        phone: input.phone.trim().to_owned(),
    };
    if clean.name.is_empty() && clean.email.is_empty() {
        errors.push(FieldError::new(
            "email",
            "Ange minst ett namn eller en e-postadress.",
        ));
    }
    if !clean.email.is_empty() {
        if let Err(message) = crate::email::check(&clean.email) {
            errors.push(FieldError::new("email", message));
        }
    }
    for (field, label, value) in [
        ("name", "Namnet", &clean.name),
        ("role", "Rollen", &clean.role),
        ("phone", "Telefonnumret", &clean.phone),
    ] {
        if let Some(problem) = crate::text::control_problem(label, value, true) {
            errors.push(FieldError::new(field, problem));
        }
    }
    match level {
        Some(level) if errors.is_empty() => Ok((level, clean)),
        _ => Err(Error::Invalid(errors)),
    }
}

/// Whether `text` passes the app's one e-mail address rule
/// ([`crate::email`]), the rule every address must pass to be written into
/// an e-mail draft.
pub fn looks_like_email(text: &str) -> bool {
    crate::email::Address::parse(text).is_ok()
}

fn contact_json(level: ContactLevel, c: &ContactInput) -> serde_json::Value {
    json!({ "level": level.as_str(), "name": c.name, "role": c.role, "email": c.email, "phone": c.phone })
}

/// Adds a contact to a party.
pub fn add_contact(store: &mut Store, party: PartyId, input: &ContactInput) -> Result<Contact> {
    let (level, clean) = validate_contact(input)?;
    let actor = store.actor().to_owned();
    let tx = store.transaction()?;
    let contact = insert_contact(&tx, &actor, party, level, &clean)?;
    tx.commit()?;
    Ok(contact)
}

/// Adds a checked contact inside the caller's transaction, with its event.
fn insert_contact(
    tx: &Connection,
    actor: &str,
    party: PartyId,
    level: ContactLevel,
    clean: &ContactInput,
) -> Result<Contact> {
    let party_name: String = tx
        .query_row("SELECT name FROM parties WHERE id = ?1", [party.0], |r| {
            r.get(0)
        })
        .optional()?
        .ok_or_else(|| Error::invalid("party", format!("Okänd part (id {}).", party.0)))?;
    tx.execute(
        "INSERT INTO party_contacts (party_id, level, name, role, email, phone)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            party.0,
            level.as_str(),
            clean.name,
            clean.role,
            clean.email,
            clean.phone
        ],
    )?;
    let id = tx.last_insert_rowid();
    audit::record(
        tx,
        NewEvent {
            actor,
            document_id: None,
            entity: "party_contact",
            entity_id: Some(id),
            action: "created",
            summary: format!("Kontakt tillagd för {party_name}"),
            before: None,
            after: Some(contact_json(level, clean)),
        },
    )?;
    load_contact(tx, id)
}

/// Changes a contact.
pub fn update_contact(store: &mut Store, contact_id: i64, input: &ContactInput) -> Result<Contact> {
    let (level, clean) = validate_contact(input)?;
    let actor = store.actor().to_owned();
    let tx = store.transaction()?;
    let contact = change_contact(&tx, &actor, contact_id, level, &clean)?;
    tx.commit()?;
    Ok(contact)
}

/// Changes a contact to checked values inside the caller's transaction,
/// with its event.
fn change_contact(
    tx: &Connection,
    actor: &str,
    contact_id: i64,
    level: ContactLevel,
    clean: &ContactInput,
) -> Result<Contact> {
    let before = load_contact(tx, contact_id)?;
    tx.execute(
        "UPDATE party_contacts SET level = ?2, name = ?3, role = ?4, email = ?5, phone = ?6 WHERE id = ?1",
        params![contact_id, level.as_str(), clean.name, clean.role, clean.email, clean.phone],
    )?;
    let party_name: String = tx.query_row(
        "SELECT name FROM parties WHERE id = ?1",
        [before.party_id.0],
        |r| r.get(0),
    )?;
    audit::record(
        tx,
        NewEvent {
            actor,
            document_id: None,
            entity: "party_contact",
            entity_id: Some(contact_id),
            action: "updated",
            summary: format!("Kontakt ändrad för {party_name}"),
            before: Some(
                json!({ "level": before.level.as_str(), "name": before.name, "role": before.role, "email": before.email, "phone": before.phone }),
            ),
            after: Some(contact_json(level, clean)),
        },
    )?;
    load_contact(tx, contact_id)
}

/// Removes a contact.
pub fn delete_contact(store: &mut Store, contact_id: i64) -> Result<()> {
    let actor = store.actor().to_owned();
    let tx = store.transaction()?;
    let before = load_contact(&tx, contact_id)?;
    tx.execute("DELETE FROM party_contacts WHERE id = ?1", [contact_id])?;
    let party_name: String = tx.query_row(
        "SELECT name FROM parties WHERE id = ?1",
        [before.party_id.0],
        |r| r.get(0),
    )?;
    audit::record(
        &tx,
        NewEvent {
            actor: &actor,
            document_id: None,
            entity: "party_contact",
            entity_id: Some(contact_id),
            action: "deleted",
            summary: format!("Kontakt borttagen för {party_name}"),
            before: Some(
                json!({ "level": before.level.as_str(), "name": before.name, "role": before.role, "email": before.email, "phone": before.phone }),
            ),
            after: None,
        },
    )?;
    tx.commit()?;
    Ok(())
}

fn load_contact(conn: &Connection, id: i64) -> Result<Contact> {
    conn.query_row(
        "SELECT id, party_id, level, name, role, email, phone FROM party_contacts WHERE id = ?1",
        [id],
        contact_from_row,
    )
    .optional()?
    .ok_or_else(|| Error::not_found(format!("Kontakt {id}")))
}

/// Sets the address a round of that level goes to: changes the party's
/// first contact at the level, or adds one when it has none. The look for
/// that contact and the write are one transaction, so two of these at once
/// (two `samdok party contact` runs) leave one contact, not two.
pub fn set_level_contact(
    store: &mut Store,
    party: PartyId,
    level: ContactLevel,
    email: &str,
    name: Option<&str>,
) -> Result<Contact> {
    let actor = store.actor().to_owned();
    let tx = store.transaction()?;
    let existing = tx
        .query_row(
            "SELECT id, party_id, level, name, role, email, phone FROM party_contacts
             WHERE party_id = ?1 AND level = ?2 ORDER BY name COLLATE sv, id LIMIT 1",
            params![party.0, level.as_str()],
            contact_from_row,
        )
        .optional()?;
    let contact = match existing {
        Some(c) => {
            let input = ContactInput {
                level: level.as_str().into(),
                name: name.map_or(c.name, str::to_owned),
                role: c.role,
                email: email.to_owned(),
                phone: c.phone,
            };
            let (level, clean) = validate_contact(&input)?;
            change_contact(&tx, &actor, c.id, level, &clean)?
        }
        None => {
            let input = ContactInput {
                level: level.as_str().into(),
                name: name.unwrap_or_default().to_owned(),
                email: email.to_owned(),
                ..Default::default()
            };
            let (level, clean) = validate_contact(&input)?;
            insert_contact(&tx, &actor, party, level, &clean)?
        }
    };
    tx.commit()?;
    Ok(contact)
}
