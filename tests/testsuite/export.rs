//! The remiss package: its files, read back as XML, MIME, CSV and xlsx
//! (never compared as raw bytes), and writing it to a folder or a zip
//! whole or not at all.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use chrono::{DateTime, FixedOffset, NaiveDate};
use sha2::{Digest, Sha256};

use crate::golden;

use samdok::export::{
    self, build_package, build_package_at, default_missiv_text, write_folder, write_zip, Contact,
    DocInfo, DraftFile, DraftSource, Manifest, PackageFile, PackageInput, Recipient, RoundInfo,
    RoundKind,
};

const TRICKY: &str = "Riktlinje <om> \"vård\" & 'omsorg' – åäö 🏥";
const UNSAFE_TITLE: &str = r#"Vård/omsorg\plan: *alla*? "ja" <nu> | sen"#;

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-03-02T09:30:00+01:00").unwrap()
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn mandatory_headings() -> Vec<String> {
    samdok::template::template()
        .expect("the template loads")
        .mandatory
        .iter()
        .map(|m| m.label.clone())
        .collect()
}

/// All 17 parties, each with an address made from its code.
fn all_recipients() -> Vec<Recipient> {
    samdok::assets::parties()
        .expect("the parties load")
        .iter()
        .map(|p| Recipient {
            party_name: p.name.clone(),
            party_code: p.code.clone(),
            contact_name: "Registrator".into(),
            email: Some(format!("registrator@{}.se", p.code)),
        })
        .collect()
}

fn input_with(title: &str, recipients: Vec<Recipient>) -> PackageInput {
    let document = DocInfo {
        title: title.into(),
        doc_type_name: "Riktlinje".into(),
        version_no: 2,
    };
    let deadline = date("2026-04-15");
    let missiv_text = format!(
        "{}\n\nEgen rad med <tecken> & \"citat\" – ÅÄÖ 🏥\nandra raden",
        default_missiv_text(
            RoundKind::Remiss,
            &document,
            deadline,
            "RS/2026:17",
            "diariet@regionvarmland.se",
        )
    );
    PackageInput {
        round: RoundInfo {
            kind: RoundKind::Remiss,
            subject: format!("Remiss av {title}"),
            sent_date: date("2026-03-02"),
            deadline,
            missiv_text,
            reply_address: "diariet@regionvarmland.se".into(),
            diarienummer: "RS/2026:17".into(),
            contact: Contact {
                name: "Sandra Nätt".into(),
                title: String::new(),
                email: "sandra.natt@regionvarmland.se".into(),
                phone: "010-833 10 01".into(),
            },
            sender: "Region Värmland, Nya perspektiv".into(),
            form_key: "5a4d0c0ffee0000000000000000000a1".into(),
        },
        document,
        draft: DraftFile {
            file_name: samdok::drafts::generate::suggested_file_name(title, 2),
            bytes: b"PK\x03\x04 stand-in for the attached working draft \xc3\xa5".to_vec(),
            source: DraftSource::WorkingDraft,
        },
        recipients,
        mandatory_headings: mandatory_headings(),
        adoption: None,
    }
}

pub(crate) fn input() -> PackageInput {
    input_with(TRICKY, all_recipients())
}

pub(crate) fn build(input: &PackageInput) -> (Vec<PackageFile>, Manifest) {
    build_package_at(input, now(), &mut |_, _| {}).expect("the package builds")
}

fn file<'a>(files: &'a [PackageFile], path: &str) -> &'a PackageFile {
    files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("the package has {path}"))
}

fn part(docx: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a .docx is a zip");
    let mut file = zip
        .by_name(name)
        .unwrap_or_else(|_| panic!("the .docx has {name}"));
    let mut text = String::new();
    file.read_to_string(&mut text).expect("UTF-8 XML");
    text
}

/// The unescaped text of every `<w:t>` in `xml`, concatenated.
fn texts(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(at) = rest.find("<w:t") {
        rest = &rest[at + 4..];
        if !(rest.starts_with('>') || rest.starts_with(' ')) {
            continue;
        }
        let open_end = rest.find('>').unwrap();
        if rest[..open_end].ends_with('/') {
            continue;
        }
        let end = rest.find("</w:t>").unwrap();
        out.push_str(&quick_xml::escape::unescape(&rest[open_end + 1..end]).unwrap());
        rest = &rest[end..];
    }
    out
}

