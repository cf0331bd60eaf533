//! The register of joint documents: creating, editing, listing, filtering,
//! sorting and searching documents, and opening revisions. The list lives in
//! [`list`](mod@list), the checks of an input in [`validate`](mod@validate).
//! The steps of a document's life after the decision (implementation,
//! publication, follow-up, retirement) live in
//! [`after_decision`](mod@after_decision).
//!
//! A document is a stable identity with one or more versions (revision
//! cycles). Its newest version is its *current* version: the register shows
//! it, edits change it, and search indexes it. Opening a revision copies the
//! current version into a new one and never changes the old one.
//!
//! Invariants, each kept inside one transaction per change:
//! - every stored version passed [`validate`] (title, dates, type, areas,
//!   parties, a diarienummer no other document uses);
//! - the search index holds exactly the current version of every document;
//! - every change writes one audit event with the changed fields' before and
//!   after values.

use std::collections::BTreeMap;

use chrono::{Months, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::assets::{self, Reference};
use crate::audit::{self, Event, NewEvent};
use crate::db::Store;
use crate::error::{Error, FieldError, Result};
use crate::page::{Page, Paging};
use crate::parties::{self, PartyId};
use crate::time;
use lifecycle::StageChange;

pub mod after_decision;
pub mod lifecycle;
pub mod list;
pub mod validate;
pub mod views;

pub use list::{
    list, AdoptionFilter, AdoptionTally, DocumentSummary, ListQuery, SortField, ValidityFilter,
};
pub use validate::validate;

/// How many change-log events and stage changes [`get`] returns; the rest
/// are read with [`events`] and [`history`].
pub const DETAIL_PAGE: u32 = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DocumentId(pub i64);

impl std::fmt::Display for DocumentId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A document's fields as entered in the form or the CLI. Text fields are
/// trimmed; blank optional fields are stored as empty.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct DocumentInput {
    /// Code of a document type from `assets/reference.json`.
    pub doc_type: String,
    pub title: String,
    /// Framtagen inom: the forum or group the document is developed within.
    pub developed_within: String,
    pub organisation: String,
    /// Dokumentägare.
    pub owner: String,
    /// Fastställare.
    pub approver: String,
    /// Giltig fr.o.m., `YYYY-MM-DD`.
    pub valid_from: Option<String>,
    /// Giltig t.o.m., `YYYY-MM-DD`.
    pub valid_to: Option<String>,
    /// Gäller för: area codes.
    pub areas: Vec<String>,
    /// Utarbetad av.
    pub prepared_by: String,
    /// Ingående parter; `None` means all parties.
    pub parties: Option<Vec<PartyId>>,
    pub diarienummer: String,
    pub vida_link: String,
    /// Lagstöd.
    pub legal_basis: String,
    pub followup_interval_months: Option<i64>,
    pub followup_owner: String,
    pub notes: String,
}

/// The validated, typed fields of a version.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fields {
    pub doc_type: String,
    pub title: String,
    pub developed_within: String,
    pub organisation: String,
    pub owner: String,
    pub approver: String,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    pub areas: Vec<String>,
    pub prepared_by: String,
    pub parties: Vec<PartyId>,
    pub diarienummer: Option<String>,
    pub vida_link: String,
    pub legal_basis: String,
    pub followup_interval_months: Option<i64>,
    pub followup_owner: String,
    pub notes: String,
}

/// Swedish label of a document field, for messages (see [`crate::labels`]).
pub fn field_label(field: &str) -> &'static str {
    crate::labels::document_field(field)
}

/// A version as stored, with the names the UI shows beside the codes.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Version {
    pub id: i64,
    pub document_id: DocumentId,
    pub version_no: i64,
    #[serde(flatten)]
    pub fields: Fields,
    pub doc_type_name: String,
    pub area_names: Vec<String>,
    /// "Vartannat år" …, empty when no interval is set.
    pub followup_interval_name: String,
    pub stage: String,
    pub stage_name: String,
    pub created_at: String,
    pub updated_at: String,
}

/// Where a document stands in time, from its validity dates and today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Validity {
    /// No validity dates yet.
    EjAngiven,
    /// Valid from a future date.
    Kommande,
    /// In force, and not expiring within 12 months.
    Gallande,
    /// In force, expiring within 12 months.
    GarUt,
    /// Valid to a past date.
    Utgangen,
}

