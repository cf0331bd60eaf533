//! The register's list: the current version of every document, filtered,
//! searched, sorted and read a page at a time.
//!
//! Everything happens in SQLite, so the cost does not grow with what the
//! window shows: filters and search in one WHERE clause (FTS5 for words,
//! with å, ä and ö as letters of their own), Swedish order through the
//! sort keys of the narrow table `current_versions` (one row per document,
//! kept by triggers; see migration 0006 and `crate::collate`): one query for
//! the total, one for the page's order, one each for its rows and areas. Blank values and
//! missing dates go last in either direction; ties are broken by title,
//! then id, so that pages never overlap or skip a row.

use std::collections::HashMap;

use chrono::{Months, NaiveDate};
use rusqlite::types::Value as SqlValue;
use rusqlite::{params_from_iter, Connection};
use serde::{Deserialize, Serialize};

use super::{DocumentId, Validity};
use crate::assets::{self, Reference};
use crate::error::{Error, Result};
use crate::page::{Page, Paging};

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
    /// Whether a document of validity `v` passes the filter (the rule the
    /// SQL of [`list`] follows).
    pub fn matches(self, v: Validity) -> bool {
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

/// Where the adoption of a document's current version stands, by its
/// latest adoption round (antagande).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdoptionFilter {
    /// An adoption round in which some party has not decided yet.
    Vantar,
    /// Every party of the latest adoption round has adopted it.
    Alla,
    /// No adoption round yet.
    Ingen,
}

impl AdoptionFilter {
    pub fn parse(text: &str) -> Option<AdoptionFilter> {
        match text.trim() {
            "vantar" => Some(AdoptionFilter::Vantar),
            "alla" => Some(AdoptionFilter::Alla),
            "ingen" => Some(AdoptionFilter::Ingen),
            _ => None,
        }
    }
}

/// Every version's latest adoption round, in SQL: one uncorrelated
/// subquery SQLite reads once (index `rounds_adoption`).
const LATEST_ADOPTION_ROUNDS: &str =
    "SELECT max(id) FROM rounds WHERE kind = 'antagande' GROUP BY version_id";

/// How many parties have adopted the document in its latest adoption round.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct AdoptionTally {
    pub round_id: i64,
    pub adopted: usize,
    /// Antagen or ej antagen.
    pub decided: usize,
    pub total: usize,
    /// "Antagen av 12 av 17".
    pub text: String,
    /// "12 av 17", under the register's column "Antagen av".
    pub short: String,
}

impl AdoptionTally {
    pub fn new(round_id: i64, adopted: usize, decided: usize, total: usize) -> AdoptionTally {
        AdoptionTally {
            round_id,
            adopted,
            decided,
            total,
            text: crate::labels::adopted_of(adopted, total),
            short: format!("{adopted} av {total}"),
        }
    }
}

/// The adoption tallies of the given versions' latest adoption rounds:
/// one query whatever their number.
pub fn adoption_tallies(
    conn: &Connection,
    version_ids: &[i64],
) -> Result<HashMap<i64, AdoptionTally>> {
    let ids = serde_json::to_string(version_ids).map_err(std::io::Error::other)?;
    let mut stmt = conn.prepare_cached(
        "WITH latest AS (
             SELECT version_id, max(id) AS round_id FROM rounds
             WHERE kind = 'antagande' AND version_id IN (SELECT value FROM json_each(?1))
             GROUP BY version_id
         )
         SELECT latest.version_id, latest.round_id, count(*),
                sum(rr.outcome IS 'antagen'),
                sum(coalesce(rr.outcome, '') IN ('antagen', 'ej_antagen'))
         FROM latest JOIN round_recipients rr ON rr.round_id = latest.round_id
         GROUP BY latest.version_id",
    )?;
    let mut out = HashMap::new();
    for row in stmt.query_map([&ids], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, i64>(4)?,
        ))
    })? {
        let (version_id, round_id, total, adopted, decided) = row?;
        let count = |n: i64| usize::try_from(n).unwrap_or(0);
        out.insert(
            version_id,
            AdoptionTally::new(round_id, count(adopted), count(decided), count(total)),
        );
    }
    Ok(out)
}

