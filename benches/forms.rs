//! `cargo bench -p samdok --bench forms`: how long reading 17 returned
//! svarsmallar takes (one per party, each with a position ticked and
//! comments in five rows, one of them added), as an import of a whole
//! round's answers does; then the whole import of those 17 forms into a
//! round of a real database (read, match, store the file, record answer and
//! comments, each form its own transaction). A plain timing loop, like
//! benches/package.rs.

mod common;
#[path = "../tests/support/fill_form.rs"]
mod fill_form;

use std::hint::black_box;

use chrono::NaiveDate;
use samdok::answers::form::read_form;
use samdok::export::{
    self, Contact, DocInfo, DraftFile, DraftSource, PackageInput, Recipient, RoundInfo, RoundKind,
    POSITIONS,
};

fn main() {
    let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a date");
    let headings: Vec<String> = samdok::template::template()
        .expect("template")
        .mandatory
        .iter()
        .map(|m| m.label.clone())
        .collect();
    let parties = samdok::assets::parties().expect("the parties");
    let input = PackageInput {
        round: RoundInfo {
            kind: RoundKind::Remiss,
            subject: "Remiss: Överenskommelse om samverkan vid utskrivning".into(),
            sent_date: date("2026-11-23"),
            deadline: date("2027-02-15"),
            missiv_text: String::new(),
            reply_address: "nyaperspektiv@regionvarmland.se".into(),
            diarienummer: "RV2026/0042".into(),
            contact: Contact {
                name: "Linnea Grankvist".into(),
                title: String::new(),
                email: "linnea.grankvist@regionvarmland.se".into(),
                phone: "010-831 00 00".into(),
            },
            sender: "Region Värmland, Nya perspektiv".into(),
            form_key: "5a4d0c0ffee0000000000000000000a1".into(),
        },
        document: DocInfo {
            title: "Överenskommelse om samverkan vid utskrivning".into(),
            doc_type_name: "Överenskommelse".into(),
            version_no: 2,
        },
        draft: DraftFile {
            file_name: "Överenskommelse v2 utkast.docx".into(),
            bytes: b"PK\x03\x04 stand-in".to_vec(),
            source: DraftSource::WorkingDraft,
        },
        recipients: parties
            .iter()
            .map(|p| Recipient {
                party_name: p.name.clone(),
                party_code: p.code.clone(),
                contact_name: "Registrator".into(),
                email: Some(format!("registrator@{}.se", p.code)),
            })
            .collect(),
        adoption: None,
        mandatory_headings: headings.clone(),
    };
    let (files, _) = export::build_package(&input, &mut |_, _| {}).expect("a package");
    let comment = "Texten behöver förtydligas: vem gör vad när patienten skrivs ut, \
                   och hur når kommunen den som är fast vårdkontakt? "
        .repeat(3);
    let forms: Vec<Vec<u8>> = files
        .iter()
        .filter(|f| f.path.starts_with("Svarsmall"))
        .enumerate()
        .map(|(i, f)| {
            let mut form = fill_form::Form::open(&f.bytes);
            form.tick(POSITIONS[i % POSITIONS.len()]);
            for heading in headings.iter().take(4) {
                form.write(heading, &comment, "Lägg till en mening om det.");
            }
            form.add_row_after(&headings[0], &headings[0], &comment, "");
            form.to_bytes()
        })
        .collect();
    assert_eq!(forms.len(), 17, "one form per party");
    let read: usize = forms
        .iter()
        .map(|f| read_form(f).expect("a filled form reads").comments.len())
        .sum();
    println!(
        "17 forms, {} bytes, {read} comments",
        forms.iter().map(Vec::len).sum::<usize>()
    );
    common::measure("read 17 filled svarsmallar", 30, || {
        for form in &forms {
            black_box(read_form(black_box(form)).expect("a filled form reads"));
        }
    });

    import_into_a_round(&comment, &headings);
}

/// Each timed run imports the 17 forms into its own copy of a database
/// with the round open (the copies are made before the clock starts).
fn import_into_a_round(comment: &str, headings: &[String]) {
    use samdok::answers::{self, ImportOptions};
    use samdok::rounds::{self, RoundInput};
    use samdok::Store;

    let dir = tempfile::tempdir().expect("a temporary folder");
    let template = dir.path().join("mall.sqlite3");
    let mut store = Store::open(&template).expect("a database");
    let doc = samdok::register::create(
        &mut store,
        &samdok::register::DocumentInput {
            doc_type: "overenskommelse".into(),
            title: "Överenskommelse om samverkan vid utskrivning".into(),
            ..Default::default()
        },
    )
    .expect("a document");
    let round = rounds::open(
        &mut store,
        doc,
        &RoundInput {
            kind: "remiss".into(),
            sent_date: Some("2026-11-02".into()),
            deadline: Some("2026-12-15".into()),
            ..RoundInput::default()
        },
    )
    .expect("a round");
    let package = dir.path().join("paket");
    samdok::export::package::export_package(&mut store, round, &package, &mut |_, _| {})
        .expect("the package");
    drop(store);
    let forms: Vec<std::path::PathBuf> = samdok::assets::parties()
        .expect("the parties")
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let blank = std::fs::read(package.join(export::svarsmall_path(&p.name)))
                .expect("the party's svarsmall");
            let mut form = fill_form::Form::open(&blank);
            form.tick(POSITIONS[i % 4]);
            for heading in headings.iter().take(4) {
                form.write(heading, comment, "Lägg till en mening om det.");
            }
            let path = dir.path().join(format!("ifylld-{i}.docx"));
            std::fs::write(&path, form.to_bytes()).expect("written");
            path
        })
        .collect();
    let runs = 20;
    let mut copies: Vec<std::path::PathBuf> = (0..runs + runs / 10 + 1)
        .map(|n| {
            let copy = dir.path().join(format!("kopia-{n}.sqlite3"));
            std::fs::copy(&template, &copy).expect("a copy");
            copy
        })
        .collect();
    common::measure("import 17 filled svarsmallar into a round", runs, || {
        let path = copies.pop().expect("a fresh copy per run");
        let mut store = Store::open(&path).expect("the copy opens");
        for form in &forms {
            let imported = answers::import(&mut store, round, form, &ImportOptions::default())
                .expect("the form is recorded");
            black_box(imported);
        }
    });
}
