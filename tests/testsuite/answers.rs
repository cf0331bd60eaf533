//! Returned svarsmallar recorded on their round (`answers::import`): forms
//! exported from a real round, filled in as a party does, and read in —
//! once, twice, replaced, added to, on the wrong round, damaged.

use std::path::{Path, PathBuf};

use samdok::answers::{self, Choice, ImportOptions, ImportState};
use samdok::comments;
use samdok::export::package;
use samdok::parties::{self, PartyId};
use samdok::rounds::{self, Mark, RecipientStatus, RoundId, RoundInput};
use samdok::time;

use crate::fill_form::Form;
use crate::support::TestDb;

fn open_round(db: &mut TestDb, title: &str) -> RoundId {
    let doc = db.add(title);
    rounds::open(
        &mut db.store,
        doc,
        &RoundInput {
            kind: "remiss".into(),
            sent_date: Some("2026-09-01".into()),
            deadline: Some("2026-10-15".into()),
            ..RoundInput::default()
        },
    )
    .expect("a round opens")
}

/// The svarsmall of `party` as the round's package sends it.
fn blank_form(db: &mut TestDb, round: RoundId, party: &str) -> Vec<u8> {
    let out = db.dir.path().join(format!("paket-{}", round.0));
    if !out.exists() {
        package::export_package(&mut db.store, round, &out, &mut |_, _| {})
            .expect("the package exports");
    }
    let path = out.join(samdok::export::svarsmall_path(party));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{} should exist: {e}", path.display()))
}

fn save(db: &TestDb, name: &str, bytes: &[u8]) -> PathBuf {
    let path = db.dir.path().join(name);
    std::fs::write(&path, bytes).expect("the filled form is written");
    path
}

fn party(db: &TestDb, name: &str) -> PartyId {
    parties::find(db.store.conn(), name).expect("a party").id
}

fn recipient(db: &TestDb, round: RoundId, name: &str) -> rounds::Recipient {
    rounds::status(db.store.conn(), round, time::today())
        .expect("the round")
        .recipients
        .into_iter()
        .find(|r| r.party_name == name)
        .expect("a recipient")
}

fn import(
    db: &mut TestDb,
    round: RoundId,
    path: &Path,
    choice: Option<Choice>,
) -> samdok::Result<answers::Imported> {
    answers::import(
        &mut db.store,
        round,
        path,
        &ImportOptions {
            received_on: None,
            choice,
        },
    )
}

const TRICKY: &str = "Mål <a> & \"b\" 'c' – åäö 🏥";

fn filled(db: &mut TestDb, round: RoundId) -> PathBuf {
    let mut form = Form::open(&blank_form(db, round, "Säffle"));
    form.tick("Tillstyrker med synpunkter")
        .write(
            "Syfte",
            "Syftet bör nämna de mobila teamen.",
            "Lägg till en mening.",
        )
        .write("Mål", TRICKY, "")
        .write_section("Bilaga 2")
        .write("Bilaga 2", "Bilagan saknas.", "")
        .respondent("Namn", "Eva Åberg");
    save(db, "Svarsmall - Säffle.docx", &form.to_bytes())
}

#[test]
fn a_filled_form_records_the_answer_its_comments_and_the_file() {
    let mut db = TestDb::new();
    let round = open_round(&mut db, "Riktlinje för hjälpmedel");
    let path = filled(&mut db, round);

    let preview = answers::preview(db.store.conn(), round, &path).expect("the form is read");
    assert_eq!(
        preview.party_name, "Säffle",
        "the party comes from the form"
    );
    assert_eq!(
        preview.position.as_deref(),
        Some("tillstyrker_med_synpunkter")
    );
    assert_eq!(preview.state, ImportState::New);
    let sections: Vec<(&str, bool)> = preview
        .comments
        .iter()
        .map(|c| (c.section.as_str(), c.known_section))
        .collect();
    assert_eq!(
        sections,
        [("Syfte", true), ("Mål", true), ("Bilaga 2", false)]
    );
    assert!(
        comments::list(db.store.conn(), round).unwrap().is_empty(),
        "a preview stores nothing"
    );

    let imported = import(&mut db, round, &path, None).expect("the form is recorded");
    assert!(imported.recorded);
    assert_eq!(imported.comments_added, 3);
    let r = recipient(&db, round, "Säffle");
    assert_eq!(r.status, RecipientStatus::SvarInkommet);
    assert_eq!(r.received_on, Some(time::today()));
    assert_eq!(
        r.position_name.as_deref(),
        Some("Tillstyrker med synpunkter")
    );
    assert_eq!(r.files.len(), 1, "the form is the party's answer file");
    assert_eq!(r.files[0].file_name, "Svarsmall - Säffle.docx");
    let stored = rounds::answer_file_path(&db.store, r.files[0].id).unwrap();
    assert_eq!(
        std::fs::read(stored).unwrap(),
        std::fs::read(&path).unwrap(),
        "stored byte for byte"
    );
    let list = comments::list(db.store.conn(), round).unwrap();
    assert_eq!(list.len(), 3);
    assert_eq!(list[1].text, TRICKY, "the text arrives intact");
    assert!(list
        .iter()
        .all(|c| c.from_form && c.answer_file_id == Some(r.files[0].id)));
    assert_eq!(list[0].proposal, "Lägg till en mening.");
}