/// Paragraphs as (style id, text).
fn paragraphs(document: &str) -> Vec<(String, String)> {
    document
        .split("<w:p>")
        .skip(1)
        .map(|p| {
            let p = p.split("</w:p>").next().unwrap_or_default();
            let style = p
                .split("<w:pStyle w:val=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .unwrap_or_default()
                .to_owned();
            (style, texts(p))
        })
        .collect()
}

/// The rows of the first table: (is header row, cell texts).
fn table_rows(document: &str) -> Vec<(bool, Vec<String>)> {
    let table = document
        .split("<w:tbl>")
        .nth(1)
        .expect("there is a table")
        .split("</w:tbl>")
        .next()
        .unwrap();
    table
        .split("<w:tr>")
        .skip(1)
        .map(|row| {
            let header = row
                .split("</w:trPr>")
                .next()
                .unwrap()
                .contains("<w:tblHeader");
            let cells = row.split("<w:tc>").skip(1).map(texts).collect();
            (header, cells)
        })
        .collect()
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn svarsmall_name(party: &str) -> String {
    format!("Svarsmall - {party}.docx")
}

#[test]
fn a_package_to_all_17_has_the_draft_missiv_forms_lists_and_emails() {
    let input = input();
    let mut calls = Vec::new();
    let (files, manifest) =
        build_package_at(&input, now(), &mut |done, total| calls.push((done, total)))
            .expect("the package builds");

    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let mut expected = vec![input.draft.file_name.clone(), "Missiv.docx".to_owned()];
    expected.extend(
        input
            .recipients
            .iter()
            .map(|r| svarsmall_name(&r.party_name)),
    );
    expected.push("Sändlista.xlsx".into());
    expected.push("Sändlista.csv".into());
    expected.extend(
        input
            .recipients
            .iter()
            .map(|r| format!("E-post/{}.eml", r.party_name)),
    );
    assert_eq!(paths, expected, "the package's files, in order");
    assert_eq!(files.len(), 2 + 17 + 2 + 17);
    assert!(manifest.recipients_without_email.is_empty());
    assert_eq!(manifest.recipients.len(), 17);
    assert_eq!(
        file(&files, &input.draft.file_name).bytes,
        input.draft.bytes,
        "the draft goes out byte for byte"
    );
    assert_eq!(manifest.draft_source, DraftSource::WorkingDraft);
    assert_eq!(manifest.draft_path, input.draft.file_name);
    for f in &files {
        let per_party = f.path.starts_with("Svarsmall") || f.path.starts_with("E-post/");
        assert_eq!(f.recipient.is_some(), per_party, "{}: recipient", f.path);
    }
    assert_eq!(
        file(&files, "E-post/Årjäng.eml").recipient.as_deref(),
        Some("arjang")
    );

    let total = files.len() + 1;
    assert_eq!(
        calls.last(),
        Some(&(total, total)),
        "progress ends at 100 %"
    );
    assert!(
        calls
            .windows(2)
            .all(|w| w[0].0 <= w[1].0 && w[0].1 == total),
        "progress only goes forward: {calls:?}"
    );
}

#[test]
fn a_subset_with_a_party_without_email_lists_it_and_writes_it_no_email() {
    let mut recipients: Vec<Recipient> = all_recipients()
        .into_iter()
        .filter(|r| ["region-varmland", "eda", "arjang"].contains(&r.party_code.as_str()))
        .collect();
    recipients[1].email = None;
    let input = input_with(TRICKY, recipients);
    let (files, manifest) = build(&input);
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            input.draft.file_name.as_str(),
            "Missiv.docx",
            "Svarsmall - Region Värmland.docx",
            "Svarsmall - Eda.docx",
            "Svarsmall - Årjäng.docx",
            "Sändlista.xlsx",
            "Sändlista.csv",
            "E-post/Region Värmland.eml",
            "E-post/Årjäng.eml",
        ]
    );
    assert_eq!(manifest.recipients_without_email, ["Eda"]);
    assert_eq!(
        export::recipients_without_email(&input.recipients),
        ["Eda"],
        "the same list is there before export"
    );
    let csv = String::from_utf8(file(&files, "Sändlista.csv").bytes.clone()).unwrap();
    assert!(
        csv.contains("Eda;Politisk nivå;Registrator;\r\n"),
        "Eda is on the list with an empty address: {csv}"
    );
}

