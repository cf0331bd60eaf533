//! The register of joint documents: creating, editing, listing, filtering,
//! sorting and searching documents, and opening revisions.
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

use std::cmp::Ordering;
use std::collections::BTreeMap;

use chrono::{Months, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::assets::{self, Reference};
use crate::audit::{self, Event, NewEvent};
use crate::collate;
use crate::db::Store;
use crate::error::{Error, FieldError, Result};
use crate::parties::{self, PartyId};
use crate::time;
use lifecycle::StageChange;

pub mod lifecycle;

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

const MAX_TITLE: usize = 300;
const MAX_TEXT: usize = 20_000;

/// Checks and normalises an input. All problems are reported at once, each
/// with the field it belongs to. `document` is the document being edited, so
/// its own diarienummer does not count as a duplicate.
pub fn validate(
    conn: &Connection,
    input: &DocumentInput,
    document: Option<DocumentId>,
) -> Result<Fields> {
    let reference = assets::reference()?;
    let mut errors: Vec<FieldError> = Vec::new();
    let text = |s: &str| s.trim().to_owned();

    let title = text(&input.title);
    if title.is_empty() {
        errors.push(FieldError::new("title", "Ange en titel."));
    } else if title.chars().count() > MAX_TITLE {
        errors.push(FieldError::new(
            "title",
            format!("Titeln får vara högst {MAX_TITLE} tecken."),
        ));
    }

    let doc_type = match reference.find_document_type(&input.doc_type) {
        Some(choice) => choice.code.clone(),
        None => {
            let known: Vec<&str> = reference
                .document_types
                .iter()
                .map(|c| c.name.as_str())
                .collect();
            errors.push(FieldError::new(
                "doc_type",
                if input.doc_type.trim().is_empty() {
                    "Välj en dokumenttyp.".to_owned()
                } else {
                    format!(
                        "Okänd dokumenttyp «{}». Välj en av: {}.",
                        input.doc_type.trim(),
                        known.join(", ")
                    )
                },
            ));
            String::new()
        }
    };

    let mut date = |field: &str, value: &Option<String>| match time::parse_date(
        field,
        field_label(field),
        value.as_deref(),
    ) {
        Ok(d) => d,
        Err(e) => {
            errors.extend(e.field_errors().iter().cloned());
            None
        }
    };
    let valid_from = date("valid_from", &input.valid_from);
    let valid_to = date("valid_to", &input.valid_to);
    if let (Some(from), Some(to)) = (valid_from, valid_to) {
        if to < from {
            errors.push(FieldError::new(
                "valid_to",
                format!("Giltig t.o.m. ({to}) kan inte vara före giltig fr.o.m. ({from})."),
            ));
        }
    }

    let mut areas = Vec::new();
    for area in &input.areas {
        match reference.area(area.trim()) {
            Some(choice) if !areas.contains(&choice.code) => areas.push(choice.code.clone()),
            Some(_) => {}
            None => errors.push(FieldError::new(
                "areas",
                format!("Okänt område «{}».", area.trim()),
            )),
        }
    }
    areas.sort_by_key(|code| reference.areas.iter().position(|a| &a.code == code));

    let all_parties: Vec<PartyId> = parties::list(conn)?.into_iter().map(|p| p.id).collect();
    let chosen = match &input.parties {
        None => all_parties.clone(),
        Some(ids) => {
            let mut chosen: Vec<PartyId> = Vec::new();
            for id in ids {
                if !all_parties.contains(id) {
                    errors.push(FieldError::new(
                        "parties",
                        format!("Okänd part (id {}). Välj bland de 17 parterna.", id.0),
                    ));
                } else if !chosen.contains(id) {
                    chosen.push(*id);
                }
            }
            if ids.is_empty() {
                errors.push(FieldError::new("parties", "Välj minst en ingående part."));
            }
            chosen.sort_by_key(|id| all_parties.iter().position(|p| p == id));
            chosen
        }
    };

    let diarienummer = Some(text(&input.diarienummer)).filter(|d| !d.is_empty());
    if let Some(dnr) = &diarienummer {
        let other: Option<(i64, String)> = conn
            .query_row(
                "SELECT v.document_id, v.title FROM document_versions v
                 WHERE v.diarienummer = ?1 AND v.document_id != ?2
                 ORDER BY v.version_no DESC LIMIT 1",
                params![dnr, document.map_or(-1, |d| d.0)],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((_, other_title)) = other {
            errors.push(FieldError::new(
                "diarienummer",
                format!("Diarienumret {dnr} används redan av «{other_title}»."),
            ));
        }
    }

    let vida_link = text(&input.vida_link);
    let is_web_address = vida_link.starts_with("https://") || vida_link.starts_with("http://");
    if !vida_link.is_empty() && !is_web_address {
        errors.push(FieldError::new(
            "vida_link",
            "Länken ska börja med https:// eller http://.",
        ));
    }

    if let Some(months) = input.followup_interval_months {
        if !(1..=120).contains(&months) {
            errors.push(FieldError::new(
                "followup_interval_months",
                "Uppföljningsintervallet ska vara mellan 1 och 120 månader.",
            ));
        }
    }

    let fields = Fields {
        doc_type,
        title,
        developed_within: text(&input.developed_within),
        organisation: text(&input.organisation),
        owner: text(&input.owner),
        approver: text(&input.approver),
        valid_from,
        valid_to,
        areas,
        prepared_by: text(&input.prepared_by),
        parties: chosen,
        diarienummer,
        vida_link,
        legal_basis: text(&input.legal_basis),
        followup_interval_months: input.followup_interval_months,
        followup_owner: text(&input.followup_owner),
        notes: input.notes.trim().to_owned(),
    };
    for (field, value) in [
        ("developed_within", &fields.developed_within),
        ("organisation", &fields.organisation),
        ("owner", &fields.owner),
        ("approver", &fields.approver),
        ("prepared_by", &fields.prepared_by),
        ("legal_basis", &fields.legal_basis),
        ("followup_owner", &fields.followup_owner),
        ("notes", &fields.notes),
    ] {
        if value.chars().count() > MAX_TEXT {
            errors.push(FieldError::new(
                field,
                format!("{} får vara högst {MAX_TEXT} tecken.", field_label(field)),
            ));
        }
    }

    if errors.is_empty() {
        Ok(fields)
    } else {
        Err(Error::Invalid(errors))
    }
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

/// The register's validity filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValidityFilter {
    /// In force today (including those that expire within 12 months).
    Gallande,
    /// In force today and expiring within 12 months.
    GarUt,
    Utgangen,
    Kommande,
    EjAngiven,
}

impl ValidityFilter {
    fn matches(self, v: Validity) -> bool {
        match self {
            ValidityFilter::Gallande => matches!(v, Validity::Gallande | Validity::GarUt),
            ValidityFilter::GarUt => v == Validity::GarUt,
            ValidityFilter::Utgangen => v == Validity::Utgangen,
            ValidityFilter::Kommande => v == Validity::Kommande,
            ValidityFilter::EjAngiven => v == Validity::EjAngiven,
        }
    }

    pub fn parse(text: &str) -> Option<ValidityFilter> {
        match text.trim().to_lowercase().replace('-', "_").as_str() {
            "gallande" | "gällande" => Some(ValidityFilter::Gallande),
            "gar_ut" | "går_ut" => Some(ValidityFilter::GarUt),
            "utgangen" | "utgången" => Some(ValidityFilter::Utgangen),
            "kommande" => Some(ValidityFilter::Kommande),
            "ej_angiven" => Some(ValidityFilter::EjAngiven),
            _ => None,
        }
    }
}

/// A column the register can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortField {
    #[default]
    Title,
    DocType,
    Stage,
    Owner,
    Diarienummer,
    ValidFrom,
    ValidTo,
    Version,
    Updated,
}

impl SortField {
    pub const NAMES: &'static [&'static str] = &[
        "title",
        "type",
        "stage",
        "owner",
        "diarienummer",
        "valid-from",
        "valid-to",
        "version",
        "updated",
    ];

    pub fn parse(text: &str) -> Option<SortField> {
        Some(
            match text.trim().to_lowercase().replace('_', "-").as_str() {
                "title" => SortField::Title,
                "type" | "doc-type" => SortField::DocType,
                "stage" => SortField::Stage,
                "owner" => SortField::Owner,
                "diarienummer" => SortField::Diarienummer,
                "valid-from" => SortField::ValidFrom,
                "valid-to" => SortField::ValidTo,
                "version" => SortField::Version,
                "updated" => SortField::Updated,
                _ => return None,
            },
        )
    }
}

