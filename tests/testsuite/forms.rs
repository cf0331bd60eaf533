//! Returned svarsmallar read back (`answers::form::read_form`): forms made
//! by our own export, filled in as a person does in Word (check boxes, an X
//! typed over a box, text in the controls and around them, rows added and
//! deleted), re-saved by LibreOffice, and files that are no svarsmall.

use std::path::Path;

use chrono::{DateTime, NaiveDate};
use samdok::answers::form::{read_form, ReadComment, ReadForm};
use samdok::export::{
    build_package_at, Contact, DocInfo, DraftFile, DraftSource, PackageInput, Recipient, RoundInfo,
    RoundKind,
};
use samdok::Error;

use crate::fill_form::Form;

const KEY: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
const TRICKY: &str = "Mål <a> & \"b\" 'c' – åäö ÅÄÖ 🏥\nandra raden\tmed tabb";

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a date")
}

fn headings() -> Vec<String> {
    samdok::template::template()
        .expect("the template loads")
        .mandatory
        .iter()
        .map(|m| m.label.clone())
        .collect()
}

/// The package input of a remiss to all 17 parties.
pub fn input() -> PackageInput {
    PackageInput {
        round: RoundInfo {
            kind: RoundKind::Remiss,
            subject: "Remiss av Riktlinje för <samverkan> & 'vård' 🏥".into(),
            sent_date: date("2026-03-02"),
            deadline: date("2026-04-15"),
            missiv_text: "Hej!".into(),
            reply_address: "diariet@regionvarmland.se".into(),
            diarienummer: "RS/2026:17".into(),
            contact: Contact {
                name: "Sandra Nätt".into(),
                title: String::new(),
                email: "sandra.natt@regionvarmland.se".into(),
                phone: "010-833 10 01".into(),
            },
            sender: "Region Värmland".into(),
            form_key: KEY.into(),
        },
        document: DocInfo {
            title: "Riktlinje för <samverkan> & 'vård' 🏥".into(),
            doc_type_name: "Riktlinje".into(),
            version_no: 2,
        },
        draft: DraftFile {
            file_name: "Riktlinje v2.docx".into(),
            bytes: b"PK\x03\x04 stand-in".to_vec(),
            source: DraftSource::WorkingDraft,
        },
        recipients: samdok::assets::parties()
            .expect("the parties load")
            .iter()
            .map(|p| Recipient {
                party_name: p.name.clone(),
                party_code: p.code.clone(),
                contact_name: "Registrator".into(),
                email: Some(format!("registrator@{}.se", p.code)),
            })
            .collect(),
        adoption: None,
        mandatory_headings: headings(),
    }
}

/// Every file of the package: (path, bytes).
pub fn package(input: &PackageInput) -> Vec<(String, Vec<u8>)> {
    let now = DateTime::parse_from_rfc3339("2026-03-02T09:30:00+01:00").expect("a time");
    let (files, _) = build_package_at(input, now, &mut |_, _| {}).expect("the package builds");
    files.into_iter().map(|f| (f.path, f.bytes)).collect()
}

/// The blank svarsmall of Årjäng, built once.
fn blank() -> Vec<u8> {
    static BLANK: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    BLANK
        .get_or_init(|| file(&package(&input()), "Svarsmall - Årjäng.docx"))
        .clone()
}

fn file(files: &[(String, Vec<u8>)], path: &str) -> Vec<u8> {
    files
        .iter()
        .find(|(p, _)| p == path)
        .map(|(_, b)| b.clone())
        .unwrap_or_else(|| panic!("the package has {path}"))
}

fn read(bytes: &[u8]) -> ReadForm {
    read_form(bytes).unwrap_or_else(|e| panic!("the form should be read, and was not: {e}"))
}

fn comment(row: usize, section: &str, text: &str, proposal: &str) -> ReadComment {
    ReadComment {
        row,
        section: section.into(),
        text: text.into(),
        proposal: proposal.into(),
    }
}

