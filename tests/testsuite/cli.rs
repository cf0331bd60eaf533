//! The `samdok` binary, run as a user would, on its own database file.

use std::process::{Command, Output};

use serde_json::Value;

struct Cli {
    dir: tempfile::TempDir,
}

impl Cli {
    /// A new database file, made by `samdok init` (other commands refuse a
    /// file that does not exist).
    fn new() -> Cli {
        let cli = Cli {
            dir: tempfile::tempdir().unwrap(),
        };
        cli.ok(&["init"]);
        cli
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_samdok"))
            .arg("--db")
            .arg(self.dir.path().join("cli.sqlite3"))
            .args(args)
            .env("USER", "cli-testare")
            .output()
            .expect("the samdok binary runs")
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "samdok {args:?} should succeed; stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("stdout is UTF-8")
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).expect("--json prints JSON")
    }

    fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(out.status.code(), Some(1), "samdok {args:?} should exit 1");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(!stderr.contains("panicked"), "no panic: {stderr}");
        stderr
    }
}

#[test]
fn parties_lists_the_17_as_json() {
    let cli = Cli::new();
    let parties = cli.json(&["parties", "--json"]);
    let names: Vec<&str> = parties
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 17);
    assert_eq!(names[0], "Region Värmland");
    assert_eq!(names[16], "Årjäng");
}

#[test]
fn add_list_show_and_stage_a_document() {
    let cli = Cli::new();
    let id = cli
        .ok(&[
            "doc",
            "add",
            "--title",
            "Överenskommelse om utskrivning",
            "--type",
            "överenskommelse",
            "--owner",
            "Åsa",
            "--diarienummer",
            "RV2026/7",
            "--valid-from",
            "2026-01-01",
            "--valid-to",
            "2027-12-31",
        ])
        .trim()
        .to_owned();
    assert!(
        id.parse::<i64>().is_ok(),
        "doc add prints the new id, got {id:?}"
    );
    let added = cli.json(&[
        "doc",
        "add",
        "--title",
        "Avtal om hjälpmedel",
        "--type",
        "avtal",
        "--json",
    ]);
    assert!(added["id"].as_i64().is_some(), "{added}");

    let found = cli.json(&["doc", "list", "--search", "utskriv", "--json"]);
    assert_eq!(found.as_array().unwrap().len(), 1);
    assert_eq!(found[0]["title"], "Överenskommelse om utskrivning");
    assert_eq!(found[0]["doc_type"], "overenskommelse");
    assert_eq!(found[0]["valid_to"], "2027-12-31");

    let sorted = cli.json(&["doc", "list", "--sort", "title", "--json"]);
    let titles: Vec<&str> = sorted
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        ["Avtal om hjälpmedel", "Överenskommelse om utskrivning"]
    );
    let by_end = cli.json(&["doc", "list", "--sort", "valid-to", "--json"]);
    assert_eq!(
        by_end[0]["title"], "Överenskommelse om utskrivning",
        "dated before undated"
    );
    // Both are still in Initiering: the tie goes by title, even descending.
    assert_listed(
        &cli,
        &["doc", "list", "--sort", "stage", "--desc"],
        &[
            ("Initiering", "Avtal om hjälpmedel"),
            ("Initiering", "Överenskommelse om utskrivning"),
        ],
    );

    let moved = cli.ok(&[
        "doc",
        "stage",
        &id,
        "dialog",
        "--comment",
        "Uppdrag från beredningsgruppen",
    ]);
    assert!(moved.contains("Dialog och förankring"), "{moved}");
    assert_listed(
        &cli,
        &["doc", "list", "--sort", "stage", "--desc"],
        &[
            ("Dialog och förankring", "Överenskommelse om utskrivning"),
            ("Initiering", "Avtal om hjälpmedel"),
        ],
    );
    let shown = cli.json(&["doc", "show", &id, "--json"]);
    assert_eq!(shown["current"]["stage"], "dialog");
    assert_eq!(
        shown["history"][0]["comment"],
        "Uppdrag från beredningsgruppen"
    );
    assert_eq!(shown["history"][0]["actor"], "cli-testare");
    assert_eq!(shown["current"]["parties"].as_array().unwrap().len(), 17);
    let text = cli.ok(&["doc", "show", &id]);
    assert!(
        text.contains("Dialog och förankring") && text.contains("RV2026/7"),
        "{text}"
    );
}