#[test]
fn the_same_file_twice_changes_nothing() {
    let mut db = TestDb::new();
    let round = open_round(&mut db, "Avtal");
    let path = filled(&mut db, round);
    import(&mut db, round, &path, None).unwrap();
    let events = |db: &TestDb| -> i64 {
        db.store
            .conn()
            .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
            .unwrap()
    };
    let before = events(&db);
    let again = import(&mut db, round, &path, None).expect("the same file is no error");
    assert!(!again.recorded, "nothing recorded the second time");
    assert!(matches!(
        again.preview.state,
        ImportState::AlreadyImported { .. }
    ));
    assert_eq!(comments::list(db.store.conn(), round).unwrap().len(), 3);
    assert_eq!(recipient(&db, round, "Säffle").files.len(), 1);
    assert_eq!(events(&db), before, "no event either");
}

#[test]
fn a_second_form_from_the_party_asks_then_replaces_or_adds() {
    let mut db = TestDb::new();
    let round = open_round(&mut db, "Rutin");
    let first = filled(&mut db, round);
    import(&mut db, round, &first, None).unwrap();
    let ids: Vec<_> = comments::list(db.store.conn(), round)
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    comments::decide(
        &mut db.store,
        &ids[..1],
        &comments::DecisionInput {
            disposition: "beaktad".into(),
            ..Default::default()
        },
    )
    .unwrap();

    let mut form = Form::open(&blank_form(&mut db, round, "Säffle"));
    form.tick("Avstyrker")
        .write("Ansvarsfördelning", "Ny synpunkt.", "");
    let second = save(&db, "Svarsmall - Säffle (2).docx", &form.to_bytes());
    let asked = import(&mut db, round, &second, None).expect_err("a choice is needed");
    assert!(asked.to_string().contains("ersätter"), "{asked}");
    assert_eq!(
        comments::list(db.store.conn(), round).unwrap().len(),
        3,
        "nothing changed"
    );

    let added = import(&mut db, round, &second, Some(Choice::Add)).unwrap();
    assert_eq!((added.comments_added, added.comments_replaced), (1, 0));
    assert_eq!(comments::list(db.store.conn(), round).unwrap().len(), 4);
    assert_eq!(
        recipient(&db, round, "Säffle").position.as_deref(),
        Some("avstyrker")
    );

    let mut form = Form::open(&blank_form(&mut db, round, "Säffle"));
    form.tick("Tillstyrker").write("Mål", "Sista ordet.", "");
    let third = save(&db, "Svarsmall - Säffle (3).docx", &form.to_bytes());
    let replaced = import(&mut db, round, &third, Some(Choice::Replace)).unwrap();
    assert_eq!(
        replaced.comments_replaced, 4,
        "the earlier forms' comments go"
    );
    let list = comments::list(db.store.conn(), round).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].text, "Sista ordet.");
    let decisions: i64 = db
        .store
        .conn()
        .query_row("SELECT count(*) FROM comment_decisions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(decisions, 0, "their decisions go with them");
    let files = recipient(&db, round, "Säffle").files;
    assert_eq!(files.len(), 1, "one form stands: {files:?}");
}

