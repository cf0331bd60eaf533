//! The register report as a web page (issue 10: "ready to publish on the
//! web") passes axe-core's accessibility rules in a browser: WebKit's
//! MiniBrowser, driven through WebKitWebDriver, opens the file the core
//! writes for a register with every kind of row the report has (in force
//! with a Vida link, a title full of markup characters and an emoji, a
//! revision under way, a retired document marked inaktuell, a document
//! adopted by some parties). The Översikt's own scans are in overview.rs.

use chrono::{Days, NaiveDate};
use samdok::export::report;
use samdok::register::after_decision::{self, PublicationInput, RetirementInput};
use samdok::register::{self, lifecycle, DocumentInput};
use samdok::resolutions::{self, ResolutionInput};
use samdok::rounds::{self, AdoptionDecision, Mark, Outcome, RoundInput};
use samdok::{DocumentId, Store};
use samdok_e2e::{axe_in_browser, TestResult};
use serde_json::json;

fn add(store: &mut Store, title: &str, stage: &str, on: NaiveDate) -> DocumentId {
    let doc = register::create(
        store,
        &DocumentInput {
            doc_type: "riktlinje".into(),
            title: title.into(),
            owner: "Socialchefsnätverket".into(),
            valid_from: Some("2025-01-01".into()),
            valid_to: Some("2028-12-31".into()),
            ..DocumentInput::default()
        },
    )
    .expect("a valid document");
    lifecycle::set_stage(store, doc, stage, "", Some(on)).expect("a stage move");
    doc
}

#[tokio::test]
async fn the_register_report_as_a_web_page_passes_axe_core_in_a_browser() -> TestResult {
    let dir = tempfile::tempdir()?;
    let mut store = Store::open(dir.path().join("register.sqlite3"))?;
    let today = samdok::time::today();
    let earlier = today - Days::new(200);
    let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();

    let in_force = add(
        &mut store,
        "Överenskommelse om hälsosamtal",
        "gallande",
        earlier,
    );
    after_decision::publish(
        &mut store,
        in_force,
        &PublicationInput {
            published_on: Some(day(earlier)),
            vida_link: "https://vida.regionvarmland.se/dokument/42".into(),
        },
    )?;
    add(
        &mut store,
        "Rutin för <journal> & \"samtycke\" 'nu' 🩺",
        "publicering",
        earlier,
    );
    add(&mut store, "Riktlinje under arbete", "utkast", earlier);
    let revised = add(&mut store, "Zebrarutin", "gallande", earlier);
    register::open_revision(&mut store, revised, "Ny version")?;
    let retired = add(&mut store, "Ärendehandbok", "gallande", earlier);
    after_decision::decide_retirement(
        &mut store,
        retired,
        &RetirementInput {
            forum: "Beredningsgruppen Nya perspektiv".into(),
            decided_on: Some(day(today - Days::new(40))),
        },
    )?;
    after_decision::mark_inaktuell(&mut store, retired, Some(&day(today - Days::new(30))))?;
    let adopted = add(
        &mut store,
        "Åtgärdsplan för tandvård",
        "stallningstagande",
        earlier,
    );
    resolutions::record(
        &mut store,
        adopted,
        &ResolutionInput {
            forum: "Ordföranderådet".into(),
            meeting_date: day(earlier),
            text: "Samtliga parter rekommenderas att anta planen.".into(),
            recommends_adoption: true,
        },
    )?;
    let round = rounds::open(
        &mut store,
        adopted,
        &RoundInput {
            kind: "antagande".into(),
            sent_date: Some(day(earlier + Days::new(1))),
            deadline: Some(day(today + Days::new(60))),
            ..RoundInput::default()
        },
    )?;
    for name in ["Eda", "Kil"] {
        let party = samdok::parties::find(store.conn(), name)?.id;
        rounds::mark(
            &mut store,
            round,
            party,
            &Mark::Decided(AdoptionDecision {
                outcome: Outcome::Antagen,
                body: "Kommunfullmäktige".into(),
                on: today - Days::new(10),
                their_diarienummer: String::new(),
            }),
        )?;
    }
    lifecycle::set_stage(&mut store, adopted, "implementering", "", Some(today))?;

    let page = dir.path().join("forteckning.html");
    let written = report::write_report(store.conn(), &page, today)?;
    let html = std::fs::read_to_string(&page)?;
    for row in [
        "Överenskommelse",
        "&lt;journal&gt; &amp;",
        "Ärendehandbok",
        "Åtgärdsplan",
    ] {
        assert!(html.contains(row), "the report should have the row {row}");
    }
    assert!(written.documents >= 4 && html.contains("inaktuell"));

    assert_eq!(
        axe_in_browser(&page, "report-html-axe").await?,
        json!([]),
        "the register report should pass axe-core's accessibility rules in a browser"
    );
    Ok(())
}