#[test]
fn edit_changes_only_the_given_fields() {
    let cli = Cli::new();
    let id = cli
        .ok(&[
            "doc", "add", "--title", "Rutin", "--type", "rutin", "--owner", "Kim",
        ])
        .trim()
        .to_owned();
    cli.ok(&[
        "doc",
        "edit",
        &id,
        "--valid-to",
        "2030-01-01",
        "--parties",
        "Eda,årjäng",
    ]);
    let shown = cli.json(&["doc", "show", &id, "--json"]);
    assert_eq!(shown["current"]["owner"], "Kim");
    assert_eq!(shown["current"]["valid_to"], "2030-01-01");
    assert_eq!(shown["current"]["parties"].as_array().unwrap().len(), 2);
    let revised = cli.ok(&["doc", "revise", &id]);
    assert!(revised.contains("Version 2"), "{revised}");
}

#[test]
fn bad_input_gives_a_swedish_message_and_exit_1() {
    let cli = Cli::new();
    let stderr = cli.fails(&["doc", "add", "--title", "", "--type", "riktlinje"]);
    assert!(stderr.contains("Ange en titel."), "{stderr}");
    let stderr = cli.fails(&[
        "doc",
        "add",
        "--title",
        "X",
        "--type",
        "riktlinje",
        "--valid-from",
        "2027-01-01",
        "--valid-to",
        "2026-01-01",
    ]);
    assert!(stderr.contains("kan inte vara före"), "{stderr}");
    let stderr = cli.fails(&["doc", "add", "--title", "X", "--type", "broschyr"]);
    assert!(stderr.contains("Okänd dokumenttyp"), "{stderr}");
    let stderr = cli.fails(&[
        "doc",
        "add",
        "--title",
        "X",
        "--type",
        "avtal",
        "--parties",
        "Oslo",
    ]);
    assert!(stderr.contains("Okänd part"), "{stderr}");
    let stderr = cli.fails(&["doc", "show", "999"]);
    assert!(stderr.contains("finns inte"), "{stderr}");
    let stderr = cli.fails(&["doc", "list", "--sort", "färg"]);
    assert!(stderr.contains("Okänt sorteringsfält"), "{stderr}");
    let stderr = cli.fails(&["doc", "stage", "999", "dialog"]);
    assert!(stderr.contains("finns inte"), "{stderr}");
    let list = cli.json(&["doc", "list", "--json"]);
    assert!(
        list.as_array().unwrap().is_empty(),
        "nothing was stored by the refused commands"
    );
}

#[test]
fn a_newer_database_is_refused_by_the_cli() {
    let cli = Cli::new();
    let path = cli.dir.path().join("cli.sqlite3");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", 42).unwrap();
    drop(conn);
    let stderr = cli.fails(&["parties"]);
    assert!(stderr.contains("nyare version av Samdok"), "{stderr}");
}

