//! `samdok`: the command line over Samdok's core, for automation and tests.
//! Every command opens the same database as the window (see `samdok::config`).
//! Exit status: 0 on success, 1 when the input or the database is refused
//! (the reason on stderr, in Swedish), 2 when the command line itself is wrong.
//!
//! One module per group of subcommands; each parses its arguments, calls
//! one core function and prints the result through [`output`], which never
//! panics on a closed or full standard output.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use samdok::{config, watch, Store};

#[macro_use]
mod output;
mod answer;
mod decision;
mod demo;
mod doc;
mod draft;
mod lifecycle;
mod party;
mod register;
mod round;

use output::Outcome;

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
    Doc(Box<doc::DocCommand>),
    /// Remiss- och synpunktsrundor
    #[command(subcommand)]
    Round(Box<round::RoundCommand>),
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
    Party(party::PartyCommand),
    /// Ifyllda svarsmallar som kommit tillbaka
    #[command(subcommand)]
    Answer(answer::AnswerCommand),
    /// Synpunkter i en rundas svar och ställningstaganden till dem
    #[command(subcommand)]
    Comment(answer::CommentCommand),
    /// Exportera en rundas sammanställning av svaren (.docx eller .xlsx)
    Compile {
        round_id: i64,
        /// Filen att skriva: .docx (att publicera) eller .xlsx (att arbeta vidare i)
        #[arg(long, value_name = "FILE.docx|FILE.xlsx")]
        out: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Forums ställningstagande på ett dokument
    #[command(subcommand)]
    Decision(decision::DecisionCommand),
    /// Kontrollera registret utan att ändra något: databasfilen, referenserna
    /// mellan raderna, varje bilaga (finns, med samma innehåll) och de
    /// räknare och kopior som hålls åt listan och Översikten. Slutstatus 0
    /// bara när allt är i ordning
    Verify {
        #[arg(long)]
        json: bool,
    },
    /// Förteckningen över gällande kommun- och regiongemensamma dokument
    /// (.docx, .xlsx eller en webbsida .html)
    Report {
        /// Filen att skriva: .docx, .xlsx eller .html
        #[arg(long, value_name = "FILE.docx|FILE.xlsx|FILE.html")]
        out: PathBuf,
        /// Förteckningen som den såg ut den dagen (ÅÅÅÅ-MM-DD), annars i dag
        #[arg(long)]
        today: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Registrets datum som kalenderfil (.ics): sista svarsdagar,
    /// uppföljningar, giltighetstidens slut och borttagning från webben
    Calendar {
        #[arg(long, value_name = "FILE.ics")]
        out: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Årets granskning av registret
    #[command(subcommand)]
    Review(register::ReviewCommand),
    /// Registrets sparade vyer (filter, sortering och sökning)
    #[command(subcommand)]
    View(doc::ViewCommand),
    /// Översikt: allt som behöver göras, det mest brådskande först
    #[command(args_conflicts_with_subcommands = true)]
    Watch {
        #[command(subcommand)]
        command: Option<register::WatchCommand>,
        /// Översikten som den ser ut den dagen (ÅÅÅÅ-MM-DD), annars i dag
        #[arg(long)]
        today: Option<String>,
        /// Hur många månader framåt giltighetstidens slut bevakas
        #[arg(long, default_value_t = samdok::watch::DEFAULT_HORIZON_MONTHS)]
        horizon_months: u32,
        /// Även uppskjutna punkter
        #[arg(long)]
        all: bool,
        /// Bara de N mest brådskande punkterna (alla räknas ändå)
        #[arg(long)]
        limit: Option<usize>,
        #[arg(long)]
        json: bool,
    },
    /// Var databasen ligger
    Where,
    /// Skapa en ny, tom databasfil (där --db, SAMDOK_DB eller inställningen
    /// pekar). Andra kommandon öppnar bara en databas som redan finns
    Init,
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
    /// Bygg en demodatabas med påhittade dokument, rundor och svar (för att
    /// prova appen och mäta prestanda). Kräver --db; skriver bara över en
    /// tidigare demodatabas
    Demo(demo::DemoArgs),
    /// Implementering: information till parter och nätverk, informationstillfällen
    #[command(subcommand)]
    Implement(lifecycle::ImplementCommand),
    /// Registrera publiceringen: datum och länk i Vida
    Publish {
        doc_id: i64,
        /// Dagen dokumentet publicerades (ÅÅÅÅ-MM-DD)
        #[arg(long)]
        date: String,
        /// Länken i Vida (annars används länken i registret)
        #[arg(long)]
        vida_link: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Uppföljning: planen och genomförda uppföljningar
    #[command(subcommand)]
    Followup(lifecycle::FollowupCommand),
    /// Avveckling: beslutet och dagen dokumentet markerades inaktuellt på webben
    #[command(subcommand)]
    Retire(lifecycle::RetireCommand),
    /// Kontrollera att en .docx har mallens obligatoriska rubriker.
    /// Slutstatus 0 = följer mallen, 1 = avviker, 2 = filen kan inte läsas
    Check {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Check { file, json } => draft::check(file, *json),
        Command::Demo(args) => demo::run(cli.db.as_deref(), args).map(|()| ExitCode::SUCCESS),
        _ => run(cli).map(|()| ExitCode::SUCCESS),
    };
    let result = result.and_then(|code| output::flush().map(|()| code));
    match result {
        Ok(code) => code,
        Err(failure) => output::report(failure),
    }
}

fn run(cli: Cli) -> Outcome {
    let location = config::resolve_db_path(cli.db.as_deref());
    if let Command::Where = cli.command {
        out!("{} ({})", location.path.display(), location.source);
        return Ok(());
    }
    let creates = matches!(cli.command, Command::Init);
    // A path the user gave that does not exist is a typo far more often than
    // a wish for a new database: refuse it rather than create folders and an
    // empty register. Only the default location is created on first use.
    if !creates && location.source != "default" && !location.path.exists() {
        return Err(samdok::Error::File {
            path: location.path.display().to_string(),
            reason: format!(
                "databasfilen finns inte ({}). Kontrollera sökvägen, eller skapa en ny \
                 databas med «samdok init».",
                samdok::labels::db_source(location.source)
            ),
        }
        .into());
    }
    let existed = location.path.exists();
    // Only init creates: any other command refuses an empty file (which
    // SQLite would silently make into a register) as well as a missing one
    // outside the default location.
    let mut store = if creates || !existed {
        Store::open(&location.path)?
    } else {
        Store::open_existing(&location.path)?
    };
    match cli.command {
        Command::Where | Command::Check { .. } | Command::Demo(_) => Ok(()),
        Command::Init => {
            out!(
                "{}: {}",
                location.path.display(),
                if existed {
                    "databasen fanns redan och är öppnad och uppdaterad"
                } else {
                    "ny databas skapad"
                }
            );
            Ok(())
        }
        Command::Draft { id, out, json } => draft::generate(&mut store, id, &out, json),
        Command::Attach { id, file, json } => draft::attach(&mut store, id, &file, json),
        Command::Parties { json } => party::list(&store, json),
        Command::Doc(command) => doc::run(&mut store, *command),
        Command::Round(command) => round::run(&mut store, *command),
        Command::Package {
            round_id,
            out,
            json,
        } => round::package(&mut store, round_id, &out, json),
        Command::Party(command) => party::run(&mut store, command),
        Command::Answer(command) => answer::answer(&mut store, command),
        Command::Comment(command) => answer::comment(&mut store, command),
        Command::Compile {
            round_id,
            out,
            json,
        } => answer::compile(&mut store, round_id, &out, json),
        Command::Report { out, today, json } => {
            register::report(&store, &out, today.as_deref(), json)
        }
        Command::Calendar { out, json } => register::calendar(&store, &out, json),
        Command::Verify { json } => register::verify(&store, json),
        Command::Review(command) => register::review(&mut store, command),
        Command::View(command) => doc::view(&mut store, command),
        Command::Watch {
            command,
            today,
            horizon_months,
            all,
            limit,
            json,
        } => register::watch(
            &mut store,
            command,
            today.as_deref(),
            watch::WatchOptions {
                horizon_months,
                include_snoozed: all,
                limit,
                offset: 0,
            },
            json,
        ),
        Command::Implement(command) => lifecycle::implement(&mut store, command),
        Command::Publish {
            doc_id,
            date,
            vida_link,
            json,
        } => lifecycle::publish(&mut store, doc_id, date, vida_link, json),
        Command::Followup(command) => lifecycle::followup(&mut store, command),
        Command::Retire(command) => lifecycle::retire(&mut store, command),
        Command::Decision(command) => decision::run(&mut store, command),
    }
}