fn row_of(section: &str) -> usize {
    headings()
        .iter()
        .position(|h| h == section)
        .unwrap_or_else(|| panic!("{section} is a mandatory heading"))
        + 1
}

/// Keeps a copy of a form for looking at when SAMDOK_KEEP_FORMS names a folder.
fn keep(name: &str, bytes: &[u8]) {
    if let Some(dir) = std::env::var_os("SAMDOK_KEEP_FORMS") {
        let dir = Path::new(&dir);
        std::fs::create_dir_all(dir).expect("the folder for kept forms");
        std::fs::write(dir.join(name), bytes).expect("the kept form is written");
    }
}

/// A form filled in with a ticked box, comments in two heading rows and in a
/// free row, and who answers.
fn filled() -> Form {
    let [first, second, ..] = &headings()[..] else {
        panic!("the template has mandatory headings");
    };
    let mut form = Form::open(&blank());
    form.tick("Tillstyrker med synpunkter")
        .write(
            first,
            "Syftet bör nämna de mobila teamen.",
            "Lägg till en mening.",
        )
        .write(second, TRICKY, "")
        .write_section("Övrigt")
        .write("Övrigt", "", "Byt «kommunen» mot kommunerna.")
        .respondent("Namn", "Eva Åberg")
        .respondent("E-post", "eva.aberg@arjang.se")
        .respondent("Datum", "2026-04-01");
    form
}

#[test]
fn a_form_with_a_ticked_box_and_comments_reads_back_exactly() {
    let form = filled();
    let bytes = form.to_bytes();
    keep("ifylld.docx", &bytes);
    let read = read(&bytes);
    let first = &headings()[0];
    let second = &headings()[1];
    assert_eq!(read.round_key.as_deref(), Some(KEY), "the round's key");
    assert_eq!(read.party_code.as_deref(), Some("arjang"), "the party");
    assert_eq!(read.positions, ["tillstyrker_med_synpunkter"]);
    assert_eq!(
        read.comments,
        [
            comment(
                row_of(first),
                first,
                "Syftet bör nämna de mobila teamen.",
                "Lägg till en mening."
            ),
            comment(row_of(second), second, TRICKY, ""),
            comment(
                headings().len() + 1,
                "Övrigt",
                "",
                "Byt «kommunen» mot kommunerna."
            ),
        ],
        "every filled row, the text with <, &, quotes, line break, tab, åäö and emoji intact"
    );
    assert_eq!(
        read.respondent,
        [
            ("Namn".to_owned(), "Eva Åberg".to_owned()),
            ("E-post".to_owned(), "eva.aberg@arjang.se".to_owned()),
            ("Datum".to_owned(), "2026-04-01".to_owned()),
        ]
    );
    assert_eq!(read.problems, Vec::<String>::new(), "nothing left unread");
    for (name, value) in [
        ("Dokumenttyp", "svarsmall"),
        ("Mallversion", "2"),
        ("Rundnyckel", KEY),
        ("Part", "Årjäng"),
        ("Runda", "Remiss av Riktlinje för <samverkan> & 'vård' 🏥"),
        ("Diarienummer", "RS/2026:17"),
    ] {
        assert_eq!(
            read.properties.get(name).map(String::as_str),
            Some(value),
            "the property Samdok.{name}"
        );
    }
}

