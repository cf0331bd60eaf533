//! The register report (förteckning över gällande kommun- och
//! regiongemensamma dokument): which documents it lists and how, as of a
//! fixed day — the version in force, a revision under way, adoption, a
//! retired document marked inaktuell for exactly one year — and its rows
//! read back independently from the .docx (python-docx), the .xlsx
//! (calamine) and the HTML page (Python's own html.parser).

use std::process::Command;

use calamine::{Reader, Xlsx};
use chrono::NaiveDate;
use samdok::export::report::{self, Format, COLUMNS};
use samdok::register::after_decision::{self, PublicationInput, RetirementInput};
use samdok::register::{self, lifecycle, DocumentInput};
use samdok::resolutions::{self, ResolutionInput};
use samdok::rounds::{self, AdoptionDecision, Mark, Outcome, RoundInput};
use samdok::DocumentId;
use serde_json::Value;

use crate::compilation::read_docx;
use crate::support::TestDb;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a valid test date")
}

const TRICKY: &str = "Rutin för <journal> & \"samtycke\" 'nu' 🩺";

fn add(db: &mut TestDb, title: &str, stage: &str) -> DocumentId {
    let doc = register::create(
        &mut db.store,
        &DocumentInput {
            doc_type: "riktlinje".into(),
            title: title.into(),
            owner: "Socialchefsnätverket".into(),
            valid_from: Some("2025-01-01".into()),
            valid_to: Some("2027-12-31".into()),
            ..DocumentInput::default()
        },
    )
    .expect("a valid document");
    lifecycle::set_stage(&mut db.store, doc, stage, "", Some(date("2025-01-01"))).unwrap();
    doc
}

/// A register with every case the report distinguishes.
pub(crate) fn register_with_every_case(db: &mut TestDb) -> Vec<(&'static str, DocumentId)> {
    let gallande = add(db, "Överenskommelse om hälsosamtal", "gallande");
    after_decision::publish(
        &mut db.store,
        gallande,
        &PublicationInput {
            published_on: Some("2025-02-01".into()),
            vida_link: "https://vida.regionvarmland.se/dokument/42".into(),
        },
    )
    .unwrap();
    let implementing = add(db, "Avtal om hemsjukvård", "implementering");
    let drafting = add(db, "Riktlinje under arbete", "utkast");
    let revised = add(db, "Zebrarutin", "gallande");
    register::open_revision(&mut db.store, revised, "Ny version").unwrap();
    let tricky = add(db, TRICKY, "publicering");
    let retired = add(db, "Ärendehandbok", "gallande");
    after_decision::decide_retirement(
        &mut db.store,
        retired,
        &RetirementInput {
            forum: "Beredningsgruppen Nya perspektiv".into(),
            decided_on: Some("2025-02-15".into()),
        },
    )
    .unwrap();
    after_decision::mark_inaktuell(&mut db.store, retired, Some("2025-03-01")).unwrap();
    let adopted = add(db, "Åtgärdsplan för tandvård", "stallningstagande");
    resolutions::record(
        &mut db.store,
        adopted,
        &ResolutionInput {
            forum: "Ordföranderådet".into(),
            meeting_date: "2025-03-10".into(),
            text: "Samtliga parter rekommenderas att anta planen.".into(),
            recommends_adoption: true,
        },
    )
    .unwrap();
    let round = rounds::open(
        &mut db.store,
        adopted,
        &RoundInput {
            kind: "antagande".into(),
            sent_date: Some("2025-03-20".into()),
            deadline: Some("2025-09-30".into()),
            ..RoundInput::default()
        },
    )
    .unwrap();
    for name in ["Eda", "Kil"] {
        let party = samdok::parties::find(db.store.conn(), name).unwrap().id;
        rounds::mark(
            &mut db.store,
            round,
            party,
            &Mark::Decided(AdoptionDecision {
                outcome: Outcome::Antagen,
                body: "Kommunfullmäktige".into(),
                on: date("2025-06-01"),
                their_diarienummer: String::new(),
            }),
        )
        .unwrap();
    }
    lifecycle::set_stage(
        &mut db.store,
        adopted,
        "implementering",
        "",
        Some(date("2025-07-01")),
    )
    .unwrap();
    vec![
        ("gallande", gallande),
        ("implementing", implementing),
        ("drafting", drafting),
        ("revised", revised),
        ("tricky", tricky),
        ("retired", retired),
        ("adopted", adopted),
    ]
}