/// What the register view asks for. Empty strings mean "no filter".
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(default)]
pub struct ListQuery {
    pub search: Option<String>,
    pub doc_type: Option<String>,
    pub stage: Option<String>,
    pub area: Option<String>,
    pub validity: Option<ValidityFilter>,
    pub adoption: Option<AdoptionFilter>,
    pub sort: SortField,
    pub descending: bool,
    /// Rows to skip (paging).
    pub offset: u32,
    /// Rows to return; `None` for all.
    pub limit: Option<u32>,
}

impl ListQuery {
    /// The page this query asks for.
    pub fn paging(&self) -> Paging {
        Paging {
            offset: self.offset,
            limit: self.limit,
        }
    }
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
    /// The latest adoption round's tally; `None` before there is one.
    pub adoption: Option<AdoptionTally>,
}

/// Longest search text: a few words are what anyone types; thousands of
/// prefix terms (a pasted page) made one search take seconds.
pub const MAX_SEARCH_CHARS: usize = 200;

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

/// A WHERE clause and its parameters, built up filter by filter.
struct Filter {
    sql: String,
    params: Vec<SqlValue>,
}

impl Filter {
    fn and(&mut self, condition: &str, params: impl IntoIterator<Item = SqlValue>) {
        self.sql.push_str(" AND ");
        self.sql.push_str(condition);
        self.params.extend(params);
    }
}

fn nonblank(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn text(s: impl Into<String>) -> SqlValue {
    SqlValue::Text(s.into())
}

/// The condition a validity filter puts on `c.valid_from` / `c.valid_to`
/// (ISO dates compare as text), following [`Validity::of`].
fn validity_condition(filter: ValidityFilter, today: NaiveDate) -> (&'static str, Vec<SqlValue>) {
    let horizon = today.checked_add_months(Months::new(12)).unwrap_or(today);
    let (today, horizon) = (text(today.to_string()), text(horizon.to_string()));
    match filter {
        ValidityFilter::Utgangen => ("c.valid_to < ?", vec![today]),
        ValidityFilter::EjAngiven => ("c.valid_from IS NULL AND c.valid_to IS NULL", vec![]),
        ValidityFilter::Kommande => (
            "(c.valid_to IS NULL OR c.valid_to >= ?) AND c.valid_from > ?",
            vec![today.clone(), today],
        ),
        ValidityFilter::GarUt => (
            "c.valid_to >= ? AND c.valid_to <= ? AND (c.valid_from IS NULL OR c.valid_from <= ?)",
            vec![today.clone(), horizon, today],
        ),
        ValidityFilter::Gallande => (
            "(c.valid_to IS NULL OR c.valid_to >= ?) AND (c.valid_from IS NULL OR c.valid_from <= ?)
             AND NOT (c.valid_from IS NULL AND c.valid_to IS NULL)",
            vec![today.clone(), today],
        ),
    }
}

/// The filters of a query as one WHERE clause over `current_versions c`
/// (one row per document, its current version).
fn filter(query: &ListQuery, today: NaiveDate) -> Filter {
    let mut f = Filter {
        sql: "1".to_owned(),
        params: Vec::new(),
    };
    // A search of only punctuation has no words: it filters nothing.
    if let Some(fts) = query.search.as_deref().and_then(fts_query) {
        f.and(
            "c.document_id IN (SELECT rowid FROM document_search WHERE document_search MATCH ?)",
            [text(fts)],
        );
    }
    if let Some(doc_type) = nonblank(&query.doc_type) {
        f.and("c.doc_type = ?", [text(doc_type)]);
    }
    if let Some(stage) = nonblank(&query.stage) {
        f.and("c.stage = ?", [text(stage)]);
    }
    if let Some(area) = nonblank(&query.area) {
        f.and(
            "EXISTS (SELECT 1 FROM version_areas a WHERE a.version_id = c.version_id AND a.area = ?)",
            [text(area)],
        );
    }
    if let Some(validity) = query.validity {
        let (condition, params) = validity_condition(validity, today);
        f.and(&format!("({condition})"), params);
    }
    if let Some(adoption) = query.adoption {
        let condition = match adoption {
            AdoptionFilter::Ingen => {
                "c.version_id NOT IN (SELECT version_id FROM rounds WHERE kind = 'antagande')"
                    .to_owned()
            }
            AdoptionFilter::Vantar => format!(
                "c.version_id IN (SELECT r.version_id FROM rounds r
                     WHERE r.id IN ({LATEST_ADOPTION_ROUNDS})
                     AND EXISTS (SELECT 1 FROM round_recipients w WHERE w.round_id = r.id
                                 AND (w.outcome IS NULL OR w.outcome = 'aterremitterad')))"
            ),
            AdoptionFilter::Alla => format!(
                "c.version_id IN (SELECT r.version_id FROM rounds r
                     WHERE r.id IN ({LATEST_ADOPTION_ROUNDS})
                     AND NOT EXISTS (SELECT 1 FROM round_recipients w WHERE w.round_id = r.id
                                     AND w.outcome IS NOT 'antagen'))"
            ),
        };
        f.and(&format!("({condition})"), []);
    }
    f
}

