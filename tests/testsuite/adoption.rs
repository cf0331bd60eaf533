//! The adoption round's two Word documents (`export::adoption`): the
//! missiv and the förslag till tjänsteskrivelse, read back by python-docx
//! (Debian's python3-docx under /usr/bin/python3, as the compilation is)
//! and checked in the raw XML for what python-docx does not report
//! (language, repeating header rows, highlighted placeholders). The input
//! is Eda kommun's real case (seed 004, KS/2025:176).

use chrono::NaiveDate;
use serde_json::Value;

use crate::compilation::read_docx;
use crate::golden;

use samdok::error::Error;
use samdok::export::adoption::{
    build_missiv, build_tjansteskrivelse, fill_in_text, missiv_file_name,
    tjansteskrivelse_file_name, AdoptionInput, AdoptionParty, PartyKind, RemissAnswer, Statement,
};
use samdok::export::Contact;

const CREATED: &str = "2025-05-26T09:00:00Z";
const TITLE: &str = "Politiskt inriktningsdokument 2025–2028 – Värmlands samverkan inom välfärd";
const POINT_1: &str = "Ordföranderådet ställer sig bakom förslag till Politiskt inriktningsdokument 2025–2028 – Värmlands samverkan inom välfärd samt uppmanar samtliga ingående parter fatta beslut om fastställande och åtagande att arbeta i enlighet med politiska inriktningsdokumentet.";
const POINT_2: &str = "Nya perspektiv ansvarar för utskick av Politiskt inriktningsdokument 2025–2028 – Värmlands samverkan inom välfärd med tillhörande missiv och förslag till tjänsteskrivelse till samtliga parter.";
/// Text that must be escaped and kept: markup, quotes, a line break, å ä ö, emoji.
const TRICKY: &str = "Barn & unga <18 år> \"först\" – ’citat’\nny rad: åäö ÅÄÖ 🧒🏽";
pub(crate) const TRICKY_PARTY: &str = "Säffle & \"Åmål\" <test> 🏞️";

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub(crate) fn party(name: &str, kind: PartyKind, answer: Option<(&str, &str)>) -> AdoptionParty {
    AdoptionParty {
        name: name.to_owned(),
        kind,
        remiss_answer: answer.map(|(position, on)| RemissAnswer {
            position_name: position.to_owned(),
            answered_on: date(on),
        }),
    }
}

/// Eda: answered the remiss on 5 March 2025, with comments (as in the seed).
pub(crate) fn eda() -> AdoptionParty {
    party(
        "Eda",
        PartyKind::Kommun,
        Some(("Tillstyrker med synpunkter", "2025-03-05")),
    )
}

/// The adoption round of seed 004: Ordföranderådet's ställningstagande of
/// 8 May 2025, the missiv of 26 May from Sandra Nätt, protokollsutdrag to
/// diariet@regionvarmland.se quoting RS/250201.
pub(crate) fn input() -> AdoptionInput {
    AdoptionInput {
        document_title: TITLE.to_owned(),
        doc_type_name: "Politiskt inriktningsdokument".to_owned(),
        version_no: 3,
        statement: Statement {
            forum: "Ordföranderådet".to_owned(),
            meeting_date: date("2025-05-08"),
            points: vec![POINT_1.to_owned(), "  ".to_owned(), POINT_2.to_owned()],
            recommends_adoption: true,
        },
        summary: "Utvecklingsarbetet Nya perspektiv har sedan starten 2007 varit en gemensam \
                  plattform för samverkan mellan kommuner och region i Värmland.\n\n\
                  Inriktningsdokumentet blir fyraårigt i stället för ettårigt."
            .to_owned(),
        sender: "Region Värmland, Nya perspektiv".to_owned(),
        contact: Contact {
            name: "Sandra Nätt".to_owned(),
            title: String::new(),
            email: "sandra.natt@regionvarmland.se".to_owned(),
            phone: "010-833 10 01".to_owned(),
        },
        sent_date: date("2025-05-26"),
        registry_address: "diariet@regionvarmland.se".to_owned(),
        diarienummer: "RS/250201".to_owned(),
        decide_by: None,
        parties: vec![
            party("Region Värmland", PartyKind::Region, None),
            party("Arvika", PartyKind::Kommun, None),
            eda(),
            party("Karlstad", PartyKind::Kommun, None),
            party("Årjäng", PartyKind::Kommun, None),
        ],
    }
}

