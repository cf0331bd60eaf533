//! The compilation of a round's answers (`export::compilation`), read back
//! by readers that are not ours: the .docx by python-docx (Debian's
//! python3-docx under /usr/bin/python3), the .xlsx by calamine, and the raw
//! XML for what neither reader reports (language, header rows, captions,
//! frozen pane, filter).

use std::io::Read;
use std::process::Command;

use chrono::NaiveDate;
use serde_json::Value;

use crate::golden;

use samdok::export::compilation::{
    build_docx, build_xlsx, file_stem, Compilation, CompiledComment, ListedFile, PartyAnswer,
    SectionComments, COMMENT_COLUMNS, SHEET_NAME,
};
use samdok::export::RoundKind;

const CREATED: &str = "2026-05-04T10:15:00Z";
/// The 17 parties in the guideline's order; Torsby's name carries what
/// must be escaped.
const PARTIES: [&str; 17] = [
    "Region Värmland",
    "Arvika",
    "Eda",
    "Filipstad",
    "Forshaga",
    "Grums",
    "Hagfors",
    "Hammarö",
    "Karlstad",
    "Kil",
    "Kristinehamn",
    "Munkfors",
    "Storfors",
    "Sunne",
    "Säffle",
    "Torsby <kommun> & \"KS\"",
    "Årjäng",
];
const TORSBY: &str = PARTIES[15];
const FORMULA: &str = "=HYPERLINK(\"http://x.invalid\";\"Klicka\")";
const MULTILINE: &str = "Första raden om målgruppen.\nAndra raden: äldre & unga <18 år> 🧓";

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// One comment as the test writes it: party, text, proposal, disposition,
/// motivation, significant.
type Raw = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static str,
    bool,
);

