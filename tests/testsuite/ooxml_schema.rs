//! Every Word and Excel file Samdok writes passes the OOXML schemas as an
//! independent validator reads them: openxml-audit, a port of the
//! validation of Microsoft's Open XML SDK (the ISO/IEC 29500 transitional
//! schemas with Microsoft's extensions, `w14` and `w15` among them), with
//! the format `microsoft365`. `scripts/setup --test` installs it, pinned
//! with its hashes, in `e2e/ooxml/.venv`.
//!
//! The files come from the builders' own tricky fixtures (a title with
//! `<&>"'`, å ä ö and an emoji, 17 parties, a significant change, a shared
//! decision) and from a register with every kind of row, exported as the
//! window and the CLI export them: a fresh draft, a remiss package, an
//! adoption package with its 17 förslag, a compilation with a party's
//! comment, the återkoppling, the register report and the yearly review's
//! report.
//!
//! What the validator cannot judge is listed in [`NOT_JUDGED`] with the
//! reason; nothing else is let through.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use samdok::comments::{self, CommentInput, DecisionInput};
use samdok::drafts::{generate, record};
use samdok::export::adoption::{build_missiv, build_tjansteskrivelse, PartyKind};
use samdok::export::compilation::{build_docx, build_xlsx};
use samdok::export::package as dispatch;
use samdok::export::{compile, report, review};
use samdok::formats::schema_order;
use samdok::parties::{self, ContactLevel};
use samdok::rounds::{self, Mark, RoundInput};

use crate::support::TestDb;

const CREATED: &str = "2026-12-08T09:00:00Z";

/// Findings of the validator that say nothing about the file, each with why.
/// Empty: every finding fails the test.
const NOT_JUDGED: &[(&str, &str)] = &[];

/// The validator `scripts/setup --test` installs, or `SAMDOK_OPENXML_AUDIT`.
fn validator() -> PathBuf {
    if let Some(path) = std::env::var_os("SAMDOK_OPENXML_AUDIT") {
        return PathBuf::from(path);
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("e2e/ooxml/.venv/bin/openxml-audit")
}

/// The validator's findings for every .docx and .xlsx under `dir`, by
/// file name relative to `dir`: one line per error.
fn findings(dir: &Path) -> Vec<(String, Vec<String>)> {
    let validator = validator();
    let out = Command::new(&validator)
        .args(["--format", "microsoft365", "--output", "json"])
        .args(["--max-errors", "0", "--recursive"])
        .arg(dir)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "the OOXML validator {} should run ({e}); scripts/setup --test installs it",
                validator.display()
            )
        });
    let stdout = String::from_utf8_lossy(&out.stdout);
    let reports: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "the validator should print a JSON list of reports ({e}):\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let reports = reports
        .as_array()
        .unwrap_or_else(|| panic!("a list of reports: {reports}"));
    reports
        .iter()
        .map(|report| {
            let file = report["file"].as_str().unwrap_or("?").to_owned();
            let file = Path::new(&file)
                .strip_prefix(dir)
                .map_or(file.clone(), |p| p.display().to_string());
            let mut errors = errors_of(report);
            if errors.is_empty() && report["valid"] != Value::Bool(true) {
                errors.push(format!("not valid: {report}"));
            }
            (file, errors)
        })
        .collect()
}

/// The errors of one file's report, as one line each, less those
/// [`NOT_JUDGED`] lists.
fn errors_of(report: &Value) -> Vec<String> {
    let list = report["errors"].as_array().cloned().unwrap_or_default();
    list.iter()
        .map(|e| {
            let field = |k: &str| e[k].as_str().unwrap_or("").to_owned();
            format!(
                "{} {}: {}",
                field("part_uri"),
                field("path"),
                field("description")
            )
        })
        .filter(|e| !NOT_JUDGED.iter().any(|(what, _)| e.contains(what)))
        .collect()
}

/// Writes `bytes` as `name` in `dir` and returns the path.
fn put(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("the file can be written");
    path
}