#[test]
fn a_form_of_another_round_is_refused_and_nothing_is_stored() {
    let mut db = TestDb::new();
    let ours = open_round(&mut db, "Riktlinje A");
    let other = open_round(&mut db, "Riktlinje B");
    let path = filled(&mut db, other);
    let err = import(&mut db, ours, &path, None).expect_err("the form belongs to the other round");
    let message = err.to_string();
    assert!(
        message.contains("annan runda") && message.contains("Riktlinje B"),
        "{message}"
    );
    assert!(comments::list(db.store.conn(), ours).unwrap().is_empty());
    assert_eq!(
        recipient(&db, ours, "Säffle").status,
        RecipientStatus::Skickad
    );
    let files: i64 = db
        .store
        .conn()
        .query_row("SELECT count(*) FROM round_answer_files", [], |r| r.get(0))
        .unwrap();
    assert_eq!(files, 0, "no file recorded");

    // A form from another register: its key is unknown here.
    let mut elsewhere = TestDb::new();
    let foreign_round = open_round(&mut elsewhere, "Riktlinje A");
    let foreign = filled(&mut elsewhere, foreign_round);
    let err = import(&mut db, ours, &foreign, None).expect_err("unknown key");
    assert!(err.to_string().contains("inte till någon runda"), "{err}");
}

#[test]
fn a_damaged_or_foreign_file_is_refused_clearly() {
    let mut db = TestDb::new();
    let round = open_round(&mut db, "Rutin");
    let bytes = std::fs::read(filled(&mut db, round)).unwrap();
    let damaged = save(&db, "trasig.docx", &bytes[..bytes.len() / 2]);
    let err = import(&mut db, round, &damaged, None).expect_err("a damaged file");
    assert!(
        err.to_string().contains("skadad") || err.to_string().contains("Word"),
        "{err}"
    );
    let text = save(&db, "inte-word.docx", "bara text".as_bytes());
    let err = import(&mut db, round, &text, None).expect_err("not a Word file");
    assert!(err.to_string().contains("Word-dokument"), "{err}");
    let draft = db.dir.path().join("utkast.docx");
    let doc = rounds::get(db.store.conn(), round).unwrap().document_id;
    samdok::drafts::record::save_generated(&mut db.store, doc, &draft).unwrap();
    let err = import(&mut db, round, &draft, None).expect_err("a draft is no svarsmall");
    assert!(err.to_string().contains("inte en svarsmall"), "{err}");
    assert!(comments::list(db.store.conn(), round).unwrap().is_empty());
}

#[test]
fn avstar_ticked_records_the_party_as_declining_and_an_earlier_tick_keeps_its_day() {
    let mut db = TestDb::new();
    let round = open_round(&mut db, "Handlingsplan");
    let mut form = Form::open(&blank_form(&mut db, round, "Kil"));
    form.tick("Avstår");
    let path = save(&db, "kil.docx", &form.to_bytes());
    import(&mut db, round, &path, None).unwrap();
    assert_eq!(recipient(&db, round, "Kil").status, RecipientStatus::Avstar);

    let eda = party(&db, "Eda");
    let on = time::parse_date("d", "d", Some("2026-10-01"))
        .unwrap()
        .unwrap();
    rounds::mark(
        &mut db.store,
        round,
        eda,
        &Mark::Received {
            on,
            position: Some("avstyrker".into()),
        },
    )
    .unwrap();
    let form = Form::open(&blank_form(&mut db, round, "Eda"));
    let path = save(&db, "eda.docx", &form.to_bytes());
    let imported = import(&mut db, round, &path, None).unwrap();
    assert!(
        imported
            .preview
            .problems
            .iter()
            .any(|p| p.contains("ställningstagande") || p.contains("markerat")),
        "no position ticked is said: {:?}",
        imported.preview.problems
    );
    let r = recipient(&db, round, "Eda");
    assert_eq!(r.received_on, Some(on), "the day ticked off earlier stays");
    assert_eq!(
        r.position.as_deref(),
        Some("avstyrker"),
        "and the position given then"
    );
}