/// A realistic remiss: 13 answers with positions, Eda declined, Filipstad,
/// Munkfors and Storfors silent; comments on three template sections, one
/// with none, a section a party named itself and "Övrigt"; some decided,
/// one significant, nr 2 and 5 decided together.
pub(crate) fn compilation() -> Compilation {
    let sections: Vec<(&str, Vec<Raw>)> = vec![
        (
            "Syfte",
            vec![
                (
                    "Karlstad",
                    "Syftet bör nämna \"trygg vård\" & omsorg.",
                    "Lägg till \"trygg vård\".",
                    Some("Beaktad"),
                    "",
                    false,
                ),
                (
                    "Arvika",
                    "Samma synpunkt som Karlstad: <syftet> är otydligt.",
                    "",
                    Some("Beaktad"),
                    "Se nr 5.",
                    false,
                ),
            ],
        ),
        ("Mål", vec![]),
        (
            "Målgrupp och omfattning",
            vec![
                (
                    "Region Värmland",
                    MULTILINE,
                    "Skriv ut åldersgränsen.\nLägg till ”unga vuxna”.",
                    Some("Delvis beaktad"),
                    "Åldersgränsen skrivs ut; unga vuxna ingår redan.",
                    false,
                ),
                ("Kil", FORMULA, "-2 dagar räcker", None, "", false),
                (
                    "Hammarö",
                    "Omfattningen är för snäv.",
                    "",
                    Some("Beaktad"),
                    "Omfattningen breddas till hela länet.",
                    true,
                ),
            ],
        ),
        (
            "Ansvarsfördelning",
            vec![
                (
                    TORSBY,
                    "Ansvaret mellan kommun & region måste <förtydligas>.",
                    "@SUM(A1) som exempel",
                    Some("Ej beaktad"),
                    "Ansvaret regleras i lag.",
                    false,
                ),
                (
                    "Säffle",
                    "Vem ansvarar för uppföljningen? 🤔",
                    "",
                    None,
                    "",
                    false,
                ),
            ],
        ),
        (
            "Bilaga 2 – Checklista",
            vec![(
                "Sunne",
                "Checklistan saknar rad för läkemedel.",
                "+ läkemedel",
                Some("Noterad"),
                "",
                false,
            )],
        ),
        (
            "Övrigt",
            vec![(
                "Årjäng",
                "Bra dokument, tack!",
                "",
                Some("Noterad"),
                "",
                false,
            )],
        ),
    ];
    let mut nr = 0;
    let mut sections: Vec<SectionComments> = sections
        .into_iter()
        .map(|(section, raws)| SectionComments {
            section: section.to_owned(),
            comments: raws
                .into_iter()
                .map(
                    |(party, text, proposal, disposition, motivation, significant)| {
                        nr += 1;
                        CompiledComment {
                            nr,
                            party: party.to_owned(),
                            text: text.to_owned(),
                            proposal: proposal.to_owned(),
                            disposition_name: disposition.map(str::to_owned),
                            motivation: motivation.to_owned(),
                            significant,
                            decided_with: vec![],
                        }
                    },
                )
                .collect(),
        })
        .collect();
    // Nr 2 (Arvika) and nr 5 (Hammarö) are decided together.
    for k in sections.iter_mut().flat_map(|s| &mut s.comments) {
        match k.nr {
            2 => k.decided_with = vec![5],
            5 => k.decided_with = vec![2],
            _ => {}
        }
    }
    let all: Vec<&CompiledComment> = sections.iter().flat_map(|s| &s.comments).collect();
    let (total, handled, significant) = (
        all.len(),
        all.iter().filter(|k| k.disposition_name.is_some()).count(),
        all.iter().filter(|k| k.significant).count(),
    );

    let position = |party: &str| match party {
        "Region Värmland" | "Hammarö" | "Kil" | "Säffle" | "Sunne" => {
            Some("Tillstyrker med synpunkter")
        }
        "Karlstad" | "Arvika" => Some("Tillstyrker med synpunkter"),
        p if p == TORSBY => Some("Avstyrker"),
        "Årjäng" => Some("Tillstyrker"),
        "Forshaga" | "Grums" | "Hagfors" => Some("Tillstyrker"),
        "Kristinehamn" => Some("Inga synpunkter"),
        _ => None,
    };
    let parties = PARTIES
        .iter()
        .enumerate()
        .map(|(i, &party)| {
            let (status, position, answered_on) = match party {
                "Eda" => ("Avstår", None, Some(date("2026-04-20"))),
                "Filipstad" | "Munkfors" | "Storfors" => ("Inget svar", None, None),
                _ => (
                    "Svar inkommet",
                    position(party),
                    Some(date(&format!("2026-04-{:02}", 10 + i))),
                ),
            };
            PartyAnswer {
                party: party.to_owned(),
                status_name: status.to_owned(),
                position_name: position.map(str::to_owned),
                answered_on,
                comments: all.iter().filter(|k| k.party == party).count(),
            }
        })
        .collect();
    let files = ["Region Värmland", "Hammarö", TORSBY, "Årjäng"]
        .iter()
        .map(|party| ListedFile {
            party: (*party).to_owned(),
            file_name: format!("Svarsmall - {}.docx", party.split(' ').next().unwrap()),
            stored_on: "2026-04-25".to_owned(),
        })
        .collect();
    Compilation {
        kind: RoundKind::Remiss,
        document_title: "Riktlinje för vård & omsorg <äldre> – åäö 🏥".to_owned(),
        doc_type_name: "Riktlinje".to_owned(),
        version_no: 2,
        subject: "Remiss: Riktlinje för vård & omsorg".to_owned(),
        diarienummer: "RS/2026:17".to_owned(),
        sent_date: Some(date("2026-03-02")),
        deadline: date("2026-04-30"),
        sender: "Region Värmland, Nya perspektiv".to_owned(),
        parties,
        sections,
        files,
        total,
        handled,
        significant,
    }
}

/// The comments with their section names, in order.
fn comments(c: &Compilation) -> Vec<(&str, &CompiledComment)> {
    c.sections
        .iter()
        .flat_map(|s| s.comments.iter().map(move |k| (s.section.as_str(), k)))
        .collect()
}

// ---- reading the .docx back with python-docx ----------------------------