fn body(doc: &Value) -> &Vec<Value> {
    doc["body"].as_array().expect("a body")
}

/// The paragraphs' texts, in order.
fn paragraphs(doc: &Value) -> Vec<String> {
    body(doc)
        .iter()
        .filter(|b| b["kind"] == "p")
        .map(|b| b["text"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// The headings as (style, text), in order.
fn headings(doc: &Value) -> Vec<(String, String)> {
    body(doc)
        .iter()
        .filter(|b| b["kind"] == "p")
        .filter(|b| {
            b["style"]
                .as_str()
                .is_some_and(|s| s.starts_with("Heading") || s == "Title")
        })
        .map(|b| {
            (
                b["style"].as_str().unwrap().to_owned(),
                b["text"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// The paragraphs under the Heading 1 `heading`, up to the next Heading 1.
fn under(doc: &Value, heading: &str) -> Vec<String> {
    let body = body(doc);
    let at = body
        .iter()
        .position(|b| b["style"] == "Heading 1" && b["text"] == heading)
        .unwrap_or_else(|| panic!("a Heading 1 «{heading}»"));
    body[at + 1..]
        .iter()
        .take_while(|b| b["style"] != "Heading 1")
        .filter(|b| b["kind"] == "p")
        .map(|b| b["text"].as_str().unwrap_or_default().to_owned())
        .collect()
}

fn tables(doc: &Value) -> Vec<Vec<Vec<String>>> {
    body(doc)
        .iter()
        .filter(|b| b["kind"] == "table")
        .map(|t| {
            t["rows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    r.as_array()
                        .unwrap()
                        .iter()
                        .map(|c| c.as_str().unwrap().to_owned())
                        .collect()
                })
                .collect()
        })
        .collect()
}

fn h(style: &str, text: &str) -> (String, String) {
    (style.to_owned(), text.to_owned())
}

/// The tjänsteskrivelse's headings in the seed's order.
fn tjansteskrivelse_headings() -> Vec<(String, String)> {
    vec![
        h("Title", TITLE),
        h("Heading 1", "Förslag till beslut"),
        h("Heading 1", "Sammanfattning av ärendet"),
        h("Heading 1", "Beslutsunderlag"),
        h("Heading 1", "Politisk beredning"),
        h("Heading 1", "Förvaltningens beredning"),
        h("Heading 1", "Hållbarhet"),
        h("Heading 2", "Sociala konsekvenser"),
        h("Heading 2", "Barnkonventionen och barnrättsperspektivet"),
        h("Heading 2", "Miljömässiga konsekvenser"),
        h("Heading 1", "Ekonomiska konsekvenser"),
        h("Heading 1", "Beslutet skickas till"),
        h("Heading 2", "För kännedom"),
        h("Heading 2", "För åtgärd"),
    ]
}

/// Every table's header row repeats, the text is Swedish, the title is set.
fn assert_accessible_xml(bytes: &[u8], title: &str) {
    let styles = golden::zip_part(bytes, "word/styles.xml");
    assert!(
        styles.contains(r#"w:lang w:val="sv-SE""#),
        "the text's language should be sv-SE"
    );
    let document = golden::zip_part(bytes, "word/document.xml");
    let tables = document.matches("<w:tbl>").count();
    assert!(tables >= 1, "the document should have its facts table");
    assert_eq!(
        document.matches("<w:tblHeader />").count(),
        tables,
        "every table's header row should repeat on each page"
    );
    let core = golden::zip_part(bytes, "docProps/core.xml");
    assert!(
        core.contains(&format!("<dc:title>{title}</dc:title>")),
        "dc:title should be «{title}»: {core}"
    );
    assert!(
        core.contains("<dc:language>sv-SE</dc:language>"),
        "the core properties should say sv-SE: {core}"
    );
}

#[test]
fn tjansteskrivelse_read_back_has_every_heading_and_the_partys_name() {
    let input = input();
    let bytes = build_tjansteskrivelse(&input, &eda(), CREATED).expect("Eda's förslag builds");
    let doc = read_docx(&bytes);

    assert_eq!(
        headings(&doc),
        tjansteskrivelse_headings(),
        "the document's title in Title, the seed's parts in Heading 1, their parts in Heading 2"
    );
    let text = paragraphs(&doc);
    assert_eq!(
        text[0], "Tjänsteskrivelse – Eda kommun",
        "the first line names the party as the seed's does"
    );
    assert!(
        text[1].contains("som Eda kommun kan använda som beslutsunderlag")
            && text[1].contains("Text inom hakparentes med gul markering, till exempel [Fylls i av kommunen], fyller kommunen i."),
        "the first paragraph says how the fields to fill in are marked: {}",
        text[1]
    );

    let tables = tables(&doc);
    assert_eq!(tables.len(), 1, "one table: the case's header block");
    assert_eq!(
        tables[0][0],
        ["Datum", "Diarienummer", "Enhet/Verksamhet", "Handläggare"],
        "the seed's header fields"
    );
    assert_eq!(
        tables[0][1],
        [
            "[ÅÅÅÅ-MM-DD – fylls i av kommunen]",
            "[Fylls i av kommunen]",
            "[Fylls i av kommunen]",
            "[Namn, titel – fylls i av kommunen]"
        ],
        "the party fills in every header field"
    );

    let proposal = under(&doc, "Förslag till beslut");
    assert_eq!(
        proposal[0],
        format!(
            "Kommunstyrelsen i Eda kommun föreslår kommunfullmäktige besluta att anta ”{TITLE}” \
             och att Eda kommun förbinder sig att arbeta tillsammans med de andra parterna i \
             enlighet med dokumentet."
        ),
        "the proposal names the party, its board and its assembly"
    );

    let summary = under(&doc, "Sammanfattning av ärendet");
    assert_eq!(
        summary[..3],
        [
            "Vid mötet den 8 maj 2025 gjorde Ordföranderådet ett ställningstagande enligt följande:".to_owned(),
            format!("1.\t{POINT_1}"),
            format!("2.\t{POINT_2}"),
        ],
        "the forum, the date and the decision points, numbered, the blank one left out"
    );
    assert!(
        summary[3]
            .starts_with("Ordföranderådet rekommenderar därmed samtliga ingående parter att anta"),
        "the recommendation to adopt follows the points: {summary:?}"
    );
    assert!(
        summary
            .iter()
            .any(|p| p == "Inriktningsdokumentet blir fyraårigt i stället för ettårigt."),
        "the summary's paragraphs follow: {summary:?}"
    );

    assert_eq!(
        under(&doc, "Beslutsunderlag"),
        [
            "Tjänsteskrivelse [datum – fylls i av kommunen]".to_owned(),
            format!("{TITLE}, version 3"),
            "Missiv om antagande från Region Värmland, Nya perspektiv 2025-05-26".to_owned(),
            "Eda kommuns remissvar 2025-03-05".to_owned(),
        ],
        "the documents the decision rests on, the party's remiss answer among them"
    );
    assert_eq!(
        under(&doc, "Politisk beredning"),
        ["Ärendet bereds av [utskott eller nämnd – fylls i av kommunen] och kommunstyrelsen. Ärendet beslutas av kommunfullmäktige."],
    );
    let preparation = under(&doc, "Förvaltningens beredning");
    assert_eq!(
        preparation[0],
        format!(
            "Eda kommun lämnade remissvar på förslaget till {TITLE} den 5 mars 2025: \
             tillstyrker med synpunkter."
        ),
        "the party's own remiss answer is named, with its date and position"
    );
    assert!(
        under(&doc, "Hållbarhet")
            .iter()
            .any(|p| p.contains("Barnkonventionen gäller som svensk lag")),
        "Hållbarhet speaks of barnkonventionen"
    );
    let sent_to = under(&doc, "Beslutet skickas till");
    assert!(
        sent_to.contains(
            &"Region Värmland, Nya perspektiv: protokollsutdrag till diariet@regionvarmland.se med diarienummer RS/250201 i ämnesraden".to_owned()
        ),
        "the decision goes to the registry with the diarienummer: {sent_to:?}"
    );

    assert_eq!(
        doc["title"],
        format!("Förslag till tjänsteskrivelse – {TITLE} – Eda kommun")
    );
    assert_eq!(doc["language"], "sv-SE");
    assert_accessible_xml(
        &bytes,
        &format!("Förslag till tjänsteskrivelse – {TITLE} – Eda kommun"),
    );
}

#[test]
fn tjansteskrivelse_without_a_remiss_answer_names_none() {
    let input = input();
    let arvika = party("Arvika", PartyKind::Kommun, None);
    let doc = read_docx(&build_tjansteskrivelse(&input, &arvika, CREATED).unwrap());
    assert_eq!(
        headings(&doc),
        tjansteskrivelse_headings(),
        "the same headings"
    );
    let text = paragraphs(&doc).join("\n");
    assert!(
        !text.contains("remissvar"),
        "a party that gave no remiss answer is not said to have given one:\n{text}"
    );
    assert_eq!(
        under(&doc, "Förvaltningens beredning"),
        ["[Förvaltningens bedömning av dokumentet och vad det betyder för verksamheten – fylls i av kommunen]"],
        "the party writes its own assessment"
    );
    assert!(text.starts_with("Tjänsteskrivelse – Arvika kommun\n"));
    assert_eq!(
        under(&doc, "Beslutsunderlag").len(),
        3,
        "no remiss answer listed"
    );
}

#[test]
fn tjansteskrivelse_for_the_region_speaks_of_regionstyrelsen_and_regionfullmaktige() {
    let region = party(
        "Region Värmland",
        PartyKind::Region,
        Some(("Tillstyrker", "2025-03-10")),
    );
    let doc = read_docx(&build_tjansteskrivelse(&input(), &region, CREATED).unwrap());
    let text = paragraphs(&doc);
    assert_eq!(text[0], "Tjänsteskrivelse – Region Värmland");
    assert!(
        under(&doc, "Förslag till beslut")[0].starts_with(
            "Regionstyrelsen i Region Värmland föreslår regionfullmäktige besluta att anta"
        ),
        "the region's own bodies"
    );
    assert!(
        text.iter()
            .all(|p| !p.contains("kommunen") && !p.contains("Region Värmland kommun")),
        "nothing in the region's förslag speaks of a kommun: {text:?}"
    );
    assert!(text
        .iter()
        .any(|p| p == "[Fylls i av regionen]" || p.contains("[Fylls i av regionen]")));
    assert!(under(&doc, "Beslutsunderlag")
        .contains(&"Region Värmlands remissvar 2025-03-10".to_owned()));
    assert!(under(&doc, "Förvaltningens beredning")[0].ends_with("den 10 mars 2025: tillstyrker."));
}

#[test]
fn every_placeholder_is_highlighted_and_nothing_else() {
    let bytes = build_tjansteskrivelse(&input(), &eda(), CREATED).unwrap();
    let document = golden::zip_part(&bytes, "word/document.xml");
    let runs: Vec<&str> = document
        .split("<w:r>")
        .skip(1)
        .map(|r| r.split("</w:r>").next().unwrap_or_default())
        .collect();
    let placeholders: Vec<&&str> = runs.iter().filter(|r| r.contains("fylls i av")).collect();
    assert!(
        placeholders.len() >= 10,
        "the header fields and the party's own texts are placeholders: {}",
        placeholders.len()
    );
    for run in &runs {
        let placeholder = run.contains("fylls i av") || run.contains("Fylls i av");
        assert_eq!(
            run.contains(r#"<w:highlight w:val="yellow" />"#),
            placeholder,
            "a run is highlighted exactly when it is a placeholder: {run}"
        );
    }
}

#[test]
fn missiv_read_back_has_the_statement_the_request_and_where_to_send_the_protokollsutdrag() {
    let input = input();
    let bytes = build_missiv(&input, CREATED).expect("the missiv builds");
    let doc = read_docx(&bytes);
    let title = format!("Missiv om antagande gällande {TITLE}");
    assert_eq!(
        headings(&doc),
        vec![
            h("Title", &title),
            h("Heading 1", "Ställningstagande"),
            h("Heading 1", "Bakgrund"),
            h(
                "Heading 1",
                "Processen framåt och beslut i era respektive organisationer"
            ),
            h("Heading 1", "Skicka in protokollsutdraget"),
            h("Heading 1", "Kontakt"),
            h("Heading 1", "Bilagor"),
        ],
        "the seed missiv's parts as real headings"
    );
    let tables = tables(&doc);
    assert_eq!(
        tables[0],
        [
            ["Handläggare", "Datum", "Diarienummer"],
            ["Sandra Nätt", "2025-05-26", "RS/250201"]
        ],
        "the seed's facts row"
    );
    let text = paragraphs(&doc);
    assert!(text.contains(&format!("Dokument: {TITLE}, version 3")));
    assert!(text.contains(
        &"Mottagare: Region Värmland, Arvika kommun, Eda kommun, Karlstads kommun och Årjängs kommun".to_owned()
    ), "every party by its full name: {text:?}");
    assert_eq!(
        under(&doc, "Ställningstagande"),
        [
            "Vid mötet den 8 maj 2025 gjorde Ordföranderådet ett ställningstagande enligt följande:".to_owned(),
            format!("1.\t{POINT_1}"),
            format!("2.\t{POINT_2}"),
            format!("Ställningstagandet innebär en rekommendation till samtliga parter att fatta beslut om att anta och arbeta i enlighet med ”{TITLE}”."),
        ],
        "the forum's ställningstagande, point by point, and its recommendation"
    );
    let process = under(
        &doc,
        "Processen framåt och beslut i era respektive organisationer",
    );
    assert!(
        process[0]
            .starts_with("Vi ber varje part att så snart som möjligt fatta beslut om att anta"),
        "the request to decide, without a last day: {process:?}"
    );
    assert_eq!(
        under(&doc, "Skicka in protokollsutdraget"),
        [
            "För att underlätta samordningen av den fortsatta processen ber vi er att, efter att beslutet är fattat, skicka in ert protokollsutdrag till diariet@regionvarmland.se med diarienummer RS/250201 i ämnesraden.",
            "Skickas till: diariet@regionvarmland.se",
            "Ämnesrad: RS/250201",
        ],
        "where the protokollsutdrag goes and what its subject line quotes"
    );
    let contact = under(&doc, "Kontakt");
    assert_eq!(
        contact[0],
        "Har ni frågor eller funderingar är ni välkomna att höra av er till mig. Jag nås på e-post sandra.natt@regionvarmland.se eller på telefon 010-833 10 01."
    );
    assert!(contact.contains(&"Sandra Nätt\nRegion Värmland, Nya perspektiv".to_owned()));
    assert_eq!(
        under(&doc, "Bilagor"),
        [
            format!("•\t{TITLE}, version 3"),
            "•\tFörslag till tjänsteskrivelse, ett per part".to_owned()
        ]
    );
    assert_eq!(doc["language"], "sv-SE");
    assert_accessible_xml(&bytes, &title);
}

#[test]
fn missiv_with_a_last_day_and_no_recommendation_says_so() {
    let mut input = input();
    input.decide_by = Some(date("2025-12-31"));
    input.statement.recommends_adoption = false;
    input.summary = String::new();
    let doc = read_docx(&build_missiv(&input, CREATED).unwrap());
    let process = under(
        &doc,
        "Processen framåt och beslut i era respektive organisationer",
    );
    assert!(
        process[0].starts_with("Vi ber varje part att senast den 31 december 2025 fatta beslut"),
        "the last day to decide: {process:?}"
    );
    let statement = under(&doc, "Ställningstagande");
    assert_eq!(
        statement.len(),
        3,
        "the points, and no recommendation: {statement:?}"
    );
    assert!(
        !headings(&doc).iter().any(|(_, t)| t == "Bakgrund"),
        "no Bakgrund without a summary"
    );
}

#[test]
fn user_text_reaches_both_documents_escaped_and_intact() {
    let mut input = input();
    input.document_title = format!("Riktlinje {TRICKY}");
    input.statement.forum = "Forum <&> \"VR\"".to_owned();
    input.statement.points = vec![TRICKY.to_owned()];
    input.summary = TRICKY.to_owned();
    input.contact.name = "Åsa <Ö> & \"Nätt\"".to_owned();
    let tricky = party(
        TRICKY_PARTY,
        PartyKind::Kommun,
        Some(("Tillstyrker med synpunkter", "2025-03-05")),
    );
    input.parties.push(tricky.clone());
    let full = format!("{TRICKY_PARTY} kommun");

    let missiv = read_docx(&build_missiv(&input, CREATED).unwrap());
    let text = paragraphs(&missiv);
    assert_eq!(
        missiv["title"],
        format!("Missiv om antagande gällande Riktlinje {TRICKY}")
    );
    assert!(
        text.contains(&format!("1.\t{TRICKY}")),
        "the point, intact: {text:?}"
    );
    assert!(text.contains(&TRICKY.to_owned()), "the summary, intact");
    assert!(
        text.iter().any(|p| p.contains(&full)),
        "the party's name, intact, among the recipients: {text:?}"
    );
    assert!(text
        .iter()
        .any(|p| p.contains("gjorde Forum <&> \"VR\" ett ställningstagande")));
    assert_eq!(tables(&missiv)[0][1][0], "Åsa <Ö> & \"Nätt\"");

    let doc = read_docx(&build_tjansteskrivelse(&input, &tricky, CREATED).unwrap());
    let text = paragraphs(&doc);
    assert_eq!(text[0], format!("Tjänsteskrivelse – {full}"));
    assert_eq!(
        doc["title"],
        format!("Förslag till tjänsteskrivelse – Riktlinje {TRICKY} – {full}")
    );
    assert!(text.contains(&format!("1.\t{TRICKY}")));
    assert!(
        under(&doc, "Förslag till beslut")[0]
            .starts_with(&format!("Kommunstyrelsen i {full} föreslår kommunfullmäktige besluta att anta ”Riktlinje {TRICKY}”")),
        "the proposal with the party's name and the title intact"
    );
    assert!(under(&doc, "Förvaltningens beredning")[0]
        .starts_with(&format!("{full} lämnade remissvar")));
}

#[test]
fn bad_input_is_refused_in_swedish() {
    let mut no_points = input();
    no_points.statement.points = vec!["   ".to_owned()];
    no_points.statement.forum = " ".to_owned();
    no_points.registry_address = "diariet@".to_owned();
    no_points.decide_by = Some(date("2025-05-01"));
    let err = build_missiv(&no_points, CREATED).expect_err("no points, no forum, bad address");
    let Error::Invalid(fields) = &err else {
        panic!("bad input should be Error::Invalid, was {err:?}");
    };
    let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(
        names,
        ["forum", "points", "decide_by", "registry_address"],
        "each problem named: {fields:?}"
    );
    assert!(
        fields[1].message.contains("minst en punkt"),
        "{}",
        fields[1].message
    );
    assert!(
        build_tjansteskrivelse(&no_points, &eda(), CREATED).is_err(),
        "the förslag refuses the same input"
    );
    let nameless = party("  ", PartyKind::Kommun, None);
    let err =
        build_tjansteskrivelse(&input(), &nameless, CREATED).expect_err("a party without a name");
    assert!(
        err.to_string().contains("saknar namn")
            || matches!(&err, Error::Invalid(f) if f[0].message.contains("saknar namn")),
        "{err:?}"
    );
}

#[test]
fn file_names_are_safe_and_name_the_party() {
    assert_eq!(
        tjansteskrivelse_file_name(&eda()),
        "Förslag till tjänsteskrivelse - Eda kommun.docx"
    );
    let name = tjansteskrivelse_file_name(&party(TRICKY_PARTY, PartyKind::Kommun, None));
    assert!(
        name.ends_with(" kommun.docx")
            && name.starts_with("Förslag till tjänsteskrivelse - Säffle & -Åmål- -test- 🏞"),
        "forbidden characters replaced, the rest kept: {name}"
    );
    assert!(!name.contains(['<', '>', '"']), "{name}");
    let missiv = missiv_file_name(&input());
    assert_eq!(
        missiv,
        format!("Missiv om antagande - {TITLE}.docx"),
        "the missiv's name"
    );
    assert_eq!(fill_in_text(PartyKind::Kommun, ""), "[Fylls i av kommunen]");
}

// Golden files (see golden.rs; regenerate with
// `SAMDOK_BLESS=1 cargo test -p samdok --test testsuite golden`).

#[test]
fn adoption_missiv_matches_the_golden_file() {
    let bytes = build_missiv(&input(), CREATED).unwrap();
    golden::assert_matches(
        "adoption-missiv-document.xml",
        &golden::xml(&golden::zip_part(&bytes, "word/document.xml")),
    );
}

#[test]
fn adoption_tjansteskrivelse_matches_the_golden_file() {
    let bytes = build_tjansteskrivelse(&input(), &eda(), CREATED).unwrap();
    golden::assert_matches(
        "adoption-tjansteskrivelse-document.xml",
        &golden::xml(&golden::zip_part(&bytes, "word/document.xml")),
    );
}
