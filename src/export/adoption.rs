//! The two Word documents of the adoption round (*antagande*), after a
//! forum's ställningstagande, modelled on Nya perspektiv's own (seed 004,
//! Eda kommun's case KS/2025:176):
//!
//! - the **missiv** to every party: the forum's ställningstagande with its
//!   numbered points, the request that each party decide on adoption, where
//!   to send the protokollsutdrag and which diarienummer to quote in the
//!   subject line, the contact person, the enclosures;
//! - the **förslag till tjänsteskrivelse**, one per party, in the structure
//!   a municipality's own tjänsteskrivelse has (Datum, Diarienummer,
//!   Enhet/Verksamhet, Handläggare; Förslag till beslut; Sammanfattning av
//!   ärendet; Beslutsunderlag; Politisk beredning; Förvaltningens beredning;
//!   Hållbarhet; Ekonomiska konsekvenser; Beslutet skickas till), with the
//!   party's name throughout and its own remiss answer named when it gave one.
//!
//! Pure writers: everything comes from an [`AdoptionInput`] the caller has
//! assembled; no database in sight. What the party must fill in itself is
//! written as a placeholder in square brackets *and* highlighted yellow
//! ([`fill_in`]): the brackets carry the meaning for a reader who cannot
//! see the colour (or prints in black and white), and the document's first
//! lines say so.

use chrono::{Datelike, NaiveDate};
use docx_rs::{
    LineSpacing, Paragraph, Run, SpecialIndentType, Table, TableCell, TableRow, WidthType,
};
use serde::{Deserialize, Serialize};

use super::missiv::join_names;
use super::{missiv_paragraphs, typed_title, Contact};
use crate::error::{Error, FieldError, Result};
use crate::formats::files::safe_file_name;
use crate::formats::word::{self, header_cell, labelled, paragraph, styled, text_cell, TEXT_WIDTH};

/// The forum's position (*ställningstagande*) the adoption round follows.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Statement {
    /// "Ordföranderådet", "Värmlandsrådet", "Beredningsgruppen Nya perspektiv" …
    pub forum: String,
    pub meeting_date: NaiveDate,
    /// The decision, one numbered point each, in order.
    pub points: Vec<String>,
    /// Whether the forum recommends every party to adopt the document.
    pub recommends_adoption: bool,
}

/// Everything the adoption missiv and the förslag till tjänsteskrivelse
/// are written from.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AdoptionInput {
    pub document_title: String,
    pub doc_type_name: String,
    pub version_no: i64,
    pub statement: Statement,
    /// What the document is and what is new, paragraphs separated by blank
    /// lines; may be empty (the tjänsteskrivelse then leaves a placeholder).
    pub summary: String,
    /// Who sends, e.g. "Region Värmland, Nya perspektiv".
    pub sender: String,
    pub contact: Contact,
    /// The missiv's date.
    pub sent_date: NaiveDate,
    /// The registry the protokollsutdrag goes to, e.g. diariet@regionvarmland.se.
    pub registry_address: String,
    /// The diarienummer to quote in the subject line, e.g. RS/250201.
    pub diarienummer: String,
    /// The last day to decide, if there is one.
    pub decide_by: Option<NaiveDate>,
    /// Every party the round goes to, in the guideline's order.
    pub parties: Vec<AdoptionParty>,
}

/// Kommun or region: decides the party's full name and its bodies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyKind {
    Kommun,
    Region,
}

impl PartyKind {
    /// From the register's `parties.kind` (`kommun`, `region`).
    pub fn parse(text: &str) -> Option<PartyKind> {
        match text.trim() {
            "kommun" => Some(PartyKind::Kommun),
            "region" => Some(PartyKind::Region),
            _ => None,
        }
    }