#[test]
fn the_svarsmall_has_the_party_positions_and_a_comment_table_with_a_header_row() {
    let input = input();
    let (files, _) = build(&input);
    let form = &file(&files, "Svarsmall - Årjäng.docx").bytes;
    let document = part(form, "word/document.xml");

    let rows = table_rows(&document);
    let headings = mandatory_headings();
    assert_eq!(
        rows.len(),
        1 + headings.len() + 5,
        "header, headings, 5 free rows"
    );
    assert_eq!(
        rows[0],
        (
            true,
            vec![
                "Avsnitt".to_owned(),
                "Synpunkt".to_owned(),
                "Förslag till ändring".to_owned()
            ]
        ),
        "the header row is marked w:tblHeader"
    );
    for (row, heading) in rows[1..].iter().zip(&headings) {
        assert_eq!(
            row,
            &(false, vec![heading.clone(), String::new(), String::new()])
        );
    }
    for row in &rows[1 + headings.len()..] {
        assert_eq!(row, &(false, vec![String::new(); 3]), "free rows are empty");
    }
    assert_eq!(document.matches("<w:tbl>").count(), 1, "one table only");
    assert!(document.contains(r#"<w:tblCaption w:val="Synpunkter per avsnitt" />"#));

    let paras = paragraphs(&document);
    let positions: Vec<&str> = paras
        .iter()
        .filter_map(|(_, t)| t.strip_prefix("☐ "))
        .collect();
    // Known independently of the constant that writes them: the guideline's
    // five positions, the same the register records from an answer.
    assert_eq!(
        positions,
        [
            "Tillstyrker",
            "Tillstyrker med synpunkter",
            "Avstyrker",
            "Inga synpunkter",
            "Avstår",
        ],
        "the five positions, each with a box"
    );
    let recorded: Vec<String> = samdok::assets::reference()
        .expect("the reference data loads")
        .positions
        .iter()
        .map(|p| p.name.clone())
        .collect();
    assert_eq!(
        positions, recorded,
        "the form offers the positions an answer can be recorded with"
    );
    let text = texts(&document);
    for expected in [
        "Årjäng",
        &format!("{TRICKY}, version 2"),
        "Remiss",
        "RS/2026:17",
        "2026-04-15",
    ] {
        assert!(text.contains(expected), "the form says {expected}");
    }
    assert!(paras.contains(&("Title".into(), "Svar på remiss".into())));
    assert!(paras.contains(&("Heading1".into(), "Ställningstagande".into())));

    let custom = part(form, "docProps/custom.xml");
    for (name, value) in [
        ("Samdok.Partkod", "arjang"),
        ("Samdok.Diarienummer", "RS/2026:17"),
        ("Samdok.Dokumenttyp", "svarsmall"),
    ] {
        assert!(
            custom.contains(&format!(r#"name="{name}"><vt:lpwstr>{value}</vt:lpwstr>"#)),
            "custom property {name} = {value}: {custom}"
        );
    }
    assert!(custom.contains(
        "name=\"Samdok.Runda\"><vt:lpwstr>Remiss av Riktlinje &lt;om&gt; &quot;vård&quot; &amp; &apos;omsorg&apos; – åäö 🏥</vt:lpwstr>"
    ));
    let styles = part(form, "word/styles.xml");
    assert!(
        styles.contains(r#"<w:lang w:val="sv-SE""#),
        "language sv-SE"
    );
    let core = part(form, "docProps/core.xml");
    assert!(core.contains("<dc:language>sv-SE</dc:language>"));
    assert!(core.contains("<dc:title>Svar på remiss – Riktlinje &lt;om&gt;"));
}

#[test]
fn the_missiv_says_who_what_to_whom_when_and_how_with_real_headings() {
    let input = input();
    let (files, _) = build(&input);
    let missiv = &file(&files, "Missiv.docx").bytes;
    let document = part(missiv, "word/document.xml");
    let paras = paragraphs(&document);
    let text = texts(&document);

    let rows = table_rows(&document);
    assert_eq!(
        rows[0],
        (
            true,
            vec!["Handläggare".into(), "Datum".into(), "Diarienummer".into()]
        )
    );
    assert_eq!(
        rows[1].1,
        ["Sandra Nätt", "2026-03-02", "RS/2026:17"],
        "the facts row as in the seed missiv"
    );
    assert!(paras.contains(&(
        "Title".into(),
        format!("Missiv om remiss gällande {TRICKY}")
    )));
    for heading in [
        "Bakgrund",
        "Vad vi vill ha svar på",
        "Så här svarar ni",
        "Bilagor",
    ] {
        assert!(
            paras.contains(&("Heading1".into(), heading.into())),
            "{heading} is a Heading 1: {paras:?}"
        );
    }
    for expected in [
        "Region Värmland, Arvika, Eda",
        "Torsby och Årjäng",
        "Sista svarsdag: 2026-04-15",
        "diariet@regionvarmland.se",
        "Ange i ämnesraden: diarienummer RS/2026:17",
        "Egen rad med <tecken> & \"citat\" – ÅÄÖ 🏥",
        "sandra.natt@regionvarmland.se",
        "010-833 10 01",
        "Region Värmland, Nya perspektiv",
        "svarsmall",
    ] {
        assert!(text.contains(expected), "the missiv says «{expected}»");
    }
    assert!(
        document.contains("<w:br w:type=\"textWrapping\" />") || document.contains("<w:br />"),
        "a line break inside a paragraph stays a line break"
    );
    assert!(part(missiv, "docProps/core.xml").contains("<dc:title>Missiv om remiss gällande"));
}

#[test]
fn synpunktsrunda_wording_differs_from_remiss() {
    let doc = DocInfo {
        title: "Vård i samverkan".into(),
        doc_type_name: "Rutin".into(),
        version_no: 1,
    };
    let remiss = default_missiv_text(
        RoundKind::Remiss,
        &doc,
        date("2026-05-01"),
        "RS/1",
        "a@b.se",
    );
    let synpunkt = default_missiv_text(
        RoundKind::Synpunktsrunda,
        &doc,
        date("2026-05-01"),
        "RS/1",
        "a@b.se",
    );
    assert!(remiss.contains("på remiss") && remiss.contains("politisk nivå"));
    assert!(synpunkt.contains("på synpunktsrunda") && synpunkt.contains("tjänstepersonsnivå"));
    for text in [&remiss, &synpunkt] {
        for expected in [
            "2026-05-01",
            "a@b.se",
            "diarienummer RS/1 i ämnesraden",
            "# Så här svarar ni",
            "förslaget till rutin Vård i samverkan (version 1)",
        ] {
            assert!(text.contains(expected), "«{expected}» in {text}");
        }
    }
}

#[test]
fn the_emails_parse_back_with_headers_body_and_three_attachments() {
    let input = input();
    let (files, _) = build(&input);
    let raw = &file(&files, "E-post/Årjäng.eml").bytes;

    let text = std::str::from_utf8(raw).expect("ASCII");
    assert!(text.is_ascii(), "only ASCII on the wire");
    assert!(
        !text.replace("\r\n", "").contains('\n'),
        "every line ends in CRLF"
    );
    for line in text.split("\r\n") {
        assert!(line.len() <= 78, "line longer than 78: {line}");
    }
    assert!(text.contains("\r\nX-Unsent: 1\r\n"));
    assert!(text.contains("\r\nMIME-Version: 1.0\r\n"));

    use mail_parser::MimeHeaders;
    let message = mail_parser::MessageParser::default()
        .parse(raw.as_slice())
        .expect("the .eml parses");
    let to = message.to().and_then(|a| a.first()).expect("a To address");
    assert_eq!(to.address(), Some("registrator@arjang.se"));
    assert_eq!(to.name(), Some("Registrator, Årjäng"));
    assert_eq!(
        message.subject(),
        Some(format!("Remiss: {TRICKY} – dnr RS/2026:17").as_str())
    );
    assert_eq!(
        message
            .from()
            .and_then(|a| a.first())
            .and_then(|a| a.address()),
        Some("sandra.natt@regionvarmland.se")
    );
    assert_eq!(
        message
            .reply_to()
            .and_then(|a| a.first())
            .and_then(|a| a.address()),
        Some("diariet@regionvarmland.se")
    );
    assert!(message.date().is_some(), "a Date");
    assert!(message
        .message_id()
        .is_some_and(|id| id.starts_with("samdok.")));
    assert_eq!(message.header_raw("X-Unsent").map(str::trim), Some("1"));

    let body = message
        .body_text(0)
        .expect("a text body")
        .replace("\r\n", "\n");
    assert!(
        body.contains("Egen rad med <tecken> & \"citat\" – ÅÄÖ 🏥\nandra raden"),
        "{body}"
    );
    assert!(body.contains("Skicka ert svar senast 2026-04-15 till diariet@regionvarmland.se."));
    assert!(body.contains("Med vänlig hälsning\nSandra Nätt"));

    let attachments: Vec<(String, Vec<u8>)> = message
        .attachments()
        .map(|a| {
            (
                a.attachment_name().unwrap_or_default().to_owned(),
                a.contents().to_vec(),
            )
        })
        .collect();
    let names: Vec<&str> = attachments.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            input.draft.file_name.as_str(),
            "Missiv.docx",
            "Svarsmall - Årjäng.docx"
        ]
    );
    assert_eq!(attachments[0].1, input.draft.bytes);
    assert_eq!(attachments[1].1, file(&files, "Missiv.docx").bytes);
    assert_eq!(
        attachments[2].1,
        file(&files, "Svarsmall - Årjäng.docx").bytes
    );
}

#[test]
fn the_csv_is_utf8_with_bom_semicolons_and_crlf() {
    let (files, _) = build(&input());
    let bytes = &file(&files, "Sändlista.csv").bytes;
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "a UTF-8 byte order mark");
    let text = std::str::from_utf8(&bytes[3..]).expect("UTF-8");
    let lines: Vec<&str> = text.split_terminator("\r\n").collect();
    assert!(!text.replace("\r\n", "").contains('\n'), "CRLF only");
    assert_eq!(lines.len(), 18, "a header and 17 rows");
    assert_eq!(lines[0], "Part;Nivå;Kontakt;E-post");
    assert_eq!(
        lines[1],
        "Region Värmland;Politisk nivå;Registrator;registrator@region-varmland.se"
    );
    assert_eq!(
        lines[17],
        "Årjäng;Politisk nivå;Registrator;registrator@arjang.se"
    );
}

#[test]
fn the_csv_quotes_fields_with_separators_and_quotes() {
    let mut recipients = all_recipients();
    recipients.truncate(1);
    recipients[0].contact_name = "Kansli; \"KS\"".into();
    let (files, _) = build(&input_with("X", recipients));
    let text = String::from_utf8(file(&files, "Sändlista.csv").bytes.clone()).unwrap();
    assert!(text.contains(";\"Kansli; \"\"KS\"\"\";"), "{text}");
}

#[test]
fn the_xlsx_rows_read_back() {
    use calamine::{Data, Reader, Xlsx};
    let mut input = input();
    input.round.kind = RoundKind::Synpunktsrunda;
    input.recipients[2].email = None;
    let (files, _) = build(&input);
    let bytes = file(&files, "Sändlista.xlsx").bytes.clone();
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("the .xlsx opens");
    assert_eq!(book.sheet_names(), ["Sändlista"]);
    let range = book.worksheet_range("Sändlista").expect("the sheet reads");
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::String(s) => s.clone(),
                    Data::Empty => String::new(),
                    other => panic!("only text cells, not {other:?}"),
                })
                .collect()
        })
        .collect();
    assert_eq!(rows.len(), 18);
    assert_eq!(rows[0], ["Part", "Nivå", "Kontakt", "E-post"]);
    assert_eq!(
        rows[1],
        [
            "Region Värmland",
            "Tjänstepersonsnivå",
            "Registrator",
            "registrator@region-varmland.se"
        ]
    );
    assert_eq!(rows[3][0], "Eda");
    assert_eq!(rows[3][3], "", "no address, empty cell");
    assert_eq!(rows[17][0], "Årjäng");

    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(
        file(&files, "Sändlista.xlsx").bytes.clone(),
    ))
    .unwrap();
    let mut sheet = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut sheet)
        .unwrap();
    assert!(
        sheet.contains(r#"ySplit="1""#) && sheet.contains(r#"state="frozen""#),
        "the header row is frozen"
    );
}

