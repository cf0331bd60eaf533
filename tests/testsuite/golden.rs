//! Golden files: the normalised text of what Samdok writes (Word XML, an
//! e-mail draft, a zip listing), pinned under `tests/testsuite/golden/`.
//! Never raw bytes: XML is split one tag per line, an e-mail has its
//! volatile parts (Date, Message-ID, MIME boundary, version, attachment
//! bodies) replaced by placeholders, a zip is listed entry by entry.
//!
//! A golden file that differs fails with a line diff (line numbers and a
//! few lines of context), never two whole texts.
//!
//! To regenerate every golden file after an intended change, run
//!
//! ```text
//! SAMDOK_BLESS=1 cargo test -p samdok --test testsuite golden
//! ```
//!
//! and review `git diff tests/testsuite/golden/` before committing it.
//! (All golden tests have `golden` in their name, so that filter finds them.)

use std::fmt::Write as _;
use std::path::PathBuf;

use similar::{ChangeTag, TextDiff};

/// Lines of context shown around each difference.
const CONTEXT: usize = 3;
/// At most this many diff lines are shown; the rest is counted.
const MAX_LINES: usize = 80;

fn path(name: &str) -> PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/testsuite/golden")
        .join(name)
}

/// Compares `actual` with the golden file `name`; with `SAMDOK_BLESS` set,
/// writes `actual` there instead.
pub fn assert_matches(name: &str, actual: &str) {
    let path = path(name);
    if std::env::var_os("SAMDOK_BLESS").is_some() {
        let unchanged = std::fs::read_to_string(&path).is_ok_and(|g| g == actual);
        if !unchanged {
            std::fs::create_dir_all(path.parent().expect("the golden folder"))
                .expect("the golden folder can be created");
            std::fs::write(&path, actual).expect("the golden file can be written");
        }
        return;
    }
    // A checkout that turned LF into CRLF changes nothing that is tested.
    let golden = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| {
            panic!(
                "the golden file {} should exist ({e}); write it with SAMDOK_BLESS=1",
                path.display()
            )
        })
        .replace("\r\n", "\n");
    if golden != actual {
        panic!(
            "{} should match what this build writes, and does not \
             (- golden file, + this build):\n{}\n\
             If the change is intended, rerun with SAMDOK_BLESS=1 and review the diff.",
            path.display(),
            diff(&golden, actual)
        );
    }
}

/// A line diff of `expected` and `actual`: each group of changes under a
/// `@@ line N @@` heading, every line with its line number in the old and
/// the new text, unchanged context marked with a space.
pub fn diff(expected: &str, actual: &str) -> String {
    let diff = TextDiff::from_lines(expected, actual);
    let mut out = String::new();
    let mut shown = 0;
    let mut hidden = 0;
    for group in diff.grouped_ops(CONTEXT) {
        let first = group
            .iter()
            .flat_map(|op| diff.iter_changes(op))
            .find(|c| c.tag() != ChangeTag::Equal);
        if let Some(first) = first {
            let line = first.old_index().or(first.new_index()).unwrap_or(0) + 1;
            if shown < MAX_LINES {
                let _ = writeln!(out, "@@ line {line} @@");
            }
        }
        for change in group.iter().flat_map(|op| diff.iter_changes(op)) {
            if shown >= MAX_LINES {
                if change.tag() != ChangeTag::Equal {
                    hidden += 1;
                }
                continue;
            }
            let (sign, old, new) = match change.tag() {
                ChangeTag::Equal => (' ', change.old_index(), change.new_index()),
                ChangeTag::Delete => ('-', change.old_index(), None),
                ChangeTag::Insert => ('+', None, change.new_index()),
            };
            let number = |n: Option<usize>| n.map_or_else(String::new, |n| (n + 1).to_string());
            let text = change.value().strip_suffix('\n').unwrap_or(change.value());
            let _ = writeln!(
                out,
                "{sign} {:>5} {:>5} | {text}{}",
                number(old),
                number(new),
                if change.missing_newline() {
                    "  (no newline at end)"
                } else {
                    ""
                }
            );
            shown += 1;
        }
    }
    if hidden > 0 {
        let _ = writeln!(out, "… and {hidden} more differing lines");
    }
    out
}