/// What the register view asks for. Empty strings mean "no filter".
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ListQuery {
    pub search: Option<String>,
    pub doc_type: Option<String>,
    pub stage: Option<String>,
    pub area: Option<String>,
    pub validity: Option<ValidityFilter>,
    pub sort: SortField,
    pub descending: bool,
}

/// One row of the register.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DocumentSummary {
    pub id: DocumentId,
    pub version_no: i64,
    pub title: String,
    pub doc_type: String,
    pub doc_type_name: String,
    pub stage: String,
    pub stage_name: String,
    pub owner: String,
    pub diarienummer: Option<String>,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    pub validity: Validity,
    pub validity_name: String,
    pub areas: Vec<String>,
    pub area_names: Vec<String>,
    pub updated_at: String,
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
    /// Stage changes of every version, newest first.
    pub history: Vec<StageChange>,
    /// Audit events, newest first.
    pub events: Vec<Event>,
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
        .query_row(
            &format!("SELECT {VERSION_COLUMNS} FROM document_versions WHERE {sql_where}"),
            [param],
            |row| version_from_row(row, reference),
        )
        .optional()?;
    let Some(mut version) = version else {
        return Ok(None);
    };
    let mut stmt = conn.prepare("SELECT area FROM version_areas WHERE version_id = ?1")?;
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
    let mut stmt = conn.prepare(
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
    Ok(DocumentDetail {
        id,
        created_at,
        validity,
        validity_name: validity.label().to_owned(),
        next_stage: reference.next_stage(&current.stage).cloned(),
        current,
        versions,
        history: lifecycle::history(conn, id)?,
        events: change_log(conn, id)?,
    })
}