/// Every .docx and .xlsx under `dir`, sorted.
fn office_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("the folder reads") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e == "docx" || e == "xlsx")
            {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The builders' fixtures: the tricky inputs of their own tests.
fn write_fixture_files(dir: &Path) {
    put(
        dir,
        "utkast.docx",
        &generate::build(&crate::drafts::content(), CREATED).unwrap(),
    );
    let package = dir.join("remisspaket");
    std::fs::create_dir(&package).unwrap();
    let (files, _) = crate::export::build(&crate::export::input());
    for file in files.iter().filter(|f| !f.path.contains('/')) {
        // The draft in the fixture is a stand-in of a few bytes.
        if file.path.ends_with(".docx") && file.bytes.len() < 200 {
            continue;
        }
        put(&package, &file.path, &file.bytes);
    }
    let compilation = crate::compilation::compilation();
    put(
        dir,
        "sammanstallning.docx",
        &build_docx(&compilation, CREATED).unwrap(),
    );
    put(
        dir,
        "sammanstallning.xlsx",
        &build_xlsx(&compilation).unwrap(),
    );
    let adoption = crate::adoption::input();
    put(
        dir,
        "missiv om antagande.docx",
        &build_missiv(&adoption, CREATED).unwrap(),
    );
    put(
        dir,
        "forslag eda.docx",
        &build_tjansteskrivelse(&adoption, &crate::adoption::eda(), CREATED).unwrap(),
    );
    put(
        dir,
        "forslag region.docx",
        &build_tjansteskrivelse(
            &adoption,
            &crate::adoption::party(crate::adoption::TRICKY_PARTY, PartyKind::Region, None),
            CREATED,
        )
        .unwrap(),
    );
}

/// A register with every kind of row, exported as the window exports it.
fn write_register_files(dir: &Path) {
    let mut db = TestDb::new();
    let docs = crate::report::register_with_every_case(&mut db);
    let doc = |key: &str| docs.iter().find(|(k, _)| *k == key).unwrap().1;

    record::save_generated(
        &mut db.store,
        doc("tricky"),
        &dir.join("utkast ur registret.docx"),
    )
    .expect("a draft of the tricky title is written");

    let remiss = rounds::open(
        &mut db.store,
        doc("tricky"),
        &RoundInput {
            kind: "remiss".into(),
            deadline: Some("2030-01-31".into()),
            diarienummer: "RV2026/0007".into(),
            ..RoundInput::default()
        },
    )
    .unwrap();
    dispatch::export_package(&mut db.store, remiss, &dir.join("remiss"), &mut |_, _| {})
        .expect("the remiss package is written");
    // Eda and Kil answer with a comment each, decided together as a
    // significant change; Eda gets the återkoppling.
    let eda = parties::find(db.store.conn(), "Eda").unwrap().id;
    parties::set_level_contact(
        &mut db.store,
        eda,
        ContactLevel::Politisk,
        "kommun@eda.se",
        None,
    )
    .unwrap();
    rounds::mark(
        &mut db.store,
        remiss,
        eda,
        &Mark::Received {
            on: chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            position: None,
        },
    )
    .unwrap();
    let kil = parties::find(db.store.conn(), "Kil").unwrap().id;
    rounds::mark(
        &mut db.store,
        remiss,
        kil,
        &Mark::Received {
            on: chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap(),
            position: None,
        },
    )
    .unwrap();
    let mut decided_together = Vec::new();
    for (party, text) in [
        (eda, "Förtydliga <målgruppen> & \"ansvaret\" – åäö 🧓"),
        (kil, "Samma sak: vem gör vad?"),
    ] {
        let id = comments::add(
            &mut db.store,
            remiss,
            party,
            &CommentInput {
                section: "Syfte".into(),
                text: text.into(),
                proposal: "Skriv ut vem som gör vad.".into(),
            },
        )
        .unwrap();
        decided_together.push(id);
    }
    // A shared decision on both, a significant change.
    comments::decide(
        &mut db.store,
        &decided_together,
        &DecisionInput {
            disposition: "beaktad".into(),
            motivation: "Ansvaret skrivs ut per part & nivå <kommun/region>.".into(),
            significant: true,
        },
    )
    .unwrap();
    compile::write_compilation(
        &mut db.store,
        remiss,
        &dir.join("sammanstallning ur registret.docx"),
    )
    .expect("the compilation is written");
    compile::feedback(&mut db.store, remiss, &dir.join("aterkoppling"))
        .expect("the återkoppling is written");

    // The adoption round goes out with the working draft attached.
    let adopted = doc("adopted");
    let content = generate::DraftContent::from_register(db.store.conn(), adopted, "x").unwrap();
    let edited = db.dir.path().join("arbetsutkast.docx");
    std::fs::write(&edited, generate::build(&content, CREATED).unwrap()).unwrap();
    record::attach(&mut db.store, adopted, &edited).unwrap();
    let adoption = samdok::demo::latest_adoption_round(db.store.conn(), adopted).unwrap();
    dispatch::export_package(
        &mut db.store,
        adoption,
        &dir.join("antagande"),
        &mut |_, _| {},
    )
    .expect("the adoption package is written");

    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 8).unwrap();
    report::write_report(db.store.conn(), &dir.join("forteckning.docx"), today).unwrap();
    report::write_report(db.store.conn(), &dir.join("forteckning.xlsx"), today).unwrap();
    review::record(
        &mut db.store,
        &review::ReviewInput {
            reviewed_on: Some("2026-12-08".into()),
            reviewed_by: "Åsa <granskare> & co 🗂".into(),
            note: String::new(),
        },
    )
    .unwrap();
    review::copy_report(&db.store, 2026, &dir.join("granskning 2026.docx")).unwrap();
}