#[test]
fn the_blank_form_has_check_boxes_beside_the_labels_and_controls_inside_the_cells() {
    let document = Form::open(&blank()).document;
    let root = &document[..document.find("<w:body>").expect("a body")];
    assert!(
        root.contains(r#"xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml""#)
            && root
                .split(r#"mc:Ignorable=""#)
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .is_some_and(|listed| listed.split_whitespace().any(|p| p == "w14")),
        "w14 is declared and ignorable: {root}"
    );
    assert_eq!(document.matches("<w14:checkbox>").count(), 5, "five boxes");
    for position in ["Tillstyrker", "Tillstyrker med synpunkter", "Avstår"] {
        let label = format!(r#"</w:sdt><w:r><w:rPr /><w:t xml:space="preserve"> {position}</w:t>"#);
        assert!(
            document.contains(&label),
            "{position} stands right after its box"
        );
    }
    let ids: Vec<&str> = document
        .split(r#"<w:id w:val=""#)
        .skip(1)
        .map(|s| s.split('"').next().unwrap_or_default())
        .collect();
    let unique: std::collections::HashSet<&&str> = ids.iter().collect();
    assert_eq!(
        unique.len(),
        ids.len(),
        "every control has its own w:id: {ids:?}"
    );
    let rows = headings().len() + samdok::export::FREE_ROWS;
    assert_eq!(
        document.matches(r#"<w:text w:multiLine="1" />"#).count(),
        2 * rows,
        "a multi-line control in each Synpunkt and Förslag cell"
    );
    assert!(
        document.contains(
            r#"<w:spacing w:after="0" /><w:rPr /></w:pPr><w:sdt><w:sdtPr><w:alias w:val="Synpunkt" />"#
        ),
        "the control stands inside the cell's paragraph"
    );
    assert_eq!(
        document.matches("<w:text />").count(),
        4,
        "who answers: four lines"
    );
    assert!(!document.contains("<w:t></w:t>") && !document.contains("<w:t />"));
}

#[test]
fn a_blank_form_reads_as_no_position_and_no_comments() {
    let read = read(&blank());
    assert!(read.positions.is_empty(), "{:?}", read.positions);
    assert!(read.comments.is_empty(), "{:?}", read.comments);
    assert!(read.respondent.is_empty(), "{:?}", read.respondent);
    assert_eq!(
        read.problems,
        ["Inget ställningstagande är markerat i svarsmallen."]
    );
}

#[test]
fn tillstyrker_ticked_is_not_read_as_tillstyrker_med_synpunkter() {
    let mut form = Form::open(&blank());
    form.tick("Tillstyrker");
    assert_eq!(read(&form.to_bytes()).positions, ["tillstyrker"]);
    let mut form = Form::open(&blank());
    form.tick("Tillstyrker med synpunkter");
    let read_back = read(&form.to_bytes());
    assert_eq!(
        read_back.positions,
        ["tillstyrker_med_synpunkter"],
        "the longer label ticks only itself"
    );
    assert!(read_back.problems.is_empty(), "{:?}", read_back.problems);
    let mut form = Form::open(&blank());
    form.tick("Avstår");
    assert_eq!(read(&form.to_bytes()).positions, ["avstar"]);
}

#[test]
fn an_x_typed_in_place_of_the_box_ticks_the_position() {
    for mark in ["X", "x", "☒", "✓", "X "] {
        let mut form = Form::open(&blank());
        form.type_x("Avstyrker", mark);
        let bytes = form.to_bytes();
        assert!(
            !crate::fill_form::texts(&Form::open(&bytes).document).contains("☐ Avstyrker"),
            "the box is gone"
        );
        let read = read(&bytes);
        assert_eq!(read.positions, ["avstyrker"], "{mark:?} ticks Avstyrker");
        assert!(read.problems.is_empty(), "{:?}", read.problems);
    }
}

#[test]
fn several_ticked_positions_are_all_returned_with_a_problem() {
    let mut form = Form::open(&blank());
    form.tick("Avstår").type_x("Tillstyrker", "X");
    let read = read(&form.to_bytes());
    assert_eq!(
        read.positions,
        ["tillstyrker", "avstar"],
        "both, in the form's order"
    );
    assert_eq!(
        read.problems,
        ["Flera ställningstaganden är markerade (Tillstyrker, Avstår); Samdok väljer inte mellan dem."]
    );
}

#[test]
fn rows_added_and_deleted_by_the_party_are_read() {
    let headings = headings();
    let (first, second, third) = (&headings[0], &headings[1], &headings[2]);
    let mut form = Form::open(&blank());
    form.tick("Avstyrker")
        .delete_row(first)
        .write(second, "Om andra avsnittet.", "")
        .add_row_after(
            second,
            second,
            "En till om andra avsnittet.",
            "Stryk meningen.",
        )
        .add_row_after(third, "Bilaga 1", "Om bilagan.", "")
        .write_section("Ordlista")
        .write("Ordlista", "Saknar begreppet samordnad plan.", "");
    let read = read(&form.to_bytes());
    let free = headings.len() + 1; // one row deleted, two added
    assert_eq!(
        read.comments,
        [
            comment(1, second, "Om andra avsnittet.", ""),
            comment(2, second, "En till om andra avsnittet.", "Stryk meningen."),
            comment(4, "Bilaga 1", "Om bilagan.", ""),
            comment(free + 1, "Ordlista", "Saknar begreppet samordnad plan.", ""),
        ],
        "rows in their order, numbered as they stand"
    );
    assert_eq!(read.positions, ["avstyrker"]);
    assert!(read.problems.is_empty(), "{:?}", read.problems);
}

#[test]
fn text_typed_around_the_controls_and_in_new_paragraphs_is_read() {
    let second = &headings()[1];
    let mut form = Form::open(&blank());
    form.tick("Tillstyrker").write(second, "i kontrollen", "");
    // Before and after the control, and a paragraph of its own (Enter).
    let at = form
        .document
        .find("i kontrollen")
        .expect("the text is there");
    let sdt = form.document[..at].rfind("<w:sdt>").expect("its control");
    form.document
        .insert_str(sdt, &crate::fill_form::runs("Före "));
    let end = form.document[sdt..].find("</w:sdt>").expect("it closes") + sdt + 8;
    form.document.insert_str(
        end,
        &format!(
            "{}</w:p><w:p>{}",
            crate::fill_form::runs(" efter"),
            crate::fill_form::runs("Nytt stycke & mer")
        ),
    );
    let read = read(&form.to_bytes());
    assert_eq!(
        read.comments,
        [comment(
            row_of(second),
            second,
            "Före i kontrollen efter\nNytt stycke & mer",
            ""
        )]
    );
}

#[test]
fn tags_and_titles_of_the_controls_are_not_needed() {
    let form = filled();
    let with_tags = read(&form.to_bytes());
    let mut stripped = Form::open(&form.to_bytes());
    for element in ["<w:tag ", "<w:alias "] {
        while let Some(at) = stripped.document.find(element) {
            let end = stripped.document[at..]
                .find("/>")
                .expect("an empty element")
                + at
                + 2;
            stripped.document.replace_range(at..end, "");
        }
    }
    assert!(!stripped.document.contains("<w:tag"));
    assert_eq!(
        read(&stripped.to_bytes()),
        with_tags,
        "the same form without w:tag and w:alias (as LibreOffice saves it) reads the same"
    );
}

#[test]
fn a_row_with_merged_cells_is_a_problem_naming_it_not_a_guess() {
    let second = &headings()[1];
    let mut form = Form::open(&blank());
    form.tick("Tillstyrker")
        .write(second, "Synpunkten", "Förslaget");
    // Merge the row's Synpunkt and Förslag cells into one, as Word does.
    let at = form.document.find("Synpunkten").expect("the text");
    let row_start = form.document[..at].rfind("<w:tr>").expect("its row");
    let row_end = form.document[at..].find("</w:tr>").expect("it closes") + at;
    let row = &form.document[row_start..row_end];
    let second_cell = row.match_indices("<w:tc>").nth(1).expect("a second cell").0;
    let merged = format!(
        "{}<w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr><w:p>{}</w:p></w:tc>",
        &row[..second_cell],
        crate::fill_form::runs("Synpunkten Förslaget")
    );
    form.document.replace_range(row_start..row_end, &merged);
    let read = read(&form.to_bytes());
    assert!(read.comments.is_empty(), "{:?}", read.comments);
    let row = row_of(second);
    assert_eq!(read.problems.len(), 1, "{:?}", read.problems);
    assert!(
        read.problems[0].starts_with(&format!(
            "Rad {row} i tabellen «Synpunkter per avsnitt» kunde inte läsas"
        )) && read.problems[0].contains("Synpunkten Förslaget"),
        "the problem names the row and its text: {:?}",
        read.problems
    );
}

#[test]
fn a_tracked_deleted_row_is_not_read() {
    let second = &headings()[1];
    let mut form = Form::open(&blank());
    form.tick("Tillstyrker").write(second, "Struken", "");
    let at = form.document.find("Struken").expect("the text");
    let row_start = form.document[..at].rfind("<w:tr>").expect("its row");
    let props = form.document[row_start..]
        .find("<w:trPr>")
        .expect("row properties")
        + row_start;
    form.document.insert_str(
        props + "<w:trPr>".len(),
        r#"<w:del w:id="900" w:author="Eva" w:date="2026-04-01T10:00:00Z"/>"#,
    );
    assert!(read(&form.to_bytes()).comments.is_empty());
}

#[test]
fn a_word_document_that_is_not_a_svarsmall_is_refused_clearly() {
    let files = package(&input());
    let err = read_form(&file(&files, "Missiv.docx")).expect_err("a missiv is no svarsmall");
    assert!(
        matches!(err, Error::UnreadableDocx(_))
            && err
                .to_string()
                .starts_with("Filen är inte en svarsmall från Samdok"),
        "the missiv: {err}"
    );
    let draft = samdok::drafts::generate::build(
        &samdok::drafts::generate::DraftContent {
            title: "Riktlinje".into(),
            doc_type_name: "Riktlinje".into(),
            version_no: 1,
            ..Default::default()
        },
        "2026-03-02T09:30:00Z",
    )
    .expect("a draft");
    let err = read_form(&draft).expect_err("a draft is no svarsmall");
    assert!(
        err.to_string().starts_with("Filen är inte en svarsmall"),
        "{err}"
    );
}

#[test]
fn a_damaged_or_truncated_file_gives_the_unreadable_messages() {
    let bytes = filled().to_bytes();
    let half = read_form(&bytes[..bytes.len() / 2]).expect_err("half a form");
    assert!(
        matches!(&half, Error::UnreadableDocx(m) if m.contains("skadad") || m.contains("inte ett Word-dokument")),
        "{half}"
    );
    let err = read_form(b"").expect_err("nothing");
    assert!(err.to_string().contains("tom"), "{err}");
    let err = read_form(b"Hej, h\xc3\xa4r \xc3\xa4r mitt svar.").expect_err("a text file");
    assert!(err.to_string().contains("inte ett Word-dokument"), "{err}");
    // A form whose document part is cut off inside its XML.
    let mut form = filled();
    let cut = form.document.len() / 2;
    let cut = (cut..form.document.len())
        .find(|&i| form.document.is_char_boundary(i))
        .expect("a char boundary");
    form.document.truncate(cut);
    let err = read_form(&form.to_bytes()).expect_err("a broken part");
    assert!(err.to_string().contains("inte giltig XML"), "{err}");
}

/// A small deterministic generator for garbling bytes.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
}

#[test]
fn truncated_and_garbled_forms_never_panic() {
    let bytes = filled().to_bytes();
    let mut rng = Lcg(8);
    let mut outcomes = (0, 0);
    let mut record = |result: samdok::Result<ReadForm>| match result {
        Ok(_) => outcomes.0 += 1,
        Err(Error::UnreadableDocx(_)) => outcomes.1 += 1,
        Err(other) => panic!("a bad file should be UnreadableDocx, not {other:?}"),
    };
    for cut in (0..bytes.len()).step_by(97) {
        record(read_form(&bytes[..cut]));
    }
    for _ in 0..300 {
        let mut garbled = bytes.clone();
        for _ in 0..1 + rng.next() % 8 {
            let at = rng.next() % garbled.len();
            garbled[at] = rng.next() as u8;
        }
        record(read_form(&garbled));
    }
    // Garbled XML inside a sound zip.
    let document = filled().document;
    let mut form = filled();
    for _ in 0..300 {
        let mut xml = document.clone().into_bytes();
        for _ in 0..1 + rng.next() % 4 {
            let at = rng.next() % xml.len();
            let noise = b"<>/&\"'=x \xc3";
            xml[at] = noise[rng.next() % noise.len()];
        }
        form.document = String::from_utf8_lossy(&xml).into_owned();
        record(read_form(&form.to_bytes()));
    }
    assert!(
        outcomes.1 > 0,
        "some garbled files are refused: {outcomes:?}"
    );
}

/// Saves `bytes` as a .docx again with LibreOffice, in a profile of its own.
fn resave_with_libreoffice(bytes: &[u8]) -> Vec<u8> {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let input = dir.path().join("Svarsmall.docx");
    std::fs::write(&input, bytes).expect("the form is written");
    let out = dir.path().join("ut");
    let profile = dir.path().join("profil");
    let result = std::process::Command::new("soffice")
        .arg("--headless")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--convert-to", "docx", "--outdir"])
        .arg(&out)
        .arg(&input)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "LibreOffice (soffice) is needed for this test and could not be started ({e}); \
                 scripts/setup --test installs it"
            )
        });
    let saved = out.join("Svarsmall.docx");
    assert!(
        saved.exists(),
        "LibreOffice should have saved the form: {}",
        String::from_utf8_lossy(&result.stderr)
    );
    std::fs::read(saved).expect("the saved form")
}

#[test]
fn a_form_resaved_by_libreoffice_reads_back_identically() {
    let h = headings();
    let mut form = Form::open(&blank());
    // LibreOffice 7.4 moves line breaks inside a plain-text control out in
    // front of it, so the controls' text here is one line each; the second
    // line stands in a paragraph of its own, as a LibreOffice user types it.
    form.tick("Tillstyrker med synpunkter")
        .write(
            &h[0],
            "Syftet bör nämna de mobila teamen.",
            "Lägg till en mening.",
        )
        .enter_and_type("Syftet bör nämna de mobila teamen.", "Andra raden & mer.")
        .write(&h[1], "Mål <a> & \"b\" 'c' – åäö ÅÄÖ 🏥", "Med\ttabb")
        .delete_row(&h[2])
        .add_row_after(&h[3], &h[3], "Ny rad <3", "")
        .write_section("Övrigt")
        .write("Övrigt", "", "Byt «kommunen» mot kommunerna.")
        .respondent("Namn", "Eva Åberg")
        .respondent("E-post", "eva.aberg@arjang.se");
    let bytes = form.to_bytes();
    let before = read(&bytes);
    assert_eq!(
        before.comments,
        [
            comment(
                1,
                &h[0],
                "Syftet bör nämna de mobila teamen.\nAndra raden & mer.",
                "Lägg till en mening."
            ),
            comment(2, &h[1], "Mål <a> & \"b\" 'c' – åäö ÅÄÖ 🏥", "Med\ttabb"),
            comment(4, &h[3], "Ny rad <3", ""),
            comment(h.len() + 1, "Övrigt", "", "Byt «kommunen» mot kommunerna."),
        ],
        "the form as filled"
    );
    assert_eq!(before.positions, ["tillstyrker_med_synpunkter"]);

    let resaved = resave_with_libreoffice(&bytes);
    keep("ifylld-for-libreoffice.docx", &bytes);
    keep("ifylld-sparad-av-libreoffice.docx", &resaved);
    let saved = Form::open(&resaved).document;
    assert!(
        saved.contains(r#"<w14:checked w14:val="1"/>"#) && saved.contains('☒'),
        "LibreOffice keeps the check box, its state and its glyph"
    );
    let after = read(&resaved);
    assert_eq!(after.round_key.as_deref(), Some(KEY), "the round's key");
    assert_eq!(after.party_code.as_deref(), Some("arjang"), "the party");
    assert_eq!(after.positions, before.positions, "the position");
    assert_eq!(after.comments, before.comments, "the comments");
    assert_eq!(after.respondent, before.respondent, "who answers");
    assert_eq!(after.problems, before.problems, "the problems");
    assert_eq!(after.properties, before.properties, "every Samdok property");
}
