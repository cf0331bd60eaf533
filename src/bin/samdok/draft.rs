//! `samdok draft`, `samdok attach` and `samdok check`: Word drafts on the
//! joint template, attaching an edited draft, and checking any .docx.

use std::path::Path;
use std::process::ExitCode;

use samdok::{DocumentId, Store};

use crate::output::{self, Outcome};

/// `samdok draft`: a new draft of the document, written to `out`.
pub fn generate(store: &mut Store, id: i64, out: &Path, json: bool) -> Outcome {
    let record = samdok::drafts::record::save_generated(store, DocumentId(id), out)?;
    if json {
        return output::json(&record);
    }
    out!("{}", record.saved_path.unwrap_or_default());
    Ok(())
}

/// `samdok attach`: the edited draft, checked and stored as the working draft.
pub fn attach(store: &mut Store, id: i64, file: &Path, json: bool) -> Outcome {
    let (record, report) = samdok::drafts::record::attach(store, DocumentId(id), file)?;
    if json {
        return output::json(&serde_json::json!({ "draft": record, "check": report }));
    }
    out!(
        "Bifogad som arbetsversion: {} ({})",
        record.file_name,
        if report.complies {
            "följer mallen"
        } else {
            "avviker från mallen"
        }
    );
    Ok(())
}

/// `samdok check`: 0 when the file complies, 1 when it does not, 2 when it
/// cannot be read.
pub fn check(file: &Path, json: bool) -> Outcome<ExitCode> {
    use samdok::drafts::check::{self, ItemStatus};
    let report = match check::check_file(file) {
        Ok(report) => report,
        Err(error) => {
            note!("samdok: {}: {error}", file.display());
            return Ok(ExitCode::from(2));
        }
    };
    if json {
        output::json(&report)?;
    } else {
        out!(
            "{}: {}",
            file.display(),
            if report.complies {
                "följer mallen"
            } else {
                "följer inte mallen"
            }
        );
        for item in &report.items {
            let mark = if matches!(item.status, ItemStatus::Present) {
                "✓"
            } else {
                "✗"
            };
            out!("  {mark} {}: {}", item.label, item.message);
        }
        if let Some(note) = &report.note {
            out!("{note}");
        }
        if !report.placeholders.is_empty() {
            out!("Mallens vägledning står kvar under:");
            for p in &report.placeholders {
                out!("  - {}", p.section);
            }
        }
    }
    Ok(if report.complies {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
