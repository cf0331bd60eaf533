//! The remiss package ("remisspaket"): everything a remiss or a
//! synpunktsrunda sends out, built as plain files from plain data, with no
//! database in sight.
//!
//! [`build_package`] turns a [`PackageInput`] into the package's files:
//!
//! - the draft exactly as given (the version's working draft, or a generated
//!   one — the caller decides and says which in [`DraftFile::source`]);
//! - `Missiv.docx`, the cover letter, modelled on Nya perspektiv's own missiv;
//! - `Svarsmall - <part>.docx`, one response form per recipient, carrying
//!   custom document properties (`Samdok.*`) so the filled-in form can be
//!   matched to its party and round when it comes back;
//! - `Sändlista.xlsx` and `Sändlista.csv` (UTF-8 with BOM, `;`, CRLF — what a
//!   Swedish Excel opens with å, ä, ö intact);
//! - `E-post/<part>.eml`, one unsent e-mail draft per recipient that has an
//!   address, with the draft, the missiv and that party's svarsmall attached;
//! - `Manifest.json`: every file with its SHA-256 and size, and what went to
//!   whom — the record of the dispatch.
//!
//! Invariants: every path is relative, `/`-separated, and each segment comes
//! from [`crate::formats::files::safe_file_name`], so the package unpacks the same on
//! Windows, macOS and Linux; no two files share a path; recipients without an
//! e-mail address are listed in the manifest, never silently dropped. Writing
//! ([`write_folder`], [`write_zip`]) is whole or nothing.

pub mod adoption;
pub mod calendar;
pub mod compilation;
pub mod compile;
mod eml;
mod missiv;
pub mod package;
pub mod report;
pub mod review;
mod sendlist;
mod svarsmall;
mod write;

use std::collections::HashSet;

use chrono::{DateTime, FixedOffset, Local, NaiveDate, SecondsFormat};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, FieldError, Result};
use crate::formats::files::safe_file_name;

pub use svarsmall::{
    COLUMNS as SVARSMALL_COLUMNS, FORM_VERSION, FREE_ROWS, POSITIONS, POSITION_HEADING,
    PROPERTY_PREFIX, RESPONDENT_HEADING, RESPONDENT_LINES, TABLE_CAPTION,
};
pub use write::{write_files, write_folder, write_zip};

/// Name of the missiv in the package.
pub const MISSIV_FILE: &str = "Missiv.docx";
/// Name of the manifest in the package.
pub const MANIFEST_FILE: &str = "Manifest.json";
/// Folder of the e-mail drafts in the package.
pub const EMAIL_FOLDER: &str = "E-post";
/// Stem of the distribution list (`.xlsx` and `.csv`).
pub const SENDLIST_STEM: &str = "Sändlista";

/// The kind of round (remiss to the political level, synpunktsrunda to the
/// officials): the register's own type.
pub use crate::rounds::RoundKind;

/// The round's contact person, who signs the missiv.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub name: String,
    /// "Enhetschef Nya perspektiv": under the name in the signature.
    #[serde(default)]
    pub title: String,
    pub email: String,
    pub phone: String,
}

/// What the round says about itself.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RoundInfo {
    pub kind: RoundKind,
    pub subject: String,
    pub sent_date: NaiveDate,
    pub deadline: NaiveDate,
    /// The missiv's body: paragraphs separated by blank lines, as the user
    /// edited them. A paragraph of one line starting with `# ` is a heading.
    pub missiv_text: String,
    /// Where the answers go.
    pub reply_address: String,
    /// The diarienummer the answers must quote in their subject line.
    pub diarienummer: String,
    pub contact: Contact,
    /// Who sends, e.g. "Region Värmland, Nya perspektiv".
    pub sender: String,
    /// The round's own key (`Round::form_key`), written into every
    /// svarsmall so that the returned form finds its round.
    pub form_key: String,
}

/// The document version the round is about.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DocInfo {
    pub title: String,
    pub doc_type_name: String,
    pub version_no: i64,
}

/// Where the draft in the package comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DraftSource {
    /// The version's attached, edited working draft, byte for byte.
    WorkingDraft,
    /// A draft freshly generated from the register, as there was none.
    Generated,
}

