//! How fast the window shows the register, the Översikt, Rundor, a round,
//! a document and a search on a large register (issues 7 and 10: each under
//! 0.3 s at 10 000 documents and about 200 000 answers). Not a test: it
//! prints figures.
//!
//! Run it with `scripts/measure-window` (builds the release app and a demo
//! register, starts a virtual display), or by hand:
//!
//! ```text
//! cargo build --release -p samdok-app
//! SAMDOK_APP=target/release/samdok-app DISPLAY=:99 \
//!     cargo run --release -p samdok-e2e --example window_speed
//! ```
//!
//! Settings (environment): `SAMDOK_DEMO_DB` the demo register to open
//! (built with `samdok::demo` if missing; default
//! `target/demo-10000.sqlite3`), `SAMDOK_DEMO_DOCUMENTS` (10 000),
//! `SAMDOK_DEMO_ROUNDS` (12 000), `SAMDOK_MEASURE_RUNS` (7).
//!
//! Each figure is the time from the user's action (a click on a link in the
//! navigation changes the hash; typing fires `input`) to the second
//! animation frame after the view holds its data: the frame with the view
//! painted. It is taken inside the page with `performance.now()`, so the
//! WebDriver round trips are not in it. Between two runs the window goes to
//! Parter, so every run draws its view anew.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::{Duration, Instant};

use samdok::register::ListQuery;
use samdok::rounds::RoundQuery;
use samdok_e2e::{with_app_on, App, Error};
use serde_json::{json, Value};

fn env_or(name: &str, default: u32) -> u32 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The demo register to measure on, built when missing.
fn demo_db() -> Result<PathBuf, Error> {
    let path = std::env::var_os("SAMDOK_DEMO_DB").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/demo-10000.sqlite3"),
        PathBuf::from,
    );
    if !path.exists() {
        let spec = samdok::demo::Spec {
            documents: env_or("SAMDOK_DEMO_DOCUMENTS", 10_000),
            rounds: env_or("SAMDOK_DEMO_ROUNDS", 12_000),
            today: samdok::time::today(),
        };
        let start = Instant::now();
        let built = samdok::demo::build(&path, &spec)?;
        println!(
            "demo register built in {:.1} s: {} documents, {} rounds, {} answers",
            start.elapsed().as_secs_f64(),
            built.documents,
            built.rounds,
            built.answers
        );
    }
    Ok(path)
}

/// Runs `action` in the page and resolves with the milliseconds until the
/// frame after `ready` first holds (-1 after 20 s).
const MEASURE: &str = r#"
const [action, ready] = [arguments[0], arguments[1]];
const done = arguments[arguments.length - 1];
const checks = {
  register: () => document.body.dataset.view === 'register'
    && !document.body.classList.contains('is-loading')
    && document.querySelectorAll('#register-table tbody tr').length === Math.min(100, window.__expectedDocuments),
  rounds: () => document.body.dataset.view === 'rounds'
    && !document.body.classList.contains('is-loading')
    && document.querySelectorAll('#rounds-table tbody tr').length > 0,
  round: () => document.body.dataset.view === 'round'
    && !document.body.classList.contains('is-loading')
    && document.querySelectorAll('#recipients-table tbody tr').length > 0,
  document: () => document.body.dataset.view === 'document'
    && !document.body.classList.contains('is-loading')
    && document.querySelectorAll('#audit-trail li').length > 0
    && !document.querySelector('#document-view [aria-busy="true"]'),
  search: () => !document.querySelector('#register-table').hasAttribute('aria-busy')
    && document.querySelector('#document-count').textContent !== window.__before,
  next: () => document.querySelector('#document-count').textContent.startsWith('Visar 101'),
  settings: () => document.body.dataset.view === 'settings'
    && !document.body.classList.contains('is-loading'),
  overview: () => document.body.dataset.view === 'overview'
    && !document.body.classList.contains('is-loading')
    && document.querySelectorAll('#attention-list .attention-item').length > 0,
};
const actions = {
  hash: (hash) => { location.hash = hash; },
  search: (text) => {
    window.__before = document.querySelector('#document-count').textContent;
    const input = document.querySelector('#search');
    input.value = text;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  },
  next: () => document.querySelector('#register-pager-next').click(),
};
const check = checks[ready];
let finished = false;
const start = performance.now();
const finish = (ms) => {
  if (finished) return;
  finished = true;
  observer.disconnect();
  if (ms < 0) { done([ms, ms]); return; }
  const inDom = performance.now() - start;
  requestAnimationFrame(() => requestAnimationFrame(() => done([inDom, performance.now() - start])));
};
const observer = new MutationObserver(() => { if (check()) finish(0); });
observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
actions[action[0]](action[1]);
if (check()) finish(0);
setTimeout(() => finish(-1), 20000);
"#;

struct Figure {
    view: String,
    /// Milliseconds until the view held its data, and until it was painted.
    runs: Vec<(f64, f64)>,
}

