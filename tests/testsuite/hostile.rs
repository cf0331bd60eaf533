//! Careless and hostile files (issue 7, "careless input"): a FIFO, XML
//! nested 65 534 deep, DTDs (XXE, billion laughs), zip entries that leave
//! the package, zip bombs, old .doc files, a file of thousands of headings. Each
//! is given to the structure check and to `attach`, as a user would, and
//! must get a Swedish refusal (or a small report) with nothing stored.
//! Every file is built here, in code.

use std::path::Path;

use samdok::drafts::check::{check_file, MAX_REPORTED_HEADINGS, MAX_REPORTED_PLACEHOLDERS};
use samdok::drafts::record;
use samdok::rounds::{self, RoundInput};

use crate::check::{
    deflated_spaces, document_xml, docx, package, paragraph, raw_zip, spaces_head, styles_xml,
    template_outline, word_docx, RawEntry, CONTENT_TYPES, SPACES_TAIL, W,
};
use crate::support::TestDb;

// ---------------------------------------------------------------------------
// Helpers

/// The rows and files `attach` would have left: drafts, attachment-store
/// files, and draft events.
fn stored(db: &TestDb) -> (i64, Vec<String>, i64) {
    let conn = db.store.conn();
    let drafts: i64 = conn
        .query_row("SELECT count(*) FROM drafts", [], |r| r.get(0))
        .expect("drafts can be counted");
    let events: i64 = conn
        .query_row(
            "SELECT count(*) FROM events WHERE entity = 'draft'",
            [],
            |r| r.get(0),
        )
        .expect("events can be counted");
    let store_dir = samdok::db::attachments::dir(&db.store);
    let files = std::fs::read_dir(&store_dir)
        .map(|d| {
            d.map(|e| e.expect("a directory entry").file_name())
                .map(|n| n.to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    (drafts, files, events)
}

fn assert_nothing_stored(db: &TestDb, what: &str) {
    assert_eq!(
        stored(db),
        (0, Vec::new(), 0),
        "{what}: a refused file leaves no draft row, no stored file and no event"
    );
}

/// Gives `bytes` as a .docx to the check and to `attach`; both must refuse
/// with an `unreadable_docx` error saying every fragment, storing nothing.
fn refused_everywhere(what: &str, bytes: &[u8], fragments: &[&str]) {
    let mut db = TestDb::new();
    let doc = db.add("Riktlinje för fientliga filer");
    let path = db.dir.path().join("fientlig.docx");
    std::fs::write(&path, bytes).expect("the file is written");
    for (how, result) in [
        ("check", check_file(&path).map(|_| ())),
        (
            "attach",
            record::attach(&mut db.store, doc, &path).map(|_| ()),
        ),
    ] {
        let err = match result {
            Ok(()) => panic!("{what}: {how} should refuse the file"),
            Err(err) => err,
        };
        assert_eq!(err.code(), "unreadable_docx", "{what}: {how}: {err}");
        let message = err.to_string();
        for fragment in fragments {
            assert!(
                message.contains(fragment),
                "{what}: {how}: the message «{message}» should say «{fragment}»"
            );
        }
    }
    assert_nothing_stored(&db, what);
}

/// A valid .docx of the template's headings with one part replaced.
fn docx_with(part: &str, xml: &str) -> Vec<u8> {
    let document = document_xml(&heading_body());
    let styles = styles_xml("");
    let mut entries: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("word/document.xml", document.as_bytes()),
        ("word/styles.xml", styles.as_bytes()),
    ];
    for entry in &mut entries {
        if entry.0 == part {
            entry.1 = xml.as_bytes();
        }
    }
    package(&entries)
}

fn heading_body() -> String {
    template_outline()
        .iter()
        .map(|(text, level)| paragraph(&format!("Heading{level}"), text))
        .collect()
}

// ---------------------------------------------------------------------------
// Defects of issue 7

#[cfg(unix)]
fn make_fifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo {} succeeds", path.display());
}

/// Runs `f` on a thread; if it has not returned in 30 s, a writer opens
/// the FIFO so the blocked reader goes on, and the test fails.
#[cfg(unix)]
fn without_hanging<T: Send + 'static>(
    fifo: &Path,
    what: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(std::time::Duration::from_secs(30)) {
        Ok(value) => value,
        Err(_) => {
            let _ = std::fs::OpenOptions::new().write(true).open(fifo);
            panic!("{what} hung on a FIFO instead of refusing it");
        }
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_given_to_check_or_attach_hangs_for_ever() {
    let db = TestDb::new();
    let fifo = db.dir.path().join("rör.docx");
    make_fifo(&fifo);

    let path = fifo.clone();
    let err = without_hanging(&fifo, "check", move || check_file(&path))
        .expect_err("a FIFO is no Word document");
    assert_eq!(err.code(), "unreadable_docx", "{err}");
    assert!(err.to_string().contains("ingen vanlig fil"), "{err}");

    let mut db = db;
    let doc = db.add("Riktlinje");
    let path = fifo.clone();
    let dir = db.dir.path().to_path_buf();
    let (db, result) = without_hanging(&fifo, "attach", move || {
        let result = record::attach(&mut db.store, doc, &path).map(|_| ());
        (db, result)
    });
    let err = result.expect_err("a FIFO cannot be attached");
    assert!(err.to_string().contains("ingen vanlig fil"), "{err}");
    assert_nothing_stored(&db, "a FIFO");
    assert!(
        dir.join("rör.docx").exists(),
        "the FIFO itself is left alone"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_given_as_an_answer_file_hangs_for_ever() {
    let mut db = TestDb::new();
    let doc = db.add("Riktlinje för svar");
    let round = rounds::open(
        &mut db.store,
        doc,
        &RoundInput {
            kind: "remiss".into(),
            deadline: Some("2030-01-31".into()),
            ..RoundInput::default()
        },
    )
    .expect("a round opens");
    let eda = samdok::parties::find(db.store.conn(), "Eda")
        .expect("Eda")
        .id;
    let fifo = db.dir.path().join("yttrande.pdf");
    make_fifo(&fifo);
    let path = fifo.clone();
    let (db, result) = without_hanging(&fifo, "attach_answer_file", move || {
        let result = rounds::attach_answer_file(&mut db.store, round, eda, &path).map(|_| ());
        (db, result)
    });
    let err = result.expect_err("a FIFO cannot be attached");
    assert_eq!(err.code(), "io", "{err}");
    assert!(err.to_string().contains("ingen vanlig fil"), "{err}");
    let files: i64 = db
        .store
        .conn()
        .query_row("SELECT count(*) FROM round_answer_files", [], |r| r.get(0))
        .expect("answer files can be counted");
    assert_eq!(files, 0, "no answer file is recorded");
    assert!(
        !samdok::db::attachments::dir(&db.store).exists(),
        "nothing is copied into the attachment store"
    );
}

#[test]
fn xml_nested_65_534_deep_panics_the_debug_build() {
    // As found: stored, not compressed, so no ratio limit stops it first.
    let depth = 65_534;
    let nested = format!("{}{}", "<w:sdt>".repeat(depth), "</w:sdt>".repeat(depth));
    let document = document_xml(&nested);
    let bytes = raw_zip(&[
        RawEntry::stored("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        RawEntry::stored("word/document.xml", document.as_bytes()),
    ]);
    refused_everywhere(
        "document.xml nested 65 534 deep",
        &bytes,
        &["word/document.xml", "nästlade", "1\u{a0}000 nivåer"],
    );

    let styles = format!(
        r#"<w:styles xmlns:w="{W}">{}{}</w:styles>"#,
        "<w:style>".repeat(depth),
        "</w:style>".repeat(depth)
    );
    refused_everywhere(
        "styles.xml nested 65 534 deep",
        &docx_with("word/styles.xml", &styles),
        &["word/styles.xml", "nästlade"],
    );

    let types = format!(
        "<Types>{}{}</Types>",
        "<a>".repeat(depth),
        "</a>".repeat(depth)
    );
    refused_everywhere(
        "[Content_Types].xml nested 65 534 deep",
        &docx_with("[Content_Types].xml", &types),
        &["[Content_Types].xml", "nästlade"],
    );
}

#[test]
fn nesting_a_real_document_uses_is_read() {
    // Tables in tables, as deep as Word lets them go (64), stay readable.
    let mut body = String::new();
    for _ in 0..64 {
        body.push_str("<w:tbl><w:tr><w:tc>");
    }
    body.push_str(&heading_body());
    for _ in 0..64 {
        body.push_str("</w:tc></w:tr></w:tbl>");
    }
    let report = samdok::drafts::check::check_bytes(&docx(&body, ""))
        .expect("a deeply tabled document is read");
    assert!(report.complies, "{:?}", report.items);
}

#[test]
fn an_xxe_external_entity_is_refused() {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>{}</w:body></w:document>"#,
        heading_body()
    );
    refused_everywhere(
        "XXE",
        &docx_with("word/document.xml", &document),
        &["dokumenttypsdeklaration (DTD)", "word/document.xml"],
    );
}

#[test]
fn billion_laughs_is_refused() {
    let mut entities = String::from(r#"<!ENTITY lol "lol">"#);
    for i in 1..10 {
        let previous = if i == 1 {
            "lol".to_owned()
        } else {
            format!("lol{}", i - 1)
        };
        entities.push_str(&format!(
            r#"<!ENTITY lol{i} "{}">"#,
            format!("&{previous};").repeat(10)
        ));
    }
    let document = format!(
        r#"<?xml version="1.0"?><!DOCTYPE lolz [{entities}]><w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>{}</w:body></w:document>"#,
        heading_body()
    );
    refused_everywhere(
        "billion laughs",
        &docx_with("word/document.xml", &document),
        &["DTD"],
    );
}

#[test]
fn a_dtd_in_the_styles_or_the_content_types_is_refused() {
    let styles = format!(
        r#"<?xml version="1.0"?><!DOCTYPE w:styles [<!ENTITY x SYSTEM "http://example.invalid/x">]><w:styles xmlns:w="{W}"/>"#
    );
    refused_everywhere(
        "DTD in styles.xml",
        &docx_with("word/styles.xml", &styles),
        &["DTD", "word/styles.xml"],
    );
    let types = format!(
        r#"<?xml version="1.0"?><!DOCTYPE Types SYSTEM "http://example.invalid/t.dtd">{}"#,
        CONTENT_TYPES
            .split_once("?>")
            .map_or(CONTENT_TYPES, |(_, rest)| rest)
    );
    refused_everywhere(
        "DTD in [Content_Types].xml",
        &docx_with("[Content_Types].xml", &types),
        &["DTD", "[Content_Types].xml"],
    );
}

#[test]
fn zip_entries_that_climb_out_of_the_package_are_refused() {
    let document = document_xml(&heading_body());
    for evil in [
        "../../../../tmp/samdok-utanför.txt",
        "word/../../utanför.txt",
        "/etc/samdok-utanför",
        "..\\..\\utanför.txt",
        "C:/Windows/utanför.txt",
    ] {
        let bytes = package(&[
            ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
            ("word/document.xml", document.as_bytes()),
            (evil, b"elak"),
        ]);
        refused_everywhere(evil, &bytes, &["pekar utanför dokumentet"]);
    }
}

#[test]
fn hostile_files_that_were_refused_stay_refused_and_store_nothing() {
    let mut cfb = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    cfb.resize(4096, 0);
    let (bomb, unpacked) = deflated_spaces(1 << 30);
    let honest_bomb = raw_zip(&[
        RawEntry::stored("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        RawEntry::deflated("word/document.xml", &bomb, unpacked),
    ]);
    let lying_bomb = raw_zip(&[
        RawEntry::stored("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        RawEntry::deflated("word/document.xml", &bomb, 10_000),
    ]);
    let spaces = format!("{}{}{}", spaces_head(), " ".repeat(8 << 20), SPACES_TAIL);
    let ratio = package(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("word/document.xml", spaces.as_bytes()),
    ]);
    let names: Vec<String> = (0..=10_000)
        .map(|i| format!("word/media/{i}.bin"))
        .collect();
    let mut many = vec![RawEntry::stored(
        "[Content_Types].xml",
        CONTENT_TYPES.as_bytes(),
    )];
    many.extend(names.iter().map(|name| RawEntry::stored(name, b"")));
    let many = raw_zip(&many);
    let document = document_xml(&heading_body());
    let encrypted = raw_zip(&[
        RawEntry::stored("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        RawEntry {
            flags: 1,
            ..RawEntry::stored("word/document.xml", document.as_bytes())
        },
    ]);
    let good = word_docx(&template_outline());
    let odt = package(&[
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ("content.xml", b"<office:document-content/>"),
    ]);
    let cases: Vec<(&str, Vec<u8>, &[&str])> = vec![
        (
            "an old .doc renamed (CFB)",
            cfb,
            &["äldre Word-format (.doc)"],
        ),
        (
            "a zip bomb with honest sizes",
            honest_bomb,
            &["packas upp till"],
        ),
        (
            "a zip bomb lying about its size",
            lying_bomb,
            &["packas upp till"],
        ),
        (
            "an absurd compression ratio",
            ratio,
            &["onormalt hårt komprimerad"],
        ),
        ("10 001 zip entries", many, &["orimligt många delar"]),
        ("an encrypted entry", encrypted, &["krypterad"]),
        ("half a .docx", good[..good.len() / 2].to_vec(), &["skadad"]),
        ("an .odt renamed", odt, &[".odt"]),
        (
            "text renamed",
            b"Syfte\nM\xc3\xa5l\n".to_vec(),
            &["inte ett Word-dokument"],
        ),
        ("an empty file", Vec::new(), &["tom"]),
    ];
    for (what, bytes, fragments) in cases {
        refused_everywhere(what, &bytes, fragments);
    }
}

#[test]
fn many_headings_store_a_check_report_as_big_as_the_file() {
    // The file found had 200 000 headings and stored 13.8 MB; 20 000 show
    // the same growth (1.3 MB before the limit) at a tenth of the time a
    // debug build needs to read them.
    const HEADINGS: usize = 20_000;
    let mut body = String::with_capacity(HEADINGS * 120);
    body.push_str(&heading_body());
    for i in 0..HEADINGS {
        body.push_str(&format!(
            r#"<w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t>Rubrik {i}</w:t></w:r></w:p>"#
        ));
    }
    for i in 0..1_000 {
        body.push_str(&paragraph("SamdokPlaceholder", &format!("Skriv här {i}")));
    }
    let document = document_xml(&body);
    // Stored: no compressor to wait for.
    let bytes = raw_zip(&[
        RawEntry::stored("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        RawEntry::stored("word/document.xml", document.as_bytes()),
    ]);
    let mut db = TestDb::new();
    let doc = db.add("Riktlinje med många rubriker");
    let path = db.dir.path().join("stor.docx");
    std::fs::write(&path, &bytes).expect("the file is written");
    let (_, report) = record::attach(&mut db.store, doc, &path).expect("a big file is attached");
    assert_eq!(report.headings.len(), MAX_REPORTED_HEADINGS);
    let found = template_outline().len() + HEADINGS;
    assert_eq!(
        report.headings_omitted,
        found - MAX_REPORTED_HEADINGS,
        "the headings left out are counted"
    );
    assert_eq!(report.placeholders.len(), MAX_REPORTED_PLACEHOLDERS);
    assert_eq!(
        report.placeholders_omitted,
        1_000 - MAX_REPORTED_PLACEHOLDERS
    );
    let note = report
        .note
        .as_deref()
        .expect("a note says what was left out");
    assert!(note.contains("de första 500 rubrikerna visas"), "{note}");
    assert!(note.contains("hela dokumentet"), "{note}");
    assert!(
        report.complies,
        "every heading still counts: {:?}",
        report.items
    );
    let stored: String = db
        .store
        .conn()
        .query_row("SELECT check_report FROM drafts", [], |r| r.get(0))
        .expect("the report is stored");
    assert!(
        stored.len() < 256 * 1024,
        "the stored report stays small: {} bytes",
        stored.len()
    );
}