impl Validity {
    pub fn of(from: Option<NaiveDate>, to: Option<NaiveDate>, today: NaiveDate) -> Validity {
        let horizon = today.checked_add_months(Months::new(12)).unwrap_or(today);
        match (from, to) {
            (_, Some(to)) if to < today => Validity::Utgangen,
            (None, None) => Validity::EjAngiven,
            (Some(from), _) if from > today => Validity::Kommande,
            (_, Some(to)) if to <= horizon => Validity::GarUt,
            _ => Validity::Gallande,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Validity::EjAngiven => "Giltighet ej angiven",
            Validity::Kommande => "Kommande",
            Validity::Gallande => "Gällande",
            Validity::GarUt => "Går ut inom 12 mån",
            Validity::Utgangen => "Utgången",
        }
    }
}

/// A document with its current version, all versions, the lifecycle
/// history and the audit trail.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentDetail {
    pub id: DocumentId,
    pub created_at: String,
    pub current: Version,
    pub validity: Validity,
    pub validity_name: String,
    pub next_stage: Option<assets::Stage>,
    pub versions: Vec<VersionBrief>,
    /// Stage changes of every version, newest first: the first
    /// [`DETAIL_PAGE`] of them ([`history`] reads further).
    pub history: Vec<StageChange>,
    /// How many stage changes the document has in all.
    pub history_total: u64,
    /// Audit events, newest first: the first [`DETAIL_PAGE`] of them
    /// ([`events`] reads further).
    pub events: Vec<Event>,
    /// How many events the document has in all.
    pub events_total: u64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct VersionBrief {
    pub id: i64,
    pub version_no: i64,
    pub stage: String,
    pub stage_name: String,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    pub created_at: String,
}

const VERSION_COLUMNS: &str =
    "id, document_id, version_no, doc_type, title, developed_within, organisation, \
     owner, approver, valid_from, valid_to, prepared_by, diarienummer, vida_link, legal_basis, \
     followup_interval_months, followup_owner, notes, stage, created_at, updated_at";

fn version_from_row(row: &Row<'_>, reference: &Reference) -> rusqlite::Result<Version> {
    let doc_type: String = row.get("doc_type")?;
    let stage: String = row.get("stage")?;
    Ok(Version {
        id: row.get("id")?,
        document_id: DocumentId(row.get("document_id")?),
        version_no: row.get("version_no")?,
        doc_type_name: reference
            .document_type(&doc_type)
            .map_or_else(|| doc_type.clone(), |c| c.name.clone()),
        stage_name: reference
            .stage(&stage)
            .map_or_else(|| stage.clone(), |s| s.name.clone()),
        fields: Fields {
            doc_type,
            title: row.get("title")?,
            developed_within: row.get("developed_within")?,
            organisation: row.get("organisation")?,
            owner: row.get("owner")?,
            approver: row.get("approver")?,
            valid_from: row.get("valid_from")?,
            valid_to: row.get("valid_to")?,
            areas: Vec::new(),
            prepared_by: row.get("prepared_by")?,
            parties: Vec::new(),
            diarienummer: row.get("diarienummer")?,
            vida_link: row.get("vida_link")?,
            legal_basis: row.get("legal_basis")?,
            followup_interval_months: row.get("followup_interval_months")?,
            followup_owner: row.get("followup_owner")?,
            notes: row.get("notes")?,
        },
        area_names: Vec::new(),
        followup_interval_name: row
            .get::<_, Option<i64>>("followup_interval_months")?
            .map(crate::labels::interval)
            .unwrap_or_default(),
        stage,
        created_at: row.get("created_at")?,
        updated_at: row.get("updated_at")?,
    })
}

