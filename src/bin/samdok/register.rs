//! `samdok report`, `samdok calendar`, `samdok review …` and `samdok
//! verify`: the register as a whole — the report of the documents in force,
//! the calendar of its dates, the yearly review, and the check that it is
//! whole.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use samdok::export::{calendar, report, review};
use samdok::{time, watch, Store};

use crate::output::{self, Failure, Outcome};

#[derive(Subcommand)]
pub enum ReviewCommand {
    /// Registrera årets granskning av registret; förteckningen som den ser
    /// ut den dagen sparas med granskningen
    Record {
        /// Dagen granskningen gjordes (ÅÅÅÅ-MM-DD), annars i dag
        #[arg(long)]
        date: Option<String>,
        /// Vem som granskade
        #[arg(long)]
        by: String,
        #[arg(long, default_value = "")]
        note: String,
        #[arg(long)]
        json: bool,
    },
    /// Lista granskningarna, senaste året först
    List {
        #[arg(long)]
        json: bool,
    },
    /// Spara förteckningen som sparades med ett års granskning
    Report {
        year: i32,
        #[arg(long, value_name = "FILE.docx")]
        out: PathBuf,
    },
    /// Ta bort ett års granskning som registrerats av misstag
    Remove { year: i32 },
}

/// `samdok report`.
pub fn report(store: &Store, out: &Path, today: Option<&str>, json: bool) -> Outcome {
    let today = time::parse_date("today", "Datum", today)?.unwrap_or_else(time::today);
    let written = report::write_report(store.conn(), out, today)?;
    if json {
        return output::json(&written);
    }
    out!("{} ({} dokument)", written.path, written.documents);
    Ok(())
}

/// `samdok calendar`.
pub fn calendar(store: &Store, out: &Path, json: bool) -> Outcome {
    let written = calendar::write_calendar(store.conn(), out)?;
    if json {
        return output::json(&written);
    }
    out!("{} ({} händelser)", written.path, written.events);
    Ok(())
}

/// `samdok review …`.
pub fn review(store: &mut Store, command: ReviewCommand) -> Outcome {
    match command {
        ReviewCommand::Record {
            date,
            by,
            note,
            json,
        } => {
            let done = review::record(
                store,
                &review::ReviewInput {
                    reviewed_on: date,
                    reviewed_by: by,
                    note,
                },
            )?;
            if json {
                return output::json(&done);
            }
            out!(
                "Registret granskat för {} ({}, {}); förteckningen med {} dokument sparad",
                done.year,
                done.reviewed_on,
                done.reviewed_by,
                done.documents
            );
            Ok(())
        }
        ReviewCommand::List { json } => {
            let all = review::list(store.conn())?;
            if json {
                return output::json(&all);
            }
            for r in &all {
                out!(
                    "{}  {}  {:<24} {:>4} dokument  {}",
                    r.year,
                    r.reviewed_on,
                    r.reviewed_by,
                    r.documents,
                    r.note.lines().next().unwrap_or_default()
                );
            }
            Ok(())
        }
        ReviewCommand::Report { year, out } => {
            review::copy_report(store, year, &out)?;
            out!("{}", out.display());
            Ok(())
        }
        ReviewCommand::Remove { year } => {
            review::remove(store, year)?;
            out!("Granskningen för {year} är borttagen.");
            Ok(())
        }
    }
}

#[derive(Subcommand)]
pub enum WatchCommand {
    /// Skjut upp en punkt i översikten till en dag, med en anteckning
    Snooze {
        /// Punktens nyckel (se samdok watch --json)
        key: String,
        /// Dagen punkten visas igen (ÅÅÅÅ-MM-DD)
        #[arg(long)]
        until: String,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Visa en uppskjuten punkt igen
    Unsnooze { key: String },
}

/// `samdok watch`: the attention list, or a snooze.
pub fn watch(
    store: &mut Store,
    command: Option<WatchCommand>,
    today: Option<&str>,
    options: watch::WatchOptions,
    json: bool,
) -> Outcome {
    match command {
        Some(WatchCommand::Snooze { key, until, note }) => {
            let until =
                time::parse_date("until", "Skjut upp till", Some(&until))?.ok_or_else(|| {
                    samdok::Error::invalid("until", "Ange dagen punkten ska visas igen.")
                })?;
            watch::snooze(store, &key, until, &note)?;
            out!("Uppskjuten till {until}: {key}");
            Ok(())
        }
        Some(WatchCommand::Unsnooze { key }) => {
            watch::unsnooze(store, &key)?;
            out!("Visas igen: {key}");
            Ok(())
        }
        None => {
            let today = time::parse_date("today", "Datum", today)?.unwrap_or_else(time::today);
            let list = watch::attention(store.conn(), today, &options)?;
            if json {
                return output::json(&list);
            }
            for item in &list.items {
                let snoozed = item
                    .snoozed
                    .as_ref()
                    .map(|s| format!(" [uppskjuten till {}]", s.until))
                    .unwrap_or_default();
                let what = match item.document_title.as_str() {
                    "" => item.kind_name.clone(),
                    title => format!("{} – {title}", item.kind_name),
                };
                out!("{what}{snoozed}");
                out!("    {}", item.reason);
            }
            if list.items.is_empty() {
                out!("Inget behöver göras i dag.");
            }
            if list.items.len() < list.total {
                out!("({} av {} punkter visas.)", list.items.len(), list.total);
            }
            if list.snoozed > 0 && !options.include_snoozed {
                match list.snoozed {
                    1 => out!("(1 uppskjuten punkt visas med --all.)"),
                    n => out!("({n} uppskjutna punkter visas med --all.)"),
                }
            }
            Ok(())
        }
    }
}

/// `samdok verify`: what the check found; exit status 1 when anything.
pub fn verify(store: &Store, json: bool) -> Outcome {
    let found = samdok::db::verify::verify(store)?;
    if json {
        output::json(&found)?;
    } else if found.ok {
        out!(
            "Registret är i ordning: {} dokument, {} rundor och {} bilagor kontrollerade \
             (schemaversion {}).",
            found.documents,
            found.rounds,
            found.attachments,
            found.schema_version
        );
    } else {
        out!(
            "Registret har {}:",
            if found.problems.len() == 1 {
                "ett fel".to_owned()
            } else {
                format!("{} fel", found.problems.len())
            }
        );
        for problem in &found.problems {
            out!("  - {}", problem.message);
        }
        out!("Inget har ändrats.");
    }
    if found.ok {
        Ok(())
    } else {
        Err(Failure::Found(1))
    }
}