#[test]
fn the_report_lists_the_versions_in_force_in_swedish_order() {
    let mut db = TestDb::new();
    let docs = register_with_every_case(&mut db);
    let id = |name: &str| docs.iter().find(|(n, _)| *n == name).unwrap().1;
    let report = report::assemble(db.store.conn(), date("2026-02-28")).unwrap();
    let titles: Vec<&str> = report.rows.iter().map(|r| r.title.as_str()).collect();
    assert_eq!(
        titles,
        vec![
            "Avtal om hemsjukvård",
            TRICKY,
            "Zebrarutin",
            "Åtgärdsplan för tandvård",
            "Ärendehandbok",
            "Överenskommelse om hälsosamtal",
        ],
        "the documents in force, … Z, Å, Ä, Ö; the one being drafted is not among them"
    );
    let row = |doc: DocumentId| report.rows.iter().find(|r| r.document_id == doc).unwrap();
    let revised = row(id("revised"));
    assert_eq!(revised.version_no, 1, "the version in force, not the draft");
    assert_eq!(
        revised.stage_text(),
        "Gällande – revidering pågår (version 2)"
    );
    assert_eq!(row(id("adopted")).adopted.as_deref(), Some("2 av 17"));
    assert_eq!(
        row(id("gallande")).vida_link,
        "https://vida.regionvarmland.se/dokument/42"
    );
    assert_eq!(
        row(id("retired")).stage_text(),
        "Inaktuell sedan 2025-03-01 (avvecklad)"
    );
    assert_eq!(
        report.summary(),
        "6 dokument, varav 1 inaktuellt som tas bort från webben inom ett år."
    );

    // One calendar year after it was marked inaktuell it is off the web,
    // and off the report; the day before it is still there.
    let last_day = report::assemble(db.store.conn(), date("2026-02-28")).unwrap();
    assert!(last_day.rows.iter().any(|r| r.document_id == id("retired")));
    let removed = report::assemble(db.store.conn(), date("2026-03-01")).unwrap();
    assert!(
        removed.rows.iter().all(|r| r.document_id != id("retired")),
        "on 2026-03-01, a year after 2025-03-01, the retired document is gone"
    );
    // Before it was marked inaktuell it is listed without the mark.
    let before = report::assemble(db.store.conn(), date("2025-02-28")).unwrap();
    assert_eq!(
        before
            .rows
            .iter()
            .find(|r| r.document_id == id("retired"))
            .unwrap()
            .inaktuell_on,
        None
    );
}

/// The rows as the table in a report file holds them, header first.
fn docx_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let doc = read_docx(bytes);
    let tables: Vec<&Value> = doc["body"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["kind"] == "table")
        .collect();
    assert_eq!(tables.len(), 1, "one table");
    tables[0]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            row.as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .collect()
}

const HTML_ROWS: &str = r#"
import json, sys
from html.parser import HTMLParser

