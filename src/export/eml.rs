//! One e-mail draft per recipient as an `.eml` file (RFC 5322 with MIME),
//! marked `X-Unsent: 1` so that Outlook opens it as a draft ready to send.
//!
//! Only ASCII goes on the wire, never raw 8-bit in a header: display names
//! and the subject with other characters (or too long to fold as words) are
//! RFC 2047 encoded-words (UTF-8, base64); addresses pass the app's one
//! rule ([`crate::email`]) and a domain with å, ä, ö is written as its IDNA
//! A-label; attachment names are given both as RFC 2231 parameters
//! (`filename*0*=UTF-8''…`) and as encoded-words (what Outlook reads); the
//! body is UTF-8 quoted-printable and attachments are base64. Every line
//! ends in CRLF; header lines are folded to at most 78 characters, and only
//! a single address or message id longer than that (up to 256 characters)
//! stands alone on a longer line, far below RFC 5322's 998.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use chrono::{DateTime, FixedOffset};
use sha2::{Digest, Sha256};

use super::missiv::{self, signature_lines};
use super::{missiv_paragraphs, PackageInput, Recipient};
use crate::email::{self, Address};
use crate::error::{Error, Result};

const LIMIT: usize = 78;
/// Longest token written as it is: it fits on the first line after the
/// longest header name we write with words ("Reply-To: "), and on a folded
/// line after its leading space.
const MAX_TOKEN: usize = LIMIT - "Reply-To: ".len();

pub(super) struct Attachment<'a> {
    pub file_name: &'a str,
    pub bytes: &'a [u8],
}

/// The e-mail's subject: kind, document title and the diarienummer that
/// answers must quote.
pub fn subject(input: &PackageInput) -> String {
    let mut s = format!(
        "{}: {}",
        input.round.kind.label(),
        one_line(input.document.title.trim())
    );
    let dnr = input.round.diarienummer.trim();
    if !dnr.is_empty() {
        s.push_str(&format!(" – dnr {}", one_line(dnr)));
    }
    s
}

/// The plain-text body: the missiv's title, its text, the signature and
/// the list of attachments.
pub fn body(input: &PackageInput, attachments: &[&str]) -> String {
    let mut parts = vec![missiv::title(input)];
    parts.extend(
        missiv_paragraphs(&input.round.missiv_text)
            .into_iter()
            .map(
                |(heading, text)| {
                    if heading {
                        text.to_uppercase()
                    } else {
                        text
                    }
                },
            ),
    );
    parts.push(format!(
        "Med vänlig hälsning\n{}",
        signature_lines(input).join("\n")
    ));
    parts.push(format!("Bifogat:\n{}", attachments.join("\n")));
    parts.join("\n\n")
}