/// The draft that goes out.
#[derive(Debug, Clone)]
pub struct DraftFile {
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub source: DraftSource,
}

/// One party the round goes to, with the contact for the round's level.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Recipient {
    pub party_name: String,
    pub party_code: String,
    pub contact_name: String,
    pub email: Option<String>,
}

impl Recipient {
    /// The e-mail address, if there is one that is not blank.
    fn address(&self) -> Option<&str> {
        self.email
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty())
    }
}

/// Everything the package is built from.
#[derive(Debug, Clone)]
pub struct PackageInput {
    pub round: RoundInfo,
    pub document: DocInfo,
    pub draft: DraftFile,
    /// The recipients, in the order they are listed (Swedish order).
    pub recipients: Vec<Recipient>,
    /// The template's mandatory headings: one row each in the svarsmall.
    pub mandatory_headings: Vec<String>,
    /// For an adoption round (antagande): what its missiv and the
    /// förslag till tjänsteskrivelse are written from, a party (by name)
    /// for every recipient. The package then carries the adoption
    /// missiv and each party's förslag instead of the remiss missiv and the
    /// svarsmallar.
    pub adoption: Option<adoption::AdoptionInput>,
}

/// The adoption round's party that is `recipient`.
fn adoption_party<'a>(
    a: &'a adoption::AdoptionInput,
    recipient: &Recipient,
) -> Option<&'a adoption::AdoptionParty> {
    a.parties.iter().find(|p| p.name == recipient.party_name)
}

/// The cover letter's path and bytes: the remiss missiv, or the adoption
/// missiv in an adoption round.
fn cover_letter(
    input: &PackageInput,
    draft_path: &str,
    created: &str,
) -> Result<(String, Vec<u8>)> {
    match &input.adoption {
        Some(a) => Ok((
            adoption::missiv_file_name(a),
            adoption::build_missiv(a, created)?,
        )),
        None => Ok((
            MISSIV_FILE.into(),
            missiv::build(input, draft_path, created)?,
        )),
    }
}

/// The file of one recipient's own: its svarsmall, or in an adoption round
/// its förslag till tjänsteskrivelse.
fn recipient_file(
    input: &PackageInput,
    recipient: &Recipient,
    created: &str,
) -> Result<(String, Vec<u8>)> {
    match &input.adoption {
        Some(a) => {
            let party = adoption_party(a, recipient).ok_or_else(|| {
                Error::invalid(
                    "recipients",
                    format!("{} saknas bland antagandets parter.", recipient.party_name),
                )
            })?;
            Ok((
                adoption::tjansteskrivelse_file_name(party),
                adoption::build_tjansteskrivelse(a, party, created)?,
            ))
        }
        None => Ok((
            svarsmall_path(&recipient.party_name),
            svarsmall::build(input, recipient, created)?,
        )),
    }
}

/// One file of the package.
#[derive(Debug, Clone)]
pub struct PackageFile {
    /// Relative, `/`-separated; every segment a safe file name.
    pub path: String,
    pub bytes: Vec<u8>,
    /// The party code when the file is for one recipient only.
    pub recipient: Option<String>,
}

/// One file in the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestEntry {
    pub path: String,
    /// Lower-case hex.
    pub sha256: String,
    pub size: u64,
    pub recipient: Option<String>,
}

/// One recipient in the manifest: who it was, and where the e-mail went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestRecipient {
    pub party_code: String,
    pub party_name: String,
    pub contact_name: String,
    pub email: Option<String>,
}

/// The record of a dispatch: what went to whom, with hashes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// RFC 3339.
    pub created_at: String,
    pub round_subject: String,
    pub kind: RoundKind,
    pub diarienummer: String,
    pub deadline: NaiveDate,
    pub document_title: String,
    pub version_no: i64,
    /// The draft's path in the package and where it came from.
    pub draft_path: String,
    pub draft_source: DraftSource,
    pub recipients: Vec<ManifestRecipient>,
    /// Every file of the package but the manifest itself.
    pub entries: Vec<ManifestEntry>,
    /// Names of the recipients that got no e-mail draft, having no address.
    pub recipients_without_email: Vec<String>,
}