/// Every WordprocessingML part of `file` went through the schema order:
/// ordering it again changes nothing, and no child is one the order's
/// table does not know (a new element from docx-rs must get its place).
fn assert_in_schema_order(file: &Path) {
    use std::io::Read;
    let bytes = std::fs::read(file).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let names: Vec<String> = zip.file_names().map(str::to_owned).collect();
    for name in names
        .iter()
        .filter(|n| n.starts_with("word/") && n.ends_with(".xml"))
    {
        let mut xml = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut xml).unwrap();
        let (again, unknown) = schema_order::normalise_reporting(name, &xml).unwrap();
        assert!(
            unknown.is_empty(),
            "{} {name}: children without a place in the schema order: {unknown:?}",
            file.display()
        );
        assert!(
            again == xml,
            "{} {name} is not in schema order: ordering it again changes it",
            file.display()
        );
    }
}

#[test]
fn every_word_and_excel_file_passes_the_ooxml_schemas() {
    let keep = std::env::var_os("SAMDOK_SCHEMA_OUT").map(PathBuf::from);
    let temp = tempfile::tempdir().unwrap();
    let dir = keep.clone().unwrap_or_else(|| temp.path().to_path_buf());
    std::fs::create_dir_all(&dir).unwrap();
    write_fixture_files(&dir);
    write_register_files(&dir);

    let files = office_files(&dir);
    let kinds = |pattern: &str| {
        files
            .iter()
            .filter(|f| f.to_string_lossy().contains(pattern))
            .count()
    };
    assert_eq!(
        kinds("Svarsmall"),
        34,
        "17 svarsmallar in each remiss package"
    );
    assert_eq!(
        kinds("tjänsteskrivelse"),
        17,
        "17 förslag in the adoption package"
    );
    assert_eq!(kinds("aterkoppling/"), 1, "the återkoppling's compilation");

    for file in files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "docx"))
    {
        assert_in_schema_order(file);
    }

    let reports = findings(&dir);
    assert_eq!(
        reports.len(),
        files.len(),
        "the validator reads every file: {reports:?}"
    );
    let mut failed = Vec::new();
    for (file, found) in &reports {
        if !found.is_empty() {
            failed.push(format!(
                "{file} ({} fel):\n  {}",
                found.len(),
                found
                    .iter()
                    .take(12)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("\n  ")
            ));
        }
    }
    assert!(
        failed.is_empty(),
        "every one of the {} files should pass the OOXML schemas; {} do not:\n{}",
        files.len(),
        failed.len(),
        failed.join("\n")
    );
}