/// XML with one tag per line: readable line diffs, same bytes otherwise.
pub fn xml(xml: &str) -> String {
    xml.replace("><", ">\n<")
}

/// The named part of a zip container (.docx), as text.
pub fn zip_part(container: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(container)).expect("the container is a zip");
    let mut file = zip
        .by_name(name)
        .unwrap_or_else(|_| panic!("the container should have {name}"));
    let mut text = String::new();
    file.read_to_string(&mut text)
        .unwrap_or_else(|e| panic!("{name} should be UTF-8: {e}"));
    text
}

/// Every entry of a zip, one a line: name, kind, Unix permissions,
/// modification time and compression; contents are pinned elsewhere.
pub fn zip_listing(container: &[u8]) -> String {
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(container)).expect("the container is a zip");
    let mut out = String::new();
    for i in 0..zip.len() {
        let entry = zip.by_index(i).expect("every entry reads");
        let time = entry.last_modified().map_or_else(
            || "no time".to_owned(),
            |t| {
                format!(
                    "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
                    t.year(),
                    t.month(),
                    t.day(),
                    t.hour(),
                    t.minute(),
                    t.second()
                )
            },
        );
        let _ = writeln!(
            out,
            "{} | {} | {} | {time} | {:?}",
            entry.name(),
            if entry.is_dir() { "folder" } else { "file" },
            entry
                .unix_mode()
                .map_or_else(|| "no mode".to_owned(), |m| format!("{:04o}", m & 0o7777)),
            entry.compression(),
        );
    }
    out
}

/// An e-mail draft as it goes on the wire, CRLF made LF, with what differs
/// from run to run or release to release replaced: the Date and Message-ID
/// values, the MIME boundary, the version in X-Mailer, and the base64
/// bodies of attachments (their files have golden files of their own).
/// Header folding and encoding stay as written: they are what is tested.
pub fn eml(raw: &[u8]) -> String {
    let text = std::str::from_utf8(raw).expect("an .eml is ASCII, so UTF-8");
    let text = text.replace("\r\n", "\n");
    let (head, _) = text
        .split_once("\n\n")
        .expect("headers end in a blank line");
    let unfolded = head.replace("\n ", " ").replace("\n\t", " ");
    let lower = unfolded.to_ascii_lowercase();
    let at = lower
        .find("boundary=")
        .expect("a multipart message names its boundary")
        + "boundary=".len();
    let value = &unfolded[at..];
    let boundary = match value.strip_prefix('"') {
        Some(quoted) => quoted.split('"').next().unwrap_or_default(),
        None => value
            .split(|c: char| c == ';' || c.is_whitespace())
            .next()
            .unwrap_or_default(),
    };
    assert!(!boundary.is_empty(), "the MIME boundary is not empty");
    let text = text.replace(boundary, "BOUNDARY");

    let mut out = String::new();
    let mut replaced_header = false;
    let mut in_base64_body = false;
    let mut part_is_base64 = false;
    let mut in_headers = true;
    let mut placeholder_written = false;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches('\n');
        if content.starts_with("--BOUNDARY") {
            in_headers = true;
            in_base64_body = false;
            part_is_base64 = false;
            out.push_str(line);
            continue;
        }
        if in_headers {
            let continuation = content.starts_with([' ', '\t']);
            if continuation && replaced_header {
                continue;
            }
            replaced_header = false;
            if content.is_empty() {
                in_headers = false;
                in_base64_body = part_is_base64;
                placeholder_written = false;
                out.push_str(line);
                continue;
            }
            let name = content.split(':').next().unwrap_or_default();
            if name.eq_ignore_ascii_case("Date") {
                out.push_str("Date: <DATE>\n");
                replaced_header = true;
            } else if name.eq_ignore_ascii_case("Message-ID") {
                out.push_str("Message-ID: <MESSAGE-ID>\n");
                replaced_header = true;
            } else if name.eq_ignore_ascii_case("X-Mailer") {
                out.push_str(&line.replace(samdok::VERSION, "<VERSION>"));
            } else {
                if name.eq_ignore_ascii_case("Content-Transfer-Encoding")
                    && content.to_ascii_lowercase().contains("base64")
                {
                    part_is_base64 = true;
                }
                out.push_str(line);
            }
            continue;
        }
        if in_base64_body && !content.is_empty() {
            if !placeholder_written {
                out.push_str("<BASE64 BODY>\n");
                placeholder_written = true;
            }
            continue;
        }
        out.push_str(line);
    }
    out
}