#[test]
fn rounds_from_the_command_line() {
    let cli = Cli::new();
    let doc = cli
        .ok(&[
            "doc",
            "add",
            "--title",
            "Riktlinje för hjälpmedel",
            "--type",
            "riktlinje",
        ])
        .trim()
        .to_owned();
    cli.ok(&[
        "party",
        "contact",
        "årjäng",
        "--for",
        "remiss",
        "--email",
        "kommun@arjang.se",
        "--name",
        "Registrator",
    ]);
    let all = cli.json(&[
        "round",
        "new",
        &doc,
        "--kind",
        "remiss",
        "--deadline",
        "2030-01-31",
        "--json",
    ]);
    let all = all["id"].as_i64().expect("round id").to_string();
    let subset = cli
        .ok(&[
            "round",
            "new",
            &doc,
            "--kind",
            "synpunktsrunda",
            "--deadline",
            "2030-02-28",
            "--parties",
            "Eda,HAMMARÖ,4",
        ])
        .trim()
        .to_owned();

    cli.ok(&[
        "round",
        "mark",
        &all,
        "Eda",
        "--received",
        "--position",
        "tillstyrker",
    ]);
    cli.ok(&["round", "mark", &all, "kil", "--declined"]);
    cli.ok(&["round", "mark", &all, "Sunne", "--reminded"]);
    cli.ok(&["round", "mark", &all, "Säffle", "--received"]);
    cli.ok(&["round", "mark", &all, "Säffle", "--undo"]);
    let status = cli.json(&["round", "status", &all, "--json"]);
    assert_eq!(status["total"], 17);
    assert_eq!(status["answered"], 2);
    let by_name = |name: &str| {
        status["recipients"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["party_name"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(by_name("Eda")["status"], "svar_inkommet");
    assert_eq!(by_name("Eda")["position"], "tillstyrker");
    assert_eq!(by_name("Kil")["status"], "avstar");
    assert_eq!(by_name("Sunne")["status"], "paminnd");
    assert_eq!(by_name("Säffle")["status"], "ej_skickad");
    assert_eq!(by_name("Årjäng")["email"], "kommun@arjang.se");

    let subset_status = cli.json(&["round", "status", &subset, "--json"]);
    let names: Vec<&str> = subset_status["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["party_name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"Eda") && names.contains(&"Hammarö") && names.len() == 3,
        "{names:?}"
    );

    let list = cli.json(&["round", "list", "--json"]);
    assert_eq!(list.as_array().unwrap().len(), 2);

    let stderr = cli.fails(&["round", "mark", &all, "Oslo", "--received"]);
    assert!(stderr.contains("Okänd part"), "{stderr}");
    let stderr = cli.fails(&[
        "round",
        "new",
        &doc,
        "--kind",
        "enkät",
        "--deadline",
        "2030-01-01",
    ]);
    assert!(
        stderr.contains("remiss, synpunktsrunda eller antagande"),
        "{stderr}"
    );
    let stderr = cli.fails(&["round", "status", "999"]);
    assert!(stderr.contains("finns inte"), "{stderr}");
    let stderr = cli.fails(&[
        "party", "contact", "Eda", "--for", "remiss", "--email", "fel",
    ]);
    assert!(stderr.contains("giltig e-postadress"), "{stderr}");
}

/// Runs a text `doc list` and checks its rows, in order, each showing its
/// stage name and ending with its title; and that it writes nothing to
/// stderr or the database.
fn assert_listed(cli: &Cli, args: &[&str], rows: &[(&str, &str)]) {
    let count_events = || -> i64 {
        rusqlite::Connection::open(cli.dir.path().join("cli.sqlite3"))
            .unwrap()
            .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
            .unwrap()
    };
    let events = count_events();
    let out = cli.run(args);
    let stdout = String::from_utf8(out.stdout).expect("stdout is UTF-8");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "samdok {args:?} should succeed: {stderr}"
    );
    assert!(
        stderr.is_empty(),
        "samdok {args:?} should be silent on stderr: {stderr}"
    );
    assert_eq!(
        count_events(),
        events,
        "samdok {args:?} should write nothing"
    );
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), rows.len(), "one row per document: {stdout}");
    for (line, (stage, title)) in lines.iter().zip(rows) {
        assert!(
            line.contains(stage) && line.ends_with(title),
            "the row should show {stage} and end with {title}: {stdout}"
        );
    }
}

#[test]
fn a_full_stdout_gives_a_swedish_error_not_a_panic() {
    // `samdok doc add … > /dev/full` panicked after committing.
    let cli = Cli::new();
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full exists on Linux");
    let out = Command::new(env!("CARGO_BIN_EXE_samdok"))
        .arg("--db")
        .arg(cli.dir.path().join("cli.sqlite3"))
        .args([
            "doc",
            "add",
            "--type",
            "riktlinje",
            "--title",
            "Till en full disk",
        ])
        .stdout(full)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "exit 1, not 101: {stderr}");
    assert!(!stderr.contains("panicked"), "no panic: {stderr}");
    assert!(
        stderr.contains("kunde inte skrivas ut") && stderr.contains("full"),
        "a Swedish message that says why: {stderr}"
    );
    let listed = cli.json(&["doc", "list", "--json"]);
    assert_eq!(
        listed.as_array().map(Vec::len),
        Some(1),
        "the document was stored before the output failed, and the message says so"
    );
}