/// What kind of e-mail a draft is.
#[derive(Debug, Clone, Copy)]
pub(super) enum Letter<'a> {
    /// The round's first e-mail: the missiv's text.
    Package,
    /// A reminder: "Påminnelse – " before the subject and this text first
    /// in the body, then the first e-mail again.
    Reminder(&'a str),
    /// The compilation sent back (återkoppling): "Återkoppling – " before
    /// the subject and this text as the body, then the signature.
    Feedback(&'a str),
}

/// One e-mail draft of `letter`'s kind. An address that
/// breaks the app's e-mail rule is an error naming the party; the package's
/// validation refuses those first, so this is the last guard.
pub(super) fn build(
    input: &PackageInput,
    recipient: &Recipient,
    address: &str,
    attachments: &[Attachment<'_>],
    now: DateTime<FixedOffset>,
    letter: Letter<'_>,
) -> Result<Vec<u8>> {
    let to = Address::parse(address).map_err(|problem| {
        Error::invalid(
            "recipients",
            format!(
                "{}: {}",
                recipient.party_name,
                email::message(address, problem)
            ),
        )
    })?;
    let round = &input.round;
    let digest = Sha256::digest(
        format!(
            "{}\u{0}{}\u{0}{}\u{0}{}{}",
            round.subject,
            round.diarienummer,
            recipient.party_code,
            now.to_rfc3339(),
            // Another id for the återkoppling than for the first e-mail of
            // the same minute.
            if matches!(letter, Letter::Feedback(_)) {
                "\u{0}återkoppling"
            } else {
                ""
            }
        )
        .as_bytes(),
    );
    let hex: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
    let boundary = format!("----=_Samdok_{hex}");
    // Only addresses that pass the rule are written; the package's
    // validation has refused the others already.
    let from = [&round.contact.email, &round.reply_address]
        .into_iter()
        .find_map(|a| Address::parse(a.trim()).ok());
    let reply_to = Address::parse(round.reply_address.trim()).ok();
    let domain = from
        .as_ref()
        .or(reply_to.as_ref())
        .map_or("samdok.invalid", Address::ascii_domain);

    let mut out = String::new();
    if let Some(from) = &from {
        let name = if round.contact.name.trim().is_empty() {
            round.sender.trim()
        } else {
            round.contact.name.trim()
        };
        header(&mut out, "From", &mailbox(name, from));
    }
    if let Some(reply_to) = &reply_to {
        header(
            &mut out,
            "Reply-To",
            &mailbox(round.sender.trim(), reply_to),
        );
    }
    let to_name = if recipient.contact_name.trim().is_empty() {
        recipient.party_name.clone()
    } else {
        format!(
            "{}, {}",
            recipient.contact_name.trim(),
            recipient.party_name
        )
    };
    header(&mut out, "To", &mailbox(&to_name, &to));
    let subject_line = match letter {
        Letter::Package => subject(input),
        Letter::Reminder(_) => format!("Påminnelse – {}", subject(input)),
        Letter::Feedback(_) => format!("Återkoppling – {}", subject(input)),
    };
    header(&mut out, "Subject", &unstructured(&subject_line));
    header(&mut out, "Date", &[now.to_rfc2822()]);
    header(
        &mut out,
        "Message-ID",
        &[format!("<samdok.{hex}@{domain}>")],
    );
    header(&mut out, "MIME-Version", &["1.0".to_owned()]);
    header(&mut out, "X-Unsent", &["1".to_owned()]);
    header(
        &mut out,
        "X-Mailer",
        &[format!("Samdok {}", crate::VERSION)],
    );
    header(
        &mut out,
        "Content-Type",
        &[
            "multipart/mixed;".to_owned(),
            format!("boundary=\"{boundary}\""),
        ],
    );
    // The preamble is ASCII like everything else; mail programs hide it.
    out.push_str("\r\nThis is a multi-part message in MIME format.\r\n");

    let names: Vec<&str> = attachments.iter().map(|a| a.file_name).collect();
    out.push_str(&format!("\r\n--{boundary}\r\n"));
    header(
        &mut out,
        "Content-Type",
        &["text/plain;".to_owned(), "charset=\"UTF-8\"".to_owned()],
    );
    header(
        &mut out,
        "Content-Transfer-Encoding",
        &["quoted-printable".to_owned()],
    );
    out.push_str("\r\n");
    let text = match letter {
        Letter::Package => body(input, &names),
        Letter::Reminder(intro) => format!("{}\n\n{}", intro.trim(), body(input, &names)),
        Letter::Feedback(text) => format!(
            "{}\n\nMed vänlig hälsning\n{}\n\nBifogat:\n{}",
            text.trim(),
            signature_lines(input).join("\n"),
            names.join("\n")
        ),
    };
    out.push_str(&quoted_printable(&text));

    for attachment in attachments {
        out.push_str(&format!("\r\n--{boundary}\r\n"));
        let mut content_type = vec![format!("{};", mime_type(attachment.file_name))];
        content_type.extend(encoded_parameter("name", attachment.file_name));
        header(&mut out, "Content-Type", &content_type);
        header(
            &mut out,
            "Content-Transfer-Encoding",
            &["base64".to_owned()],
        );
        let mut disposition = vec!["attachment;".to_owned()];
        disposition.extend(rfc2231_parameter("filename", attachment.file_name));
        header(&mut out, "Content-Disposition", &disposition);
        out.push_str("\r\n");
        let encoded = STANDARD.encode(attachment.bytes);
        for chunk in encoded.as_bytes().chunks(76) {
            out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
            out.push_str("\r\n");
        }
    }
    out.push_str(&format!("\r\n--{boundary}--\r\n"));
    Ok(out.into_bytes())
}

/// Writes `Name: token token …`, folding between tokens so that no line
/// exceeds 78 characters (a token too long for the first line, such as
/// the .docx media type, goes on the next). Tokens are ASCII and encoded,
/// at most [`MAX_TOKEN`] long but for an address or a message id.
fn header(out: &mut String, name: &str, tokens: &[String]) {
    let mut line = format!("{name}:");
    for token in tokens {
        if line.len() + 1 + token.len() > LIMIT {
            out.push_str(&line);
            out.push_str("\r\n");
            line = String::new();
        }
        line.push(' ');
        line.push_str(token);
    }
    out.push_str(&line);
    out.push_str("\r\n");
}

/// Header text without line breaks or control characters.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// An unstructured header value (Subject) as tokens: ASCII words as they
/// are when each can be folded onto a line, otherwise the whole value as
/// UTF-8 encoded-words.
fn unstructured(text: &str) -> Vec<String> {
    let text = one_line(text);
    let words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
    if text.is_ascii() && !text.contains("=?") && words.iter().all(|w| w.len() <= MAX_TOKEN) {
        words.into_iter().map(str::to_owned).collect()
    } else {
        encoded_words(text.trim())
    }
}

/// RFC 2047 encoded-words of at most 75 characters, never splitting a
/// character: 36 bytes of UTF-8 make 48 characters of base64, so a word
/// fits on a line after the longest header name.
fn encoded_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut chunk = String::new();
    for c in text.chars() {
        if chunk.len() + c.len_utf8() > 36 {
            words.push(format!("=?UTF-8?B?{}?=", STANDARD.encode(&chunk)));
            chunk.clear();
        }
        chunk.push(c);
    }
    if !chunk.is_empty() || words.is_empty() {
        words.push(format!("=?UTF-8?B?{}?=", STANDARD.encode(&chunk)));
    }
    words
}

/// `Display Name <address>` as tokens. The name is plain words when it is
/// ASCII atoms short enough to fold between, a quoted string when that is
/// short, and encoded-words otherwise (non-ASCII, or long: a 1 200-character
/// name folds like any other text). The address is its ASCII form.
fn mailbox(name: &str, address: &Address) -> Vec<String> {
    let name = one_line(name);
    let name = name.trim();
    let words: Vec<&str> = name.split(' ').filter(|w| !w.is_empty()).collect();
    let atom = |w: &&str| {
        w.len() <= MAX_TOKEN
            && w.chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c))
    };
    let quoted = format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""));
    let mut tokens = if name.is_empty() {
        Vec::new()
    } else if name.is_ascii() && !name.contains("=?") && words.iter().all(atom) {
        words.into_iter().map(str::to_owned).collect()
    } else if name.is_ascii() && !name.contains("=?") && quoted.len() <= MAX_TOKEN {
        vec![quoted]
    } else {
        encoded_words(name)
    };
    tokens.push(format!("<{}>", address.to_ascii()));
    tokens
}