#[test]
fn a_differing_golden_text_shows_line_numbers_and_context_not_everything() {
    let expected: String = (1..=200).map(|i| format!("rad {i}\n")).collect();
    let actual = expected.replace("rad 100\n", "rad hundra\n");
    let shown = diff(&expected, &actual);
    assert!(
        shown.contains("@@ line 100 @@"),
        "the change is located: {shown}"
    );
    assert!(
        shown.contains("-   100       | rad 100") && shown.contains("+         100 | rad hundra"),
        "old and new line with their numbers: {shown}"
    );
    assert!(
        shown.contains("     97    97 | rad 97") && shown.contains("    103   103 | rad 103"),
        "three lines of context each side: {shown}"
    );
    assert!(
        !shown.contains("rad 96\n") && !shown.contains("rad 104\n"),
        "no more than the context: {shown}"
    );
    assert_eq!(diff(&expected, &expected), "", "equal texts, no diff");
}

#[test]
fn a_long_golden_diff_is_cut_and_counted() {
    let expected: String = (1..=500).map(|i| format!("rad {i}\n")).collect();
    let actual: String = (1..=500).map(|i| format!("ny {i}\n")).collect();
    let shown = diff(&expected, &actual);
    assert_eq!(
        shown.lines().filter(|l| l.starts_with(['-', '+'])).count(),
        MAX_LINES,
        "at most {MAX_LINES} diff lines are shown"
    );
    assert!(
        shown.ends_with(&format!(
            "… and {} more differing lines\n",
            1000 - MAX_LINES
        )),
        "the rest is counted: {}",
        &shown[shown.len().saturating_sub(200)..]
    );
}

#[test]
fn golden_eml_normalisation_hides_only_the_volatile_parts() {
    let raw = "From: a@b.se\r\nDate: Mon, 2 Mar 2026 09:30:00 +0100\r\n\
               Message-ID:\r\n <samdok.0123@b.se>\r\nX-Mailer: Samdok 9.9.9\r\n\
               Content-Type: multipart/mixed;\r\n boundary=\"=_X_42\"\r\n\r\n\
               --=_X_42\r\nContent-Type: text/plain\r\n\r\nHej =C3=A5\r\n\
               --=_X_42\r\nContent-Transfer-Encoding: base64\r\n\r\nUEsDBA==\r\nUEsDBA==\r\n\
               \r\n--=_X_42--\r\n"
        .replace("9.9.9", samdok::VERSION);
    assert_eq!(
        eml(raw.as_bytes()),
        "From: a@b.se\nDate: <DATE>\nMessage-ID: <MESSAGE-ID>\nX-Mailer: Samdok <VERSION>\n\
         Content-Type: multipart/mixed;\n boundary=\"BOUNDARY\"\n\n\
         --BOUNDARY\nContent-Type: text/plain\n\nHej =C3=A5\n\
         --BOUNDARY\nContent-Transfer-Encoding: base64\n\n<BASE64 BODY>\n\
         \n--BOUNDARY--\n"
    );
    let unquoted = raw.replace("\"=_X_42\"", "=_X_42");
    assert!(
        eml(unquoted.as_bytes()).contains("\n boundary=BOUNDARY\n\n--BOUNDARY\n"),
        "an unquoted boundary is found too: {}",
        eml(unquoted.as_bytes())
    );
}