#[test]
fn the_manifest_hashes_and_sizes_match_the_files() {
    let (files, manifest) = build(&input());
    assert_eq!(manifest.entries.len(), files.len());
    for (entry, f) in manifest.entries.iter().zip(&files) {
        assert_eq!(entry.path, f.path);
        assert_eq!(entry.sha256, sha256(&f.bytes), "{}", f.path);
        assert_eq!(entry.size, f.bytes.len() as u64);
        assert_eq!(entry.recipient, f.recipient);
    }
    assert_eq!(manifest.created_at, "2026-03-02T09:30:00+01:00");
    assert_eq!(manifest.diarienummer, "RS/2026:17");
    assert_eq!(manifest.kind, RoundKind::Remiss);
}

#[test]
fn the_same_input_at_the_same_time_gives_the_same_files() {
    let input = input();
    let (a, _) = build(&input);
    let (b, _) = build(&input);
    for (x, y) in a.iter().zip(&b) {
        assert!(x.bytes == y.bytes, "{} differs between two builds", x.path);
    }
}

#[test]
fn unsafe_titles_and_names_give_safe_file_names() {
    let mut recipients = all_recipients();
    recipients.truncate(2);
    recipients[1].party_name = "Kommun: A/B".into();
    let input = input_with(UNSAFE_TITLE, recipients);
    let (files, manifest) = build(&input);
    for f in &files {
        for segment in f.path.split('/') {
            assert!(
                !segment.contains(['/', '\\', ':', '*', '?', '"', '<', '>', '|']),
                "unsafe name {segment}"
            );
            assert_eq!(segment.trim(), segment);
        }
    }
    assert_eq!(
        files[0].path,
        "Vård-omsorg-plan- -alla- -ja- -nu- - sen v2 utkast.docx"
    );
    assert!(files
        .iter()
        .any(|f| f.path == "Svarsmall - Kommun- A-B.docx"));
    assert!(files.iter().any(|f| f.path == "E-post/Kommun- A-B.eml"));

    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("Remisspaket");
    write_folder(&files, &manifest, &dest).expect("the package is written");
    for f in &files {
        assert_eq!(std::fs::read(dest.join(&f.path)).unwrap(), f.bytes);
    }
}

