//! `samdok`: the command line over Samdok's core, for automation and tests.
//! Every command opens the same database as the window (see `samdok::config`).
//! Exit status: 0 on success, 1 when the input or the database is refused
//! (the reason on stderr, in Swedish), 2 when the command line itself is wrong.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use samdok::parties::{self, PartyId};
use samdok::register::{self, DocumentInput, ListQuery, SortField, ValidityFilter};
use samdok::{config, lifecycle, time, DocumentId, Error, Store};

#[derive(Parser)]
#[command(
    name = "samdok",
    version,
    about = "Samdok – registret över kommun- och regiongemensamma dokument"
)]
struct Cli {
    /// Databasfil (annars SAMDOK_DB, inställningen, eller appens datamapp)
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Lista de 17 parterna med kontakter
    Parties {
        #[arg(long)]
        json: bool,
    },
    /// Dokument i registret
    #[command(subcommand)]
    Doc(Box<DocCommand>),
    /// Remiss- och synpunktsrundor
    #[command(subcommand)]
    Round(Box<RoundCommand>),
    /// Exportera en rundas remisspaket (zip om PATH slutar på .zip, annars en ny mapp)
    Package {
        round_id: i64,
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Parternas kontakter
    #[command(subcommand)]
    Party(PartyCommand),
    /// Var databasen ligger
    Where,
    /// Skapa ett Word-utkast av ett dokument enligt den gemensamma mallen
    Draft {
        id: i64,
        /// Filen att skriva (.docx)
        #[arg(long, value_name = "FILE.docx")]
        out: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Bifoga en redigerad arbetsversion (.docx) till ett dokument
    Attach {
        id: i64,
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Kontrollera att en .docx har mallens obligatoriska rubriker.
    /// Slutstatus 0 = följer mallen, 1 = avviker, 2 = filen kan inte läsas
    Check {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum DocCommand {
    /// Registrera ett nytt dokument (skriver ut dess id)
    Add {
        #[command(flatten)]
        fields: FieldArgs,
        #[arg(long)]
        json: bool,
    },
    /// Ändra ett dokuments aktuella version (bara angivna fält ändras)
    Edit {
        id: i64,
        #[command(flatten)]
        fields: FieldArgs,
    },
    /// Lista registret
    List {
        /// Sök på ord i titel, anteckningar, dokumentägare eller diarienummer
        #[arg(long)]
        search: Option<String>,
        /// Sortera efter: title, type, stage, owner, diarienummer, valid-from, valid-to, version, updated
        #[arg(long, default_value = "title")]
        sort: String,
        /// Fallande ordning
        #[arg(long)]
        desc: bool,
        #[arg(long = "type")]
        doc_type: Option<String>,
        #[arg(long)]
        stage: Option<String>,
        #[arg(long)]
        area: Option<String>,
        /// gallande, gar-ut, utgangen, kommande eller ej-angiven
        #[arg(long)]
        validity: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Visa ett dokument
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Flytta ett dokument till ett steg i processen
    Stage {
        id: i64,
        /// Stegets kod eller namn, t.ex. dialog eller "Utkast enligt mall"
        stage: String,
        #[arg(long, default_value = "")]
        comment: String,
        /// Datum för stegbytet (ÅÅÅÅ-MM-DD), annars i dag
        #[arg(long)]
        date: Option<String>,
    },
    /// Påbörja en revidering: en ny version som utgår från den aktuella
    Revise {
        id: i64,
        #[arg(long, default_value = "")]
        comment: String,
    },
}

#[derive(Subcommand)]
enum RoundCommand {
    /// Öppna en runda på ett dokuments aktuella version (skriver ut rundans id)
    New {
        doc_id: i64,
        /// remiss eller synpunktsrunda
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
        /// Adress svaren skickas till
        #[arg(long, default_value = "")]
        reply_address: String,
        #[arg(long)]
        json: bool,
    },
    /// Markera en mottagares svar, avstående, påminnelse eller utskick
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
        /// Ångra senaste svar/avstående, annars senaste påminnelse
        #[arg(long, group = "what")]
        undo: bool,
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
    /// Lista rundor som väntar på svar
    List {
        /// Även rundor där alla har svarat
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum PartyCommand {
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

#[derive(Args, Default)]
struct FieldArgs {
    #[arg(long)]
    title: Option<String>,
    /// Dokumenttyp (kod eller namn, t.ex. riktlinje)
    #[arg(long = "type")]
    doc_type: Option<String>,
    /// Dokumentägare
    #[arg(long)]
    owner: Option<String>,
    #[arg(long)]
    diarienummer: Option<String>,
    /// Giltig fr.o.m. (ÅÅÅÅ-MM-DD)
    #[arg(long)]
    valid_from: Option<String>,
    /// Giltig t.o.m. (ÅÅÅÅ-MM-DD)
    #[arg(long)]
    valid_to: Option<String>,
    /// Framtagen inom (forum eller grupp)
    #[arg(long)]
    developed_within: Option<String>,
    #[arg(long)]
    organisation: Option<String>,
    /// Fastställare
    #[arg(long)]
    approver: Option<String>,
    /// Utarbetad av
    #[arg(long)]
    prepared_by: Option<String>,
    /// Gäller för: områdeskoder, kommaseparerade
    #[arg(long, value_delimiter = ',')]
    areas: Option<Vec<String>>,
    /// Ingående parter: namn eller id, kommaseparerade (standard: alla 17)
    #[arg(long, value_delimiter = ',')]
    parties: Option<Vec<String>>,
    #[arg(long)]
    vida_link: Option<String>,
    /// Lagstöd
    #[arg(long)]
    legal_basis: Option<String>,
    /// Uppföljningsintervall i månader
    #[arg(long)]
    followup_months: Option<i64>,
    /// Ansvarig för uppföljning
    #[arg(long)]
    followup_owner: Option<String>,
    #[arg(long)]
    notes: Option<String>,
}

impl FieldArgs {
    /// Lays the given options over `base`.
    fn apply(self, store: &Store, mut base: DocumentInput) -> samdok::Result<DocumentInput> {
        let set = |target: &mut String, value: Option<String>| {
            if let Some(v) = value {
                *target = v;
            }
        };
        set(&mut base.title, self.title);
        set(&mut base.doc_type, self.doc_type);
        set(&mut base.owner, self.owner);
        set(&mut base.diarienummer, self.diarienummer);
        set(&mut base.developed_within, self.developed_within);
        set(&mut base.organisation, self.organisation);
        set(&mut base.approver, self.approver);
        set(&mut base.prepared_by, self.prepared_by);
        set(&mut base.vida_link, self.vida_link);
        set(&mut base.legal_basis, self.legal_basis);
        set(&mut base.followup_owner, self.followup_owner);
        set(&mut base.notes, self.notes);
        if self.valid_from.is_some() {
            base.valid_from = self.valid_from;
        }
        if self.valid_to.is_some() {
            base.valid_to = self.valid_to;
        }
        if let Some(areas) = self.areas {
            base.areas = areas;
        }
        if self.followup_months.is_some() {
            base.followup_interval_months = self.followup_months;
        }
        if let Some(names) = self.parties {
            let ids = names
                .iter()
                .map(|n| parties::find(store.conn(), n).map(|p| p.id))
                .collect::<samdok::Result<Vec<PartyId>>>()
                .map_err(|e| match e {
                    Error::Invalid(mut errors) => {
                        errors.iter_mut().for_each(|fe| fe.field = "parties".into());
                        Error::Invalid(errors)
                    }
                    other => other,
                })?;
            base.parties = Some(ids);
        }
        Ok(base)
    }
}

fn input_from(version: &register::Version) -> DocumentInput {
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Check { file, json } = &cli.command {
        return check(file, *json);
    }
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let fields = error.field_errors();
            if fields.len() > 1 {
                eprintln!("samdok: uppgifterna godtogs inte:");
                for fe in fields {
                    eprintln!("  - {}", fe.message);
                }
            } else {
                eprintln!("samdok: {error}");
            }
            ExitCode::from(1)
        }
    }
}

/// `samdok check`: 0 when the file complies, 1 when it does not, 2 when it
/// cannot be read.
fn check(file: &std::path::Path, json: bool) -> ExitCode {
    use samdok::drafts::check::{self, ItemStatus};
    let report = match check::check_file(file) {
        Ok(report) => report,
        Err(error) => {
            eprintln!("samdok: {}: {error}", file.display());
            return ExitCode::from(2);
        }
    };
    if json {
        if print_json(&report).is_err() {
            return ExitCode::from(2);
        }
    } else {
        println!(
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
            println!("  {mark} {}: {}", item.label, item.message);
        }
        if !report.placeholders.is_empty() {
            println!("Mallens vägledning står kvar under:");
            for p in &report.placeholders {
                println!("  - {}", p.section);
            }
        }
    }
    if report.complies {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn print_json(value: &impl serde::Serialize) -> samdok::Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(std::io::Error::other)?;
    println!("{text}");
    Ok(())
}

fn run(cli: Cli) -> samdok::Result<()> {
    let location = config::resolve_db_path(cli.db.as_deref());
    if let Command::Where = cli.command {
        println!("{} ({})", location.path.display(), location.source);
        return Ok(());
    }
    let mut store = Store::open(&location.path)?;
    match cli.command {
        Command::Where | Command::Check { .. } => Ok(()),
        Command::Draft { id, out, json } => {
            let record = samdok::drafts::record::save_generated(&mut store, DocumentId(id), &out)?;
            if json {
                return print_json(&record);
            }
            println!("{}", record.saved_path.unwrap_or_default());
            Ok(())
        }
        Command::Attach { id, file, json } => {
            let (record, report) =
                samdok::drafts::record::attach(&mut store, DocumentId(id), &file)?;
            if json {
                return print_json(&serde_json::json!({ "draft": record, "check": report }));
            }
            println!(
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
        Command::Parties { json } => {
            let list = parties::list(store.conn())?;
            if json {
                return print_json(&list);
            }
            for party in list {
                println!("{:>3}  {}", party.id.0, party.name);
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
                    println!("       {}: {who}", c.level.label());
                }
            }
            Ok(())
        }
        Command::Doc(command) => doc(&mut store, *command),
        Command::Round(command) => round(&mut store, *command),
        Command::Package {
            round_id,
            out,
            json,
        } => {
            let id = samdok::rounds::RoundId(round_id);
            let plan = samdok::dispatch::plan(&store, id)?;
            if !json {
                match plan.draft_source {
                    samdok::export::DraftSource::WorkingDraft => {
                        eprintln!("Utkast: arbetsversionen {}", plan.draft_file_name)
                    }
                    samdok::export::DraftSource::Generated => eprintln!(
                        "Utkast: ingen arbetsversion är bifogad; ett nytt utkast skapas ({})",
                        plan.draft_file_name
                    ),
                }
                if !plan.draft_problems.is_empty() {
                    eprintln!(
                        "Varning: utkastet saknar eller har fel på: {}",
                        plan.draft_problems.join(", ")
                    );
                }
                if !plan.recipients_without_email.is_empty() {
                    eprintln!(
                        "Ingen e-postadress för rundans nivå (inget e-postutkast): {}",
                        plan.recipients_without_email.join(", ")
                    );
                }
            }
            let dispatch = samdok::dispatch::export_package(&mut store, id, &out, &mut |_, _| {})?;
            if json {
                return print_json(&dispatch);
            }
            println!(
                "{} ({} filer)",
                dispatch.destination,
                dispatch.manifest.entries.len()
            );
            Ok(())
        }
        Command::Party(PartyCommand::Contact {
            party,
            level,
            email,
            name,
        }) => {
            let party = parties::find(store.conn(), &party)?;
            let level = parties::ContactLevel::parse(&level).ok_or_else(|| {
                Error::invalid(
                    "for",
                    format!("Okänd nivå «{level}». Ange remiss eller synpunktsrunda."),
                )
            })?;
            let contact =
                parties::set_level_contact(&mut store, party.id, level, &email, name.as_deref())?;
            println!("{}: {} {}", party.name, level.label(), contact.email);
            Ok(())
        }
    }
}

fn round(store: &mut Store, command: RoundCommand) -> samdok::Result<()> {
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
                ..RoundInput::default()
            };
            let id = rounds::open(store, DocumentId(doc_id), &input)?;
            if json {
                print_json(&serde_json::json!({ "id": id }))
            } else {
                println!("{id}");
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
            undo,
            date,
            position,
        } => {
            let party = parties::find(store.conn(), &party)?;
            let on =
                time::parse_date("date", "Datum", date.as_deref())?.unwrap_or_else(time::today);
            let mark = if received {
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
                    "Ange vad som ska markeras: --received, --declined, --reminded, --sent eller --undo.",
                ));
            };
            rounds::mark(store, RoundId(round_id), party.id, &mark)?;
            let status = rounds::status(store.conn(), RoundId(round_id), time::today())?;
            let r = status.recipients.iter().find(|r| r.party_id == party.id);
            println!(
                "{}: {}",
                party.name,
                r.map_or("", |r| r.status_name.as_str())
            );
            Ok(())
        }
        RoundCommand::Status { round_id, json } => {
            let status = rounds::status(store.conn(), RoundId(round_id), time::today())?;
            if json {
                return print_json(&status);
            }
            println!(
                "{} – {} (sista svarsdag {}, {} av {} har svarat)",
                status.round.kind_name,
                status.round.document_title,
                status.round.deadline,
                status.answered,
                status.total
            );
            for r in &status.recipients {
                let late = if r.overdue { "  SEN" } else { "" };
                println!("  {:<16} {:<14}{late}", r.party_name, r.status_name);
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
            println!("{}: {} bifogad", party.name, stored.file_name);
            Ok(())
        }
        RoundCommand::Remind {
            round_id,
            out,
            json,
        } => {
            let id = RoundId(round_id);
            let Some(out) = out else {
                let late = samdok::dispatch::without_answer(store, id)?;
                if json {
                    return print_json(&late);
                }
                for l in &late {
                    println!(
                        "{:<16} {}",
                        l.party_name,
                        l.email.as_deref().unwrap_or("(ingen e-postadress)")
                    );
                }
                return Ok(());
            };
            let result = samdok::dispatch::remind(store, id, &out)?;
            if json {
                return print_json(&result);
            }
            println!(
                "Påminnelser skrivna till {}: {}",
                result.folder,
                result.reminded.join(", ")
            );
            if !result.without_email.is_empty() {
                println!(
                    "Utan e-postadress (påminn på annat sätt): {}",
                    result.without_email.join(", ")
                );
            }
            Ok(())
        }
        RoundCommand::List { all, json } => {
            let list = rounds::list(store.conn(), time::today(), all)?;
            if json {
                return print_json(&list);
            }
            for r in list {
                println!(
                    "{:>4}  {:<15} {}  {:>2}/{:<2}  {}",
                    r.id.0, r.kind_name, r.deadline, r.answered, r.total, r.document_title
                );
            }
            Ok(())
        }
    }
}

fn doc(store: &mut Store, command: DocCommand) -> samdok::Result<()> {
    match command {
        DocCommand::Add { fields, json } => {
            let input = fields.apply(store, DocumentInput::default())?;
            let id = register::create(store, &input)?;
            if json {
                print_json(&serde_json::json!({ "id": id }))
            } else {
                println!("{id}");
                Ok(())
            }
        }
        DocCommand::Edit { id, fields } => {
            let id = DocumentId(id);
            let current = register::current_version(store.conn(), id)?;
            let input = fields.apply(store, input_from(&current))?;
            let changed = register::update(store, id, &input)?;
            if changed.is_empty() {
                println!("Inget ändrades.");
            } else {
                let labels: Vec<&str> = changed.iter().map(|f| register::field_label(f)).collect();
                println!("Ändrade: {}", labels.join(", "));
            }
            Ok(())
        }
        DocCommand::List {
            search,
            sort,
            desc,
            doc_type,
            stage,
            area,
            validity,
            json,
        } => {
            let sort = SortField::parse(&sort).ok_or_else(|| {
                Error::invalid(
                    "sort",
                    format!(
                        "Okänt sorteringsfält «{sort}». Välj ett av: {}.",
                        SortField::NAMES.join(", ")
                    ),
                )
            })?;
            let validity = validity
                .map(|v| {
                    ValidityFilter::parse(&v).ok_or_else(|| {
                        Error::invalid(
                            "validity",
                            format!("Okänd giltighet «{v}». Välj gallande, gar-ut, utgangen, kommande eller ej-angiven."),
                        )
                    })
                })
                .transpose()?;
            let reference = samdok::assets::reference()?;
            let stage = stage
                .map(|s| {
                    reference
                        .find_stage(&s)
                        .map(|st| st.code.clone())
                        .ok_or_else(|| Error::invalid("stage", format!("Okänt steg «{s}».")))
                })
                .transpose()?;
            let doc_type = doc_type
                .map(|t| {
                    reference
                        .find_document_type(&t)
                        .map(|c| c.code.clone())
                        .ok_or_else(|| {
                            Error::invalid("doc_type", format!("Okänd dokumenttyp «{t}»."))
                        })
                })
                .transpose()?;
            let query = ListQuery {
                search,
                doc_type,
                stage,
                area,
                validity,
                sort,
                descending: desc,
            };
            let rows = register::list(store.conn(), &query, time::today())?;
            if json {
                return print_json(&rows);
            }
            for r in rows {
                println!(
                    "{:>4}  {:<16}  {:<28}  {:>10}  {}",
                    r.id.0,
                    r.doc_type_name,
                    r.stage_name,
                    r.valid_to.map(|d| d.to_string()).unwrap_or_default(),
                    r.title
                );
            }
            Ok(())
        }
        DocCommand::Show { id, json } => {
            let detail = register::get(store.conn(), DocumentId(id), time::today())?;
            if json {
                return print_json(&detail);
            }
            let v = &detail.current;
            let f = &v.fields;
            let all = parties::list(store.conn())?;
            let party_names: Vec<&str> = f
                .parties
                .iter()
                .filter_map(|id| all.iter().find(|p| p.id == *id).map(|p| p.name.as_str()))
                .collect();
            let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
            println!("{}", f.title);
            for (label, value) in [
                ("Dokumenttyp", v.doc_type_name.clone()),
                ("Version", v.version_no.to_string()),
                ("Steg", v.stage_name.clone()),
                ("Giltighet", detail.validity_name.clone()),
                ("Framtagen inom", f.developed_within.clone()),
                ("Organisation", f.organisation.clone()),
                ("Dokumentägare", f.owner.clone()),
                ("Fastställare", f.approver.clone()),
                ("Giltig fr.o.m.", date(f.valid_from)),
                ("Giltig t.o.m.", date(f.valid_to)),
                ("Gäller för", v.area_names.join(", ")),
                ("Utarbetad av", f.prepared_by.clone()),
                (
                    "Ingående parter",
                    format!(
                        "{} av {}: {}",
                        party_names.len(),
                        all.len(),
                        party_names.join(", ")
                    ),
                ),
                ("Diarienummer", f.diarienummer.clone().unwrap_or_default()),
            ] {
                println!("  {label:<16} {value}");
            }
            println!("Historik:");
            for h in &detail.history {
                println!(
                    "  {}  v{}  {}  ({}) {}",
                    h.on_date, h.version_no, h.to_stage_name, h.actor, h.comment
                );
            }
            Ok(())
        }
        DocCommand::Stage {
            id,
            stage,
            comment,
            date,
        } => {
            let on_date = time::parse_date("on_date", "Datum", date.as_deref())?;
            lifecycle::set_stage(store, DocumentId(id), &stage, &comment, on_date)?;
            let detail = register::current_version(store.conn(), DocumentId(id))?;
            println!("{}: {}", detail.fields.title, detail.stage_name);
            Ok(())
        }
        DocCommand::Revise { id, comment } => {
            let version = register::open_revision(store, DocumentId(id), &comment)?;
            println!("Version {version} påbörjad.");
            Ok(())
        }
    }
}