/// The document's audit events, newest first, each described for the
/// change log (Swedish labels, names for codes and ids, changed fields only).
pub fn change_log(conn: &Connection, id: DocumentId) -> Result<Vec<Event>> {
    let mut events = audit::for_document(conn, id.0)?;
    let names = audit::Names {
        parties: parties::list(conn)?
            .into_iter()
            .map(|p| (p.id.0, p.name))
            .collect(),
    };
    audit::describe_all(&mut events, &names);
    Ok(events)
}

/// Writes the current version's text into the search index.
pub(crate) fn reindex(tx: &Transaction<'_>, id: DocumentId) -> Result<()> {
    let version = current_version(tx, id)?;
    tx.execute("DELETE FROM document_search WHERE rowid = ?1", [id.0])?;
    tx.execute(
        "INSERT INTO document_search (rowid, title, notes, owner, diarienummer) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            id.0,
            version.fields.title,
            version.fields.notes,
            version.fields.owner,
            version.fields.diarienummer.unwrap_or_default()
        ],
    )?;
    Ok(())
}

fn write_links(tx: &Transaction<'_>, version_id: i64, fields: &Fields) -> Result<()> {
    tx.execute(
        "DELETE FROM version_areas WHERE version_id = ?1",
        [version_id],
    )?;
    tx.execute(
        "DELETE FROM version_parties WHERE version_id = ?1",
        [version_id],
    )?;
    for area in &fields.areas {
        tx.execute(
            "INSERT INTO version_areas (version_id, area) VALUES (?1, ?2)",
            params![version_id, area],
        )?;
    }
    parties::check_ids(tx, &fields.parties)?;
    for party in &fields.parties {
        tx.execute(
            "INSERT INTO version_parties (version_id, party_id) VALUES (?1, ?2)",
            params![version_id, party.0],
        )?;
    }
    Ok(())
}

fn insert_version(
    tx: &Transaction<'_>,
    id: DocumentId,
    version_no: i64,
    fields: &Fields,
    stage: &str,
    now: &str,
) -> Result<i64> {
    tx.execute(
        "INSERT INTO document_versions (document_id, version_no, doc_type, title, developed_within,
             organisation, owner, approver, valid_from, valid_to, prepared_by, diarienummer,
             vida_link, legal_basis, followup_interval_months, followup_owner, notes, stage,
             created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?19)",
        params![
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
        ],
    )?;
    let version_id = tx.last_insert_rowid();
    write_links(tx, version_id, fields)?;
    Ok(version_id)
}