fn load_version(conn: &Connection, sql_where: &str, param: i64) -> Result<Option<Version>> {
    let reference = assets::reference()?;
    let version = conn
        .prepare_cached(&format!(
            "SELECT {VERSION_COLUMNS} FROM document_versions WHERE {sql_where}"
        ))?
        .query_row([param], |row| version_from_row(row, reference))
        .optional()?;
    let Some(mut version) = version else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached("SELECT area FROM version_areas WHERE version_id = ?1")?;
    let mut areas: Vec<String> = stmt
        .query_map([version.id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    areas.sort_by_key(|code| reference.areas.iter().position(|a| &a.code == code));
    version.area_names = areas
        .iter()
        .map(|code| {
            reference
                .area(code)
                .map_or_else(|| code.clone(), |a| a.name.clone())
        })
        .collect();
    version.fields.areas = areas;
    let mut stmt = conn.prepare_cached(
        "SELECT vp.party_id FROM version_parties vp JOIN parties p ON p.id = vp.party_id
         WHERE vp.version_id = ?1 ORDER BY p.sort_order",
    )?;
    version.fields.parties = stmt
        .query_map([version.id], |r| Ok(PartyId(r.get(0)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(version))
}

/// The current (newest) version of a document.
pub fn current_version(conn: &Connection, id: DocumentId) -> Result<Version> {
    load_version(
        conn,
        "document_id = ?1 ORDER BY version_no DESC LIMIT 1",
        id.0,
    )?
    .ok_or_else(|| Error::not_found(format!("Dokument {id}")))
}

/// A document with everything the document view shows.
pub fn get(conn: &Connection, id: DocumentId, today: NaiveDate) -> Result<DocumentDetail> {
    let reference = assets::reference()?;
    let created_at: String = conn
        .query_row(
            "SELECT created_at FROM documents WHERE id = ?1",
            [id.0],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| Error::not_found(format!("Dokument {id}")))?;
    let current = current_version(conn, id)?;
    let mut stmt = conn.prepare(
        "SELECT id, version_no, stage, valid_from, valid_to, created_at FROM document_versions
         WHERE document_id = ?1 ORDER BY version_no DESC",
    )?;
    let versions = stmt
        .query_map([id.0], |r| {
            let stage: String = r.get("stage")?;
            Ok(VersionBrief {
                id: r.get("id")?,
                version_no: r.get("version_no")?,
                stage_name: reference
                    .stage(&stage)
                    .map_or_else(|| stage.clone(), |s| s.name.clone()),
                stage,
                valid_from: r.get("valid_from")?,
                valid_to: r.get("valid_to")?,
                created_at: r.get("created_at")?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let validity = Validity::of(current.fields.valid_from, current.fields.valid_to, today);
    let history = lifecycle::history_page(conn, id, Paging::first(DETAIL_PAGE))?;
    let events = events(conn, id, Paging::first(DETAIL_PAGE))?;
    Ok(DocumentDetail {
        id,
        created_at,
        validity,
        validity_name: validity.label().to_owned(),
        next_stage: reference.next_stage(&current.stage).cloned(),
        current,
        versions,
        history_total: history.total,
        history: history.rows,
        events_total: events.total,
        events: events.rows,
    })
}

/// A page of a document's change log, newest first ("Visa fler"), each
/// event described (Swedish labels, names for codes and ids, changed
/// fields only).
pub fn events(conn: &Connection, id: DocumentId, paging: Paging) -> Result<Page<Event>> {
    exists(conn, id)?;
    let mut page = audit::for_document_page(conn, id.0, paging)?;
    describe(conn, &mut page.rows)?;
    Ok(page)
}

/// The whole change log of a document, newest first, described as
/// [`events`] describes a page.
pub fn change_log(conn: &Connection, id: DocumentId) -> Result<Vec<Event>> {
    Ok(events(conn, id, Paging::default())?.rows)
}

fn describe(conn: &Connection, events: &mut [Event]) -> Result<()> {
    let names = audit::Names {
        parties: parties::list(conn)?
            .into_iter()
            .map(|p| (p.id.0, p.name))
            .collect(),
    };
    audit::describe_all(events, &names);
    Ok(())
}

/// A page of a document's stage history, newest first ("Visa fler").
pub fn history(conn: &Connection, id: DocumentId, paging: Paging) -> Result<Page<StageChange>> {
    exists(conn, id)?;
    lifecycle::history_page(conn, id, paging)
}

fn exists(conn: &Connection, id: DocumentId) -> Result<()> {
    conn.query_row("SELECT 1 FROM documents WHERE id = ?1", [id.0], |_| Ok(()))
        .optional()?
        .ok_or_else(|| Error::not_found(format!("Dokument {id}")))
}

/// Writes the current version's text into the search index.
pub(crate) fn reindex(tx: &Connection, id: DocumentId) -> Result<()> {
    let version = current_version(tx, id)?;
    tx.prepare_cached("DELETE FROM document_search WHERE rowid = ?1")?
        .execute([id.0])?;
    tx.prepare_cached(
        "INSERT INTO document_search (rowid, title, notes, owner, diarienummer) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        id.0,
        version.fields.title,
        version.fields.notes,
        version.fields.owner,
        version.fields.diarienummer.unwrap_or_default()
    ])?;
    Ok(())
}

pub(crate) fn write_links(tx: &Connection, version_id: i64, fields: &Fields) -> Result<()> {
    tx.prepare_cached("DELETE FROM version_areas WHERE version_id = ?1")?
        .execute([version_id])?;
    tx.prepare_cached("DELETE FROM version_parties WHERE version_id = ?1")?
        .execute([version_id])?;
    let mut insert =
        tx.prepare_cached("INSERT INTO version_areas (version_id, area) VALUES (?1, ?2)")?;
    for area in &fields.areas {
        insert.execute(params![version_id, area])?;
    }
    parties::check_ids(tx, &fields.parties)?;
    let mut insert =
        tx.prepare_cached("INSERT INTO version_parties (version_id, party_id) VALUES (?1, ?2)")?;
    for party in &fields.parties {
        insert.execute(params![version_id, party.0])?;
    }
    Ok(())
}

pub(crate) fn insert_version(
    tx: &Connection,
    id: DocumentId,
    version_no: i64,
    fields: &Fields,
    stage: &str,
    now: &str,
) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO document_versions (document_id, version_no, doc_type, title, developed_within,
             organisation, owner, approver, valid_from, valid_to, prepared_by, diarienummer,
             vida_link, legal_basis, followup_interval_months, followup_owner, notes, stage,
             created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?19)",
    )?
    .execute(params![
        id.0,
        version_no,
        fields.doc_type,
        fields.title,
        fields.developed_within,
        fields.organisation,
        fields.owner,
        fields.approver,
        fields.valid_from,
        fields.valid_to,
        fields.prepared_by,
        fields.diarienummer,
        fields.vida_link,
        fields.legal_basis,
        fields.followup_interval_months,
        fields.followup_owner,
        fields.notes,
        stage,
        now,
    ])?;
    let version_id = tx.last_insert_rowid();
    write_links(tx, version_id, fields)?;
    Ok(version_id)
}

pub(crate) fn to_map(fields: &Fields) -> Map<String, Value> {
    match serde_json::to_value(fields) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

/// Registers a new document; its first version starts at the first stage.
pub fn create(store: &mut Store, input: &DocumentInput) -> Result<DocumentId> {
    let reference = assets::reference()?;
    let actor = store.actor().to_owned();
    let now = time::now();
    let first = reference.first_stage();
    let tx = store.transaction()?;
    // Validated inside the write transaction: the diarienummer check holds
    // against a document another process registers at the same moment.
    let fields = validate(&tx, input, None)?;
    tx.execute("INSERT INTO documents (created_at) VALUES (?1)", [&now])?;
    let id = DocumentId(tx.last_insert_rowid());
    let version_id = insert_version(&tx, id, 1, &fields, &first.code, &now)?;
    lifecycle::record_change(
        &tx,
        version_id,
        None,
        &first.code,
        time::today(),
        &actor,
        "Dokumentet registrerat",
    )?;
    audit::record(
        &tx,
        NewEvent {
            actor: &actor,
            document_id: Some(id.0),
            entity: "document",
            entity_id: Some(id.0),
            action: "created",
            summary: format!("Dokumentet «{}» registrerat (version 1)", fields.title),
            before: None,
            after: Some(Value::Object(to_map(&fields))),
        },
    )?;
    reindex(&tx, id)?;
    tx.commit()?;
    Ok(id)
}

impl From<&Version> for DocumentInput {
    /// The input that would store `version` as it is.
    fn from(version: &Version) -> Self {
        let f = &version.fields;
        DocumentInput {
            doc_type: f.doc_type.clone(),
            title: f.title.clone(),
            developed_within: f.developed_within.clone(),
            organisation: f.organisation.clone(),
            owner: f.owner.clone(),
            approver: f.approver.clone(),
            valid_from: f.valid_from.map(|d| d.to_string()),
            valid_to: f.valid_to.map(|d| d.to_string()),
            areas: f.areas.clone(),
            prepared_by: f.prepared_by.clone(),
            parties: Some(f.parties.clone()),
            diarienummer: f.diarienummer.clone().unwrap_or_default(),
            vida_link: f.vida_link.clone(),
            legal_basis: f.legal_basis.clone(),
            followup_interval_months: f.followup_interval_months,
            followup_owner: f.followup_owner.clone(),
            notes: f.notes.clone(),
        }
    }
}

fn input_map(input: &DocumentInput) -> Map<String, Value> {
    match serde_json::to_value(input) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

/// The fields of a document to change and their new values: only what the
/// user changed. A patch is laid over the current version inside the write
/// transaction, so a change another process made to another field at the
/// same time is kept, never silently reverted.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocumentPatch(Map<String, Value>);

impl DocumentPatch {
    /// Every field of `input`: the whole version becomes `input`.
    pub fn all(input: &DocumentInput) -> DocumentPatch {
        DocumentPatch(input_map(input))
    }

    /// The fields of `edited` that differ from `original` (a form's save:
    /// what the user changed since the form was filled).
    pub fn between(original: &DocumentInput, edited: &DocumentInput) -> DocumentPatch {
        let original = input_map(original);
        DocumentPatch(
            input_map(edited)
                .into_iter()
                .filter(|(key, value)| original.get(key) != Some(value))
                .collect(),
        )
    }

    /// The named fields of `input` (those a command line gave).
    pub fn only(input: &DocumentInput, fields: &[&str]) -> DocumentPatch {
        DocumentPatch(
            input_map(input)
                .into_iter()
                .filter(|(key, _)| fields.contains(&key.as_str()))
                .collect(),
        )
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The names of the fields the patch sets.
    pub fn fields(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }
}

/// Changes the current version of a document to `input` as a whole.
/// Returns the names of the changed fields (empty when nothing changed;
/// then nothing is recorded).
pub fn update(store: &mut Store, id: DocumentId, input: &DocumentInput) -> Result<Vec<String>> {
    update_fields(store, id, &DocumentPatch::all(input), None)
}

/// A form's save: changes the fields the user changed, from the values the
/// form was filled with (`original`) to `edited`. A field someone else
/// changed meanwhile to another value is refused with a message at that
/// field, and nothing is stored.
pub fn update_from_form(
    store: &mut Store,
    id: DocumentId,
    original: &DocumentInput,
    edited: &DocumentInput,
) -> Result<Vec<String>> {
    update_fields(
        store,
        id,
        &DocumentPatch::between(original, edited),
        Some(original),
    )
}

/// Lays `patch` over the current version, validates the result and stores
/// it, all in one write transaction that reads the current version itself:
/// an edit racing a revision lands in the newest version, and edits of
/// different fields by two processes both survive. With `original`, the
/// fields of the patch must still hold what the user started from.
pub fn update_fields(
    store: &mut Store,
    id: DocumentId,
    patch: &DocumentPatch,
    original: Option<&DocumentInput>,
) -> Result<Vec<String>> {
    let actor = store.actor().to_owned();
    let tx = store.transaction()?;
    let changed = patch_in(&tx, &actor, id, patch, original)?;
    if !changed.is_empty() {
        tx.commit()?;
    }
    Ok(changed)
}

/// [`update_fields`] inside a write transaction the caller holds and
/// commits: a step of the document's life that also changes a register
/// field (the Vida link, the follow-up interval) changes it through here,
/// so the register stays the one place those fields live.
pub(crate) fn patch_in(
    tx: &Connection,
    actor: &str,
    id: DocumentId,
    patch: &DocumentPatch,
    original: Option<&DocumentInput>,
) -> Result<Vec<String>> {
    let now = time::now();
    let before = current_version(tx, id)?;
    let mut merged = input_map(&DocumentInput::from(&before));
    if let Some(original) = original {
        let original = input_map(original);
        let conflicts: Vec<FieldError> = patch
            .0
            .iter()
            .filter(|(key, value)| {
                let now = merged.get(*key);
                now != original.get(*key) && now != Some(*value)
            })
            .map(|(key, _)| {
                FieldError::new(
                    key,
                    format!(
                        "{} har ändrats av någon annan sedan du öppnade formuläret. \
                         Ladda om dokumentet och gör om din ändring.",
                        field_label(key)
                    ),
                )
            })
            .collect();
        if !conflicts.is_empty() {
            return Err(Error::Invalid(conflicts));
        }
    }
    merged.extend(patch.0.clone());
    let input: DocumentInput = serde_json::from_value(Value::Object(merged))
        .map_err(|e| Error::invalid("input", format!("Uppgifterna kunde inte läsas: {e}")))?;
    let fields = validate(tx, &input, Some(id))?;
    let (old, new) = (to_map(&before.fields), to_map(&fields));
    let changed: BTreeMap<&String, (&Value, &Value)> = new
        .iter()
        .filter_map(|(key, value)| {
            let previous = old.get(key).unwrap_or(&Value::Null);
            (previous != value).then_some((key, (previous, value)))
        })
        .collect();
    if changed.is_empty() {
        return Ok(Vec::new());
    }
    tx.execute(
        "UPDATE document_versions SET doc_type = ?2, title = ?3, developed_within = ?4,
             organisation = ?5, owner = ?6, approver = ?7, valid_from = ?8, valid_to = ?9,
             prepared_by = ?10, diarienummer = ?11, vida_link = ?12, legal_basis = ?13,
             followup_interval_months = ?14, followup_owner = ?15, notes = ?16, updated_at = ?17
         WHERE id = ?1",
        params![
            before.id,
            fields.doc_type,
            fields.title,
            fields.developed_within,
            fields.organisation,
            fields.owner,
            fields.approver,
            fields.valid_from,
            fields.valid_to,
            fields.prepared_by,
            fields.diarienummer,
            fields.vida_link,
            fields.legal_basis,
            fields.followup_interval_months,
            fields.followup_owner,
            fields.notes,
            now,
        ],
    )?;
    write_links(tx, before.id, &fields)?;
    let labels: Vec<&str> = changed.keys().map(|k| field_label(k)).collect();
    audit::record(
        tx,
        NewEvent {
            actor,
            document_id: Some(id.0),
            entity: "version",
            entity_id: Some(before.id),
            action: "updated",
            summary: format!("Ändrade {}", labels.join(", ").to_lowercase()),
            before: Some(json!(changed
                .iter()
                .map(|(k, (b, _))| ((*k).clone(), (*b).clone()))
                .collect::<Map<_, _>>())),
            after: Some(json!(changed
                .iter()
                .map(|(k, (_, a))| ((*k).clone(), (*a).clone()))
                .collect::<Map<_, _>>())),
        },
    )?;
    reindex(tx, id)?;
    Ok(changed.keys().map(|k| (*k).clone()).collect())
}

/// Opens a revision: a new version that starts as a copy of the current one,
/// at the first stage. The old version is kept as it was.
pub fn open_revision(store: &mut Store, id: DocumentId, comment: &str) -> Result<i64> {
    let reference = assets::reference()?;
    let actor = store.actor().to_owned();
    let now = time::now();
    let first = reference.first_stage();
    let tx = store.transaction()?;
    let current = current_version(&tx, id)?;
    let version_no = current.version_no + 1;
    let version_id = insert_version(&tx, id, version_no, &current.fields, &first.code, &now)?;
    let comment = comment.trim();
    lifecycle::record_change(
        &tx,
        version_id,
        None,
        &first.code,
        time::today(),
        &actor,
        if comment.is_empty() {
            "Revidering påbörjad"
        } else {
            comment
        },
    )?;
    audit::record(
        &tx,
        NewEvent {
            actor: &actor,
            document_id: Some(id.0),
            entity: "version",
            entity_id: Some(version_id),
            action: "revision_opened",
            summary: format!(
                "Revidering påbörjad: version {version_no} skapad från version {}",
                current.version_no
            ),
            before: Some(json!({ "version_no": current.version_no })),
            after: Some(json!({ "version_no": version_no, "comment": comment })),
        },
    )?;
    reindex(&tx, id)?;
    tx.commit()?;
    Ok(version_no)
}