fn listing(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

#[test]
fn a_folder_is_written_whole_with_its_manifest() {
    let (files, manifest) = build(&input());
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("Remisspaket RS 2026-17");
    write_folder(&files, &manifest, &dest).expect("the folder is written");
    assert_eq!(
        listing(dir.path()),
        ["Remisspaket RS 2026-17"],
        "no temporary left"
    );
    let json = std::fs::read(dest.join("Manifest.json")).unwrap();
    let back: Manifest = serde_json::from_slice(&json).expect("the manifest reads back");
    assert_eq!(back, manifest);
    let mut on_disk = BTreeMap::new();
    for entry in &back.entries {
        let bytes = std::fs::read(dest.join(&entry.path)).unwrap();
        assert_eq!(sha256(&bytes), entry.sha256, "{} on disk", entry.path);
        on_disk.insert(entry.path.clone(), bytes.len());
    }
    assert_eq!(listing(&dest.join("E-post")).len(), 17);
    assert_eq!(
        listing(&dest).len(),
        2 + 17 + 2 + 1 + 1,
        "files, E-post, manifest"
    );
}

#[test]
fn writing_into_a_missing_folder_fails_in_swedish_and_leaves_nothing() {
    let (files, manifest) = build(&input());
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("saknas").join("Remisspaket");
    let err = write_folder(&files, &manifest, &dest).expect_err("no parent folder");
    assert!(err.to_string().contains("finns inte"), "{err}");
    assert!(listing(dir.path()).is_empty(), "nothing left behind");

    let zip_dest = dir.path().join("saknas").join("Remisspaket.zip");
    let err = write_zip(&files, &manifest, &zip_dest).expect_err("no parent folder");
    assert!(err.to_string().contains("finns inte"), "{err}");
    assert!(listing(dir.path()).is_empty(), "nothing left behind");
}

#[test]
fn writing_over_an_existing_folder_fails_and_leaves_it_as_it_was() {
    let (files, manifest) = build(&input());
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("Remisspaket");
    std::fs::create_dir(&dest).unwrap();
    std::fs::write(dest.join("viktig.txt"), "behåll").unwrap();
    let err = write_folder(&files, &manifest, &dest).expect_err("the folder exists");
    assert!(err.to_string().contains("finns redan"), "{err}");
    assert_eq!(listing(&dest), ["viktig.txt"], "the folder is untouched");
    assert_eq!(listing(dir.path()), ["Remisspaket"], "no temporary left");

    // An empty folder too: rename(2) would silently replace it.
    let empty = dir.path().join("Tom");
    std::fs::create_dir(&empty).unwrap();
    assert!(write_folder(&files, &manifest, &empty).is_err());
    assert!(listing(&empty).is_empty());
}

#[test]
fn writing_where_a_folder_cannot_be_made_fails_and_leaves_nothing() {
    // Root ignores permissions, so the parent is a file instead: the
    // package cannot be made there, whoever runs the test.
    let (files, manifest) = build(&input());
    let dir = tempfile::tempdir().unwrap();
    let not_a_folder = dir.path().join("fil.txt");
    std::fs::write(&not_a_folder, "x").unwrap();
    assert!(write_folder(&files, &manifest, &not_a_folder.join("Paket")).is_err());
    assert!(write_zip(&files, &manifest, &not_a_folder.join("Paket.zip")).is_err());
    assert_eq!(listing(dir.path()), ["fil.txt"]);
    assert_eq!(std::fs::read(&not_a_folder).unwrap(), b"x");
}

#[test]
fn paths_that_would_leave_the_package_are_refused_before_writing() {
    let (mut files, manifest) = build(&input());
    let dir = tempfile::tempdir().unwrap();
    for bad in [
        "../utanför.txt",
        "/tmp/utanför.txt",
        "E-post\\x.eml",
        "a/../../x",
    ] {
        files.push(PackageFile {
            path: bad.into(),
            bytes: b"x".to_vec(),
            recipient: None,
        });
        let dest = dir.path().join("Paket");
        assert!(write_folder(&files, &manifest, &dest).is_err(), "{bad}");
        assert!(
            write_zip(&files, &manifest, &dir.path().join("p.zip")).is_err(),
            "{bad}"
        );
        assert!(listing(dir.path()).is_empty(), "{bad}: nothing written");
        files.pop();
    }
}

#[test]
fn a_zip_round_trips_every_file_and_the_manifest() {
    let (files, manifest) = build(&input());
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("Remisspaket.zip");
    std::fs::write(&dest, "gammal").unwrap();
    write_zip(&files, &manifest, &dest).expect("the zip is written");
    assert_eq!(
        listing(dir.path()),
        ["Remisspaket.zip"],
        "no temporary left"
    );

    let mut zip = zip::ZipArchive::new(std::fs::File::open(&dest).unwrap()).unwrap();
    let mut names = Vec::new();
    for i in 0..zip.len() {
        let entry = zip.by_index(i).unwrap();
        if !entry.is_dir() {
            names.push(entry.name().to_owned());
        }
    }
    let mut expected: Vec<String> = files.iter().map(|f| f.path.clone()).collect();
    expected.push("Manifest.json".into());
    assert_eq!(names, expected);
    for f in &files {
        let mut bytes = Vec::new();
        zip.by_name(&f.path)
            .unwrap()
            .read_to_end(&mut bytes)
            .unwrap();
        assert!(bytes == f.bytes, "{} round trips", f.path);
    }
    let mut json = Vec::new();
    zip.by_name("Manifest.json")
        .unwrap()
        .read_to_end(&mut json)
        .unwrap();
    assert_eq!(serde_json::from_slice::<Manifest>(&json).unwrap(), manifest);
}

#[test]
fn bad_input_is_refused_in_swedish() {
    let mut input = input_with("X", Vec::new());
    input.round.deadline = date("2026-01-01");
    let err = build_package(&input, &mut |_, _| {}).expect_err("no recipients");
    let fields: Vec<&str> = err
        .field_errors()
        .iter()
        .map(|e| e.field.as_str())
        .collect();
    assert_eq!(fields, ["recipients", "deadline"], "{err}");
    assert!(err.to_string().contains("minst en part"));

    let mut recipients = all_recipients();
    recipients.truncate(1);
    recipients[0].email = Some("x@y.se\r\nBcc: spion@z.se".into());
    let err = build_package(&input_with("X", recipients), &mut |_, _| {})
        .expect_err("a header injection");
    assert!(
        err.to_string().contains("ingen giltig e-postadress"),
        "{err}"
    );
}

#[test]
fn long_swedish_titles_fold_in_the_email_and_parse_back_whole() {
    let title =
        "Överenskommelse om samverkan kring äldres hälsa, vård och omsorg i Värmlands län – "
            .repeat(3);
    let title = title.trim_end_matches([' ', '–']).to_owned();
    let mut recipients = all_recipients();
    recipients.truncate(1);
    let input = input_with(&title, recipients);
    let (files, _) = build(&input);
    let raw = &file(&files, "E-post/Region Värmland.eml").bytes;
    let text = std::str::from_utf8(raw).unwrap();
    for line in text.split("\r\n") {
        assert!(line.len() <= 78, "line longer than 78: {line}");
    }
    use mail_parser::MimeHeaders;
    let message = mail_parser::MessageParser::default()
        .parse(raw.as_slice())
        .unwrap();
    assert_eq!(
        message.subject(),
        Some(format!("Remiss: {title} – dnr RS/2026:17").as_str())
    );
    let first = message.attachments().next().expect("the draft is attached");
    assert_eq!(first.attachment_name(), Some(files[0].path.as_str()));
    assert!(
        files[0].path.chars().count() > 100,
        "a long name was tested"
    );
}

// Golden files of the package (see golden.rs; regenerate with
// `SAMDOK_BLESS=1 cargo test -p samdok --test testsuite golden`). The input
// is fixed: the time, the contact, and a title with <, &, quotes, åäö and
// an emoji.

#[test]
fn the_missiv_matches_the_golden_file() {
    let (files, _) = build(&input());
    let missiv = &file(&files, "Missiv.docx").bytes;
    golden::assert_matches(
        "missiv-document.xml",
        &golden::xml(&golden::zip_part(missiv, "word/document.xml")),
    );
}

#[test]
fn the_svarsmall_matches_the_golden_files() {
    let (files, _) = build(&input());
    let form = &file(&files, "Svarsmall - Årjäng.docx").bytes;
    golden::assert_matches(
        "svarsmall-document.xml",
        &golden::xml(&golden::zip_part(form, "word/document.xml")),
    );
    golden::assert_matches(
        "svarsmall-custom.xml",
        &golden::xml(&golden::zip_part(form, "docProps/custom.xml")),
    );
}

#[test]
fn the_email_draft_matches_the_golden_file() {
    let (files, _) = build(&input());
    let raw = &file(&files, "E-post/Årjäng.eml").bytes;
    let text = String::from_utf8_lossy(raw);
    // The parts normalised away are still checked here.
    assert!(
        text.contains("\r\nDate: Mon, 2 Mar 2026 09:30:00 +0100\r\n"),
        "the Date is the build time: {text}"
    );
    assert!(
        text.contains(&format!("\r\nX-Mailer: Samdok {}\r\n", samdok::VERSION)),
        "X-Mailer names this version"
    );
    golden::assert_matches("email-arjang.eml.txt", &golden::eml(raw));
}

#[test]
fn the_zip_listing_matches_the_golden_file() {
    let (files, manifest) = build(&input());
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("Remisspaket.zip");
    write_zip(&files, &manifest, &dest).expect("the zip is written");
    golden::assert_matches(
        "package-zip-listing.txt",
        &golden::zip_listing(&std::fs::read(&dest).unwrap()),
    );
}

// ---------------------------------------------------------------------------
// Careless input (issue 7)

/// The raw header lines of an .eml, unfolded lines kept apart.
fn header_lines(raw: &[u8]) -> Vec<String> {
    let text = std::str::from_utf8(raw).expect("an .eml is ASCII");
    let head = text.split("\r\n\r\n").next().unwrap_or_default();
    head.split("\r\n").map(str::to_owned).collect()
}

#[test]
fn a_1200_character_contact_name_gives_a_1210_octet_header_line() {
    let mut recipients: Vec<Recipient> = all_recipients()
        .into_iter()
        .filter(|r| r.party_name == "Arvika")
        .collect();
    // ASCII with a comma once the party is added: one quoted string before.
    let name = "Registrator Kanslienheten".repeat(48);
    assert_eq!(name.len(), 1200);
    recipients[0].contact_name = name.clone();
    let mut input = input_with("Riktlinje", recipients);
    input.round.contact.name = "Å".repeat(1200);
    let (files, _) = build(&input);
    let raw = &file(&files, "E-post/Arvika.eml").bytes;
    for line in header_lines(raw) {
        assert!(
            line.len() <= 78,
            "a header line is at most 78 octets, not {}: {line}",
            line.len()
        );
    }
    let message = mail_parser::MessageParser::default()
        .parse(raw.as_slice())
        .expect("the .eml parses");
    let to = message.to().and_then(|a| a.first()).expect("a To address");
    assert_eq!(to.name(), Some(format!("{name}, Arvika").as_str()));
    assert_eq!(to.address(), Some("registrator@arvika.se"));
    let from = message.from().and_then(|a| a.first()).expect("a From");
    assert_eq!(from.name(), Some("Å".repeat(1200).as_str()));
}

#[test]
fn a_131_kb_subject_of_one_word_gives_a_131_kb_header_line() {
    let title = "X".repeat(131_072);
    let mut recipients = all_recipients();
    recipients.truncate(1);
    let mut input = input_with(&title, recipients);
    // No diarienummer: the subject is all ASCII, written as plain words.
    input.round.diarienummer = String::new();
    let (files, _) = build(&input);
    let raw = &file(&files, "E-post/Region Värmland.eml").bytes;
    for line in header_lines(raw) {
        assert!(
            line.len() <= 78,
            "a header line is at most 78 octets, not {}",
            line.len()
        );
    }
    let message = mail_parser::MessageParser::default()
        .parse(raw.as_slice())
        .expect("the .eml parses");
    assert_eq!(
        message.subject(),
        Some(format!("Remiss: {title}").as_str()),
        "the subject reads back whole"
    );
}

#[test]
fn a_swedish_domain_goes_into_the_header_as_raw_8_bit() {
    let mut recipients = all_recipients();
    recipients.truncate(1);
    recipients[0].email = Some("kommun@årjäng.se".into());
    let mut input = input_with("Riktlinje", recipients);
    input.round.reply_address = "diariet@värmland.se".into();
    let (files, _) = build(&input);
    let raw = &file(&files, "E-post/Region Värmland.eml").bytes;
    assert!(raw.is_ascii(), "never raw 8-bit on the wire");
    let message = mail_parser::MessageParser::default()
        .parse(raw.as_slice())
        .expect("the .eml parses");
    let to = message.to().and_then(|a| a.first()).expect("a To address");
    assert_eq!(to.address(), Some("kommun@xn--rjng-moad.se"), "the A-label");
    let reply = message
        .reply_to()
        .and_then(|a| a.first())
        .expect("a Reply-To");
    assert_eq!(reply.address(), Some("diariet@xn--vrmland-5wa.se"));
    assert_eq!(
        message
            .message_id()
            .map(|id| id.rsplit('@').next().unwrap_or_default()),
        Some("regionvarmland.se"),
        "the message id's domain is the sender's"
    );
}

#[test]
fn an_address_the_rule_refuses_blocks_only_a_direct_build_with_a_clear_message() {
    let mut recipients = all_recipients();
    recipients.truncate(2);
    recipients[1].email = Some("a\"b@x.se".into());
    let err = build_package(&input_with("X", recipients), &mut |_, _| {})
        .expect_err("an address no header can carry");
    let message = err.to_string();
    assert!(
        message.contains("Arvika") && message.contains("«a\"b@x.se» är ingen giltig e-postadress"),
        "names the party and the address: {message}"
    );
}

#[test]
fn sendlist_cells_starting_with_formula_characters_are_formula_injection() {
    use calamine::{Data, Reader, Xlsx};
    let evil = [
        "=HYPERLINK(\"http://x.invalid\";\"Klicka\")",
        "+46 70 123",
        "-2+3",
        "@SUM(1;2)",
    ];
    let mut recipients = all_recipients();
    recipients.truncate(evil.len());
    for (r, name) in recipients.iter_mut().zip(evil) {
        r.contact_name = name.into();
    }
    let (files, _) = build(&input_with("X", recipients));
    let csv = String::from_utf8(file(&files, "Sändlista.csv").bytes.clone()).unwrap();
    let cells: Vec<&str> = csv
        .split("\r\n")
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| l.split(';').nth(2).expect("a Kontakt column"))
        .collect();
    assert_eq!(
        cells,
        [
            "\"'=HYPERLINK(\"\"http://x.invalid\"\"",
            "'+46 70 123",
            "'-2+3",
            "\"'@SUM(1",
        ],
        "every formula-like cell starts with ' (fields with ; are quoted whole)"
    );
    assert!(csv.contains(";\"'=HYPERLINK(\"\"http://x.invalid\"\";\"\"Klicka\"\")\";"));

    let bytes = file(&files, "Sändlista.xlsx").bytes.clone();
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("the .xlsx opens");
    let formulas = book.worksheet_formula("Sändlista").expect("formulas read");
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "the workbook holds no formula"
    );
    let range = book.worksheet_range("Sändlista").expect("the sheet reads");
    let contacts: Vec<Data> = range.rows().skip(1).map(|r| r[2].clone()).collect();
    assert_eq!(
        contacts,
        evil.map(|e| Data::String(e.to_owned())),
        "the workbook keeps the text as text"
    );
}