/// `name="=?UTF-8?B?…?="`, a parameter value as encoded-words (folded
/// inside the quotes where long), for readers that ignore RFC 2231.
fn encoded_parameter(name: &str, value: &str) -> Vec<String> {
    let value = one_line(value);
    if value.is_ascii() && !value.contains(['"', '\\']) && value.len() < 60 {
        return vec![format!("{name}=\"{value}\"")];
    }
    let words = encoded_words(&value);
    let last = words.len() - 1;
    words
        .into_iter()
        .enumerate()
        .map(|(i, w)| {
            let open = if i == 0 {
                format!("{name}=\"")
            } else {
                String::new()
            };
            let close = if i == last { "\"" } else { "" };
            format!("{open}{w}{close}")
        })
        .collect()
}

/// RFC 2231 `filename*0*=UTF-8''…; filename*1*=…`, percent-encoded and cut
/// into sections short enough for a line each.
fn rfc2231_parameter(name: &str, value: &str) -> Vec<String> {
    let mut encoded_chars: Vec<String> = Vec::new();
    for c in one_line(value).chars() {
        let mut buf = [0u8; 4];
        let mut piece = String::new();
        for b in c.encode_utf8(&mut buf).bytes() {
            if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
                piece.push(b as char);
            } else {
                piece.push_str(&format!("%{b:02X}"));
            }
        }
        encoded_chars.push(piece);
    }
    let mut sections: Vec<String> = vec![String::new()];
    for piece in encoded_chars {
        if sections.last().is_some_and(|s| s.len() + piece.len() > 48) {
            sections.push(String::new());
        }
        if let Some(last) = sections.last_mut() {
            last.push_str(&piece);
        }
    }
    let count = sections.len();
    sections
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let charset = if i == 0 { "UTF-8''" } else { "" };
            let end = if i + 1 == count { "" } else { ";" };
            format!("{name}*{i}*={charset}{s}{end}")
        })
        .collect()
}