/// `CASE column WHEN code THEN rank … END`: the codes in the order given.
fn rank_of(column: &str, codes: impl IntoIterator<Item = String>) -> String {
    let mut sql = format!("CASE {column}");
    let mut count = 0;
    for (rank, code) in codes.into_iter().enumerate() {
        sql.push_str(&format!(" WHEN '{}' THEN {rank}", code.replace('\'', "''")));
        count = rank + 1;
    }
    sql.push_str(&format!(" ELSE {count} END"));
    sql
}

/// The ORDER BY clause of a sort: the field (blanks last either way), then
/// title and id ascending. `reversed` turns every term around: the same
/// order read from the end.
fn order_by(field: SortField, descending: bool, reversed: bool, reference: &Reference) -> String {
    // (expression, descending) terms, rendered at the end.
    let mut terms: Vec<(String, bool)> = Vec::new();
    let mut blank_last = |column: &str| {
        terms.push((format!("({column} IS NULL)"), false));
        terms.push((column.to_owned(), descending));
    };
    match field {
        SortField::Title => {}
        SortField::DocType => {
            let mut types: Vec<_> = reference.document_types.iter().collect();
            types.sort_by(|a, b| crate::collate::compare(&a.name, &b.name));
            let rank = rank_of("c.doc_type", types.iter().map(|t| t.code.clone()));
            terms.push((rank, descending));
        }
        SortField::Stage => {
            let rank = rank_of("c.stage", reference.stages.iter().map(|s| s.code.clone()));
            terms.push((rank, descending));
        }
        SortField::Owner => blank_last("c.owner_key"),
        SortField::Diarienummer => blank_last("c.diarienummer_key"),
        SortField::ValidFrom => blank_last("c.valid_from"),
        SortField::ValidTo => blank_last("c.valid_to"),
        SortField::Version => terms.push(("c.version_no".into(), descending)),
        SortField::Updated => terms.push(("c.updated_at".into(), descending)),
    }
    let title_descending = field == SortField::Title && descending;
    terms.push(("c.title_key".into(), title_descending));
    terms.push(("c.document_id".into(), false));
    terms
        .iter()
        .map(|(expr, desc)| {
            let dir = if *desc != reversed { "DESC" } else { "ASC" };
            format!("{expr} {dir}")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The register: the current version of every document that passes the
/// query's filters, sorted as asked (Swedish order for text), one page of
/// it and the number of documents that pass.
pub fn list(
    conn: &Connection,
    query: &ListQuery,
    today: NaiveDate,
) -> Result<Page<DocumentSummary>> {
    let reference = assets::reference()?;
    if let Some(problem) = query
        .search
        .as_deref()
        .and_then(|s| crate::text::line_problem("Sökningen", s, MAX_SEARCH_CHARS))
    {
        return Err(Error::invalid("search", problem));
    }
    let filter = filter(query, today);
    let total: i64 = conn.query_row(
        &format!(
            "SELECT count(*) FROM current_versions c WHERE {}",
            filter.sql
        ),
        params_from_iter(&filter.params),
        |r| r.get(0),
    )?;

    // The page's versions in order, from the narrow table only.
    // A page in the second half is read from the end in the reversed
    // order: SQLite then keeps the rows up to the page, not all before it.
    let paging = query.paging();
    let (offset, total_rows) = (i64::from(paging.offset), total);
    let (reversed, limit, offset) = match paging.limit.map(i64::from) {
        Some(limit) if offset > total_rows / 2 && offset < total_rows => {
            let end = (offset + limit).min(total_rows);
            (true, end - offset, total_rows - end)
        }
        _ => (false, paging.sql_limit(), offset),
    };
    let mut params = filter.params.clone();
    params.push(SqlValue::Integer(limit));
    params.push(SqlValue::Integer(offset));
    let mut stmt = conn.prepare(&format!(
        "SELECT c.version_id FROM current_versions c WHERE {} ORDER BY {} LIMIT ? OFFSET ?",
        filter.sql,
        order_by(query.sort, query.descending, reversed, reference)
    ))?;
    let mut version_ids: Vec<i64> = stmt
        .query_map(params_from_iter(&params), |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if reversed {
        version_ids.reverse();
    }
    let ids = serde_json::to_string(&version_ids).map_err(std::io::Error::other)?;

    // Their rows and areas: one query each.
    let mut stmt = conn.prepare_cached(
        "SELECT v.id, v.document_id, v.version_no, v.title, v.doc_type, v.stage, v.owner,
                v.diarienummer, v.valid_from, v.valid_to, v.updated_at
         FROM document_versions v WHERE v.id IN (SELECT value FROM json_each(?1))",
    )?;
    let mut rows: HashMap<i64, DocumentSummary> = HashMap::new();
    for row in stmt.query_map([&ids], |r| {
        let doc_type: String = r.get("doc_type")?;
        let stage: String = r.get("stage")?;
        let (valid_from, valid_to) = (r.get("valid_from")?, r.get("valid_to")?);
        let validity = Validity::of(valid_from, valid_to, today);
        Ok((
            r.get::<_, i64>("id")?,
            DocumentSummary {
                id: DocumentId(r.get("document_id")?),
                version_no: r.get("version_no")?,
                title: r.get("title")?,
                doc_type_name: reference
                    .document_type(&doc_type)
                    .map_or_else(|| doc_type.clone(), |c| c.name.clone()),
                doc_type,
                stage_name: reference
                    .stage(&stage)
                    .map_or_else(|| stage.clone(), |s| s.name.clone()),
                stage,
                owner: r.get("owner")?,
                diarienummer: r.get("diarienummer")?,
                valid_from,
                valid_to,
                validity,
                validity_name: validity.label().to_owned(),
                areas: Vec::new(),
                area_names: Vec::new(),
                updated_at: r.get("updated_at")?,
                adoption: None,
            },
        ))
    })? {
        let (id, summary) = row?;
        rows.insert(id, summary);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT version_id, area FROM version_areas
         WHERE version_id IN (SELECT value FROM json_each(?1))",
    )?;
    let mut areas: HashMap<i64, Vec<String>> = HashMap::new();
    for row in stmt.query_map([&ids], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
    })? {
        let (version_id, area) = row?;
        areas.entry(version_id).or_default().push(area);
    }

    let mut tallies = adoption_tallies(conn, &version_ids)?;

    let mut page = Vec::with_capacity(version_ids.len());
    for version_id in &version_ids {
        let Some(mut row) = rows.remove(version_id) else {
            continue;
        };
        let mut codes = areas.remove(version_id).unwrap_or_default();
        codes.sort_by_key(|code| reference.areas.iter().position(|a| &a.code == code));
        row.area_names = codes
            .iter()
            .map(|c| {
                reference
                    .area(c)
                    .map_or_else(|| c.clone(), |a| a.name.clone())
            })
            .collect();
        row.areas = codes;
        row.adoption = tallies.remove(version_id);
        page.push(row);
    }
    Ok(Page::new(page, total as u64, u64::from(query.offset)))
}