#[test]
fn package_file_names_reserved_by_windows_too_long_or_invisible() {
    const DEVICES: [&str; 10] = [
        "con", "prn", "aux", "nul", "com1", "com9", "lpt1", "lpt9", "conin$", "conout$",
    ];
    let mut recipients = all_recipients();
    recipients.truncate(4);
    recipients[0].party_name = "COM1.x".into();
    recipients[1].party_name = "nul".into();
    recipients[2].party_name = "Eda\u{202E}fdp.exe".into();
    recipients[3].party_name = "Kil\u{200B}\u{FEFF} ".into();
    for (title, expected_draft) in [
        ("NUL.tar", "NUL-fil.tar v2 utkast.docx"),
        ("Aux", "Aux v2 utkast.docx"),
    ] {
        let (files, _) = build(&input_with(title, recipients.clone()));
        assert_eq!(files[0].path, expected_draft);
    }
    let emoji = "🏥".repeat(120);
    let (files, manifest) = build(&input_with(&emoji, recipients));
    for f in &files {
        for segment in f.path.split('/') {
            assert!(
                segment.len() <= 150,
                "at most 150 bytes, not {}: {segment}",
                segment.len()
            );
            let base = segment.split('.').next().unwrap_or_default().trim_end();
            assert!(
                !DEVICES.contains(&base.to_lowercase().as_str()),
                "a Windows device name: {segment}"
            );
            assert!(
                !segment.chars().any(|c| matches!(c,
                    '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
                    || c.is_control()),
                "no invisible or control character: {segment:?}"
            );
            assert!(!segment.ends_with(['.', ' ']), "{segment:?}");
        }
    }
    assert!(files[0].path.starts_with("🏥🏥"), "{}", files[0].path);
    assert!(files[0].path.ends_with(".docx"), "the extension is kept");
    let names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for expected in [
        "Svarsmall - COM1.x.docx",
        "E-post/COM1-fil.x.eml",
        "E-post/nul-fil.eml",
        "E-post/Edafdp.exe.eml",
        "E-post/Kil.eml",
    ] {
        assert!(names.contains(&expected), "{expected} in {names:?}");
    }

    // The zip carries the same names, and every one unpacks on disk.
    let dir = tempfile::tempdir().unwrap();
    let zip_path = dir.path().join("paket.zip");
    write_zip(&files, &manifest, &zip_path).expect("the zip is written");
    let zip = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
    for name in zip.file_names() {
        assert!(name.split('/').all(|s| s.len() <= 150), "{name}");
    }
    write_folder(&files, &manifest, &dir.path().join("Paket")).expect("the folder is written");
}

#[test]
fn names_no_system_takes_are_refused_before_writing() {
    let (mut files, manifest) = build(&input());
    let dir = tempfile::tempdir().unwrap();
    let long = format!("{}.eml", "å".repeat(100));
    for bad in [
        "NUL.tar",
        "E-post/COM1.x.eml",
        "x\u{202E}.eml",
        long.as_str(),
    ] {
        files.push(PackageFile {
            path: bad.into(),
            bytes: b"x".to_vec(),
            recipient: None,
        });
        let err = write_folder(&files, &manifest, &dir.path().join("Paket")).expect_err(bad);
        assert!(
            err.to_string().contains("inte är tillåtet i Windows"),
            "{err}"
        );
        assert!(write_zip(&files, &manifest, &dir.path().join("p.zip")).is_err());
        assert!(listing(dir.path()).is_empty(), "{bad}: nothing written");
        files.pop();
    }
}
