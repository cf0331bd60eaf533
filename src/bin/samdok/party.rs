//! `samdok parties` and `samdok party …`: the 17 parties and their contacts.

use clap::Subcommand;
use samdok::parties;
use samdok::{Error, Store};

use crate::output::{self, Outcome};

#[derive(Subcommand)]
pub enum PartyCommand {
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