    /// "kommunen" / "regionen", as in "[Fylls i av kommunen]".
    pub fn definite(self) -> &'static str {
        match self {
            PartyKind::Kommun => "kommunen",
            PartyKind::Region => "regionen",
        }
    }

    /// The body that prepares the matter: "Kommunstyrelsen" / "Regionstyrelsen".
    pub fn board(self) -> &'static str {
        match self {
            PartyKind::Kommun => "Kommunstyrelsen",
            PartyKind::Region => "Regionstyrelsen",
        }
    }

    /// The body that decides: "kommunfullmäktige" / "regionfullmäktige".
    pub fn assembly(self) -> &'static str {
        match self {
            PartyKind::Kommun => "kommunfullmäktige",
            PartyKind::Region => "regionfullmäktige",
        }
    }
}

/// A party's own answer to the document's remiss.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RemissAnswer {
    /// "Tillstyrker med synpunkter" …
    pub position_name: String,
    pub answered_on: NaiveDate,
}

/// One party of the adoption round.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AdoptionParty {
    /// As in the register: "Eda", "Karlstad", "Region Värmland".
    pub name: String,
    pub kind: PartyKind,
    pub remiss_answer: Option<RemissAnswer>,
}

impl AdoptionParty {
    /// The name as the party writes it: "Eda kommun", "Karlstads kommun",
    /// "Region Värmland". A name that already says what it is is kept.
    pub fn full_name(&self) -> String {
        let name = self.name.trim();
        match self.kind {
            PartyKind::Kommun if name.to_lowercase().ends_with("kommun") => name.to_owned(),
            PartyKind::Kommun => format!("{} kommun", municipality_stem(name)),
            PartyKind::Region if name.to_lowercase().starts_with("region") => name.to_owned(),
            PartyKind::Region => format!("Region {name}"),
        }
    }
}

/// A municipality's name before "kommun": a genitive s, except after a
/// vowel or an s, x or z ("Eda kommun", "Hagfors kommun", "Karlstads
/// kommun", "Årjängs kommun"), as all of Värmland's are written; nor after
/// anything but a letter.
fn municipality_stem(name: &str) -> String {
    match name.chars().last() {
        Some(last)
            if is_latin_letter(last)
                && !"aeiouyåäösxz".contains(last.to_lowercase().next().unwrap_or(last)) =>
        {
            format!("{name}s")
        }
        _ => name.to_owned(),
    }
}

/// A letter of the Latin alphabet, ASCII or Latin-1 (å, ä, ö, é, ü …).
fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || (('\u{C0}'..='\u{FF}').contains(&c) && !matches!(c, '×' | '÷'))
}

/// The genitive of a full name: "Eda kommuns", "Region Värmlands".
fn genitive(name: &str) -> String {
    if name.ends_with(['s', 'x', 'z']) {
        name.to_owned()
    } else {
        format!("{name}s")
    }
}

/// The end of a sentence about a remiss answer: ": tillstyrker." with
/// the position, "." without.
fn position_end(answer: &RemissAnswer) -> String {
    match answer.position_name.trim() {
        "" => ".".to_owned(),
        position => format!(": {}.", position.to_lowercase()),
    }
}

/// The text of the adoption round's e-mail to each party: the
/// ställningstagande in a sentence, the request to decide, where the
/// protokollsutdrag goes, and what is attached. Paragraphs separated by
/// blank lines, as a missiv text.
pub fn email_text(input: &AdoptionInput) -> String {
    let statement = &input.statement;
    let recommendation = if statement.recommends_adoption {
        ", med en rekommendation till samtliga parter att anta dokumentet"
    } else {
        ""
    };
    let by = match input.decide_by {
        Some(date) => format!(" senast den {}", long_date(date)),
        None => String::new(),
    };
    let to = match input.registry_address.trim() {
        "" => String::new(),
        registry => format!(" till {registry}"),
    };
    let dnr = match input.diarienummer.trim() {
        "" => String::new(),
        dnr => format!(" med diarienummer {dnr} i ämnesraden"),
    };
    format!(
        "Vid mötet den {} gjorde {} ett ställningstagande om {}{recommendation}.\n\n\
         Vi ber er fatta beslut om att anta {}{by}. När beslutet är fattat skickar ni \
         protokollsutdraget{to}{dnr}.\n\n\
         Bifogat finns missivet med ställningstagandet, det slutliga dokumentet och ett förslag \
         till tjänsteskrivelse för er organisation, som ni kan använda som beslutsunderlag.\n\n\
         Har ni frågor eller funderingar är ni välkomna att höra av er till mig.",
        long_date(statement.meeting_date),
        statement.forum.trim(),
        quoted(input),
        quoted(input),
    )
}

