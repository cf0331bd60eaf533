//! `samdok decision …`: a forum's ställningstagande on a document.

use std::io::{IsTerminal, Read};

use clap::Subcommand;
use samdok::resolutions::{self, Resolution, ResolutionId, ResolutionInput};
use samdok::{DocumentId, Store};

use crate::output::{self, Outcome};

#[derive(Subcommand)]
pub enum DecisionCommand {
    /// Registrera ett forums ställningstagande på dokumentets aktuella version.
    /// Nekas medan en betydande ändring väntar på nytt godkännande i nätverken
    Record {
        doc_id: i64,
        /// Forumet, t.ex. Ordföranderådet (se «samdok decision forums»)
        #[arg(long)]
        forum: String,
        /// Mötesdatum (ÅÅÅÅ-MM-DD), inte i framtiden
        #[arg(long)]
        date: String,
        /// Beslutet, en punkt per rad («1. », «2) » tas bort). Utan --text
        /// läses beslutet från standard in
        #[arg(long)]
        text: Option<String>,
        /// Parterna rekommenderas inte att anta dokumentet
        #[arg(long)]
        no_adoption: bool,
        #[arg(long)]
        json: bool,
    },
    /// Lista dokumentets ställningstaganden, senaste mötet först
    List {
        doc_id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Ta bort ett ställningstagande som registrerats av misstag
    Remove { resolution_id: i64 },
    /// Lista forumen man kan välja
    Forums,
}

pub fn run(store: &mut Store, command: DecisionCommand) -> Outcome {
    match command {
        DecisionCommand::Record {
            doc_id,
            forum,
            date,
            text,
            no_adoption,
            json,
        } => {
            let text = match text {
                Some(text) => text,
                None => read_stdin()?,
            };
            let input = ResolutionInput {
                forum,
                meeting_date: date,
                text,
                recommends_adoption: !no_adoption,
            };
            let id = resolutions::record(store, DocumentId(doc_id), &input)?;
            let recorded = resolutions::get(store.conn(), id)?;
            if json {
                return output::json(&recorded);
            }
            out!("{id}");
            Ok(())
        }
        DecisionCommand::List { doc_id, json } => {
            let list = resolutions::list(store.conn(), DocumentId(doc_id))?;
            if json {
                return output::json(&list);
            }
            if list.is_empty() {
                out!("Inget ställningstagande registrerat.");
            }
            for r in &list {
                show(r)?;
            }
            Ok(())
        }
        DecisionCommand::Remove { resolution_id } => {
            resolutions::remove(store, ResolutionId(resolution_id))?;
            out!("Ställningstagande {resolution_id} borttaget.");
            Ok(())
        }
        DecisionCommand::Forums => {
            for forum in &samdok::assets::reference()?.forums {
                out!("{forum}");
            }
            Ok(())
        }
    }
}

fn show(r: &Resolution) -> Outcome {
    out!(
        "{}\t{}\t{} (version {})",
        r.id,
        r.meeting_date,
        r.forum,
        r.version_no
    );
    for (n, point) in r.points.iter().enumerate() {
        out!("  {}. {point}", n + 1);
    }
    if r.recommends_adoption {
        out!("  Alla parter rekommenderas att anta dokumentet.");
    }
    Ok(())
}

/// The decision's text from standard input; nothing when it is a terminal
/// (the core then asks for the text).
fn read_stdin() -> Outcome<String> {
    let mut stdin = std::io::stdin();
    if stdin.is_terminal() {
        return Ok(String::new());
    }
    let mut text = String::new();
    stdin.read_to_string(&mut text).map_err(|e| {
        samdok::Error::invalid(
            "text",
            format!("Beslutet kunde inte läsas från standard in: {e}"),
        )
    })?;
    Ok(text)
}
