//! `samdok round …` and `samdok package`: remiss, synpunktsrunda and
//! adoption rounds, ticking off answers and decisions, reminders, and the
//! round's package.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use samdok::parties;
use samdok::{time, DocumentId, Error, Store};

use crate::output::{self, Outcome};

#[derive(Subcommand)]
pub enum RoundCommand {
    /// Öppna en runda på ett dokuments aktuella version (skriver ut rundans id)
    New {
        doc_id: i64,
        /// remiss, synpunktsrunda eller antagande
        #[arg(long)]
        kind: String,
        /// Sista svarsdag (ÅÅÅÅ-MM-DD)
        #[arg(long)]
        deadline: String,
        /// Mottagare: namn eller id, kommaseparerade (standard: dokumentets ingående parter)
        #[arg(long, value_delimiter = ',')]
        parties: Option<Vec<String>>,
        /// Utskicksdag (ÅÅÅÅ-MM-DD); utan den är rundan under förberedelse
        #[arg(long)]
        sent_date: Option<String>,
        #[arg(long, default_value = "")]
        subject: String,
        /// Diarienummer som svaren ska ange
        #[arg(long, default_value = "")]
        diarienummer: String,
        /// Adress svaren skickas till (i ett antagande: dit protokollsutdragen skickas)
        #[arg(long, default_value = "")]
        reply_address: String,
        /// Kontaktperson, som undertecknar missivet
        #[arg(long, default_value = "")]
        contact_name: String,
        /// Kontaktpersonens titel, t.ex. "Enhetschef Nya perspektiv"
        #[arg(long, default_value = "")]
        contact_title: String,
        #[arg(long, default_value = "")]
        contact_email: String,
        #[arg(long, default_value = "")]
        contact_phone: String,
        #[arg(long)]
        json: bool,
    },
    /// Markera en mottagares svar, avstående, beslut om antagande,
    /// påminnelse eller utskick
    Mark {
        round_id: i64,
        /// Partens namn eller id
        party: String,
        #[arg(long, group = "what")]
        received: bool,
        #[arg(long, group = "what")]
        declined: bool,
        #[arg(long, group = "what")]
        reminded: bool,
        #[arg(long, group = "what")]
        sent: bool,
        /// Antagandeomgång: parten har antagit dokumentet
        #[arg(long, group = "what")]
        adopted: bool,
        /// Antagandeomgång: parten har beslutat att inte anta dokumentet
        #[arg(long, group = "what")]
        not_adopted: bool,
        /// Antagandeomgång: ärendet har återremitterats
        #[arg(long, group = "what")]
        referred_back: bool,
        /// Ångra senaste svar/avstående/beslut, annars senaste påminnelse
        #[arg(long, group = "what")]
        undo: bool,
        /// Beslutande organ, t.ex. kommunfullmäktige (med --adopted,
        /// --not-adopted, --referred-back)
        #[arg(long)]
        body: Option<String>,
        /// Partens eget diarienummer för ärendet
        #[arg(long, default_value = "")]
        their_diarienummer: String,
        /// Datum (ÅÅÅÅ-MM-DD), annars i dag
        #[arg(long)]
        date: Option<String>,
        /// Ställning: tillstyrker, tillstyrker_med_synpunkter, avstyrker, inga_synpunkter, avstar
        #[arg(long)]
        position: Option<String>,
    },
    /// Bifoga en fil som en part skickat med sitt svar (yttrande, protokollsutdrag)
    Attach {
        round_id: i64,
        /// Partens namn eller id
        party: String,
        file: PathBuf,
    },
    /// Visa en rundas mottagare och svar
    Status {
        round_id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Påminn parterna som inte har svarat: lista dem med adresser, skriv
    /// påminnelser (.eml) i en ny mapp och registrera påminnelsen
    Remind {
        round_id: i64,
        /// Ny mapp för e-postutkasten; utan den listas bara parterna
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Skicka sammanställningen tillbaka (återkoppling): skriv den och ett
    /// e-postutkast (.eml) till varje part som svarat i en ny mapp, och
    /// registrera det på rundan
    Feedback {
        round_id: i64,
        /// Ny mapp för sammanställningen och e-postutkasten
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Registrera att nätverken godkänt dokumentet på nytt efter betydande
    /// ändringar i rundan
    Reapproved {
        round_id: i64,
        /// Datum (ÅÅÅÅ-MM-DD), annars i dag
        #[arg(long, conflicts_with = "undo")]
        date: Option<String>,
        /// Ta bort godkännandet
        #[arg(long)]
        undo: bool,
    },
    /// Lista rundor som väntar på svar
    List {
        /// Även rundor där alla har svarat
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(store: &mut Store, command: RoundCommand) -> Outcome {
    use samdok::rounds::{self, Mark, RoundId, RoundInput};
    match command {
        RoundCommand::New {
            doc_id,
            kind,
            deadline,
            parties: names,
            sent_date,
            subject,
            diarienummer,
            reply_address,
            contact_name,
            contact_title,
            contact_email,
            contact_phone,
            json,
        } => {
            let parties = names
                .map(|names| {
                    names
                        .iter()
                        .map(|n| parties::find(store.conn(), n).map(|p| p.id))
                        .collect::<samdok::Result<Vec<_>>>()
                })
                .transpose()?;
            let input = RoundInput {
                kind,
                parties,
                sent_date,
                deadline: Some(deadline),
                subject,
                diarienummer,
                reply_address,
                contact_name,
                contact_title,
                contact_email,
                contact_phone,
                ..RoundInput::default()
            };
            let id = rounds::open(store, DocumentId(doc_id), &input)?;
            if json {
                output::json(&serde_json::json!({ "id": id }))
            } else {
                out!("{id}");
                Ok(())
            }
        }
        RoundCommand::Mark {
            round_id,
            party,
            received,
            declined,
            reminded,
            sent,
            adopted,
            not_adopted,
            referred_back,
            undo,
            body,
            their_diarienummer,
            date,
            position,
        } => {
            let party = parties::find(store.conn(), &party)?;
            let on =
                time::parse_date("date", "Datum", date.as_deref())?.unwrap_or_else(time::today);
            let outcome = [
                (adopted, rounds::Outcome::Antagen),
                (not_adopted, rounds::Outcome::EjAntagen),
                (referred_back, rounds::Outcome::Aterremitterad),
            ]
            .into_iter()
            .find_map(|(chosen, outcome)| chosen.then_some(outcome));
            let mark = if let Some(outcome) = outcome {
                Mark::Decided(rounds::AdoptionDecision {
                    outcome,
                    body: body.unwrap_or_default(),
                    on,
                    their_diarienummer,
                })
            } else if received {
                Mark::Received { on, position }
            } else if declined {
                Mark::Declined(on)
            } else if reminded {
                Mark::Reminded(on)
            } else if sent {
                Mark::Sent(on)
            } else if undo {
                Mark::Undo
            } else {
                return Err(Error::invalid(
                    "mark",
                    "Ange vad som ska markeras: --received, --declined, --adopted, --not-adopted, \
                     --referred-back, --reminded, --sent eller --undo.",
                )
                .into());
            };
            rounds::mark(store, RoundId(round_id), party.id, &mark)?;
            let status = rounds::status(store.conn(), RoundId(round_id), time::today())?;
            let r = status.recipients.iter().find(|r| r.party_id == party.id);
            out!(
                "{}: {}",
                party.name,
                r.map_or_else(String::new, recipient_line)
            );
            if status.round.kind.is_adoption() {
                out!(
                    "{}",
                    samdok::labels::adopted_of(status.adopted, status.total)
                );
            }
            Ok(())
        }
        RoundCommand::Status { round_id, json } => {
            let status = rounds::status(store.conn(), RoundId(round_id), time::today())?;
            if json {
                return output::json(&status);
            }
            if status.round.kind.is_adoption() {
                out!(
                    "{} – {} (beslut senast {}, {}, {} av {} har beslutat)",
                    status.round.kind_name,
                    status.round.document_title,
                    status.round.deadline,
                    samdok::labels::adopted_of(status.adopted, status.total).to_lowercase(),
                    status.answered,
                    status.total
                );
            } else {
                out!(
                    "{} – {} (sista svarsdag {}, {} av {} har svarat)",
                    status.round.kind_name,
                    status.round.document_title,
                    status.round.deadline,
                    status.answered,
                    status.total
                );
            }
            for r in &status.recipients {
                let late = if r.overdue { "  SEN" } else { "" };
                out!("  {:<16} {}{late}", r.party_name, recipient_line(r));
            }
            Ok(())
        }
        RoundCommand::Attach {
            round_id,
            party,
            file,
        } => {
            let party = parties::find(store.conn(), &party)?;
            let stored = rounds::attach_answer_file(store, RoundId(round_id), party.id, &file)?;
            out!("{}: {} bifogad", party.name, stored.file_name);
            Ok(())
        }
        RoundCommand::Remind {
            round_id,
            out,
            json,
        } => {
            let id = RoundId(round_id);
            let Some(out) = out else {
                let late = samdok::export::package::without_answer(store, id)?;
                if json {
                    return output::json(&late);
                }
                for l in &late {
                    out!(
                        "{:<16} {}",
                        l.party_name,
                        l.email.as_deref().unwrap_or("(ingen e-postadress)")
                    );
                }
                return Ok(());
            };
            let result = samdok::export::package::remind(store, id, &out)?;
            if json {
                return output::json(&result);
            }
            out!(
                "Påminnelser skrivna till {}: {}",
                result.folder,
                result.reminded.join(", ")
            );
            for invalid in &result.invalid_addresses {
                out!("Varning: {}", invalid.message);
            }
            if !result.without_email.is_empty() {
                out!(
                    "Utan e-postadress (påminn på annat sätt): {}",
                    result.without_email.join(", ")
                );
            }
            Ok(())
        }
        RoundCommand::Feedback {
            round_id,
            out,
            json,
        } => crate::answer::feedback(store, round_id, &out, json),
        RoundCommand::Reapproved {
            round_id,
            date,
            undo,
        } => crate::answer::reapproved(store, round_id, date.as_deref(), undo),
        RoundCommand::List { all, json } => {
            let query = rounds::RoundQuery {
                include_done: all,
                ..Default::default()
            };
            let list = rounds::list(store.conn(), &query, time::today())?;
            if json {
                return output::json(&list.rows);
            }
            for r in list {
                out!(
                    "{:>4}  {:<15} {}  {:>2}/{:<2}  {}",
                    r.id.0,
                    r.kind_name,
                    r.deadline,
                    r.answered,
                    r.total,
                    r.document_title
                );
            }
            Ok(())
        }
    }
}

/// A recipient's status, with the decision's body, day and the party's
/// diarienummer in an adoption round.
fn recipient_line(r: &samdok::rounds::Recipient) -> String {
    match &r.adoption {
        Some(a) if a.their_diarienummer.is_empty() => {
            format!("{} ({} {})", r.status_name, a.body, a.decided_on)
        }
        Some(a) => format!(
            "{} ({} {}, dnr {})",
            r.status_name, a.body, a.decided_on, a.their_diarienummer
        ),
        None => r.status_name.clone(),
    }
}

/// `samdok package`: the round's remiss package as a zip or a new folder.
pub fn package(store: &mut Store, round_id: i64, out: &Path, json: bool) -> Outcome {
    let id = samdok::rounds::RoundId(round_id);
    let plan = samdok::export::package::plan(store, id)?;
    if !json {
        match plan.draft_source {
            samdok::export::DraftSource::WorkingDraft => {
                note!("Utkast: arbetsversionen {}", plan.draft_file_name)
            }
            samdok::export::DraftSource::Generated => note!(
                "Utkast: ingen arbetsversion är bifogad; ett nytt utkast skapas ({})",
                plan.draft_file_name
            ),
        }
        if !plan.draft_problems.is_empty() {
            note!(
                "Varning: utkastet saknar eller har fel på: {}",
                plan.draft_problems.join(", ")
            );
        }
        for invalid in &plan.invalid_addresses {
            note!("Varning: {}", invalid.message);
        }
        if !plan.recipients_without_email.is_empty() {
            note!(
                "Ingen e-postadress för rundans nivå (inget e-postutkast): {}",
                plan.recipients_without_email.join(", ")
            );
        }
    }
    let dispatch = samdok::export::package::export_package(store, id, out, &mut |_, _| {})?;
    if json {
        return output::json(&dispatch);
    }
    out!(
        "{} ({} filer)",
        dispatch.destination,
        dispatch.manifest.entries.len()
    );
    Ok(())
}
