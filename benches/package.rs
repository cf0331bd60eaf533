//! `cargo bench -p samdok --bench package`: how long building a remiss
//! package for all 17 parties takes (missiv, 17 svarsmallar, sändlista as
//! .xlsx and .csv, 17 e-mail drafts with attachments, manifest), and
//! writing it as a zip. A plain timing loop, like benches/drafts.rs.

mod common;

use std::hint::black_box;

use chrono::NaiveDate;
use samdok::drafts::generate;
use samdok::export::{
    self, Contact, DocInfo, DraftFile, DraftSource, PackageInput, Recipient, RoundInfo, RoundKind,
};

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
    "Torsby",
    "Årjäng",
];

fn main() {
    let content = generate::DraftContent {
        title: "Överenskommelse om samverkan vid utskrivning från sluten hälso- och sjukvård"
            .into(),
        doc_type_name: "Överenskommelse".into(),
        version_no: 2,
        parties: PARTIES.map(String::from).to_vec(),
        all_parties: true,
        ..Default::default()
    };
    let draft = generate::build(&content, "2026-11-23T10:00:00Z").expect("a draft");
    let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a date");
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
            title: content.title.clone(),
            doc_type_name: content.doc_type_name.clone(),
            version_no: 2,
        },
        draft: DraftFile {
            file_name: "Överenskommelse v2 utkast.docx".into(),
            bytes: draft,
            source: DraftSource::WorkingDraft,
        },
        recipients: PARTIES
            .iter()
            .enumerate()
            .map(|(i, name)| Recipient {
                party_name: (*name).into(),
                party_code: format!("part{i}"),
                contact_name: "Registrator".into(),
                email: Some(format!("registrator{i}@example.se")),
            })
            .collect(),
        adoption: None,
        mandatory_headings: samdok::template::template()
            .expect("template")
            .mandatory
            .iter()
            .map(|m| m.label.clone())
            .collect(),
    };
    let (files, manifest) = export::build_package(&input, &mut |_, _| {}).expect("a package");
    let size: usize = files.iter().map(|f| f.bytes.len()).sum();
    println!("package: {} files, {} bytes", files.len(), size);
    common::measure("build the package for 17 parties", 30, || {
        black_box(export::build_package(black_box(&input), &mut |_, _| {}).expect("a package"));
    });
    let dir = std::env::temp_dir().join(format!("samdok-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp folder");
    let zip = dir.join("paket.zip");
    common::measure("write it as a zip", 30, || {
        export::write_zip(&files, &manifest, &zip).expect("written");
    });
    let _ = std::fs::remove_dir_all(&dir);
}