/// "8 maj 2025", as dates are written in running Swedish text.
pub fn long_date(date: NaiveDate) -> String {
    const MONTHS: [&str; 12] = [
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ];
    let month = MONTHS.get(date.month0() as usize).copied().unwrap_or("");
    format!("{} {month} {}", date.day(), date.year())
}

/// The missiv's title.
pub fn missiv_title(input: &AdoptionInput) -> String {
    format!(
        "Missiv om antagande gällande {}",
        input.document_title.trim()
    )
}

/// The missiv's file name.
pub fn missiv_file_name(input: &AdoptionInput) -> String {
    safe_file_name(
        &format!("Missiv om antagande - {}", input.document_title.trim()),
        "docx",
    )
}

/// The förslag till tjänsteskrivelse's file name for `party`.
pub fn tjansteskrivelse_file_name(party: &AdoptionParty) -> String {
    safe_file_name(
        &format!("Förslag till tjänsteskrivelse - {}", party.full_name()),
        "docx",
    )
}

/// The text of a placeholder the party fills in: "[Fylls i av kommunen]",
/// or "[Handläggarens namn – fylls i av kommunen]" with a hint.
pub fn fill_in_text(kind: PartyKind, hint: &str) -> String {
    let by = kind.definite();
    match hint.trim() {
        "" => format!("[Fylls i av {by}]"),
        hint => format!("[{hint} – fylls i av {by}]"),
    }
}

/// A placeholder run: the bracketed text, highlighted yellow.
fn fill_in(kind: PartyKind, hint: &str) -> Run {
    Run::new()
        .add_text(fill_in_text(kind, hint))
        .highlight("yellow")
}

/// A paragraph holding only a placeholder.
fn fill_in_paragraph(kind: PartyKind, hint: &str) -> Paragraph {
    Paragraph::new().add_run(fill_in(kind, hint))
}

/// "Politiskt inriktningsdokument 2025–2028 …" or "Riktlinje Vård i
/// samverkan": the document named with its type, capitalised.
fn document_name(input: &AdoptionInput) -> String {
    capitalised(&typed_title(&input.doc_type_name, &input.document_title))
}

