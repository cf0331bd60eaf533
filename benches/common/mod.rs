//! What the plain benchmarks share: the timing loop (warm-up runs, then the
//! median, min and max over `runs` timed runs), a table of the results, and
//! a demo register to measure the lists on.
#![allow(dead_code)] // each bench uses what it needs

use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The times of one measurement.
pub struct Stats {
    pub name: String,
    pub median: Duration,
    pub min: Duration,
    pub max: Duration,
    pub runs: usize,
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Times `f` and returns the figures without printing them.
pub fn time(name: &str, runs: usize, mut f: impl FnMut()) -> Stats {
    for _ in 0..runs / 10 + 1 {
        f();
    }
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    Stats {
        name: name.to_owned(),
        median: times[runs / 2],
        min: times[0],
        max: times[runs - 1],
        runs,
    }
}

/// Times `f` and prints one line.
pub fn measure(name: &str, runs: usize, f: impl FnMut()) {
    let s = time(name, runs, f);
    println!(
        "{name:<44} median {:>9.3} ms   min {:>9.3} ms   max {:>9.3} ms   ({runs} runs)",
        ms(s.median),
        ms(s.min),
        ms(s.max),
    );
}

/// Prints the figures as a Markdown table (for the README).
pub fn print_table(rows: &[Stats]) {
    println!("| Fråga | median | min | max |");
    println!("| --- | ---: | ---: | ---: |");
    for s in rows {
        println!(
            "| {} | {:.2} ms | {:.2} ms | {:.2} ms |",
            s.name,
            ms(s.median),
            ms(s.min),
            ms(s.max)
        );
    }
}

/// A demo register of `documents` documents and `rounds` rounds, built once
/// in a temporary folder (or the file `SAMDOK_BENCH_DB` names, built there
/// if missing). The folder lives as long as the returned value.
pub struct DemoDb {
    pub path: PathBuf,
    _dir: Option<tempfile::TempDir>,
}

pub fn demo_db(documents: u32, rounds: u32) -> DemoDb {
    let (path, dir) = match std::env::var_os("SAMDOK_BENCH_DB") {
        Some(path) => (PathBuf::from(path), None),
        None => {
            let dir = tempfile::tempdir().expect("a temporary folder");
            (dir.path().join("demo.sqlite3"), Some(dir))
        }
    };
    if !path.exists() {
        let spec = samdok::demo::Spec {
            documents,
            rounds,
            today: samdok::time::today(),
        };
        let start = Instant::now();
        let built = samdok::demo::build(&path, &spec).expect("the demo register builds");
        println!(
            "demo register: {} documents, {} rounds, {} answers, {} events, built in {:.1} s",
            built.documents,
            built.rounds,
            built.answers,
            built.events,
            start.elapsed().as_secs_f64()
        );
    }
    DemoDb { path, _dir: dir }
}
