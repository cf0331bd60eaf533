//! Checking a document's input before it is stored: every problem at once,
//! each with the field it belongs to, in Swedish.

use rusqlite::{params, Connection, OptionalExtension};

use super::{field_label, DocumentId, DocumentInput, Fields};
use crate::assets;
use crate::error::{Error, FieldError, Result};
use crate::parties::{self, PartyId};
use crate::time;

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
                        crate::text::quoted(&input.doc_type),
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
                format!("Okänt område «{}».", crate::text::quoted(area)),
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
    // Every text field: no control characters (a terminal escape in a
    // title would rewrite the screen of whoever lists the register), none
    // but line breaks and tabs in the two free-text fields; and a length
    // limit (the title's, shorter, is checked above).
    let diarienummer = fields.diarienummer.as_deref().unwrap_or_default();
    for (field, value, one_line) in [
        ("title", fields.title.as_str(), true),
        ("developed_within", &fields.developed_within, true),
        ("organisation", &fields.organisation, true),
        ("owner", &fields.owner, true),
        ("approver", &fields.approver, true),
        ("prepared_by", &fields.prepared_by, true),
        ("diarienummer", diarienummer, true),
        ("vida_link", &fields.vida_link, true),
        ("followup_owner", &fields.followup_owner, true),
        ("legal_basis", &fields.legal_basis, false),
        ("notes", &fields.notes, false),
    ] {
        if let Some(problem) = crate::text::control_problem(field_label(field), value, one_line) {
            errors.push(FieldError::new(field, problem));
        } else if field != "title" && value.chars().count() > MAX_TEXT {
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