#[test]
fn a_reader_that_closes_the_pipe_ends_the_listing_quietly() {
    // `samdok doc list | head` panicked with a broken pipe.
    let cli = Cli::new();
    for n in 0..30 {
        cli.ok(&[
            "doc",
            "add",
            "--type",
            "riktlinje",
            "--title",
            &format!("Dokument {n}"),
        ]);
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_samdok"))
        .arg("--db")
        .arg(cli.dir.path().join("cli.sqlite3"))
        .args(["doc", "list"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away before reading
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "no panic: {stderr}");
    assert_eq!(out.status.code(), Some(0), "a quiet end: {stderr}");
}

#[test]
fn a_mistyped_db_path_is_refused_and_nothing_is_created() {
    // A typo in --db silently created folders and a new database.
    let dir = tempfile::tempdir().unwrap();
    let typo = dir.path().join("samdk").join("samdok.sqlite3");
    let out = Command::new(env!("CARGO_BIN_EXE_samdok"))
        .arg("--db")
        .arg(&typo)
        .args(["doc", "list"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "refused: {stderr}");
    assert!(
        stderr.contains("finns inte") && stderr.contains("samdok init"),
        "says the file is missing and how to create one: {stderr}"
    );
    assert!(
        !dir.path().join("samdk").exists(),
        "no folder was created for the mistyped path"
    );
    // Asked to, it creates the database.
    let out = Command::new(env!("CARGO_BIN_EXE_samdok"))
        .arg("--db")
        .arg(&typo)
        .arg("init")
        .output()
        .unwrap();
    assert!(out.status.success(), "init creates it");
    assert!(typo.exists(), "the database file exists after init");
}

#[test]
fn comments_from_the_command_line_to_a_compilation() {
    let cli = Cli::new();
    let doc = cli.ok(&[
        "doc",
        "add",
        "--title",
        "Riktlinje för hjälpmedel",
        "--type",
        "riktlinje",
    ]);
    let round = cli.ok(&[
        "round",
        "new",
        doc.trim(),
        "--kind",
        "remiss",
        "--deadline",
        "2026-12-15",
        "--sent-date",
        "2026-11-02",
    ]);
    let round = round.trim();
    let added = cli.json(&[
        "comment",
        "add",
        round,
        "Säffle",
        "--section",
        "3. syfte",
        "--text",
        "Otydligt <syfte> & \"mål\"\nrad två",
        "--proposal",
        "Skriv om.",
        "--json",
    ]);
    assert_eq!(
        added["section"], "Syfte",
        "the section should match the template's heading"
    );
    assert_eq!(added["party_name"], "Säffle");
    assert_eq!(added["text"], "Otydligt <syfte> & \"mål\"\nrad två");
    let id = added["id"].as_i64().expect("the comment's id").to_string();
    let second = cli.ok(&[
        "comment",
        "add",
        round,
        "Kil",
        "--section",
        "Syfte",
        "--text",
        "Samma sak.",
    ]);

    let stderr = cli.fails(&["comment", "decide", &id, "--disposition", "ej-beaktad"]);
    assert!(
        stderr.contains("motivering"),
        "a rejection needs a motivation: {stderr}"
    );
    let stderr = cli.fails(&[
        "comment",
        "add",
        round,
        "Kil",
        "--section",
        "Syfte",
        "--text",
        " ",
    ]);
    assert!(stderr.contains("Skriv synpunkten"), "{stderr}");

    let progress = cli.ok(&[
        "comment",
        "decide",
        &id,
        second.trim(),
        "--disposition",
        "delvis",
        "--motivation",
        "Syftet förtydligas.",
        "--significant",
    ]);
    assert_eq!(progress.trim(), "2 av 2 synpunkter hanterade (100 %)");
    let list = cli.json(&["comment", "list", round, "--json"]);
    let list = list.as_array().expect("a list");
    assert_eq!(list.len(), 2);
    assert_eq!(
        list[0]["party_name"], "Kil",
        "parties in the guideline's order"
    );
    assert_eq!(list[0]["decision"]["disposition"], "delvis_beaktad");
    assert_eq!(
        list[0]["decision"]["comment_ids"].as_array().map(Vec::len),
        Some(2)
    );
    let open = cli.json(&["comment", "list", round, "--open", "--json"]);
    assert_eq!(
        open.as_array().map(Vec::len),
        Some(0),
        "nothing left to handle"
    );
    let text = cli.ok(&["comment", "list", round]);
    assert!(
        text.starts_with("2 av 2 synpunkter hanterade (100 %)"),
        "{text}"
    );
    assert!(
        text.contains("Delvis beaktad, betydande ändring, gemensamt för 2"),
        "{text}"
    );

    let bad = cli.fails(&[
        "compile",
        round,
        "--out",
        &cli.dir.path().join("x.pdf").display().to_string(),
    ]);
    assert!(bad.contains(".docx") && bad.contains(".xlsx"), "{bad}");
    assert!(!cli.dir.path().join("x.pdf").exists(), "nothing written");
    let wrong = cli.fails(&[
        "answer",
        "import",
        round,
        &cli.dir.path().join("saknas.docx").display().to_string(),
    ]);
    assert!(wrong.contains("finns inte"), "{wrong}");
}

#[test]
fn a_stallningstagande_from_the_command_line() {
    let cli = Cli::new();
    let doc = cli.ok(&[
        "doc",
        "add",
        "--title",
        "Politiskt inriktningsdokument",
        "--type",
        "riktlinje",
    ]);
    let doc = doc.trim();
    let round = cli.ok(&[
        "round",
        "new",
        doc,
        "--kind",
        "remiss",
        "--deadline",
        "2025-03-15",
        "--sent-date",
        "2025-02-01",
    ]);
    let round = round.trim();
    let comment = cli.json(&[
        "comment",
        "add",
        round,
        "Eda",
        "--section",
        "Mål",
        "--text",
        "Fyra år.",
        "--json",
    ]);
    let comment = comment["id"]
        .as_i64()
        .expect("the comment's id")
        .to_string();
    cli.ok(&[
        "comment",
        "decide",
        &comment,
        "--disposition",
        "beaktad",
        "--significant",
    ]);
    let record = [
        "decision",
        "record",
        doc,
        "--forum",
        "Ordföranderådet",
        "--date",
        "2025-05-08",
        "--text",
        "1. Ställer sig bakom <förslaget> & \"målen\"\n2) Nya perspektiv skickar ut det 🙂",
        "--json",
    ];
    let stderr = cli.fails(&record);
    assert!(
        stderr.contains("godkännas på nytt i nätverken") && stderr.contains("Sammanställning"),
        "refused with the reason and what to do: {stderr}"
    );
    cli.ok(&["round", "reapproved", round, "--date", "2025-04-30"]);
    let recorded = cli.json(&record);
    assert_eq!(recorded["forum"], "Ordföranderådet");
    assert_eq!(recorded["meeting_date"], "2025-05-08");
    assert_eq!(
        recorded["points"],
        serde_json::json!([
            "Ställer sig bakom <förslaget> & \"målen\"",
            "Nya perspektiv skickar ut det 🙂"
        ]),
        "the points keep their text, numbers gone"
    );
    assert_eq!(recorded["recommends_adoption"], true);

    let stderr = cli.fails(&[
        "decision",
        "record",
        doc,
        "--forum",
        "Riksdagen",
        "--date",
        "2025-05-08",
        "--text",
        "Ja",
        "--no-adoption",
    ]);
    assert!(
        stderr.contains("Okänt forum «Riksdagen»") && stderr.contains("Värmlandsrådet"),
        "a Swedish message listing the forums: {stderr}"
    );
    // Without --text the decision is read from standard input.
    let out = Command::new(env!("CARGO_BIN_EXE_samdok"))
        .arg("--db")
        .arg(cli.dir.path().join("cli.sqlite3"))
        .args([
            "decision",
            "record",
            doc,
            "--forum",
            "värmlandsrådet",
            "--date",
            "2025-06-01",
            "--no-adoption",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child
                .stdin
                .take()
                .expect("a piped stdin")
                .write_all("Noterar informationen.\n".as_bytes())?;
            child.wait_with_output()
        })
        .expect("samdok runs");
    assert!(out.status.success(), "the text from stdin is accepted");

    let listed = cli.json(&["decision", "list", doc, "--json"]);
    let listed = listed.as_array().expect("a JSON array");
    assert_eq!(listed.len(), 2, "both are listed: {listed:?}");
    assert_eq!(listed[0]["forum"], "Värmlandsrådet", "latest meeting first");
    assert_eq!(
        listed[0]["points"],
        serde_json::json!(["Noterar informationen."])
    );
    assert_eq!(listed[0]["recommends_adoption"], false);
    let text = cli.ok(&["decision", "list", doc]);
    assert!(
        text.contains("2025-05-08\tOrdföranderådet") && text.contains("  1. Ställer sig bakom"),
        "the listing shows the meeting and numbered points: {text}"
    );
    let shown = cli.json(&["doc", "show", doc, "--json"]);
    assert_eq!(
        shown["current"]["stage"], "stallningstagande",
        "the document moved to Ställningstagande och beslut: {shown}"
    );
}

#[test]
fn an_adoption_round_from_the_command_line() {
    let cli = Cli::new();
    let doc = cli
        .ok(&[
            "doc",
            "add",
            "--title",
            "Riktlinje för trygg hemgång",
            "--type",
            "riktlinje",
        ])
        .trim()
        .to_owned();
    let early = cli.fails(&[
        "round",
        "new",
        &doc,
        "--kind",
        "antagande",
        "--deadline",
        "2026-10-31",
    ]);
    assert!(
        early.contains("registrera först ett ställningstagande"),
        "{early}"
    );
    cli.ok(&[
        "decision",
        "record",
        &doc,
        "--forum",
        "värmlandsrådet",
        "--date",
        "2026-05-08",
        "--text",
        "1. Värmlandsrådet ställer sig bakom riktlinjen.",
    ]);
    let round = cli.json(&[
        "round",
        "new",
        &doc,
        "--kind",
        "antagande",
        "--sent-date",
        "2026-05-26",
        "--deadline",
        "2026-10-31",
        "--reply-address",
        "diariet@regionvarmland.se",
        "--diarienummer",
        "RS/260301",
        "--json",
    ])["id"]
        .to_string();
    let out = cli.ok(&[
        "round",
        "mark",
        &round,
        "Eda",
        "--adopted",
        "--body",
        "kommunfullmäktige",
        "--date",
        "2026-09-15",
        "--their-diarienummer",
        "KS/2026:176",
    ]);
    assert!(
        out.contains("Eda: Antagen (Kommunfullmäktige 2026-09-15, dnr KS/2026:176)")
            && out.contains("Antagen av 1 av 17"),
        "{out}"
    );
    cli.ok(&[
        "round",
        "mark",
        &round,
        "Region Värmland",
        "--adopted",
        "--body",
        "Regionfullmäktige",
        "--date",
        "2026-09-20",
    ]);
    cli.ok(&[
        "round",
        "mark",
        &round,
        "Kil",
        "--referred-back",
        "--body",
        "Kommunfullmäktige",
        "--date",
        "2026-09-21",
    ]);
    let no_body = cli.fails(&["round", "mark", &round, "Arvika", "--not-adopted"]);
    assert!(
        no_body.contains("Ange vilket organ hos Arvika"),
        "{no_body}"
    );
    let wrong = cli.fails(&[
        "round",
        "mark",
        &round,
        "Eda",
        "--received",
        "--date",
        "2026-09-01",
    ]);
    assert!(wrong.contains("antagandeomgång"), "{wrong}");

    let status = cli.json(&["round", "status", &round, "--json"]);
    assert_eq!(status["kind"], "antagande");
    assert_eq!(status["adopted"], 2);
    assert_eq!(status["answered"], 2, "återremitterad is not a decision");
    let kil = status["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["party_name"] == "Kil")
        .unwrap();
    assert_eq!(kil["status"], "aterremitterad");
    assert_eq!(kil["adoption"]["outcome_name"], "Återremitterad");
    let text = cli.ok(&["round", "status", &round]);
    assert!(text.contains("antagen av 2 av 17"), "{text}");

    let listed = cli.json(&["doc", "list", "--adoption", "vantar", "--json"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["adoption"]["text"], "Antagen av 2 av 17");
    assert_eq!(
        cli.json(&["doc", "list", "--adoption", "alla", "--json"]),
        serde_json::json!([])
    );
    let bad = cli.fails(&["doc", "list", "--adoption", "kanske"]);
    assert!(bad.contains("Okänt antagandefilter"), "{bad}");
    let rows = cli.json(&["round", "list", "--json"]);
    assert_eq!(rows[0]["adopted"], 2);
    let eda = cli.ok(&["party", "show", "Eda"]);
    assert!(
        eda.contains("Antagen 2026-09-15")
            && eda.contains(
                "Antagna dokument:\n  2026-09-15  Riktlinje för trygg hemgång  (Kommunfullmäktige)"
            ),
        "{eda}"
    );
    let page = cli.json(&["party", "show", "Kil", "--json"]);
    assert_eq!(
        page["rounds"][0]["position_name"],
        "Återremitterad 2026-09-21"
    );
    let shown = cli.ok(&["doc", "show", &doc]);
    assert!(
        shown.contains("Antagande        Antagen av 2 av 17")
            && shown.contains("Inte beslutat    Arvika, Filipstad"),
        "{shown}"
    );

    let out = cli.dir.path().join("antagande.zip");
    let refused = cli.fails(&["package", &round, "--out", out.to_str().unwrap()]);
    assert!(refused.contains("arbetsversion"), "{refused}");
    assert!(!out.exists(), "nothing is written when refused");
    let draft = cli.dir.path().join("Slutlig.docx");
    cli.ok(&["draft", &doc, "--out", draft.to_str().unwrap()]);
    cli.ok(&["attach", &doc, draft.to_str().unwrap()]);
    let dispatch = cli.json(&["package", &round, "--out", out.to_str().unwrap(), "--json"]);
    let paths: Vec<&str> = dispatch["manifest"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert!(paths.contains(&"Slutlig.docx"), "{paths:?}");
    assert!(
        paths.contains(&"Missiv om antagande - Riktlinje för trygg hemgång.docx"),
        "{paths:?}"
    );
    assert!(
        paths.contains(&"Förslag till tjänsteskrivelse - Hammarö kommun.docx"),
        "{paths:?}"
    );
}

#[test]
fn saved_views_from_the_command_line() {
    let cli = Cli::new();
    for (title, kind) in [
        ("Riktlinje för hälsa", "riktlinje"),
        ("Avtal om hälsa", "avtal"),
        ("Riktlinje för tandvård", "riktlinje"),
    ] {
        cli.ok(&["doc", "add", "--title", title, "--type", kind]);
    }
    cli.ok(&[
        "view",
        "save",
        "Riktlinjer",
        "--type",
        "riktlinje",
        "--sort",
        "title",
        "--desc",
    ]);
    let titles = |args: &[&str]| -> Vec<String> {
        cli.json(args)
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["title"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        titles(&["doc", "list", "--view", "riktlinjer", "--json"]),
        vec!["Riktlinje för tandvård", "Riktlinje för hälsa"]
    );
    assert_eq!(
        titles(&[
            "doc",
            "list",
            "--view",
            "Riktlinjer",
            "--search",
            "hälsa",
            "--json"
        ]),
        vec!["Riktlinje för hälsa"],
        "options given on top of the view"
    );
    let twice = cli.fails(&["view", "save", "RIKTLINJER"]);
    assert!(twice.contains("redan en vy"), "{twice}");
    cli.ok(&["view", "save", "RIKTLINJER", "--type", "avtal", "--replace"]);
    assert_eq!(
        titles(&["doc", "list", "--view", "riktlinjer", "--json"]),
        vec!["Avtal om hälsa"]
    );
    let listed = cli.json(&["view", "list", "--json"]);
    assert_eq!(listed[0]["name"], "RIKTLINJER");
    assert_eq!(listed[0]["query"]["doc_type"], "avtal");
    cli.ok(&["view", "remove", "Riktlinjer"]);
    let gone = cli.fails(&["doc", "list", "--view", "Riktlinjer"]);
    assert!(gone.contains("Vyn «Riktlinjer»"), "{gone}");
    let bad = cli.fails(&["view", "save", "X", "--validity", "snart"]);
    assert!(bad.contains("Okänd giltighet"), "{bad}");
}

/// Issue 17: a title with terminal escape codes (`\e]0;…\a`, `\e[2J`) was
/// accepted and printed raw by `doc list`, `doc show`, `round list` and
/// `round status`. Input with control characters is refused now; what
/// reached the register before (here written straight into the file) is
/// printed with the codes shown as �, never obeyed.
#[test]
fn a_title_with_terminal_escape_codes_is_refused_and_never_printed_raw() {
    const ESCAPED: &str = "Rutin \u{1b}]0;kapad\u{7} och \u{1b}[2J rensad";
    let cli = Cli::new();
    let refused = cli.fails(&["doc", "add", "--title", ESCAPED, "--type", "rutin"]);
    assert!(
        refused.contains("ska stå på en rad, utan radbrytningar, tabbar eller andra styrtecken"),
        "{refused}"
    );
    assert!(
        !refused.contains('\u{1b}'),
        "the refusal echoes nothing raw"
    );
    let contact = cli.fails(&[
        "party",
        "contact",
        "Eda",
        "--for",
        "remiss",
        "--email",
        "a@eda.se",
        "--name",
        "Eva\u{1b}[2J",
    ]);
    assert!(contact.contains("styrtecken"), "{contact}");

    let id = cli
        .ok(&["doc", "add", "--title", "Rutin", "--type", "rutin"])
        .trim()
        .to_owned();
    let round = cli
        .ok(&[
            "round",
            "new",
            &id,
            "--kind",
            "remiss",
            "--deadline",
            "2030-01-31",
        ])
        .trim()
        .to_owned();
    let store = samdok::Store::open(cli.dir.path().join("cli.sqlite3")).unwrap();
    store
        .conn()
        .execute(
            "UPDATE document_versions SET title = ?1",
            rusqlite::params![ESCAPED],
        )
        .unwrap();
    drop(store);
    for args in [
        vec!["doc", "list"],
        vec!["doc", "show", id.as_str()],
        vec!["round", "list"],
        vec!["round", "status", round.as_str()],
    ] {
        let out = cli.ok(&args);
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{7}'),
            "samdok {args:?} prints no control character raw: {out:?}"
        );
        assert!(
            out.contains("Rutin \u{FFFD}]0;kapad\u{FFFD} och \u{FFFD}[2J rensad"),
            "samdok {args:?} shows the title with its codes as �: {out:?}"
        );
    }
    let json = cli.ok(&["doc", "list", "--json"]);
    assert!(
        !json.contains('\u{1b}') && json.contains("\\u001b"),
        "JSON escapes them: {json}"
    );
}

/// Issue 17: a 131 kB search string took 6.4 s, and a 1 MB unknown party
/// code was echoed back whole on stderr. A search is at most 200
/// characters, refused at once beyond that, and a refusal quotes at most 60
/// characters of what was typed. (120 kB here: Linux takes no single
/// argument of 128 kB or more.)
#[test]
fn a_huge_search_is_refused_and_a_huge_unknown_party_is_quoted_short() {
    let cli = Cli::new();
    cli.ok(&[
        "doc",
        "add",
        "--title",
        "Rutin för hälsa",
        "--type",
        "rutin",
    ]);
    let words = "hälsa ".repeat(120 * 1024 / 7);
    let search = cli.fails(&["doc", "list", "--search", &words]);
    assert!(
        search.contains("Sökningen får ha högst 200 tecken"),
        "{search}"
    );
    assert!(
        search.len() < 300,
        "the refusal is short: {} bytes",
        search.len()
    );
    let typed = "x".repeat(200);
    assert_eq!(
        cli.json(&[
            "doc",
            "list",
            "--search",
            &format!("hälsa {}", &typed[..190]),
            "--json"
        ])
        .as_array()
        .map(Vec::len),
        Some(0),
        "200 characters are still searched"
    );

    let code = "ö".repeat(120 * 1024 / 2);
    let party = cli.fails(&[
        "party", "contact", &code, "--for", "remiss", "--email", "a@b.se",
    ]);
    assert!(
        party.contains(&format!("Okänd part: «{}…»", "ö".repeat(60))),
        "{}",
        &party[..party.len().min(400)]
    );
    assert!(party.len() < 400, "stderr is short: {} bytes", party.len());
}

/// Issue 17: a 0-byte file given as --db was silently made into a register
/// by a read command. Only init creates: any other command refuses the
/// empty file and leaves it (and its folder) as it was.
#[test]
fn an_empty_file_given_as_db_is_refused_by_a_read_command_and_left_empty() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("tom.sqlite3");
    std::fs::write(&empty, b"").unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_samdok"))
            .arg("--db")
            .arg(&empty)
            .args(args)
            .output()
            .expect("the samdok binary runs")
    };
    let out = run(&["doc", "list"]);
    assert_eq!(out.status.code(), Some(1), "doc list refuses an empty file");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("inte en Samdok-databas") && stderr.contains("tom (0 byte)"),
        "{stderr}"
    );
    assert_eq!(std::fs::metadata(&empty).unwrap().len(), 0, "still empty");
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["tom.sqlite3"], "no -wal or -shm beside it");

    let init = run(&["init"]);
    assert!(
        init.status.success(),
        "init makes the empty file a register"
    );
    assert!(run(&["doc", "list"]).status.success());
}

/// Every command says in `samdok --help` what it does: a doc comment put
/// between another command's comment and its variant once left `report`
/// with no text and gave `verify` both.
#[test]
fn every_command_has_its_own_help_line() {
    let out = Command::new(env!("CARGO_BIN_EXE_samdok"))
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    let commands: Vec<&str> = help
        .split("Commands:")
        .nth(1)
        .expect("a list of commands")
        .split("Options:")
        .next()
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .collect();
    assert!(commands.len() > 20, "{help}");
    for line in commands {
        let mut parts = line.trim().splitn(2, ' ');
        let (name, text) = (parts.next().unwrap(), parts.next().unwrap_or("").trim());
        assert!(!text.is_empty(), "samdok {name} has no help text:\n{help}");
        assert_eq!(
            text.starts_with("Förteckningen över gällande"),
            name == "report",
            "samdok {name}: {text}"
        );
    }
}