/// Quoted-printable (RFC 2045) of UTF-8 text, CRLF line ends, soft breaks
/// keeping lines at most 76 characters and never inside a character.
fn quoted_printable(text: &str) -> String {
    let mut out = String::new();
    let text = text.replace("\r\n", "\n");
    for line in text.split('\n') {
        let mut current = String::new();
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            let last = chars.peek().is_none();
            let token = match c {
                '=' => "=3D".to_owned(),
                ' ' | '\t' if last => format!("={:02X}", c as u8),
                ' ' | '\t' | '!'..='~' => c.to_string(),
                _ => {
                    let mut buf = [0u8; 4];
                    c.encode_utf8(&mut buf)
                        .bytes()
                        .map(|b| format!("={b:02X}"))
                        .collect()
                }
            };
            if current.len() + token.len() > 75 {
                out.push_str(&current);
                out.push_str("=\r\n");
                current.clear();
            }
            current.push_str(&token);
        }
        out.push_str(&current);
        out.push_str("\r\n");
    }
    out
}

fn mime_type(file_name: &str) -> &'static str {
    let ext = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "doc" => "application/msword",
        "odt" => "application/vnd.oasis.opendocument.text",
        "pdf" => "application/pdf",
        "rtf" => "application/rtf",
        "txt" => "text/plain",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_printable_escapes_and_soft_breaks() {
        assert_eq!(quoted_printable("å = 1 "), "=C3=A5 =3D 1=20\r\n");
        let long = quoted_printable(&"ä".repeat(40));
        assert!(long.lines().all(|l| l.len() <= 76), "{long}");
        assert!(long.contains("=\r\n"));
        assert!(
            long.split("=\r\n")
                .all(|l| l.ends_with("=A4") || l.ends_with("\r\n")),
            "no character is split: {long}"
        );
    }

    #[test]
    fn encoded_words_stay_short_and_whole() {
        let words = encoded_words(&"Överenskommelse om vård 🏥 ".repeat(6));
        assert!(words.len() > 1);
        let mut decoded = Vec::new();
        for w in &words {
            assert!(w.len() <= 75, "{w}");
            let inner = &w["=?UTF-8?B?".len()..w.len() - 2];
            let bytes = STANDARD.decode(inner).unwrap();
            assert!(String::from_utf8(bytes.clone()).is_ok(), "no split chars");
            decoded.extend(bytes);
        }
        assert_eq!(
            String::from_utf8(decoded).unwrap(),
            "Överenskommelse om vård 🏥 ".repeat(6)
        );
    }

    #[test]
    fn long_headers_fold() {
        let mut out = String::new();
        header(&mut out, "Subject", &encoded_words(&"å".repeat(100)));
        assert!(out.split("\r\n").all(|l| l.len() <= LIMIT), "{out}");
        assert!(out.contains("\r\n "));
    }

    #[test]
    fn rfc2231_sections() {
        let p = rfc2231_parameter("filename", "Svarsmall - Årjängs kommun.docx");
        assert_eq!(
            p[0],
            "filename*0*=UTF-8''Svarsmall%20-%20%C3%85rj%C3%A4ngs%20kommun.docx"
        );
        let long = rfc2231_parameter("filename", &"ö".repeat(60));
        assert!(long.len() > 1 && long.iter().all(|s| s.len() < 70));
    }
}