/// Builds the package now. `progress(done, total)` is called after each file.
pub fn build_package(
    input: &PackageInput,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(Vec<PackageFile>, Manifest)> {
    build_package_at(input, Local::now().fixed_offset(), progress)
}

/// Builds the package as at `now`, which becomes the files' creation time,
/// the e-mails' `Date` and the manifest's `created_at`: the same input and
/// `now` give the same files.
pub fn build_package_at(
    input: &PackageInput,
    now: DateTime<FixedOffset>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(Vec<PackageFile>, Manifest)> {
    validate(input)?;
    let with_email = input
        .recipients
        .iter()
        .filter(|r| r.address().is_some())
        .count();
    // Draft, missiv, one svarsmall (or förslag) each, xlsx, csv, e-mails, manifest.
    let total = 2 + input.recipients.len() + 2 + with_email + 1;
    let mut files: Vec<PackageFile> = Vec::with_capacity(total);
    let mut step = |files: &mut Vec<PackageFile>, file: PackageFile| {
        files.push(file);
        progress(files.len(), total);
    };
    let created = now.to_rfc3339_opts(SecondsFormat::Secs, true);

    let draft_path = draft_path(&input.draft.file_name);
    step(
        &mut files,
        PackageFile {
            path: draft_path.clone(),
            bytes: input.draft.bytes.clone(),
            recipient: None,
        },
    );
    let (missiv_path, missiv) = cover_letter(input, &draft_path, &created)?;
    step(
        &mut files,
        PackageFile {
            path: missiv_path.clone(),
            bytes: missiv,
            recipient: None,
        },
    );
    let mut forms = Vec::with_capacity(input.recipients.len());
    for recipient in &input.recipients {
        let (path, bytes) = recipient_file(input, recipient, &created)?;
        forms.push((path.clone(), bytes.clone()));
        step(
            &mut files,
            PackageFile {
                path,
                bytes,
                recipient: Some(recipient.party_code.clone()),
            },
        );
    }
    step(
        &mut files,
        PackageFile {
            path: format!("{SENDLIST_STEM}.xlsx"),
            bytes: sendlist::xlsx(input)?,
            recipient: None,
        },
    );
    step(
        &mut files,
        PackageFile {
            path: format!("{SENDLIST_STEM}.csv"),
            bytes: sendlist::csv(input),
            recipient: None,
        },
    );

    let missiv_bytes = files[1].bytes.clone();
    for (recipient, (form_path, form)) in input.recipients.iter().zip(&forms) {
        let Some(address) = recipient.address() else {
            continue;
        };
        let attachments = [
            eml::Attachment {
                file_name: last_segment(&draft_path),
                bytes: &input.draft.bytes,
            },
            eml::Attachment {
                file_name: last_segment(&missiv_path),
                bytes: &missiv_bytes,
            },
            eml::Attachment {
                file_name: last_segment(form_path),
                bytes: form,
            },
        ];
        let bytes = eml::build(
            input,
            recipient,
            address,
            &attachments,
            now,
            eml::Letter::Package,
        )?;
        step(
            &mut files,
            PackageFile {
                path: format!(
                    "{EMAIL_FOLDER}/{}",
                    safe_file_name(&recipient.party_name, "eml")
                ),
                bytes,
                recipient: Some(recipient.party_code.clone()),
            },
        );
    }

    let mut seen = HashSet::new();
    for file in &files {
        if !seen.insert(file.path.to_lowercase()) {
            return Err(Error::invalid(
                "recipients",
                format!(
                    "Två filer i remisspaketet skulle få samma namn ({}). Byt namn på utkastet eller kontrollera parternas namn.",
                    file.path
                ),
            ));
        }
    }

    let manifest = Manifest {
        created_at: created,
        round_subject: input.round.subject.clone(),
        kind: input.round.kind,
        diarienummer: input.round.diarienummer.clone(),
        deadline: input.round.deadline,
        document_title: input.document.title.clone(),
        version_no: input.document.version_no,
        draft_path,
        draft_source: input.draft.source,
        recipients: input
            .recipients
            .iter()
            .map(|r| ManifestRecipient {
                party_code: r.party_code.clone(),
                party_name: r.party_name.clone(),
                contact_name: r.contact_name.clone(),
                email: r.address().map(str::to_owned),
            })
            .collect(),
        entries: files
            .iter()
            .map(|f| ManifestEntry {
                path: f.path.clone(),
                sha256: sha256_hex(&f.bytes),
                size: f.bytes.len() as u64,
                recipient: f.recipient.clone(),
            })
            .collect(),
        recipients_without_email: recipients_without_email(&input.recipients),
    };
    progress(total, total);
    Ok((files, manifest))
}

/// The reminder text that opens a reminder e-mail.
pub fn reminder_text(input: &PackageInput) -> String {
    let to = match input.round.reply_address.trim() {
        "" => String::new(),
        reply => format!(" till {reply}"),
    };
    let dnr = match input.round.diarienummer.trim() {
        "" => String::new(),
        dnr => format!(" och ange diarienummer {dnr} i ämnesraden"),
    };
    if input.round.kind.is_adoption() {
        return format!(
            "Påminnelse: vi har ännu inte fått ert protokollsutdrag med beslut om att anta {}. \
             Vi bad om beslut senast {}. Skicka protokollsutdraget{to} så snart beslutet är \
             fattat{dnr}. Har ni redan skickat det ber vi er bortse från detta meddelande.",
            input.document.title.trim(),
            input.round.deadline,
        );
    }
    format!(
        "Påminnelse: vi har ännu inte fått ert svar på {} om {}. Sista svarsdag var {}. \
         Skicka svaret{to} så snart som möjligt{dnr}. \
         Har ni redan svarat ber vi er bortse från detta meddelande.",
        input.round.kind.noun(),
        input.document.title.trim(),
        input.round.deadline,
    )
}

/// Reminder e-mail drafts for `input.recipients` (the parties that have not
/// answered): the first e-mail again, with "Påminnelse" in the subject and
/// a reminder first in the body, and the draft, missiv and the party's
/// svarsmall attached. Parties without an address get none; their names
/// come back in the second list.
pub fn build_reminders(
    input: &PackageInput,
    now: DateTime<FixedOffset>,
) -> Result<(Vec<PackageFile>, Vec<String>)> {
    validate(input)?;
    let created = now.to_rfc3339_opts(SecondsFormat::Secs, true);
    let draft_path = draft_path(&input.draft.file_name);
    let (missiv_path, missiv) = cover_letter(input, &draft_path, &created)?;
    let intro = reminder_text(input);
    let mut files = Vec::new();
    for recipient in &input.recipients {
        let Some(address) = recipient.address() else {
            continue;
        };
        let (form_path, form) = recipient_file(input, recipient, &created)?;
        let attachments = [
            eml::Attachment {
                file_name: last_segment(&draft_path),
                bytes: &input.draft.bytes,
            },
            eml::Attachment {
                file_name: last_segment(&missiv_path),
                bytes: &missiv,
            },
            eml::Attachment {
                file_name: last_segment(&form_path),
                bytes: &form,
            },
        ];
        files.push(PackageFile {
            path: safe_file_name(&format!("Påminnelse - {}", recipient.party_name), "eml"),
            bytes: eml::build(
                input,
                recipient,
                address,
                &attachments,
                now,
                eml::Letter::Reminder(&intro),
            )?,
            recipient: Some(recipient.party_code.clone()),
        });
    }
    Ok((files, recipients_without_email(&input.recipients)))
}

/// The names of the recipients that have no e-mail address, for the
/// warning shown before export.
pub fn recipients_without_email(recipients: &[Recipient]) -> Vec<String> {
    recipients
        .iter()
        .filter(|r| r.address().is_none())
        .map(|r| r.party_name.clone())
        .collect()
}

/// The manifest as written into the package: pretty JSON, UTF-8.
pub fn manifest_json(manifest: &Manifest) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(manifest).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// The response form's path for a party.
pub fn svarsmall_path(party_name: &str) -> String {
    safe_file_name(&format!("Svarsmall - {party_name}"), "docx")
}

/// The draft's path: its own name made safe, keeping the extension.
fn draft_path(file_name: &str) -> String {
    let name = file_name.rsplit(['/', '\\']).next().unwrap_or_default();
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext))
            if !stem.is_empty() && !ext.is_empty() && ext.chars().all(char::is_alphanumeric) =>
        {
            (stem, ext.to_lowercase())
        }
        _ => (name, "docx".to_owned()),
    };
    safe_file_name(stem, &ext)
}

