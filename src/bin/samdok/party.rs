//! `samdok parties` and `samdok party …`: the 17 parties and their contacts.

use clap::Subcommand;
use samdok::parties;
use samdok::{Error, Store};

use crate::output::{self, Outcome};

#[derive(Subcommand)]
pub enum PartyCommand {
    /// Partens sida: rundorna den fått och hur den svarat, dess synpunkter
    /// och hur de hanterats, och dokumenten den antagit
    Show {
        /// Partens namn eller id
        party: String,
        #[arg(long)]
        json: bool,
    },
    /// Ange adressen en rundtyp skickas till för en part
    Contact {
        /// Partens namn eller id
        party: String,
        /// remiss (politisk nivå) eller synpunktsrunda (tjänstepersonsnivå)
        #[arg(long = "for")]
        level: String,
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: Option<String>,
    },
}

/// `samdok parties`: the parties in the guideline's order with contacts.
pub fn list(store: &Store, json: bool) -> Outcome {
    let list = parties::list(store.conn())?;
    if json {
        return output::json(&list);
    }
    for party in list {
        out!("{:>3}  {}", party.id.0, party.name);
        for c in &party.contacts {
            let who = [
                c.name.as_str(),
                c.role.as_str(),
                c.email.as_str(),
                c.phone.as_str(),
            ]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
            out!("       {}: {who}", c.level.label());
        }
    }
    Ok(())
}

pub fn run(store: &mut Store, command: PartyCommand) -> Outcome {
    match command {
        PartyCommand::Show { party, json } => {
            let party = parties::find(store.conn(), &party)?;
            let page = samdok::party_page::page(store.conn(), party.id, samdok::time::today())?;
            if json {
                return output::json(&page);
            }
            out!("{}", page.party.name);
            out!("{}", page.tally_text);
            out!("Rundor:");
            for r in &page.rounds {
                let late = r
                    .days_late
                    .map(|d| format!(" ({d} dagar sent)"))
                    .unwrap_or_default();
                out!(
                    "  {}  {:<15} {:<16}{late}  {}  {}",
                    r.deadline,
                    r.kind_name,
                    r.answered_name,
                    r.position_name.as_deref().unwrap_or(""),
                    r.document_title
                );
            }
            if !page.comments.is_empty() {
                out!("Synpunkter:");
                for c in &page.comments {
                    out!(
                        "  {} – {}: {} [{}]",
                        c.document_title,
                        c.section,
                        c.text.lines().next().unwrap_or_default(),
                        c.disposition_name
                    );
                }
            }
            if !page.adopted.is_empty() {
                out!("Antagna dokument:");
                for a in &page.adopted {
                    out!("  {}  {}  ({})", a.decided_on, a.document_title, a.body);
                }
            }
            Ok(())
        }
        PartyCommand::Contact {
            party,
            level,
            email,
            name,
        } => {
            let party = parties::find(store.conn(), &party)?;
            let level = parties::ContactLevel::parse(&level).ok_or_else(|| {
                Error::invalid(
                    "for",
                    format!("Okänd nivå «{level}». Ange remiss eller synpunktsrunda."),
                )
            })?;
            let contact =
                parties::set_level_contact(store, party.id, level, &email, name.as_deref())?;
            out!("{}: {} {}", party.name, level.label(), contact.email);
            Ok(())
        }
    }
}