/// Dumps the body in order (paragraphs with style name and text, tables as
/// rows of cell texts), the core properties and the sections' orientation.
const DUMP: &str = r#"
import json, sys
import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

d = docx.Document(sys.argv[1])
body = []
for child in d.element.body.iterchildren():
    tag = child.tag.rsplit('}', 1)[-1]
    if tag == 'p':
        p = Paragraph(child, d)
        body.append({"kind": "p", "style": p.style.name if p.style is not None else None, "text": p.text})
    elif tag == 'tbl':
        t = Table(child, d)
        body.append({"kind": "table", "rows": [[c.text for c in r.cells] for r in t.rows]})
core = d.core_properties
json.dump({
    "body": body,
    "title": core.title,
    "subject": core.subject,
    "keywords": core.keywords,
    "language": core.language,
    "sections": [{"landscape": s.orientation == 1, "width": s.page_width, "height": s.page_height} for s in d.sections],
}, sys.stdout, ensure_ascii=False)
"#;

const PYTHON: &str = "/usr/bin/python3";

pub(crate) fn read_docx(bytes: &[u8]) -> Value {
    let probe = Command::new(PYTHON).args(["-c", "import docx"]).output();
    match probe {
        Ok(out) if out.status.success() => {}
        _ => panic!(
            "{PYTHON} with python-docx should be installed to read the compilation back \
             independently; run scripts/setup --test (it installs python3-docx)"
        ),
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sammanställning.docx");
    std::fs::write(&path, bytes).unwrap();
    let out = Command::new(PYTHON)
        .args(["-c", DUMP])
        .arg(&path)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "python-docx should open the compilation: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the dump is JSON")
}

fn body(doc: &Value) -> &Vec<Value> {
    doc["body"].as_array().expect("a body")
}

fn rows(table: &Value) -> Vec<Vec<String>> {
    table["rows"]
        .as_array()
        .expect("a table has rows")
        .iter()
        .map(|r| {
            r.as_array()
                .expect("a row has cells")
                .iter()
                .map(|c| c.as_str().expect("cell text").to_owned())
                .collect()
        })
        .collect()
}