fn last_segment(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn validate(input: &PackageInput) -> Result<()> {
    let mut errors = Vec::new();
    if input.document.title.trim().is_empty() {
        errors.push(FieldError::new("title", "Dokumentet saknar titel."));
    }
    if input.recipients.is_empty() {
        errors.push(FieldError::new(
            "recipients",
            "Rundan har inga mottagare. Välj minst en part.",
        ));
    }
    if let Some(a) = &input.adoption {
        for r in &input.recipients {
            if adoption_party(a, r).is_none() {
                errors.push(FieldError::new(
                    "recipients",
                    format!("{} saknas bland antagandets parter.", r.party_name),
                ));
            }
        }
    }
    let mut codes = HashSet::new();
    for r in &input.recipients {
        if !codes.insert(r.party_code.as_str()) {
            errors.push(FieldError::new(
                "recipients",
                format!("{} står två gånger bland mottagarna.", r.party_name),
            ));
        }
        if let Some(address) = r.address() {
            if let Err(problem) = crate::email::Address::parse(address) {
                errors.push(FieldError::new(
                    "recipients",
                    format!(
                        "{}: {} Rätta adressen under Parter.",
                        r.party_name,
                        crate::email::message(address, problem)
                    ),
                ));
            }
        }
    }
    if input.round.deadline < input.round.sent_date {
        errors.push(FieldError::new(
            "deadline",
            "Sista svarsdag kan inte ligga före utskicksdagen.",
        ));
    }
    for (field, label, address) in [
        ("reply_address", "Svarsadressen", &input.round.reply_address),
        (
            "contact_email",
            "Kontaktpersonens adress",
            &input.round.contact.email,
        ),
    ] {
        let address = address.trim();
        if !address.is_empty() {
            if let Err(problem) = crate::email::Address::parse(address) {
                errors.push(FieldError::new(
                    field,
                    format!("{label}: {}", crate::email::message(address, problem)),
                ));
            }
        }
    }
    if input.draft.bytes.is_empty() {
        errors.push(FieldError::new("draft", "Utkastet är tomt."));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(errors))
    }
}