/// Issue 17: two *different* filled forms from one party, imported at the
/// same moment by two processes, were both recorded (12 of 20 pairs): the
/// check for an earlier form ran before the write's transaction. Now one is
/// recorded and the other is refused, asking to replace or add.
#[test]
fn two_different_forms_from_one_party_imported_at_once_record_one() {
    let mut db = TestDb::new();
    let mut pairs = Vec::new();
    for n in 0..10 {
        let round = open_round(&mut db, &format!("Rutin {n}"));
        let blank = blank_form(&mut db, round, "Säffle");
        let mut first = Form::open(&blank);
        first.tick("Tillstyrker").write("Mål", "Första svaret.", "");
        let mut second = Form::open(&blank);
        second.tick("Avstyrker").write("Syfte", "Andra svaret.", "");
        pairs.push((
            round,
            save(&db, &format!("Säffle {n} a.docx"), &first.to_bytes()),
            save(&db, &format!("Säffle {n} b.docx"), &second.to_bytes()),
        ));
    }
    let path = db.path();
    for (round, a, b) in &pairs {
        let spawn = |file: &Path| {
            std::process::Command::new(env!("CARGO_BIN_EXE_samdok"))
                .arg("--db")
                .arg(&path)
                .args(["answer", "import", &round.0.to_string()])
                .arg(file)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("the samdok binary starts")
        };
        let (first, second) = (spawn(a), spawn(b));
        let outs = [first, second].map(|c| c.wait_with_output().expect("samdok runs"));
        let recorded = outs.iter().filter(|o| o.status.success()).count();
        assert_eq!(
            recorded,
            1,
            "round {}: exactly one of two forms at once is recorded; stderr: {:?}",
            round.0,
            outs.iter()
                .map(|o| String::from_utf8_lossy(&o.stderr).into_owned())
                .collect::<Vec<_>>()
        );
        let refused = outs.iter().find(|o| !o.status.success()).unwrap();
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert!(
            stderr.contains("ersätter") && stderr.contains("Inget har sparats"),
            "the other is refused, asking to replace or add: {stderr}"
        );
        assert_eq!(
            recipient(&db, *round, "Säffle").files.len(),
            1,
            "round {}: one form stands",
            round.0
        );
    }
}

/// Issue 17: a svarsmall whose party code was changed to another party's
/// was read as that party's answer without a word, even when «Svaret
/// lämnas av» named the first party. The preview now warns (and the
/// coordinator decides); a form that names its own party gets no warning.
#[test]
fn a_svarsmall_with_another_party_s_code_warns_when_the_respondent_names_the_first() {
    let mut db = TestDb::new();
    let round = open_round(&mut db, "Rutin för hemsjukvård");
    let blank = blank_form(&mut db, round, "Eda");

    let mut own = Form::open(&blank);
    own.tick("Tillstyrker")
        .respondent("Befattning eller organ", "Kommunstyrelsen i Eda kommun")
        .respondent("E-post", "registrator@eda.se");
    let own = save(&db, "Svarsmall - Eda.docx", &own.to_bytes());
    let preview = answers::preview(db.store.conn(), round, &own).unwrap();
    assert_eq!(preview.party_name, "Eda");
    assert!(preview.warnings.is_empty(), "{:?}", preview.warnings);

    let mut changed = Form::open(&blank);
    changed
        .tick("Tillstyrker")
        .respondent("Befattning eller organ", "Kommunstyrelsen i Eda kommun")
        .respondent("E-post", "registrator@eda.se");
    changed.set_property("Samdok.Partkod", "kil");
    let changed = save(&db, "Svarsmall - ändrad.docx", &changed.to_bytes());
    let preview = answers::preview(db.store.conn(), round, &changed).unwrap();
    assert_eq!(
        preview.party_name, "Kil",
        "the code decides whose form it is"
    );
    assert!(
        preview.warnings.iter().any(|p| p.contains("märkt för Kil")
            && p.contains("nämner Eda")
            && p.contains("registreras det som Kils svar")),
        "the preview warns: {:?}",
        preview.warnings
    );

    // Region Värmland written as an address, and the form made for Eda
    // (its Samdok.Part): both named, in the guideline's order.
    let mut region = Form::open(&blank);
    region.respondent("E-post", "diariet@regionvarmland.se");
    region.set_property("Samdok.Partkod", "arvika");
    let region = save(&db, "Svarsmall - region.docx", &region.to_bytes());
    let preview = answers::preview(db.store.conn(), round, &region).unwrap();
    assert!(
        preview
            .warnings
            .iter()
            .any(|p| p.contains("märkt för Arvika") && p.contains("nämner Region Värmland och Eda")),
        "{:?}",
        preview.warnings
    );
}
