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

use crate::check::{document_xml, paragraph, raw_zip, template_outline, RawEntry, CONTENT_TYPES};
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
    let store_dir = samdok::attachments::dir(&db.store);
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
        !samdok::attachments::dir(&db.store).exists(),
        "nothing is copied into the attachment store"
    );
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
