//! `samdok demo`: builds a demo register for benchmarks and for trying the
//! app. It never opens the database as the other commands do: the target
//! file must be new or an earlier demo (see `samdok::demo`).

use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::Args;
use samdok::{demo, time, Error};

use crate::output::{self, Outcome};

#[derive(Args)]
#[command(after_help = "\
Databasen märks som demodatabas: tabellen meta får raden «demo». \
En fil som redan finns skrivs bara över om den är en sådan demodatabas; \
alla andra filer (till exempel en riktig databas) lämnas orörda och \
kommandot avslutas med status 1. Demon byggs i en ny fil bredvid och \
flyttas på plats först när den är klar.

Samma antal dokument och rundor ger samma register samma dag; datumen \
räknas från dagens datum, så att det alltid finns både passerade och \
kommande svarsdagar.

Exempel: samdok demo --documents 10000 --rounds 12000 --db demo.sqlite3")]
pub struct DemoArgs {
    /// Antal dokument
    #[arg(long, default_value_t = 1000, value_name = "N")]
    documents: u32,
    /// Antal remiss- och synpunktsrundor (ungefär 17 svar i varje)
    #[arg(long, default_value_t = 1200, value_name = "R")]
    rounds: u32,
    #[arg(long)]
    json: bool,
}

pub fn run(db: Option<&Path>, args: &DemoArgs) -> Outcome {
    let path: PathBuf = db
        .ok_or_else(|| {
            Error::invalid(
                "db",
                "Ange --db FIL: demodatabasen byggs i en egen fil, aldrig i din vanliga databas.",
            )
        })?
        .to_path_buf();
    let spec = demo::Spec {
        documents: args.documents,
        rounds: args.rounds,
        today: time::today(),
    };
    let started = Instant::now();
    let built = demo::build(&path, &spec)?;
    let seconds = started.elapsed().as_secs_f64();
    if args.json {
        return output::json(&serde_json::json!({
            "path": path.display().to_string(),
            "built": built,
            "seconds": seconds,
        }));
    }
    out!(
        "Demodatabasen {} är byggd på {seconds:.1} s: {} dokument ({} versioner), {} rundor och {} antagandeomgångar, {} svar, {} händelser i ändringsloggen.",
        path.display(),
        built.documents,
        built.versions,
        built.rounds,
        built.adoption_rounds,
        built.answers,
        built.events
    );
    Ok(())
}