/// The missiv text's paragraphs: `(is_heading, text)`, blank-line separated,
/// single line breaks kept inside a paragraph.
pub(crate) fn missiv_paragraphs(text: &str) -> Vec<(bool, String)> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut flush = |current: &mut Vec<&str>| {
        if current.is_empty() {
            return;
        }
        let joined = current.join("\n");
        current.clear();
        match joined.strip_prefix("# ") {
            Some(heading) if !heading.contains('\n') && !heading.trim().is_empty() => {
                out.push((true, heading.trim().to_owned()));
            }
            _ => out.push((false, joined)),
        }
    };
    for line in text.lines() {
        if line.trim().is_empty() {
            flush(&mut current);
        } else {
            current.push(line.trim_end());
        }
    }
    flush(&mut current);
    out
}

/// "riktlinje Vård i samverkan", or the title alone when it already starts
/// with its type ("Riktlinje för …").
pub(crate) fn typed_title(doc_type_name: &str, title: &str) -> String {
    let (kind, title) = (doc_type_name.trim(), title.trim());
    if kind.is_empty() || title.to_lowercase().starts_with(&kind.to_lowercase()) {
        title.to_owned()
    } else {
        format!("{} {title}", kind.to_lowercase())
    }
}

/// The prefilled, editable body of the missiv, modelled on Nya perspektiv's
/// own missiv: what is sent and why, what we ask for, how to answer (the
/// deadline, the reply address, the diarienummer in the subject line, the
/// svarsmall). A paragraph `# Rubrik` becomes a heading in the Word file.
pub fn default_missiv_text(
    kind: RoundKind,
    doc: &DocInfo,
    deadline: NaiveDate,
    diarienummer: &str,
    reply_address: &str,
) -> String {
    let doc_type = if doc.doc_type_name.trim().is_empty() {
        "dokument".to_owned()
    } else {
        doc.doc_type_name.trim().to_lowercase()
    };
    let named = typed_title(&doc.doc_type_name, &doc.title);
    let version = doc.version_no;
    let (opening, why, level) = match kind {
        // The adoption missiv writes its request itself, from the
        // ställningstagande: the text is the case's background.
        RoundKind::Antagande => {
            return format!(
                "Förslaget till {named} (version {version}) har tagits fram inom samverkansarenan \
                 Nya perspektiv enligt riktlinjen för kommun- och regiongemensamma dokument. \
                 Förslaget har varit på remiss hos de ingående parterna, och deras synpunkter har \
                 sammanställts och hanterats i den slutliga versionen."
            );
        }
        RoundKind::Remiss => (
            format!(
                "Nya perspektiv skickar härmed förslaget till {named} (version {version}) på remiss till de ingående parterna."
            ),
            "Kommun- och regiongemensamma dokument tas fram inom samverkansarenan Nya perspektiv. Enligt riktlinjen för kommun- och regiongemensamma dokument hanteras remisser på politisk nivå: innan förslaget går vidare till ställningstagande och beslut får varje part ta ställning till det.",
            "Vi ber er ta ställning till förslaget: tillstyrker, tillstyrker med synpunkter, avstyrker, inga synpunkter eller avstår. Eventuella synpunkter lämnas per avsnitt i svarsmallen, gärna med förslag till ändring. Har ärendet behandlats politiskt bifogar ni protokollsutdraget.",
        ),
        RoundKind::Synpunktsrunda => (
            format!(
                "Nya perspektiv skickar härmed förslaget till {named} (version {version}) på synpunktsrunda till de ingående parterna."
            ),
            "Kommun- och regiongemensamma dokument tas fram inom samverkansarenan Nya perspektiv. Enligt riktlinjen för kommun- och regiongemensamma dokument hanteras synpunktsrundor på tjänstepersonsnivå, så att förslaget kan justeras utifrån verksamheternas erfarenheter innan det går vidare.",
            "Vi ber er lämna era synpunkter på förslaget och ange er samlade bedömning: tillstyrker, tillstyrker med synpunkter, avstyrker, inga synpunkter eller avstår. Synpunkterna lämnas per avsnitt i svarsmallen, gärna med förslag till ändring.",
        ),
    };
    let subject_rule = if diarienummer.trim().is_empty() {
        String::new()
    } else {
        format!(" Ange diarienummer {} i ämnesraden.", diarienummer.trim())
    };
    let to = if reply_address.trim().is_empty() {
        String::new()
    } else {
        format!(" till {}", reply_address.trim())
    };
    format!(
        "{opening}\n\n\
         # Bakgrund\n\n\
         {why}\n\n\
         # Vad vi vill ha svar på\n\n\
         {level}\n\n\
         # Så här svarar ni\n\n\
         Skicka ert svar senast {deadline}{to}.{subject_rule} Använd den bifogade svarsmallen, en för er organisation.\n\n\
         Till detta missiv bifogas förslaget till {doc_type} och svarsmallen.\n\n\
         Har ni frågor eller funderingar är ni välkomna att höra av er till mig.\n\n\
         Tack på förhand."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_paragraphs_and_line_breaks() {
        let p = missiv_paragraphs("Hej\r\nrad två\n\n\n# Bakgrund\n\n#inte rubrik\n  \nSlut");
        assert_eq!(
            p,
            vec![
                (false, "Hej\nrad två".to_owned()),
                (true, "Bakgrund".to_owned()),
                (false, "#inte rubrik".to_owned()),
                (false, "Slut".to_owned()),
            ]
        );
    }

    #[test]
    fn draft_paths_keep_their_extension_and_lose_folders() {
        assert_eq!(draft_path("a/b:c.DOCX"), "b-c.docx");
        assert_eq!(draft_path(r"C:\x\Utkast v2.docx"), "Utkast v2.docx");
        assert_eq!(draft_path("utan"), "utan.docx");
        assert_eq!(draft_path(""), "dokument.docx");
    }
}