/// The document named inside a sentence, in Swedish quotation marks.
fn quoted(input: &AdoptionInput) -> String {
    format!("”{}”", input.document_title.trim())
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A heading in Word's built-in style `style`, kept with what follows it
/// (the house Heading styles do not say so themselves).
fn heading(style: &str, text: &str) -> Paragraph {
    styled(style, text).keep_next(true)
}

/// A numbered point: "1." hanging before its text.
fn numbered(n: usize, text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(Run::new().add_text(format!("{n}.\t")))
        .add_run(word::text_run(text.trim()))
        .indent(Some(567), Some(SpecialIndentType::Hanging(567)), None, None)
}

/// A bullet point.
fn bullet(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(Run::new().add_text("•\t"))
        .add_run(word::text_run(text))
        .indent(Some(567), Some(SpecialIndentType::Hanging(567)), None, None)
}

/// The points of the ställningstagande, empty ones left out.
fn points(input: &AdoptionInput) -> Vec<&str> {
    input
        .statement
        .points
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect()
}

/// The contact's e-mail and phone as a sentence's end: "på e-post
/// a@b.se eller på telefon 010-…".
fn reach(contact: &Contact) -> Option<String> {
    let email = contact.email.trim();
    let phone = contact.phone.trim();
    match (email.is_empty(), phone.is_empty()) {
        (false, false) => Some(format!("på e-post {email} eller på telefon {phone}")),
        (false, true) => Some(format!("på e-post {email}")),
        (true, false) => Some(format!("på telefon {phone}")),
        (true, true) => None,
    }
}

fn validate(input: &AdoptionInput) -> Result<()> {
    let mut errors = Vec::new();
    if input.document_title.trim().is_empty() {
        errors.push(FieldError::new("title", "Dokumentet saknar titel."));
    }
    if input.statement.forum.trim().is_empty() {
        errors.push(FieldError::new(
            "forum",
            "Ange vilket forum som gjorde ställningstagandet.",
        ));
    }
    if points(input).is_empty() {
        errors.push(FieldError::new(
            "points",
            "Ställningstagandet saknar beslutspunkter. Skriv minst en punkt.",
        ));
    }
    if let Some(by) = input.decide_by {
        if by < input.sent_date {
            errors.push(FieldError::new(
                "decide_by",
                "Sista dag för beslut kan inte ligga före missivets datum.",
            ));
        }
    }
    if input.sent_date < input.statement.meeting_date {
        errors.push(FieldError::new(
            "sent_date",
            "Missivet kan inte vara daterat före mötet där ställningstagandet gjordes.",
        ));
    }
    for (field, label, address) in [
        (
            "registry_address",
            "Adressen för protokollsutdrag",
            &input.registry_address,
        ),
        (
            "contact_email",
            "Kontaktpersonens adress",
            &input.contact.email,
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
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(errors))
    }
}

fn validate_party(party: &AdoptionParty) -> Result<()> {
    if party.name.trim().is_empty() {
        return Err(Error::invalid("party", "Parten saknar namn."));
    }
    Ok(())
}

/// The adoption missiv, laid out like the seed's: Handläggare | Datum |
/// Diarienummer, the title, the forum's ställningstagande with its points,
/// the request to decide, where the protokollsutdrag goes and the
/// diarienummer for the subject line, the contact, the enclosures.
pub fn build_missiv(input: &AdoptionInput, created: &str) -> Result<Vec<u8>> {
    validate(input)?;
    let width = TEXT_WIDTH / 3;
    let facts = Table::new(vec![
        TableRow::new(vec![
            header_cell("Handläggare", width),
            header_cell("Datum", width),
            header_cell("Diarienummer", width),
        ])
        .cant_split(),
        TableRow::new(vec![
            text_cell(&input.contact.name, width),
            text_cell(&input.sent_date.to_string(), width),
            text_cell(&input.diarienummer, width),
        ]),
    ])
    .set_grid(vec![width; 3])
    .width(TEXT_WIDTH, WidthType::Dxa)
    .margins(word::cell_margins());

    let title = missiv_title(input);
    let statement = &input.statement;
    let forum = statement.forum.trim();
    let named = document_name(input);
    let names: Vec<String> = input.parties.iter().map(AdoptionParty::full_name).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();

    let mut docx = word::base(&input.sender)
        .add_table(facts)
        .add_paragraph(styled("Title", &title))
        .add_paragraph(labelled(
            "Dokument",
            &format!("{named}, version {}", input.version_no),
        ));
    if !names.is_empty() {
        docx = docx.add_paragraph(labelled("Mottagare", &join_names(&names)));
    }

    docx = docx
        .add_paragraph(heading("Heading1", "Ställningstagande"))
        .add_paragraph(paragraph(&format!(
            "Vid mötet den {} gjorde {forum} ett ställningstagande enligt följande:",
            long_date(statement.meeting_date)
        )));
    for (i, point) in points(input).into_iter().enumerate() {
        docx = docx.add_paragraph(numbered(i + 1, point));
    }
    if statement.recommends_adoption {
        docx = docx.add_paragraph(paragraph(&format!(
            "Ställningstagandet innebär en rekommendation till samtliga parter att fatta beslut \
             om att anta och arbeta i enlighet med {}.",
            quoted(input)
        )));
    }

    let summary = missiv_paragraphs(&input.summary);
    if !summary.is_empty() {
        docx = docx.add_paragraph(heading("Heading1", "Bakgrund"));
        for (is_heading, text) in summary {
            docx = docx.add_paragraph(if is_heading {
                heading("Heading2", &text)
            } else {
                paragraph(&text)
            });
        }
    }

    let by = match input.decide_by {
        Some(date) => format!(" senast den {}", long_date(date)),
        None => " så snart som möjligt".to_owned(),
    };
    docx = docx
        .add_paragraph(styled(
            "Heading1",
            "Processen framåt och beslut i era respektive organisationer",
        ))
        .add_paragraph(paragraph(&format!(
            "Vi ber varje part att{by} fatta beslut om att anta {} och om åtagandet att arbeta \
             i enlighet med dokumentet.",
            quoted(input)
        )))
        .add_paragraph(paragraph(
            "För att underlätta bifogas ett förslag till tjänsteskrivelse som kommunerna och regionen kan använda som beslutsunderlag \
             inför beslut i den egna organisationen. Varje part får ett eget förslag med sitt \
             namn; det som parten själv fyller i står inom hakparentes och är gulmarkerat.",
        ));

    docx = docx.add_paragraph(heading("Heading1", "Skicka in protokollsutdraget"));
    let registry = input.registry_address.trim();
    let dnr = input.diarienummer.trim();
    let to = if registry.is_empty() {
        String::new()
    } else {
        format!(" till {registry}")
    };
    let subject = if dnr.is_empty() {
        String::new()
    } else {
        format!(" med diarienummer {dnr} i ämnesraden")
    };
    docx = docx.add_paragraph(paragraph(&format!(
        "För att underlätta samordningen av den fortsatta processen ber vi er att, efter att \
         beslutet är fattat, skicka in ert protokollsutdrag{to}{subject}."
    )));
    if !registry.is_empty() {
        docx = docx.add_paragraph(labelled("Skickas till", registry));
    }
    if !dnr.is_empty() {
        docx = docx.add_paragraph(labelled("Ämnesrad", dnr));
    }

    let contact = &input.contact;
    let mut question =
        "Har ni frågor eller funderingar är ni välkomna att höra av er till mig.".to_owned();
    if let Some(reach) = reach(contact) {
        question.push_str(&format!(" Jag nås {reach}."));
    }
    docx = docx
        .add_paragraph(heading("Heading1", "Kontakt"))
        .add_paragraph(paragraph(&question))
        .add_paragraph(paragraph("Tack på förhand."))
        .add_paragraph(
            paragraph("Med vänlig hälsning")
                .line_spacing(LineSpacing::new().before(240))
                .keep_next(true),
        );
    let signature: Vec<&str> = [
        contact.name.trim(),
        contact.title.trim(),
        input.sender.trim(),
    ]
    .into_iter()
    .filter(|l| !l.is_empty())
    .collect();
    if !signature.is_empty() {
        docx = docx.add_paragraph(paragraph(&signature.join("\n")));
    }
    docx = docx
        .add_paragraph(heading("Heading1", "Bilagor"))
        .add_paragraph(bullet(&format!("{named}, version {}", input.version_no)))
        .add_paragraph(bullet("Förslag till tjänsteskrivelse, ett per part"));

    let keywords = format!(
        "missiv; antagande; {}; {}",
        input.doc_type_name.trim().to_lowercase(),
        dnr
    );
    word::finish(
        docx,
        &word::Properties {
            title: &title,
            subject: &format!("Antagande: {}", input.document_title.trim()),
            creator: creator(input),
            keywords: &keywords,
            description: &format!(
                "Missiv till samtliga parter om antagande av {named}, version {}, efter \
                 ställningstagande i {forum} den {}.",
                input.version_no, statement.meeting_date
            ),
            created,
            custom: &[
                ("Samdok.Dokumenttyp", "missiv".to_owned()),
                ("Samdok.Rundtyp", "antagande".to_owned()),
                ("Samdok.Diarienummer", input.diarienummer.clone()),
            ],
        },
    )
}

fn creator(input: &AdoptionInput) -> &str {
    match (input.contact.name.trim(), input.sender.trim()) {
        ("", "") => "Samdok",
        ("", sender) => sender,
        (name, _) => name,
    }
}

/// The header block: Datum | Diarienummer | Enhet/Verksamhet | Handläggare,
/// all four filled in by the party.
fn case_table(kind: PartyKind) -> Table {
    let width = TEXT_WIDTH / 4;
    let columns = ["Datum", "Diarienummer", "Enhet/Verksamhet", "Handläggare"];
    let cell = |hint: &str| {
        TableCell::new()
            .add_paragraph(
                Paragraph::new()
                    .line_spacing(LineSpacing::new().after(0))
                    .add_run(fill_in(kind, hint)),
            )
            .width(width, WidthType::Dxa)
    };
    Table::new(vec![
        TableRow::new(columns.iter().map(|c| header_cell(c, width)).collect()).cant_split(),
        TableRow::new(vec![
            cell("ÅÅÅÅ-MM-DD"),
            cell(""),
            cell(""),
            cell("Namn, titel"),
        ]),
    ])
    .set_grid(vec![width; 4])
    .width(TEXT_WIDTH, WidthType::Dxa)
    .margins(word::cell_margins())
}

/// The förslag till tjänsteskrivelse for `party`: the seed's structure,
/// the party's name throughout, what the party fills in marked.
pub fn build_tjansteskrivelse(
    input: &AdoptionInput,
    party: &AdoptionParty,
    created: &str,
) -> Result<Vec<u8>> {
    validate(input)?;
    validate_party(party)?;
    let kind = party.kind;
    let name = party.full_name();
    let named = document_name(input);
    let statement = &input.statement;
    let forum = statement.forum.trim();
    let header = format!("Förslag till tjänsteskrivelse – {name}");

    let mut docx = word::base(&header)
        .add_paragraph(
            Paragraph::new()
                .add_run(Run::new().add_text("Tjänsteskrivelse").bold().size(28))
                .add_run(word::text_run(&format!(" – {name}")).bold().size(28)),
        )
        .add_paragraph(
            Paragraph::new()
                .add_run(
                    word::text_run(&format!(
                        "Förslag till tjänsteskrivelse från {} som {name} kan använda som \
                         beslutsunderlag. Text inom hakparentes med gul markering, till \
                         exempel ",
                        input.sender.trim()
                    ))
                    .italic(),
                )
                .add_run(fill_in(kind, "").italic())
                .add_run(
                    Run::new()
                        .add_text(format!(
                            ", fyller {} i. Övrig text kan ändras efter behov.",
                            kind.definite()
                        ))
                        .italic(),
                ),
        )
        .add_table(case_table(kind))
        .add_paragraph(styled("Title", &named));

    // Förslag till beslut
    docx = docx
        .add_paragraph(heading("Heading1", "Förslag till beslut"))
        .add_paragraph(paragraph(&format!(
            "{} i {name} föreslår {} besluta att anta {} och att {name} förbinder sig att \
             arbeta tillsammans med de andra parterna i enlighet med dokumentet.",
            kind.board(),
            kind.assembly(),
            quoted(input)
        )))
        .add_paragraph(fill_in_paragraph(
            kind,
            "Eventuella uppdrag till förvaltningen, till exempel om implementering",
        ));

    // Sammanfattning av ärendet
    docx = docx
        .add_paragraph(heading("Heading1", "Sammanfattning av ärendet"))
        .add_paragraph(paragraph(&format!(
            "Vid mötet den {} gjorde {forum} ett ställningstagande enligt följande:",
            long_date(statement.meeting_date)
        )));
    for (i, point) in points(input).into_iter().enumerate() {
        docx = docx.add_paragraph(numbered(i + 1, point));
    }
    if statement.recommends_adoption {
        docx = docx.add_paragraph(paragraph(&format!(
            "{forum} rekommenderar därmed samtliga ingående parter att anta och arbeta i \
             enlighet med dokumentet."
        )));
    }
    let summary = missiv_paragraphs(&input.summary);
    if summary.is_empty() {
        docx = docx.add_paragraph(fill_in_paragraph(
            kind,
            "Kort beskrivning av dokumentets syfte och de viktigaste förändringarna",
        ));
    } else {
        for (is_heading, text) in summary {
            docx = docx.add_paragraph(if is_heading {
                heading("Heading2", &text)
            } else {
                paragraph(&text)
            });
        }
    }

    // Beslutsunderlag
    docx = docx
        .add_paragraph(heading("Heading1", "Beslutsunderlag"))
        .add_paragraph(
            Paragraph::new()
                .add_run(Run::new().add_text("Tjänsteskrivelse "))
                .add_run(fill_in(kind, "datum")),
        )
        .add_paragraph(paragraph(&format!("{named}, version {}", input.version_no)))
        .add_paragraph(paragraph(&format!(
            "Missiv om antagande från {} {}",
            input.sender.trim(),
            input.sent_date
        )));
    if let Some(answer) = &party.remiss_answer {
        docx = docx.add_paragraph(paragraph(&format!(
            "{} remissvar {}",
            genitive(&name),
            answer.answered_on
        )));
    }

    // Politisk beredning
    docx = docx
        .add_paragraph(heading("Heading1", "Politisk beredning"))
        .add_paragraph(
            Paragraph::new()
                .add_run(Run::new().add_text("Ärendet bereds av "))
                .add_run(fill_in(kind, "utskott eller nämnd"))
                .add_run(Run::new().add_text(format!(
                    " och {}. Ärendet beslutas av {}.",
                    kind.board().to_lowercase(),
                    kind.assembly()
                ))),
        );

    // Förvaltningens beredning
    docx = docx.add_paragraph(heading("Heading1", "Förvaltningens beredning"));
    if let Some(answer) = &party.remiss_answer {
        docx = docx
            .add_paragraph(paragraph(&format!(
                "{name} lämnade remissvar på förslaget till {} den {}{}",
                input.document_title.trim(),
                long_date(answer.answered_on),
                position_end(answer)
            )))
            .add_paragraph(fill_in_paragraph(
                kind,
                &format!(
                    "Hur {} synpunkter har tagits om hand i det slutliga dokumentet",
                    genitive(&name)
                ),
            ));
    } else {
        docx = docx.add_paragraph(fill_in_paragraph(
            kind,
            "Förvaltningens bedömning av dokumentet och vad det betyder för verksamheten",
        ));
    }

    // Hållbarhet
    docx = docx
        .add_paragraph(heading("Heading1", "Hållbarhet"))
        .add_paragraph(heading("Heading2", "Sociala konsekvenser"))
        .add_paragraph(fill_in_paragraph(
            kind,
            "Hur beslutet påverkar jämlik tillgång till välfärd, hälsa och livskvalitet",
        ))
        .add_paragraph(heading(
            "Heading2",
            "Barnkonventionen och barnrättsperspektivet",
        ))
        .add_paragraph(paragraph(
            "Barnkonventionen gäller som svensk lag sedan 2020. Vid beslut som rör barn ska \
             barnets bästa beaktas (artikel 3) och barn ha rätt att uttrycka sina åsikter \
             (artikel 12).",
        ))
        .add_paragraph(fill_in_paragraph(
            kind,
            "Hur beslutet påverkar barn och unga och hur barnets bästa har beaktats",
        ))
        .add_paragraph(heading("Heading2", "Miljömässiga konsekvenser"))
        .add_paragraph(fill_in_paragraph(
            kind,
            "Miljömässiga konsekvenser, om några",
        ));

    // Ekonomiska konsekvenser
    docx = docx
        .add_paragraph(heading("Heading1", "Ekonomiska konsekvenser"))
        .add_paragraph(fill_in_paragraph(
            kind,
            "Ekonomiska konsekvenser och finansiering, eller ”–” om inga",
        ));

    // Beslutet skickas till
    let mut notice = input.sender.trim().to_owned();
    let registry = input.registry_address.trim();
    let dnr = input.diarienummer.trim();
    match (registry.is_empty(), dnr.is_empty()) {
        (false, false) => notice.push_str(&format!(
            ": protokollsutdrag till {registry} med diarienummer {dnr} i ämnesraden"
        )),
        (false, true) => notice.push_str(&format!(": protokollsutdrag till {registry}")),
        (true, false) => notice.push_str(&format!(
            ": protokollsutdrag med diarienummer {dnr} i ämnesraden"
        )),
        (true, true) => {}
    }
    docx = docx
        .add_paragraph(heading("Heading1", "Beslutet skickas till"))
        .add_paragraph(heading("Heading2", "För kännedom"))
        .add_paragraph(paragraph(&notice))
        .add_paragraph(heading("Heading2", "För åtgärd"))
        .add_paragraph(fill_in_paragraph(kind, "Berörda verksamheter"));

    let title = format!(
        "Förslag till tjänsteskrivelse – {} – {name}",
        input.document_title.trim()
    );
    let answered = match &party.remiss_answer {
        Some(a) => format!(
            " {name} lämnade remissvar {}{}",
            a.answered_on,
            position_end(a)
        ),
        None => String::new(),
    };
    word::finish(
        docx,
        &word::Properties {
            title: &title,
            subject: &format!("Antagande: {}", input.document_title.trim()),
            creator: creator(input),
            keywords: &format!("tjänsteskrivelse; antagande; {name}; {dnr}"),
            description: &format!(
                "Förslag till tjänsteskrivelse för {name} om antagande av {named}, version {}.{answered}",
                input.version_no
            ),
            created,
            custom: &[
                ("Samdok.Dokumenttyp", "förslag till tjänsteskrivelse".to_owned()),
                ("Samdok.Rundtyp", "antagande".to_owned()),
                ("Samdok.Part", name.clone()),
                ("Samdok.Diarienummer", input.diarienummer.clone()),
            ],
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kommun(name: &str) -> AdoptionParty {
        AdoptionParty {
            name: name.to_owned(),
            kind: PartyKind::Kommun,
            remiss_answer: None,
        }
    }

    #[test]
    fn every_party_in_varmland_gets_its_official_name() {
        let expected = [
            ("Arvika", "Arvika kommun"),
            ("Eda", "Eda kommun"),
            ("Filipstad", "Filipstads kommun"),
            ("Forshaga", "Forshaga kommun"),
            ("Grums", "Grums kommun"),
            ("Hagfors", "Hagfors kommun"),
            ("Hammarö", "Hammarö kommun"),
            ("Karlstad", "Karlstads kommun"),
            ("Kil", "Kils kommun"),
            ("Kristinehamn", "Kristinehamns kommun"),
            ("Munkfors", "Munkfors kommun"),
            ("Storfors", "Storfors kommun"),
            ("Sunne", "Sunne kommun"),
            ("Säffle", "Säffle kommun"),
            ("Torsby", "Torsby kommun"),
            ("Årjäng", "Årjängs kommun"),
            ("Eda kommun", "Eda kommun"),
        ];
        for (name, full) in expected {
            assert_eq!(kommun(name).full_name(), full, "the name of {name}");
        }
        let region = AdoptionParty {
            name: "Region Värmland".into(),
            kind: PartyKind::Region,
            remiss_answer: None,
        };
        assert_eq!(region.full_name(), "Region Värmland");
        assert_eq!(genitive("Region Värmland"), "Region Värmlands");
        assert_eq!(genitive("Eda kommun"), "Eda kommuns");
    }

    #[test]
    fn dates_in_running_text_are_swedish() {
        let d = NaiveDate::from_ymd_opt(2025, 5, 8).unwrap();
        assert_eq!(long_date(d), "8 maj 2025");
        let d = NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();
        assert_eq!(long_date(d), "31 december 2025");
    }

    #[test]
    fn placeholders_say_who_fills_them_in() {
        assert_eq!(fill_in_text(PartyKind::Kommun, ""), "[Fylls i av kommunen]");
        assert_eq!(
            fill_in_text(PartyKind::Region, "datum"),
            "[datum – fylls i av regionen]"
        );
    }
}
