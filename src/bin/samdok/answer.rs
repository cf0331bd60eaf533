//! `samdok answer …`, `samdok comment …` and `samdok compile`: returned
//! svarsmallar read into the round, comments by hand, decisions, and the
//! compilation.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use samdok::answers::{self, Choice, ImportOptions, ImportState};
use samdok::comments::{self, CommentId, CommentInput, DecisionInput};
use samdok::rounds::RoundId;
use samdok::{parties, time, Store};

use crate::output::{self, Outcome};

#[derive(Subcommand)]
pub enum AnswerCommand {
    /// Läs in en ifylld svarsmall (.docx): parten och rundan hittas i filen;
    /// svaret, ställningen, synpunkterna och filen registreras
    Import {
        round_id: i64,
        file: PathBuf,
        /// Dagen svaret kom in (ÅÅÅÅ-MM-DD), annars i dag
        #[arg(long)]
        date: Option<String>,
        /// Ersätt partens tidigare inlästa svarsmall och dess synpunkter
        #[arg(long, conflicts_with = "add")]
        replace: bool,
        /// Lägg till synpunkterna utöver partens tidigare inlästa svarsmall
        #[arg(long)]
        add: bool,
        /// Visa bara vad som lästes; registrera inget
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum CommentCommand {
    /// Lägg till en synpunkt för hand (svar som brev eller pdf)
    Add {
        round_id: i64,
        /// Partens namn eller id
        party: String,
        /// Avsnitt: en rubrik i mallen eller «Övrigt»
        #[arg(long)]
        section: String,
        /// Synpunkten
        #[arg(long)]
        text: String,
        /// Förslag till ändring
        #[arg(long, default_value = "")]
        proposal: String,
        #[arg(long)]
        json: bool,
    },
    /// Lista en rundas synpunkter med ställningstaganden
    List {
        round_id: i64,
        /// Bara de som ännu inte är hanterade
        #[arg(long)]
        open: bool,
        #[arg(long)]
        json: bool,
    },
    /// Ta ställning till en eller flera synpunkter (flera id: ett gemensamt
    /// ställningstagande för samma sak från flera parter)
    Decide {
        #[arg(required = true, num_args = 1..)]
        comment_ids: Vec<i64>,
        /// beaktad, delvis, ej-beaktad eller noterad
        #[arg(long)]
        disposition: String,
        /// Motivering (krävs för delvis och ej-beaktad)
        #[arg(long, default_value = "")]
        motivation: String,
        /// Ändringen är betydande: dokumentet ska godkännas på nytt i nätverken
        #[arg(long)]
        significant: bool,
    },
    /// Ta bort ställningstagandet för en eller flera synpunkter
    Undecide {
        #[arg(required = true, num_args = 1..)]
        comment_ids: Vec<i64>,
    },
    /// Rätta en synpunkts avsnitt, text eller förslag
    Edit {
        comment_id: i64,
        #[arg(long)]
        section: Option<String>,
        #[arg(long)]
        text: Option<String>,
        #[arg(long)]
        proposal: Option<String>,
    },
    /// Ta bort en synpunkt som lagts till av misstag
    Remove { comment_id: i64 },
}

pub fn answer(store: &mut Store, command: AnswerCommand) -> Outcome {
    let AnswerCommand::Import {
        round_id,
        file,
        date,
        replace,
        add,
        dry_run,
        json,
    } = command;
    let round = RoundId(round_id);
    if dry_run {
        let preview = answers::preview(store.conn(), round, &file)?;
        if json {
            return output::json(&preview);
        }
        print_preview(&preview)?;
        return Ok(());
    }
    let options = ImportOptions {
        received_on: time::parse_date("date", "Datum", date.as_deref())?,
        choice: if replace {
            Some(Choice::Replace)
        } else if add {
            Some(Choice::Add)
        } else {
            None
        },
    };
    let imported = answers::import(store, round, &file, &options)?;
    if json {
        return output::json(&imported);
    }
    print_preview(&imported.preview)?;
    if imported.recorded {
        out!(
            "Registrerat: {} – svar {}, {} {}{}",
            imported.preview.party_name,
            imported
                .received_on
                .map_or_else(String::new, |d| d.to_string()),
            imported.comments_added,
            if imported.comments_added == 1 {
                "synpunkt"
            } else {
                "synpunkter"
            },
            if imported.comments_replaced > 0 {
                format!(" (ersatte {} tidigare)", imported.comments_replaced)
            } else {
                String::new()
            }
        );
    } else {
        out!("Samma svarsmall är redan inläst; inget har ändrats.");
    }
    Ok(())
}

fn print_preview(p: &answers::Preview) -> Outcome {
    out!("Part: {}", p.party_name);
    out!(
        "Ställning: {}",
        match (&p.position_name, p.positions_ticked.len()) {
            (Some(name), _) => name.clone(),
            (None, 0) => "ingen markerad".to_owned(),
            (None, _) => format!("flera markerade ({})", p.positions_ticked.join(", ")),
        }
    );
    for c in &p.comments {
        let written = if c.known_section || c.section_written.trim().is_empty() {
            String::new()
        } else {
            " (egen rubrik)".to_owned()
        };
        out!("Rad {}: {}{written}", c.row, c.section);
        if !c.text.is_empty() {
            out!("  Synpunkt: {}", c.text.replace('\n', "\n            "));
        }
        if !c.proposal.is_empty() {
            out!("  Förslag:  {}", c.proposal.replace('\n', "\n            "));
        }
    }
    for (label, value) in &p.respondent {
        out!("{label}: {value}");
    }
    for problem in &p.problems {
        out!("Kunde inte läsas: {problem}");
    }
    for warning in &p.warnings {
        out!("Kontrollera: {warning}");
    }
    match &p.state {
        ImportState::New => {}
        ImportState::AlreadyImported { stored_on } => {
            out!("Filen lästes redan in {stored_on}.")
        }
        ImportState::OtherForm {
            file_name,
            stored_on,
            comments,
        } => out!(
            "Parten har redan en inläst svarsmall ({file_name}, {stored_on}, {comments} synpunkter): ange --replace eller --add."
        ),
    }
    Ok(())
}

pub fn comment(store: &mut Store, command: CommentCommand) -> Outcome {
    match command {
        CommentCommand::Add {
            round_id,
            party,
            section,
            text,
            proposal,
            json,
        } => {
            let party = parties::find(store.conn(), &party)?;
            let id = comments::add(
                store,
                RoundId(round_id),
                party.id,
                &CommentInput {
                    section,
                    text,
                    proposal,
                },
            )?;
            if json {
                return output::json(&comments::get(store.conn(), id)?);
            }
            out!("{id}");
            Ok(())
        }
        CommentCommand::List {
            round_id,
            open,
            json,
        } => {
            let mut list = comments::list(store.conn(), RoundId(round_id))?;
            let progress = comments::progress(&list);
            if open {
                list.retain(|c| c.decision.is_none());
            }
            if json {
                return output::json(&list);
            }
            out!("{}", progress.text);
            let mut section = "";
            for c in &list {
                if c.section != section {
                    out!("");
                    out!("{}", c.section);
                    section = &c.section;
                }
                let decision = c.decision.as_ref().map_or_else(
                    || "ej hanterad".to_owned(),
                    |d| {
                        let mut s = d.disposition_name.clone();
                        if d.significant {
                            s.push_str(", betydande ändring");
                        }
                        if d.comment_ids.len() > 1 {
                            s.push_str(&format!(", gemensamt för {}", d.comment_ids.len()));
                        }
                        s
                    },
                );
                out!("  {:>4}  {:<16} [{decision}]", c.id.0, c.party_name);
                if !c.text.is_empty() {
                    out!("        {}", c.text.replace('\n', "\n        "));
                }
                if !c.proposal.is_empty() {
                    out!(
                        "        Förslag: {}",
                        c.proposal.replace('\n', "\n        ")
                    );
                }
                if let Some(d) = c.decision.as_ref().filter(|d| !d.motivation.is_empty()) {
                    out!(
                        "        Motivering: {}",
                        d.motivation.replace('\n', "\n        ")
                    );
                }
            }
            Ok(())
        }
        CommentCommand::Decide {
            comment_ids,
            disposition,
            motivation,
            significant,
        } => {
            let ids: Vec<CommentId> = comment_ids.into_iter().map(CommentId).collect();
            comments::decide(
                store,
                &ids,
                &DecisionInput {
                    disposition,
                    motivation,
                    significant,
                },
            )?;
            let first = comments::get(store.conn(), ids[0])?;
            let all = comments::list(store.conn(), first.round_id)?;
            out!("{}", comments::progress(&all).text);
            Ok(())
        }
        CommentCommand::Undecide { comment_ids } => {
            let ids: Vec<CommentId> = comment_ids.into_iter().map(CommentId).collect();
            comments::undecide(store, &ids)?;
            let first = comments::get(store.conn(), ids[0])?;
            let all = comments::list(store.conn(), first.round_id)?;
            out!("{}", comments::progress(&all).text);
            Ok(())
        }
        CommentCommand::Edit {
            comment_id,
            section,
            text,
            proposal,
        } => {
            let id = CommentId(comment_id);
            let c = comments::get(store.conn(), id)?;
            comments::edit(
                store,
                id,
                &CommentInput {
                    section: section.unwrap_or(c.section),
                    text: text.unwrap_or(c.text),
                    proposal: proposal.unwrap_or(c.proposal),
                },
            )?;
            out!("Synpunkt {id} ändrad");
            Ok(())
        }
        CommentCommand::Remove { comment_id } => {
            comments::remove(store, CommentId(comment_id))?;
            out!("Synpunkt {comment_id} borttagen");
            Ok(())
        }
    }
}

/// `samdok compile`: the compilation as .docx or .xlsx.
pub fn compile(store: &mut Store, round_id: i64, out: &Path, json: bool) -> Outcome {
    let written = samdok::export::compile::write_compilation(store, RoundId(round_id), out)?;
    if json {
        return output::json(&written);
    }
    out!(
        "{} ({})",
        written.path,
        comments::handled_text(written.handled, written.comments)
    );
    Ok(())
}

/// `samdok round feedback`: the återkoppling into a new folder.
pub fn feedback(store: &mut Store, round_id: i64, out: &Path, json: bool) -> Outcome {
    let result = samdok::export::compile::feedback(store, RoundId(round_id), out)?;
    if json {
        return output::json(&result);
    }
    out!(
        "Återkoppling skriven till {}: {}",
        result.folder,
        result.sent_to.join(", ")
    );
    if !result.without_email.is_empty() {
        out!(
            "Utan e-postadress (skicka på annat sätt): {}",
            result.without_email.join(", ")
        );
    }
    Ok(())
}

/// `samdok round reapproved`: the networks approved the document again.
pub fn reapproved(store: &mut Store, round_id: i64, date: Option<&str>, undo: bool) -> Outcome {
    let on = if undo {
        None
    } else {
        Some(time::parse_date("date", "Datum", date)?.unwrap_or_else(time::today))
    };
    samdok::rounds::record_reapproval(store, RoundId(round_id), on)?;
    match on {
        Some(on) => out!("Godkänt på nytt i nätverken {on}"),
        None => out!("Godkännandet i nätverken borttaget"),
    }
    Ok(())
}