async fn measure(app: &App, action: Value, ready: &str) -> Result<(f64, f64), Error> {
    let value = app
        .js_async_with(MEASURE, vec![action.clone(), json!(ready)])
        .await?;
    let ms = |i: usize| {
        value[i]
            .as_f64()
            .ok_or("the measurement returned no number")
    };
    let (in_dom, painted) = (ms(0)?, ms(1)?);
    if painted < 0.0 {
        return Err(format!("{ready} did not appear within 20 s after {action}").into());
    }
    Ok((in_dom, painted))
}

async fn to_parties(app: &App) -> Result<(), Error> {
    app.js("location.hash = '#/parter'").await?;
    app.wait_js("return document.body.dataset.view === 'parties' && !document.body.classList.contains('is-loading')")
        .await?;
    // Let the window settle, as a user's pause would.
    tokio::time::sleep(Duration::from_millis(150)).await;
    Ok(())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    let db = demo_db()?;
    let runs = env_or("SAMDOK_MEASURE_RUNS", 7) as usize;
    let (documents, round_id, document_id, events) = {
        let store = samdok::Store::open(&db)?;
        let today = samdok::time::today();
        let documents = samdok::register::list(store.conn(), &ListQuery::default(), today)?.total;
        let rounds = samdok::rounds::list(
            store.conn(),
            &RoundQuery {
                limit: Some(1),
                ..Default::default()
            },
            today,
        )?;
        let round = rounds.rows.first().ok_or("the demo has rounds")?.id.0;
        let (document, events): (i64, i64) = store.conn().query_row(
            "SELECT document_id, count(*) FROM events WHERE document_id IS NOT NULL
             GROUP BY document_id ORDER BY count(*) DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        (documents, round, document, events)
    };
    println!(
        "window on {} ({documents} documents); {runs} runs per view",
        db.display()
    );

    let figures: Rc<RefCell<Vec<Figure>>> = Rc::default();
    let found = Rc::clone(&figures);
    with_app_on(Some(&db), move |app| {
        Box::pin(async move {
            let mut figures = Vec::new();
            app.js(&format!("window.__expectedDocuments = {documents};"))
                .await?;
            let views: Vec<(String, Value, &str)> = vec![
                (
                    "Inställningar (jämförelse: en vy utan listor)".into(),
                    json!(["hash", "#/installningar"]),
                    "settings",
                ),
                (
                    "Dokument (registret, första sidan)".into(),
                    json!(["hash", "#/dokument"]),
                    "register",
                ),
                (
                    "Översikt (alla punkter räknade, de 100 första visade)".into(),
                    json!(["hash", "#/oversikt"]),
                    "overview",
                ),
                ("Rundor".into(), json!(["hash", "#/rundor"]), "rounds"),
                (
                    format!("En runda (runda {round_id})"),
                    json!(["hash", format!("#/rundor/{round_id}")]),
                    "round",
                ),
                (
                    format!("Ett dokument ({events} händelser i ändringsloggen)"),
                    json!(["hash", format!("#/dokument/{document_id}")]),
                    "document",
                ),
            ];
            for (name, action, ready) in views {
                let mut runs_ms = Vec::new();
                for _ in 0..runs {
                    to_parties(app).await?;
                    runs_ms.push(measure(app, action.clone(), ready).await?);
                }
                app.screenshot(&format!("speed-{ready}")).await?;
                figures.push(Figure {
                    view: name,
                    runs: runs_ms,
                });
            }

            // A search typed in the register (the register waits 120 ms
            // after the last keystroke before it asks), and the next page.
            let mut search = Vec::new();
            let mut next = Vec::new();
            for _ in 0..runs {
                to_parties(app).await?;
                measure(app, json!(["hash", "#/dokument"]), "register").await?;
                search.push(measure(app, json!(["search", "hälsa"]), "search").await?);
                measure(app, json!(["search", ""]), "search").await?;
                next.push(measure(app, json!(["next", ""]), "next").await?);
            }
            app.screenshot("speed-register-page-2").await?;
            figures.push(Figure {
                view: "Sökning «hälsa» (från tangent, med 120 ms väntan)".into(),
                runs: search,
            });
            figures.push(Figure {
                view: "Registret, Nästa sida".into(),
                runs: next,
            });
            *found.borrow_mut() = figures;
            Ok(())
        })
    })
    .await?;

    let figures = figures.borrow();
    println!();
    println!("| Vy | i DOM, median | målad, median | målad, max | körningar (målad) |");
    println!("| --- | ---: | ---: | ---: | --- |");
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        (v[v.len() / 2], v[v.len() - 1])
    };
    for f in figures.iter() {
        let (dom, _) = median(f.runs.iter().map(|r| r.0).collect());
        let (painted, max) = median(f.runs.iter().map(|r| r.1).collect());
        let all: Vec<String> = f.runs.iter().map(|r| format!("{:.0}", r.1)).collect();
        println!(
            "| {} | {dom:.0} ms | {painted:.0} ms | {max:.0} ms | {} |",
            f.view,
            all.join(", ")
        );
    }
    Ok(())
}