fn to_map(fields: &Fields) -> Map<String, Value> {
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
    let now = time::now();
    let tx = store.transaction()?;
    let before = current_version(&tx, id)?;
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
    let fields = validate(&tx, &input, Some(id))?;
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
    write_links(&tx, before.id, &fields)?;
    let labels: Vec<&str> = changed.keys().map(|k| field_label(k)).collect();
    audit::record(
        &tx,
        NewEvent {
            actor: &actor,
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
    reindex(&tx, id)?;
    tx.commit()?;
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

/// Turns free text into an FTS5 query: every word must match, as a prefix.
/// Quoting each word keeps FTS syntax characters in user input harmless.
fn fts_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// The register: the current version of every document that passes the
/// query's filters, sorted as asked (Swedish collation for text).
pub fn list(
    conn: &Connection,
    query: &ListQuery,
    today: NaiveDate,
) -> Result<Vec<DocumentSummary>> {
    let reference = assets::reference()?;
    let matching: Option<Vec<i64>> = match query.search.as_deref().and_then(fts_query) {
        None => None,
        Some(fts) => {
            let mut stmt =
                conn.prepare("SELECT rowid FROM document_search WHERE document_search MATCH ?1")?;
            let ids = stmt
                .query_map([fts], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            Some(ids)
        }
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT {VERSION_COLUMNS} FROM document_versions v
         WHERE version_no = (SELECT max(version_no) FROM document_versions WHERE document_id = v.document_id)"
    ))?;
    let versions: Vec<Version> = stmt
        .query_map([], |row| version_from_row(row, reference))?
        .collect::<rusqlite::Result<_>>()?;
    let mut area_stmt = conn.prepare("SELECT area FROM version_areas WHERE version_id = ?1")?;

    let nonblank = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let (want_type, want_stage, want_area) = (
        nonblank(&query.doc_type),
        nonblank(&query.stage),
        nonblank(&query.area),
    );

    let mut rows = Vec::new();
    for v in versions {
        if let Some(ids) = &matching {
            if !ids.contains(&v.document_id.0) {
                continue;
            }
        }
        if want_type.as_ref().is_some_and(|t| *t != v.fields.doc_type)
            || want_stage.as_ref().is_some_and(|s| *s != v.stage)
        {
            continue;
        }
        let mut areas: Vec<String> = area_stmt
            .query_map([v.id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if want_area.as_ref().is_some_and(|a| !areas.contains(a)) {
            continue;
        }
        let validity = Validity::of(v.fields.valid_from, v.fields.valid_to, today);
        if query.validity.is_some_and(|f| !f.matches(validity)) {
            continue;
        }
        areas.sort_by_key(|code| reference.areas.iter().position(|a| &a.code == code));
        rows.push(DocumentSummary {
            id: v.document_id,
            version_no: v.version_no,
            area_names: areas
                .iter()
                .map(|c| {
                    reference
                        .area(c)
                        .map_or_else(|| c.clone(), |a| a.name.clone())
                })
                .collect(),
            areas,
            title: v.fields.title,
            doc_type: v.fields.doc_type,
            doc_type_name: v.doc_type_name,
            stage: v.stage,
            stage_name: v.stage_name,
            owner: v.fields.owner,
            diarienummer: v.fields.diarienummer,
            valid_from: v.fields.valid_from,
            valid_to: v.fields.valid_to,
            validity,
            validity_name: validity.label().to_owned(),
            updated_at: v.updated_at,
        });
    }
    sort(&mut rows, query.sort, query.descending, reference);
    Ok(rows)
}

/// Blank text and missing dates sort last in either direction; ties are
/// broken by title, then id, so the order is stable.
fn sort(rows: &mut [DocumentSummary], field: SortField, descending: bool, reference: &Reference) {
    fn text_order(a: &str, b: &str) -> Option<Ordering> {
        match (a.trim().is_empty(), b.trim().is_empty()) {
            (true, true) => Some(Ordering::Equal),
            (true, false) | (false, true) => None,
            (false, false) => Some(collate::compare(a, b)),
        }
    }
    fn option_order<T: Ord>(a: &Option<T>, b: &Option<T>) -> Option<Ordering> {
        match (a, b) {
            (Some(a), Some(b)) => Some(a.cmp(b)),
            (None, None) => Some(Ordering::Equal),
            _ => None,
        }
    }
    rows.sort_by(|a, b| {
        let primary = match field {
            SortField::Title => Some(collate::compare(&a.title, &b.title)),
            SortField::DocType => text_order(&a.doc_type_name, &b.doc_type_name),
            SortField::Stage => Some(
                reference
                    .stage_index(&a.stage)
                    .cmp(&reference.stage_index(&b.stage)),
            ),
            SortField::Owner => text_order(&a.owner, &b.owner),
            SortField::Diarienummer => text_order(
                a.diarienummer.as_deref().unwrap_or(""),
                b.diarienummer.as_deref().unwrap_or(""),
            ),
            SortField::ValidFrom => option_order(&a.valid_from, &b.valid_from),
            SortField::ValidTo => option_order(&a.valid_to, &b.valid_to),
            SortField::Version => Some(a.version_no.cmp(&b.version_no)),
            SortField::Updated => Some(a.updated_at.cmp(&b.updated_at)),
        };
        let primary = match primary {
            Some(order) if descending => order.reverse(),
            Some(order) => order,
            // Exactly one side is blank: it goes last whatever the direction.
            None => {
                let a_blank = match field {
                    SortField::ValidFrom => a.valid_from.is_none(),
                    SortField::ValidTo => a.valid_to.is_none(),
                    SortField::DocType => a.doc_type_name.trim().is_empty(),
                    SortField::Owner => a.owner.trim().is_empty(),
                    _ => a.diarienummer.as_deref().unwrap_or("").trim().is_empty(),
                };
                if a_blank {
                    Ordering::Greater
                } else {
                    Ordering::Less
                }
            }
        };
        primary
            .then_with(|| collate::compare(&a.title, &b.title))
            .then_with(|| a.id.cmp(&b.id))
    });
}