class Rows(HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows, self.cell, self.row = [], None, None
        self.meta = {"lang": None, "title": "", "h1": 0, "caption": "", "scopes": [], "links": []}
        self.where = None
    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html": self.meta["lang"] = attrs.get("lang")
        if tag in ("title", "caption"): self.where = tag
        if tag == "h1": self.meta["h1"] += 1
        if tag == "tr": self.row = []
        if tag in ("td", "th"):
            self.cell = ""
            self.meta["scopes"].append(attrs.get("scope"))
        if tag == "a": self.meta["links"].append(attrs.get("href"))
        if tag == "script": raise SystemExit("a script in the page")
    def handle_endtag(self, tag):
        if tag in ("title", "caption"): self.where = None
        if tag in ("td", "th") and self.row is not None:
            self.row.append(self.cell.strip()); self.cell = None
        if tag == "tr": self.rows.append(self.row); self.row = None
    def handle_data(self, data):
        if self.where: self.meta[self.where] += data
        if self.cell is not None: self.cell += data

p = Rows()
p.feed(open(sys.argv[1], encoding="utf-8").read())
print(json.dumps({"rows": p.rows, "meta": p.meta}))
"#;

fn html_read(path: &std::path::Path) -> Value {
    let out = Command::new("/usr/bin/python3")
        .args(["-c", HTML_ROWS])
        .arg(path)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "Python's html.parser should read the page: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_report_reads_back_the_same_rows_from_docx_xlsx_and_html() {
    let mut db = TestDb::new();
    register_with_every_case(&mut db);
    let today = date("2026-02-28");
    let expected_report = report::assemble(db.store.conn(), today).unwrap();
    let mut expected: Vec<Vec<String>> = vec![COLUMNS.iter().map(|c| (*c).to_owned()).collect()];
    expected.extend(expected_report.rows.iter().map(|r| r.cells().to_vec()));
    assert!(
        expected.iter().any(|row| row[0] == TRICKY),
        "the tricky title is listed"
    );

    let dir = db.dir.path().to_owned();
    let written =
        report::write_report(db.store.conn(), &dir.join("förteckning.docx"), today).unwrap();
    assert_eq!((written.format, written.documents), (Format::Docx, 6));
    let bytes = std::fs::read(dir.join("förteckning.docx")).unwrap();
    assert_eq!(docx_rows(&bytes), expected, "the Word table, header first");
    let doc = read_docx(&bytes);
    assert_eq!(doc["title"], report::TITLE);
    assert_eq!(doc["sections"][0]["landscape"], true, "landscape");
    let xml = crate::golden::zip_part(&bytes, "word/document.xml");
    assert!(xml.contains("<w:tblHeader"), "the header row repeats");
    assert!(xml.contains("<w:tblCaption"), "the table has a caption");
    let styles = crate::golden::zip_part(&bytes, "word/styles.xml");
    assert!(styles.contains(r#"w:val="sv-SE""#), "Swedish");

    report::write_report(db.store.conn(), &dir.join("förteckning.xlsx"), today).unwrap();
    let mut workbook: Xlsx<_> = calamine::open_workbook(dir.join("förteckning.xlsx")).unwrap();
    let range = workbook.worksheet_range("Förteckning").unwrap();
    let cells: Vec<Vec<String>> = range
        .rows()
        .map(|row| row.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(cells, expected, "the workbook, header first");

    report::write_report(db.store.conn(), &dir.join("förteckning.html"), today).unwrap();
    let page = html_read(&dir.join("förteckning.html"));
    let rows: Vec<Vec<String>> = serde_json::from_value(page["rows"].clone()).unwrap();
    // On the page a Vida link reads "Öppna i Vida" (the address is its
    // target), with the document's title for a screen reader.
    let mut on_page = expected.clone();
    for row in on_page.iter_mut().skip(1) {
        if !row[6].is_empty() {
            row[6] = format!("{}: {}", report::VIDA_LINK_TEXT, row[0]);
        }
    }
    assert_eq!(rows, on_page, "the web page's table, header first");
    let meta = &page["meta"];
    assert_eq!(meta["lang"], "sv");
    assert_eq!(meta["title"], report::TITLE);
    assert_eq!(meta["h1"], 1);
    assert!(meta["caption"].as_str().unwrap().starts_with(report::TITLE));
    let scopes: Vec<Option<String>> = serde_json::from_value(meta["scopes"].clone()).unwrap();
    assert!(
        scopes
            .iter()
            .take(COLUMNS.len())
            .all(|s| s.as_deref() == Some("col")),
        "column headers are scoped: {scopes:?}"
    );
    assert_eq!(
        meta["links"],
        serde_json::json!(["https://vida.regionvarmland.se/dokument/42"])
    );
    let text = std::fs::read_to_string(dir.join("förteckning.html")).unwrap();
    assert!(
        text.contains("&lt;journal&gt; &amp; &quot;samtycke&quot; &apos;nu&apos; 🩺"),
        "user text escaped and intact"
    );
    assert!(
        !text.contains("http://") || !text.contains("<link"),
        "no outside resources"
    );
}

#[test]
fn a_report_in_another_format_is_refused_and_nothing_is_written() {
    let db = TestDb::new();
    let path = db.dir.path().join("förteckning.pdf");
    let error = report::write_report(db.store.conn(), &path, date("2026-01-01")).unwrap_err();
    assert!(error.to_string().contains(".html"), "{error}");
    assert!(!path.exists());
    let empty = db.dir.path().join("tom.html");
    report::write_report(db.store.conn(), &empty, date("2026-01-01")).unwrap();
    let page = std::fs::read_to_string(&empty).unwrap();
    assert!(page.contains("Registret har inga gällande dokument."));
}
