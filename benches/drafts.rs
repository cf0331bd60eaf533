//! `cargo bench -p samdok --bench drafts`: how long generating one Word
//! draft and checking one .docx take. A plain timing loop (median, min and
//! max over many runs), so that benchmarking adds nothing to compile for
//! the tests.

mod common;

use std::hint::black_box;

use samdok::drafts::{check, generate};

fn main() {
    let content = generate::DraftContent {
        title: "Överenskommelse om samverkan vid utskrivning från sluten hälso- och sjukvård"
            .into(),
        doc_type_name: "Överenskommelse".into(),
        developed_within: "Samverkansarenan Nya perspektiv".into(),
        organisation: "Region Värmland".into(),
        version_no: 3,
        owner: "Linnea Grankvist".into(),
        approver: "Beredningsgruppen Nya perspektiv".into(),
        valid_from: "2026-04-27".into(),
        valid_to: "2028-04-26".into(),
        areas: vec![
            "Hälso- och sjukvård".into(),
            "Kommunal vård och omsorg".into(),
        ],
        prepared_by: "Linnea Grankvist, Anna-Carin Johansson".into(),
        parties: [
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
        ]
        .map(String::from)
        .to_vec(),
        all_parties: true,
        legal_basis: "Lag (2017:612) om samverkan vid utskrivning från sluten hälso- och sjukvård"
            .into(),
        followup_interval_months: Some(24),
        followup_owner: "Beredningsgruppen".into(),
        generated_by: "bench".into(),
    };
    let docx = generate::build(&content, "2026-11-23T10:00:00Z").expect("a draft");
    println!("draft size: {} bytes", docx.len());
    common::measure("generate one draft (build .docx bytes)", 200, || {
        black_box(generate::build(black_box(&content), "2026-11-23T10:00:00Z").expect("a draft"));
    });
    common::measure("check one draft (structure check)", 200, || {
        black_box(check::check_bytes(black_box(&docx)).expect("readable"));
    });
}