/// The headings as (style, text), in order.
fn headings(doc: &Value) -> Vec<(String, String)> {
    body(doc)
        .iter()
        .filter(|b| b["kind"] == "p")
        .filter(|b| {
            b["style"]
                .as_str()
                .is_some_and(|s| s.starts_with("Heading") || s == "Title")
        })
        .map(|b| {
            (
                b["style"].as_str().unwrap().to_owned(),
                b["text"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// The first table after the Heading 1 `heading`.
pub(crate) fn table_after(doc: &Value, heading: &str) -> Vec<Vec<String>> {
    let body = body(doc);
    let at = body
        .iter()
        .position(|b| b["style"] == "Heading 1" && b["text"] == heading)
        .unwrap_or_else(|| panic!("a Heading 1 «{heading}»"));
    rows(
        body[at..]
            .iter()
            .find(|b| b["kind"] == "table")
            .unwrap_or_else(|| panic!("a table after «{heading}»")),
    )
}

/// Every row of the comment tables with the Heading 2 it stands under.
pub(crate) fn comment_rows(doc: &Value) -> Vec<(String, Vec<String>)> {
    let mut under: Option<String> = None;
    let mut inside = false;
    let mut out = Vec::new();
    for b in body(doc) {
        match (b["kind"].as_str(), b["style"].as_str()) {
            (Some("p"), Some("Heading 1")) => {
                inside = b["text"] == "Synpunkter per avsnitt";
                under = None;
            }
            (Some("p"), Some("Heading 2")) => under = b["text"].as_str().map(str::to_owned),
            (Some("table"), _) if inside => {
                let section = under
                    .clone()
                    .expect("a comment table stands under a Heading 2");
                let rows = rows(b);
                assert_eq!(
                    rows[0],
                    [
                        "Nr",
                        "Part",
                        "Synpunkt",
                        "Förslag till ändring",
                        "Ställningstagande",
                        "Motivering"
                    ],
                    "every comment table has the same header row"
                );
                out.extend(rows.into_iter().skip(1).map(|r| (section.clone(), r)));
            }
            _ => {}
        }
    }
    out
}

fn paragraphs_text(doc: &Value) -> String {
    body(doc)
        .iter()
        .filter(|b| b["kind"] == "p")
        .map(|b| b["text"].as_str().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn compilation_docx_read_back_by_python_docx_has_every_comment_once_under_its_section() {
    let c = compilation();
    let bytes = build_docx(&c, CREATED).expect("the compilation builds");
    let doc = read_docx(&bytes);

    let rows = comment_rows(&doc);
    assert_eq!(
        rows.len(),
        c.total,
        "one table row per comment, no more: {rows:#?}"
    );
    for (section, k) in comments(&c) {
        let found: Vec<&(String, Vec<String>)> =
            rows.iter().filter(|(_, r)| r[2] == k.text).collect();
        assert_eq!(
            found.len(),
            1,
            "comment nr {} («{}») should appear exactly once",
            k.nr,
            k.text
        );
        let (under, row) = found[0];
        assert_eq!(
            under, section,
            "comment nr {} should stand under its section's heading",
            k.nr
        );
        assert_eq!(row[0], k.nr.to_string(), "the comment's number");
        assert_eq!(row[1], k.party, "the comment's party, intact");
        assert_eq!(row[3], k.proposal, "the proposal, intact");
        assert_eq!(row[5], k.motivation, "the motivation, intact");
        let decision: Vec<&str> = row[4].split('\n').collect();
        assert_eq!(
            decision[0],
            k.disposition_name.as_deref().unwrap_or("Ej hanterad"),
            "comment nr {} shows its disposition first",
            k.nr
        );
        assert_eq!(
            decision.contains(&"Betydande ändring"),
            k.significant,
            "comment nr {} is marked significant exactly when it is",
            k.nr
        );
    }
    let row = |nr: usize| &rows.iter().find(|(_, r)| r[0] == nr.to_string()).unwrap().1;
    assert!(
        row(2)[4].ends_with("Samma beslut som nr 5")
            && row(5)[4].ends_with("Samma beslut som nr 2"),
        "comments decided together say so: {:?} / {:?}",
        row(2)[4],
        row(5)[4]
    );
    assert_eq!(
        row(4)[2],
        FORMULA,
        "text that looks like a formula is plain text"
    );
    assert_eq!(
        row(3)[2],
        MULTILINE,
        "line breaks, <, &, emoji arrive intact"
    );
}

#[test]
fn compilation_docx_lists_every_party_with_who_declined_and_who_did_not_answer() {
    let c = compilation();
    let doc = read_docx(&build_docx(&c, CREATED).unwrap());
    let rows = table_after(&doc, "Svar per part");
    assert_eq!(
        rows[0],
        ["Part", "Ställning", "Svarsdatum", "Synpunkter"],
        "the party table's header row"
    );
    let names: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        names, PARTIES,
        "every party, in the guideline's order, names intact"
    );
    let of = |party: &str| rows.iter().find(|r| r[0] == party).unwrap();
    assert_eq!(of("Eda")[1], "Avstår", "a declining party says so");
    assert_eq!(of("Eda")[2], "2026-04-20");
    for silent in ["Filipstad", "Munkfors", "Storfors"] {
        assert_eq!(
            of(silent)[1..3],
            ["Inget svar", "–"],
            "{silent} did not answer"
        );
    }
    assert_eq!(of(TORSBY)[1], "Avstyrker");
    assert_eq!(of("Hammarö")[1], "Tillstyrker med synpunkter");
    assert_eq!(of("Hammarö")[3], "1", "Hammarö's comment count");

    let files = table_after(&doc, "Svarsfiler");
    assert_eq!(files[0], ["Part", "Fil", "Sparad"]);
    assert_eq!(files.len(), c.files.len() + 1, "one row per answer file");
    assert_eq!(files[3], [TORSBY, "Svarsmall - Torsby.docx", "2026-04-25"]);
}

#[test]
fn compilation_docx_uses_title_and_heading_styles_and_a_plain_swedish_summary() {
    let c = compilation();
    let doc = read_docx(&build_docx(&c, CREATED).unwrap());
    let expected: Vec<(String, String)> = [
        ("Title", "Sammanställning av remissvar"),
        ("Heading 1", "Sammanfattning"),
        ("Heading 1", "Svar per part"),
        ("Heading 1", "Synpunkter per avsnitt"),
        ("Heading 2", "Syfte"),
        ("Heading 2", "Målgrupp och omfattning"),
        ("Heading 2", "Ansvarsfördelning"),
        ("Heading 2", "Bilaga 2 – Checklista"),
        ("Heading 2", "Övrigt"),
        ("Heading 1", "Svarsfiler"),
    ]
    .iter()
    .map(|(s, t)| ((*s).to_owned(), (*t).to_owned()))
    .collect();
    assert_eq!(
        headings(&doc),
        expected,
        "the title in Title, the parts in Heading 1, the sections with comments (not «Mål», which has none) in Heading 2"
    );
    assert_eq!(
        body(&doc)[0]["style"],
        "Title",
        "the document opens with its title"
    );

    let text = paragraphs_text(&doc);
    for sentence in [
        "Dokument: Riktlinje för vård & omsorg <äldre> – åäö 🏥, version 2 (Riktlinje)",
        "Ärende: Remiss: Riktlinje för vård & omsorg",
        "Diarienummer: RS/2026:17",
        "Sista svarsdag: 2026-04-30",
        "Remissen gick till 17 parter. Av dem har 13 svarat, 1 avstått och 3 inte svarat.",
        "Parternas ställningstaganden: 4 tillstyrker, 7 tillstyrker med synpunkter, 1 avstyrker och 1 har inga synpunkter.",
        "Parterna har lämnat 9 synpunkter. Hanterade synpunkter: 7 av 9 (77\u{a0}%). 2 synpunkter återstår att hantera.",
        "Ställningstaganden till synpunkterna: 3 beaktade, 1 delvis beaktad, 1 ej beaktad och 2 noterade.",
        "1 synpunkt har lett till en betydande ändring av dokumentet. Dokumentet behöver därför godkännas på nytt i relevanta nätverk och grupperingar",
    ] {
        assert!(
            text.contains(sentence),
            "the document should say «{sentence}»; it says:\n{text}"
        );
    }

    assert_eq!(
        doc["title"],
        "Sammanställning av remissvar – Riktlinje för vård & omsorg <äldre> – åäö 🏥"
    );
    assert_eq!(doc["subject"], "Remiss: Riktlinje för vård & omsorg");
    assert_eq!(doc["language"], "sv-SE");
    assert!(doc["keywords"]
        .as_str()
        .is_some_and(|k| k.contains("sammanställning") && k.contains("RS/2026:17")));

    let sections = doc["sections"].as_array().unwrap();
    assert_eq!(
        sections.len(),
        2,
        "a portrait part and the comments in landscape"
    );
    assert_eq!(sections[0]["landscape"], false);
    assert_eq!(sections[1]["landscape"], true);
    assert!(
        sections[1]["width"].as_u64() > sections[1]["height"].as_u64(),
        "the landscape pages are wider than high"
    );
}

#[test]
fn compilation_docx_xml_has_swedish_language_repeating_header_rows_and_captions() {
    let c = compilation();
    let bytes = build_docx(&c, CREATED).unwrap();
    let styles = golden::zip_part(&bytes, "word/styles.xml");
    assert!(
        styles.contains(r#"w:lang w:val="sv-SE""#),
        "the text's language is sv-SE"
    );
    let document = golden::zip_part(&bytes, "word/document.xml");
    let tables = document.matches("<w:tbl>").count();
    assert_eq!(tables, 7, "parties, five sections with comments, files");
    assert_eq!(
        document.matches("<w:tblHeader />").count(),
        tables,
        "every table's header row repeats on each page"
    );
    for caption in [
        "Svar per part",
        "Synpunkter om Syfte",
        "Synpunkter om Bilaga 2 – Checklista",
        "Synpunkter om Övrigt",
        "Svarsfiler",
    ] {
        assert!(
            document.contains(&format!(r#"<w:tblCaption w:val="{caption}" />"#)),
            "a table captioned «{caption}» for screen readers"
        );
    }
    assert_eq!(document.matches("<w:tblCaption").count(), tables);
    assert!(
        document.contains("Torsby &lt;kommun&gt; &amp; &quot;KS&quot;")
            || document.contains("Torsby &lt;kommun&gt; &amp; \"KS\""),
        "party names are escaped"
    );
    assert_eq!(
        document.matches("<w:headerReference").count(),
        2,
        "both sections have the header"
    );
    assert_eq!(
        document.matches("<w:footerReference").count(),
        2,
        "both sections have the page numbers"
    );
    let core = golden::zip_part(&bytes, "docProps/core.xml");
    assert!(
        core.contains(
            "<dc:title>Sammanställning av remissvar – Riktlinje för vård &amp; omsorg &lt;äldre&gt; – åäö 🏥</dc:title>"
        ),
        "dc:title is set: {core}"
    );
}

#[test]
fn compilation_without_comments_says_so_and_stays_portrait() {
    let mut c = compilation();
    for s in &mut c.sections {
        s.comments.clear();
    }
    for p in &mut c.parties {
        p.comments = 0;
    }
    c.total = 0;
    c.handled = 0;
    c.significant = 0;
    c.files.clear();
    c.kind = RoundKind::Synpunktsrunda;
    let bytes = build_docx(&c, CREATED).expect("a compilation without comments builds");
    let doc = read_docx(&bytes);
    let headings = headings(&doc);
    assert_eq!(
        headings[0],
        ("Title".into(), "Sammanställning av synpunkter".into())
    );
    assert!(
        headings.iter().all(|(s, _)| s != "Heading 2"),
        "no section headings without comments: {headings:?}"
    );
    let text = paragraphs_text(&doc);
    assert!(
        text.contains("Synpunktsrundan gick till 17 parter."),
        "{text}"
    );
    assert!(text.contains("Inga synpunkter har lämnats."), "{text}");
    assert!(text.contains("Inga svarsfiler har sparats."), "{text}");
    assert!(
        !text.contains("godkännas på nytt"),
        "no approval warning without a significant change"
    );
    let sections = doc["sections"].as_array().unwrap();
    assert_eq!(sections.len(), 1, "one portrait section");
    assert_eq!(sections[0]["landscape"], false);
    let document = golden::zip_part(&bytes, "word/document.xml");
    assert_eq!(
        document.matches("<w:tbl>").count(),
        1,
        "only the party table"
    );
    assert!(!document.contains("SamdokSectionBreak"));
}

#[test]
fn compilation_docx_matches_the_golden_file() {
    let bytes = build_docx(&compilation(), CREATED).unwrap();
    golden::assert_matches(
        "compilation-document.xml",
        &golden::xml(&golden::zip_part(&bytes, "word/document.xml")),
    );
}

#[test]
fn compilation_docx_is_the_same_for_the_same_input() {
    let c = compilation();
    assert!(
        build_docx(&c, CREATED).unwrap() == build_docx(&c, CREATED).unwrap(),
        "two builds of the same compilation at the same time are byte for byte equal"
    );
}

// ---- the workbook ----------------------------------------------------------

#[test]
fn compilation_xlsx_has_one_row_per_comment_read_back_by_calamine() {
    use calamine::{Data, Reader, Xlsx};
    let c = compilation();
    let bytes = build_xlsx(&c).expect("the workbook builds");
    let mut book: Xlsx<_> =
        Xlsx::new(std::io::Cursor::new(bytes.clone())).expect("the .xlsx opens");
    assert_eq!(book.sheet_names(), [SHEET_NAME]);
    let range = book.worksheet_range(SHEET_NAME).expect("the sheet reads");
    let rows: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
    let text = |s: &str| Data::String(s.to_owned());
    assert_eq!(
        rows[0],
        [
            "Nr",
            "Remissinstans",
            "Avsnitt",
            "Synpunkt",
            "Förslag till ändring",
            "Ställningstagande",
            "Motivering",
            "Betydande ändring"
        ]
        .map(text),
        "the header row"
    );
    assert_eq!(COMMENT_COLUMNS.len(), 8);
    assert_eq!(rows.len(), c.total + 1, "a header and one row per comment");
    for ((section, k), row) in comments(&c).into_iter().zip(&rows[1..]) {
        let blank_is_empty = |s: &str| {
            if s.is_empty() {
                Data::Empty
            } else {
                text(s)
            }
        };
        let expected = vec![
            Data::Float(k.nr as f64),
            text(&k.party),
            text(section),
            text(&k.text),
            blank_is_empty(&k.proposal),
            text(k.disposition_name.as_deref().unwrap_or("Ej hanterad")),
            blank_is_empty(&k.motivation),
            text(if k.significant { "Ja" } else { "Nej" }),
        ];
        assert_eq!(row, &expected, "the row of comment nr {}", k.nr);
    }

    let formulas = book.worksheet_formula(SHEET_NAME).expect("formulas read");
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "the workbook holds no formula, though a comment starts with ="
    );

    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut sheet = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut sheet)
        .unwrap();
    assert!(
        sheet.contains("<pane")
            && sheet.contains(r#"ySplit="1""#)
            && sheet.contains(r#"state="frozen""#),
        "the header row is frozen: {sheet}"
    );
    assert!(
        sheet.contains(r#"<autoFilter ref="A1:H10""#),
        "the filter covers the header and every comment: {sheet}"
    );
    // Excel's quote prefix on a cell that looks like a formula, so that
    // editing it in Excel does not turn it into one.
    let mut styles = String::new();
    zip.by_name("xl/styles.xml")
        .unwrap()
        .read_to_string(&mut styles)
        .unwrap();
    let xfs: Vec<&str> = styles
        .split("<cellXfs")
        .nth(1)
        .and_then(|x| x.split("</cellXfs>").next())
        .expect("the workbook has cell formats")
        .split("<xf ")
        .skip(1)
        .collect();
    let style_of = |cell: &str| -> &str {
        let tag = format!(r#"<c r="{cell}" s=""#);
        let at = sheet
            .find(&tag)
            .unwrap_or_else(|| panic!("{cell} has a style"))
            + tag.len();
        let index: usize = sheet[at..].split('"').next().unwrap().parse().unwrap();
        xfs[index]
    };
    assert!(
        style_of("D5").contains(r#"quotePrefix="1""#),
        "the comment {FORMULA} (D5) carries the quote prefix"
    );
    assert!(
        style_of("E5").contains(r#"quotePrefix="1""#),
        "the proposal «-2 dagar räcker» (E5) carries the quote prefix"
    );
    assert!(
        !style_of("D2").contains("quotePrefix"),
        "ordinary text (D2) has no quote prefix"
    );
    let mut core = String::new();
    zip.by_name("docProps/core.xml")
        .unwrap()
        .read_to_string(&mut core)
        .unwrap();
    assert!(
        core.contains("<dc:title>Sammanställning av remissvar – Riktlinje för vård &amp; omsorg &lt;äldre&gt; – åäö 🏥</dc:title>"),
        "the workbook's title is set: {core}"
    );
}

#[test]
fn compilation_file_stem_names_the_kind_and_the_document() {
    let mut c = compilation();
    assert_eq!(
        file_stem(&c),
        "Sammanställning av remissvar – Riktlinje för vård & omsorg <äldre> – åäö 🏥"
    );
    c.kind = RoundKind::Synpunktsrunda;
    assert!(file_stem(&c).starts_with("Sammanställning av synpunkter – "));
}
