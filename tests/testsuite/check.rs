//! The structure check on .docx files built here, in code: documents on the
//! template saved the ways Word and LibreOffice save them, documents that
//! break one rule each, and files that are not readable Word documents at
//! all (which must give a Swedish `unreadable_docx` error, never a panic).

use std::io::{Cursor, Write};

use samdok::drafts::check::{check_bytes, check_file, CheckReport, ItemStatus};
use samdok::drafts::generate::{self, DraftContent};
use samdok::template::template;
use zip::write::SimpleFileOptions;

// ---------------------------------------------------------------------------
// Building .docx files

pub(crate) const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

pub(crate) const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

/// A zip of the given entries, deflated, as a real zip library writes it.
pub(crate) fn package(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in entries {
        zip.start_file(*name, SimpleFileOptions::default())
            .expect("an entry can be started");
        zip.write_all(data).expect("an entry can be written");
    }
    zip.finish().expect("the zip can be finished").into_inner()
}

pub(crate) fn document_xml(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    )
}

pub(crate) fn styles_xml(styles: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W}"><w:docDefaults/>{styles}</w:styles>"#
    )
}

/// A .docx with this body and these style definitions.
pub(crate) fn docx(body: &str, styles: &str) -> Vec<u8> {
    package(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("word/document.xml", document_xml(body).as_bytes()),
        ("word/styles.xml", styles_xml(styles).as_bytes()),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.as_bytes()),
    ])
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

pub(crate) fn paragraph(style_id: &str, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:pStyle w:val="{style_id}"/></w:pPr><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
        escape(text)
    )
}

fn plain(text: &str) -> String {
    format!(
        r#"<w:p><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
        escape(text)
    )
}

/// Styles as Word in Swedish saves them: localized ids, English names,
/// outline levels on the heading styles.
const WORD_SV_STYLES: &str = r#"
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:styleId="Rubrik1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:link w:val="Rubrik1Char"/><w:uiPriority w:val="9"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="240"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:sz w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Rubrik2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:link w:val="Rubrik2Char"/><w:uiPriority w:val="9"/><w:unhideWhenUsed/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:outlineLvl w:val="1"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Rubrik"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:styleId="Innehllsfrteckningsrubrik"><w:name w:val="TOC Heading"/><w:basedOn w:val="Rubrik1"/><w:next w:val="Normal"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Innehll1"><w:name w:val="toc 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:autoRedefine/></w:style>
<w:style w:type="paragraph" w:styleId="SamdokPlaceholder"><w:name w:val="Samdok platshållare"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="character" w:styleId="Rubrik1Char"><w:name w:val="Rubrik 1 Char"/><w:link w:val="Rubrik1"/></w:style>
"#;

/// Swedish Word's ids and names without outline levels: the names decide.
const WORD_SV_STYLES_NO_OUTLINE: &str = r#"
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Rubrik1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Rubrik2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/></w:style>
"#;

/// LibreOffice's way: "Heading N" based on "Heading", no outline levels.
const LIBREOFFICE_STYLES: &str = r#"
<w:style w:type="paragraph" w:styleId="Normal" w:default="1"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading"><w:name w:val="Heading"/><w:basedOn w:val="Normal"/><w:next w:val="TextBody"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="Heading 1"/><w:basedOn w:val="Heading"/><w:next w:val="TextBody"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="Heading 2"/><w:basedOn w:val="Heading"/><w:next w:val="TextBody"/></w:style>
<w:style w:type="paragraph" w:styleId="TextBody"><w:name w:val="Body Text"/><w:basedOn w:val="Normal"/></w:style>
"#;

/// Localized names with ids that say nothing.
const LOCALIZED_STYLES: &str = r#"
<w:style w:type="paragraph" w:styleId="P0" w:default="1"><w:name w:val="Standard"/></w:style>
<w:style w:type="paragraph" w:styleId="P1"><w:name w:val="Rubrik 1"/><w:basedOn w:val="P0"/></w:style>
<w:style w:type="paragraph" w:styleId="P2"><w:name w:val="Rubrik 2"/><w:basedOn w:val="P0"/></w:style>
"#;

/// The template's headings with their levels, in order.
pub(crate) fn template_outline() -> Vec<(String, u8)> {
    template()
        .expect("the template loads")
        .sections
        .iter()
        .map(|s| (s.heading.clone(), s.level))
        .collect()
}

/// A body with these headings, each followed by a line of text, with the
/// heading paragraphs written by `heading(level, text)`.
fn body_of(outline: &[(String, u8)], heading: impl Fn(u8, &str) -> String) -> String {
    outline
        .iter()
        .map(|(text, level)| {
            format!(
                "{}{}",
                heading(*level, text),
                plain("Text som gruppen har skrivit.")
            )
        })
        .collect()
}

fn swedish_word(level: u8, text: &str) -> String {
    paragraph(&format!("Rubrik{level}"), text)
}

/// A document saved by Swedish Word with these headings.
pub(crate) fn word_docx(outline: &[(String, u8)]) -> Vec<u8> {
    docx(&body_of(outline, swedish_word), WORD_SV_STYLES)
}

fn check(bytes: &[u8]) -> CheckReport {
    check_bytes(bytes).expect("the document is readable")
}

fn item<'a>(report: &'a CheckReport, code: &str) -> &'a samdok::drafts::check::ItemResult {
    report
        .items
        .iter()
        .find(|i| i.code == code)
        .unwrap_or_else(|| panic!("the report has an item {code}"))
}

/// The items that are not present, with their status.
fn problems(report: &CheckReport) -> Vec<(String, ItemStatus)> {
    report
        .items
        .iter()
        .filter(|i| i.status != ItemStatus::Present)
        .map(|i| (i.code.clone(), i.status))
        .collect()
}

fn position(outline: &[(String, u8)], text: &str) -> usize {
    outline
        .iter()
        .position(|(t, _)| t == text)
        .unwrap_or_else(|| panic!("the template has a heading {text}"))
}

// ---------------------------------------------------------------------------
// Documents on the template

#[test]
fn every_template_heading_at_its_level_complies() {
    let outline = template_outline();
    let report = check(&word_docx(&outline));

    assert!(
        report.complies,
        "the template's own headings comply: {:?}",
        problems(&report)
    );
    assert_eq!(
        report.template_version,
        template().expect("template").template_version
    );
    let found: Vec<(String, u8)> = report
        .headings
        .iter()
        .map(|h| (h.text.clone(), h.level))
        .collect();
    assert_eq!(
        found, outline,
        "every heading is found, in order, with its level"
    );
    assert!(report
        .headings
        .iter()
        .enumerate()
        .all(|(i, h)| h.index == i));
    assert_eq!(
        report.headings[0].style, "heading 1",
        "the style name as in the file"
    );
    assert!(report.placeholders.is_empty());

    let mandatory = &template().expect("template").mandatory;
    let codes: Vec<&str> = report.items.iter().map(|i| i.code.as_str()).collect();
    let expected: Vec<&str> = mandatory.iter().map(|m| m.code.as_str()).collect();
    assert_eq!(
        codes, expected,
        "one item per mandatory item, in the template's order"
    );
    for item in &report.items {
        let heading = item
            .heading
            .as_ref()
            .unwrap_or_else(|| panic!("{} names its heading", item.code));
        assert_eq!(item.message, format!("Finns: «{}».", heading.text));
    }
    assert_eq!(
        item(&report, "syfte")
            .heading
            .as_ref()
            .map(|h| h.text.as_str()),
        Some("Syfte")
    );
    // The template's one heading for deviations and disputes satisfies both.
    let avvikelser = item(&report, "avvikelser").heading.clone();
    assert_eq!(
        avvikelser.as_ref().map(|h| h.text.as_str()),
        Some("Avvikelsehantering och hantering av tvister")
    );
    assert_eq!(avvikelser, item(&report, "tvister").heading.clone());
}

#[test]
fn the_report_serialises_for_the_cli_and_the_window() {
    let mut outline = template_outline();
    outline.retain(|(t, _)| t != "Mål");
    let json = serde_json::to_value(check(&word_docx(&outline))).expect("the report serialises");
    assert_eq!(json["complies"], false);
    assert_eq!(json["items"][3]["code"], "mal");
    assert_eq!(json["items"][3]["status"], "missing");
    assert_eq!(json["items"][3]["heading"], serde_json::Value::Null);
    assert_eq!(json["items"][0]["status"], "present");
    assert_eq!(json["items"][0]["heading"]["level"], 1);
    assert_eq!(json["headings"][0]["style"], "heading 1");
    assert!(json["placeholders"].is_array());
}

#[test]
fn a_removed_heading_is_missing() {
    let mut outline = template_outline();
    outline.retain(|(t, _)| t != "Mål");
    let report = check(&word_docx(&outline));
    assert!(!report.complies);
    assert_eq!(problems(&report), [("mal".to_owned(), ItemStatus::Missing)]);
    let mal = item(&report, "mal");
    assert_eq!(mal.heading, None);
    assert_eq!(mal.message, "Saknas: lägg till rubriken «Mål» (Rubrik 1).");
}

#[test]
fn a_missing_sub_heading_says_where_it_belongs() {
    let mut outline = template_outline();
    outline.retain(|(t, _)| t != "Indikatorer");
    let report = check(&word_docx(&outline));
    assert_eq!(
        problems(&report),
        [("indikatorer".to_owned(), ItemStatus::Missing)]
    );
    assert_eq!(
        item(&report, "indikatorer").message,
        "Saknas: lägg till rubriken «Indikatorer» (Rubrik 2) under «Plan för uppföljning»."
    );
}

#[test]
fn the_guidelines_own_two_headings_for_disputes_and_deviations_satisfy_both_items() {
    // The guideline itself writes "Hantering av tvister" and
    // "Avvikelsehantering" where the template has one combined heading.
    let mut outline = template_outline();
    let at = position(&outline, "Avvikelsehantering och hantering av tvister");
    outline.splice(
        at..=at,
        [
            ("Hantering av tvister".to_owned(), 1),
            ("Avvikelsehantering".to_owned(), 1),
        ],
    );
    let report = check(&word_docx(&outline));
    assert!(report.complies, "{:?}", problems(&report));
    let heading = |code| item(&report, code).heading.as_ref().map(|h| h.text.clone());
    assert_eq!(heading("tvister").as_deref(), Some("Hantering av tvister"));
    assert_eq!(heading("avvikelser").as_deref(), Some("Avvikelsehantering"));
}

#[test]
fn an_accepted_alternative_wording_satisfies_the_item() {
    let mut outline = template_outline();
    let at = position(
        &outline,
        "Hänvisning till lagstiftning och andra relevanta dokument",
    );
    outline[at].0 = "Lagstöd".to_owned();
    let report = check(&word_docx(&outline));
    assert!(report.complies, "{:?}", problems(&report));
}

#[test]
fn an_unknown_wording_does_not_satisfy_the_item() {
    let mut outline = template_outline();
    let at = position(&outline, "Syfte");
    outline[at].0 = "Bakgrund".to_owned();
    let report = check(&word_docx(&outline));
    assert_eq!(
        problems(&report),
        [("syfte".to_owned(), ItemStatus::Missing)]
    );
}

#[test]
fn a_moved_heading_alone_is_out_of_order() {
    let mut outline = template_outline();
    let syfte = outline.remove(position(&outline, "Syfte"));
    let after = position(&outline, "Ansvarsfördelning");
    outline.insert(after + 1, syfte);
    let report = check(&word_docx(&outline));
    assert_eq!(
        problems(&report),
        [("syfte".to_owned(), ItemStatus::OutOfOrder)],
        "only the moved heading is flagged, not those after it"
    );
    assert_eq!(
        item(&report, "syfte").message,
        "Står i fel ordning: efter «Ansvarsfördelning»."
    );
}

#[test]
fn a_heading_moved_to_the_front_is_out_of_order() {
    let mut outline = template_outline();
    let komm = outline.remove(position(&outline, "Kommunikation och publicering"));
    outline.insert(0, komm);
    let report = check(&word_docx(&outline));
    assert_eq!(
        problems(&report),
        [("kommunikation".to_owned(), ItemStatus::OutOfOrder)]
    );
    assert_eq!(
        item(&report, "kommunikation").message,
        "Står i fel ordning: före «Syfte»."
    );
}

#[test]
fn order_free_items_may_stand_anywhere() {
    let mut outline = template_outline();
    let ordlista = outline.remove(position(&outline, "Ordlista och gemensamma begrepp"));
    outline.insert(0, ordlista);
    let report = check(&word_docx(&outline));
    assert!(report.complies, "{:?}", problems(&report));
}

#[test]
fn a_demoted_heading_is_on_the_wrong_level() {
    let mut outline = template_outline();
    let at = position(&outline, "Syfte");
    outline[at].1 = 2;
    let report = check(&word_docx(&outline));
    assert!(!report.complies);
    assert_eq!(
        problems(&report),
        [("syfte".to_owned(), ItemStatus::WrongLevel)]
    );
    assert_eq!(
        item(&report, "syfte").message,
        "Står på fel nivå: Rubrik 2 i stället för Rubrik 1."
    );
    assert_eq!(item(&report, "syfte").expected_level, 1);
}

#[test]
fn sub_headings_cut_off_from_their_parent_are_out_of_order() {
    let mut outline = template_outline();
    let at = position(&outline, "Plan för uppföljning");
    outline.insert(at + 1, ("Bakgrund".to_owned(), 1));
    let report = check(&word_docx(&outline));
    assert_eq!(
        problems(&report),
        [
            ("indikatorer".to_owned(), ItemStatus::OutOfOrder),
            ("uppfoljning".to_owned(), ItemStatus::OutOfOrder)
        ]
    );
    assert_eq!(
        item(&report, "indikatorer").message,
        "Står i fel ordning: ska stå under «Plan för uppföljning»."
    );
}

// ---------------------------------------------------------------------------
// The ways headings are saved

#[test]
fn swedish_word_styles_known_by_name_alone_comply() {
    let outline = template_outline();
    let report = check(&docx(
        &body_of(&outline, swedish_word),
        WORD_SV_STYLES_NO_OUTLINE,
    ));
    assert!(report.complies, "{:?}", problems(&report));
    assert_eq!(report.headings.len(), outline.len());
}

#[test]
fn libreoffice_styles_comply() {
    let outline = template_outline();
    let body = body_of(&outline, |level, text| {
        paragraph(&format!("Heading{level}"), text)
    });
    let report = check(&docx(&body, LIBREOFFICE_STYLES));
    assert!(report.complies, "{:?}", problems(&report));
    assert_eq!(report.headings[0].style, "Heading 1");
}

#[test]
fn localized_style_names_comply() {
    let outline = template_outline();
    let body = body_of(&outline, |level, text| {
        paragraph(&format!("P{level}"), text)
    });
    let report = check(&docx(&body, LOCALIZED_STYLES));
    assert!(report.complies, "{:?}", problems(&report));
    assert_eq!(report.headings[0].style, "Rubrik 1");
}

#[test]
fn headings_marked_only_by_outline_level_comply() {
    let outline = template_outline();
    let body = body_of(&outline, |level, text| {
        format!(
            r#"<w:p><w:pPr><w:outlineLvl w:val="{}"/></w:pPr><w:r><w:t>{}</w:t></w:r></w:p>"#,
            level - 1,
            escape(text)
        )
    });
    let report = check(&docx(&body, ""));
    assert!(report.complies, "{:?}", problems(&report));
    assert!(
        report.headings.iter().all(|h| h.style.is_empty()),
        "no style name when the level is the paragraph's own"
    );
}

#[test]
fn a_document_without_styles_part_is_read_by_style_ids() {
    let outline = template_outline();
    let body = body_of(&outline, |level, text| {
        paragraph(&format!("Heading{level}"), text)
    });
    let bytes = package(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("word/document.xml", document_xml(&body).as_bytes()),
    ]);
    let report = check(&bytes);
    assert!(report.complies, "{:?}", problems(&report));
}

#[test]
fn numbered_headings_comply() {
    let outline: Vec<(String, u8)> = template_outline()
        .into_iter()
        .enumerate()
        .map(|(n, (text, level))| {
            if level == 1 {
                (format!("{}. {text}", n + 1), level)
            } else {
                (format!("{}.1 {text}", n + 1), level)
            }
        })
        .collect();
    let report = check(&word_docx(&outline));
    assert!(report.complies, "{:?}", problems(&report));
    assert_eq!(
        item(&report, "syfte")
            .heading
            .as_ref()
            .map(|h| h.text.as_str()),
        Some("4. Syfte")
    );
}

#[test]
fn heading_text_split_over_runs_and_revisions_is_read_as_shown() {
    let mut outline = template_outline();
    outline.retain(|(t, _)| t != "Syfte");
    let syfte = r#"<w:p><w:pPr><w:pStyle w:val="Rubrik1"/></w:pPr><w:r><w:t>Sy</w:t></w:r><w:ins w:id="1" w:author="A"><w:r><w:t>f</w:t></w:r></w:ins><w:del w:id="2" w:author="A"><w:r><w:delText>ff</w:delText></w:r></w:del><w:hyperlink r:id="rId9"><w:r><w:t>te</w:t></w:r></w:hyperlink></w:p>"#;
    let body = format!("{syfte}{}", body_of(&outline, swedish_word));
    let report = check(&docx(&body, WORD_SV_STYLES));
    assert_eq!(
        item(&report, "syfte").status,
        ItemStatus::Present,
        "{:?}",
        problems(&report)
    );
    assert_eq!(report.headings[0].text, "Syfte");
}

#[test]
fn the_title_and_the_table_of_contents_are_not_headings() {
    let outline = template_outline();
    // A title, a TOC heading and a table of contents whose entries carry
    // the template's headings — one of them even with an outline level of
    // its own — before the real headings.
    let toc_entries: String = outline
        .iter()
        .map(|(text, _)| paragraph("Innehll1", text))
        .collect();
    let front = format!(
        "{title}{toc_heading}\
         <w:p><w:pPr><w:pStyle w:val=\"Innehll1\"/></w:pPr><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> TOC \\o \"1-3\" \\h \\z \\u </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>Syfte</w:t></w:r></w:p>\
         <w:p><w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr><w:r><w:t>Mål</w:t></w:r></w:p>\
         {toc_entries}<w:p><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>",
        title = paragraph("Rubrik", "Syfte"),
        toc_heading = paragraph("Innehllsfrteckningsrubrik", "Innehållsförteckning"),
    );
    let body = format!("{front}{}", body_of(&outline, swedish_word));
    let report = check(&docx(&body, WORD_SV_STYLES));
    let found: Vec<(String, u8)> = report
        .headings
        .iter()
        .map(|h| (h.text.clone(), h.level))
        .collect();
    assert_eq!(found, outline, "only the real headings are headings");
    assert!(report.complies, "{:?}", problems(&report));
}

// ---------------------------------------------------------------------------
// Placeholders

#[test]
fn guidance_left_in_place_is_listed_under_its_heading() {
    let tpl = template().expect("template");
    let mut body = String::new();
    for section in &tpl.sections {
        body.push_str(&swedish_word(section.level, &section.heading));
        for guidance in &section.guidance {
            if section.heading == "Mål" {
                // Spacing changed by the editor still counts as the guidance.
                body.push_str(&plain(&format!("  {}  ", guidance.replace(' ', "  "))));
            } else if section.heading != "Syfte" {
                body.push_str(&plain(guidance));
            }
        }
        if section.heading == "Syfte" {
            body.push_str(&plain("Syftet är att invånaren får en sammanhållen vård."));
        }
    }
    let report = check(&docx(&body, WORD_SV_STYLES));
    assert!(
        report.complies,
        "placeholders do not affect compliance: {:?}",
        problems(&report)
    );
    let sections: Vec<&str> = report
        .placeholders
        .iter()
        .map(|p| p.section.as_str())
        .collect();
    let expected: Vec<&str> = tpl
        .sections
        .iter()
        .filter(|s| s.heading != "Syfte")
        .flat_map(|s| s.guidance.iter().map(move |_| s.heading.as_str()))
        .collect();
    assert_eq!(
        sections, expected,
        "one placeholder per guidance text left, under its heading"
    );
    let mal = report
        .placeholders
        .iter()
        .find(|p| p.section == "Mål")
        .expect("the re-spaced guidance under Mål is found");
    assert_eq!(mal.text, tpl.section("mal").expect("mal").guidance[0]);
}

#[test]
fn paragraphs_in_the_samdok_placeholder_style_are_placeholders() {
    let outline = template_outline();
    let mut body = body_of(&outline, swedish_word);
    body.push_str(&paragraph(
        "SamdokPlaceholder",
        "Skriv här vilka begrepp som används.",
    ));
    body.push_str(&paragraph("SamdokPlaceholder", "   "));
    let report = check(&docx(&body, WORD_SV_STYLES));
    assert!(report.complies, "{:?}", problems(&report));
    assert_eq!(
        report.placeholders.len(),
        1,
        "an empty placeholder paragraph is not listed"
    );
    assert_eq!(
        report.placeholders[0].section,
        "Ordlista och gemensamma begrepp"
    );
    assert_eq!(
        report.placeholders[0].text,
        "Skriv här vilka begrepp som används."
    );
    assert_eq!(
        report.headings.len(),
        outline.len(),
        "a placeholder is not a heading"
    );
}

// ---------------------------------------------------------------------------
// The generator's own drafts

#[test]
fn a_generated_draft_complies_and_lists_its_guidance_as_placeholders() {
    let content = DraftContent {
        title: "Riktlinje för samverkan kring utskrivning".into(),
        doc_type_name: "Riktlinje".into(),
        version_no: 1,
        parties: vec!["Region Värmland".into(), "Eda".into()],
        legal_basis: "Hälso- och sjukvårdslagen (2017:30)".into(),
        ..DraftContent::default()
    };
    let bytes = generate::build(&content, "2026-11-23T10:00:00Z").expect("a draft is generated");
    let report = check(&bytes);
    assert!(
        report.complies,
        "a fresh draft has every mandatory heading: {:?}",
        problems(&report)
    );

    let found: Vec<(String, u8)> = report
        .headings
        .iter()
        .map(|h| (h.text.clone(), h.level))
        .collect();
    assert_eq!(
        found,
        template_outline(),
        "the title and table of contents are not headings"
    );

    // Guidance stays where the register had nothing to write instead.
    let tpl = template().expect("template");
    let expected: Vec<(String, String)> = tpl
        .sections
        .iter()
        .filter(|s| !matches!(s.key.as_str(), "ingaende-parter" | "lagstiftning"))
        .flat_map(|s| {
            s.guidance
                .iter()
                .map(move |g| (s.heading.clone(), g.clone()))
        })
        .collect();
    let placeholders: Vec<(String, String)> = report
        .placeholders
        .iter()
        .map(|p| (p.section.clone(), p.text.clone()))
        .collect();
    assert_eq!(placeholders, expected);
}

// ---------------------------------------------------------------------------
// Files that are not readable Word documents

/// Asserts an `unreadable_docx` error whose message has every fragment.
fn assert_unreadable(result: samdok::Result<CheckReport>, fragments: &[&str]) {
    let err = match result {
        Ok(report) => panic!("expected an unreadable_docx error, got a report: {report:?}"),
        Err(err) => err,
    };
    assert_eq!(err.code(), "unreadable_docx", "{err}");
    let message = err.to_string();
    for fragment in fragments {
        assert!(
            message.contains(fragment),
            "the message «{message}» should say «{fragment}»"
        );
    }
}

#[test]
fn plain_text_renamed_to_docx_is_not_a_word_document() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("anteckningar.docx");
    std::fs::write(&path, "Syfte\nMål\n").expect("the file is written");
    assert_unreadable(check_file(&path), &["inte ett Word-dokument", ".docx"]);
}

#[test]
fn a_truncated_zip_is_damaged() {
    let bytes = word_docx(&template_outline());
    assert_unreadable(
        check_bytes(&bytes[..bytes.len() / 2]),
        &["inte ett Word-dokument", "skadad"],
    );
}

#[test]
fn a_zip_without_a_document_part_is_not_a_word_document() {
    let without_body = package(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("word/styles.xml", styles_xml("").as_bytes()),
    ]);
    assert_unreadable(check_bytes(&without_body), &["word/document.xml", "saknas"]);

    let any_zip = package(&[("bild.png", b"not really"), ("readme.txt", b"hej")]);
    assert_unreadable(
        check_bytes(&any_zip),
        &["zip-arkiv men inget Word-dokument"],
    );

    let spreadsheet = package(&[(
        "[Content_Types].xml",
        br#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#,
    )]);
    assert_unreadable(check_bytes(&spreadsheet), &["inget Word-dokument"]);
}

#[test]
fn an_opendocument_file_is_named_as_such() {
    let odt = package(&[
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ("content.xml", b"<office:document-content/>"),
    ]);
    assert_unreadable(
        check_bytes(&odt),
        &[".odt", "Spara den som Word-dokument (.docx)"],
    );
}

#[test]
fn an_old_doc_or_password_protected_file_says_so() {
    // Both are OLE compound files; Word puts an encrypted .docx in one.
    let mut cfb = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    cfb.resize(4096, 0);
    assert_unreadable(
        check_bytes(&cfb),
        &[
            "äldre Word-format (.doc)",
            "lösenordsskyddad",
            "utan lösenord",
        ],
    );
}

#[test]
fn an_encrypted_zip_entry_says_so() {
    let document = document_xml(&plain("Syfte"));
    let bytes = raw_zip(&[
        RawEntry::stored("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        RawEntry {
            flags: 1, // "encrypted"
            ..RawEntry::stored("word/document.xml", document.as_bytes())
        },
    ]);
    assert_unreadable(check_bytes(&bytes), &["krypterad", "utan lösenord"]);
}

#[test]
fn malformed_xml_in_the_document_is_damaged() {
    let bytes = package(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        (
            "word/document.xml",
            format!(r#"<w:document xmlns:w="{W}"><w:body><w:p></w:r>"#).as_bytes(),
        ),
    ]);
    assert_unreadable(
        check_bytes(&bytes),
        &["skadad", "word/document.xml", "inte giltig XML"],
    );
}

#[test]
fn an_empty_file_a_folder_and_a_missing_file_are_refused_in_swedish() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let empty = dir.path().join("tom.docx");
    std::fs::write(&empty, b"").expect("the file is written");
    assert_unreadable(check_file(&empty), &["tom"]);
    assert_unreadable(check_file(dir.path()), &["mapp"]);
    assert_unreadable(
        check_file(&dir.path().join("finns-inte.docx")),
        &["finns inte"],
    );
}

#[test]
fn a_file_over_64_mb_is_refused_without_being_read() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("stor.docx");
    // Sparse: 200 MB long, nothing written.
    let file = std::fs::File::create(&path).expect("the file is created");
    file.set_len(200 * 1024 * 1024).expect("the length is set");
    drop(file);
    assert_unreadable(check_file(&path), &["större än 64 MB"]);

    // The same limit for bytes already in memory (a zeroed allocation is
    // not touched, so this costs nothing).
    let bytes = vec![0u8; 64 * 1024 * 1024 + 1];
    assert_unreadable(check_bytes(&bytes), &["större än 64 MB"]);
}

#[test]
fn a_zip_bomb_with_honest_sizes_is_refused_before_unpacking() {
    let (deflated, unpacked) = deflated_spaces(1 << 30);
    let bytes = raw_zip(&[
        RawEntry::stored("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        RawEntry::deflated("word/document.xml", &deflated, unpacked),
    ]);
    // No timing here (speed lives in benchmarks): without the limits the
    // bomb unpacks into a valid document and the check returns Ok.
    assert_unreadable(
        check_bytes(&bytes),
        &["packas upp till", "Kontrollera att det är rätt fil"],
    );
}

#[test]
fn a_zip_bomb_that_lies_about_its_size_is_stopped_while_unpacking() {
    let (deflated, _) = deflated_spaces(1 << 30);
    let bytes = raw_zip(&[
        RawEntry::stored("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        // Declares 10 kB; unpacks to 1 GiB.
        RawEntry::deflated("word/document.xml", &deflated, 10_000),
    ]);
    // No timing here (speed lives in benchmarks): without the limits the
    // bomb unpacks into a valid document and the check returns Ok.
    assert_unreadable(
        check_bytes(&bytes),
        &["packas upp till", "Kontrollera att det är rätt fil"],
    );
}

#[test]
fn an_absurd_compression_ratio_is_refused_whether_declared_or_not() {
    // 8 MB of spaces deflate about a thousand times: under the 32 MB limit,
    // far over any real document's ratio.
    let spaces = format!("{}{}{}", spaces_head(), " ".repeat(8 << 20), SPACES_TAIL);
    let honest = package(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("word/document.xml", spaces.as_bytes()),
    ]);
    assert_unreadable(check_bytes(&honest), &["onormalt hårt komprimerad"]);

    // The same stream declaring a harmless 10 kB is stopped while unpacking.
    let mut archive = zip::ZipArchive::new(Cursor::new(&honest)).expect("a valid zip");
    let mut deflated = Vec::new();
    let index = archive.index_for_name("word/document.xml").expect("entry");
    std::io::Read::read_to_end(
        &mut archive.by_index_raw(index).expect("entry"),
        &mut deflated,
    )
    .expect("the raw stream is read");
    let lying = raw_zip(&[
        RawEntry::stored("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        RawEntry::deflated("word/document.xml", &deflated, 10_000),
    ]);
    assert_unreadable(check_bytes(&lying), &["onormalt hårt komprimerad"]);
}

#[test]
fn a_bomb_in_a_part_the_check_does_not_read_is_harmless() {
    // Only [Content_Types].xml, the document and its styles are unpacked.
    let document = document_xml(&body_of(&template_outline(), |level, text| {
        paragraph(&format!("Heading{level}"), text)
    }));
    let (deflated, unpacked) = deflated_spaces(1 << 30);
    let bytes = raw_zip(&[
        RawEntry::stored("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        RawEntry::stored("word/document.xml", document.as_bytes()),
        RawEntry::deflated("word/media/image1.png", &deflated, unpacked),
    ]);
    let report = check(&bytes);
    assert!(report.complies, "{:?}", problems(&report));
}

#[test]
fn a_zip_of_too_many_entries_is_refused() {
    let names: Vec<String> = (0..=10_000)
        .map(|i| format!("word/media/{i}.bin"))
        .collect();
    let mut entries = vec![RawEntry::stored(
        "[Content_Types].xml",
        CONTENT_TYPES.as_bytes(),
    )];
    entries.extend(names.iter().map(|name| RawEntry::stored(name, b"")));
    assert_unreadable(check_bytes(&raw_zip(&entries)), &["orimligt många delar"]);
}

#[test]
fn the_hand_made_deflate_stream_is_valid() {
    // Guards the two tests above: their refusal must come from the size,
    // not from a broken stream.
    let (deflated, unpacked) = deflated_spaces(100_000);
    let expected = format!(
        "{}{}{}",
        spaces_head(),
        " ".repeat(unpacked as usize - spaces_head().len() - SPACES_TAIL.len()),
        SPACES_TAIL
    );
    let bytes = raw_zip(&[
        RawEntry::stored("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        RawEntry {
            crc: crc32(expected.as_bytes()),
            ..RawEntry::deflated("word/document.xml", &deflated, unpacked)
        },
    ]);
    let mut archive = zip::ZipArchive::new(Cursor::new(&bytes)).expect("a valid zip");
    let mut text = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("word/document.xml").expect("entry"),
        &mut text,
    )
    .expect("the stream inflates");
    assert_eq!(text, expected);
    let report = check_bytes(&bytes).expect("a document of spaces is readable");
    assert!(report.headings.is_empty());
}

#[test]
fn damaged_variants_of_a_good_file_never_panic() {
    let good = word_docx(&template_outline());
    let mut seed: u64 = 0x5EED;
    let mut next = move || {
        // xorshift: deterministic, no dependency.
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for round in 0..400 {
        let mut bytes = good.clone();
        if round % 4 == 0 {
            bytes.truncate((next() as usize) % bytes.len());
        } else {
            for _ in 0..1 + round % 8 {
                let at = (next() as usize) % bytes.len();
                bytes[at] = next() as u8;
            }
        }
        match check_bytes(&bytes) {
            Ok(_) => {}
            Err(err) => assert_eq!(err.code(), "unreadable_docx", "round {round}: {err}"),
        }
    }
}

// ---------------------------------------------------------------------------
// Hostile zips, written byte by byte

pub(crate) struct RawEntry<'a> {
    pub(crate) name: &'a str,
    pub(crate) method: u16,
    pub(crate) flags: u16,
    pub(crate) crc: u32,
    pub(crate) data: &'a [u8],
    pub(crate) unpacked: u64,
}

impl<'a> RawEntry<'a> {
    pub(crate) fn stored(name: &'a str, data: &'a [u8]) -> Self {
        RawEntry {
            name,
            method: 0,
            flags: 0,
            crc: crc32(data),
            data,
            unpacked: data.len() as u64,
        }
    }

    /// Deflated data whose CRC is not computed (it is 1 GiB of output):
    /// nobody may read far enough to check it.
    pub(crate) fn deflated(name: &'a str, data: &'a [u8], unpacked: u64) -> Self {
        RawEntry {
            name,
            method: 8,
            flags: 0,
            crc: 0,
            data,
            unpacked,
        }
    }
}

/// A plain (not zip64) zip of these entries.
pub(crate) fn raw_zip(entries: &[RawEntry<'_>]) -> Vec<u8> {
    fn u16le(out: &mut Vec<u8>, v: u16) {
        out.extend_from_slice(&v.to_le_bytes());
    }
    fn u32le(out: &mut Vec<u8>, v: u32) {
        out.extend_from_slice(&v.to_le_bytes());
    }
    let size = |v: u64| u32::try_from(v).expect("sizes fit a plain zip");
    let mut out = Vec::new();
    let mut central = Vec::new();
    for entry in entries {
        let offset = size(out.len() as u64);
        let name = entry.name.as_bytes();
        // Local file header.
        u32le(&mut out, 0x0403_4b50);
        for v in [20, entry.flags, entry.method, 0, 0x21] {
            u16le(&mut out, v); // version, flags, method, time, date
        }
        u32le(&mut out, entry.crc);
        u32le(&mut out, size(entry.data.len() as u64));
        u32le(&mut out, size(entry.unpacked));
        u16le(&mut out, name.len() as u16);
        u16le(&mut out, 0);
        out.extend_from_slice(name);
        out.extend_from_slice(entry.data);
        // Central directory header.
        u32le(&mut central, 0x0201_4b50);
        for v in [20, 20, entry.flags, entry.method, 0, 0x21] {
            u16le(&mut central, v);
        }
        u32le(&mut central, entry.crc);
        u32le(&mut central, size(entry.data.len() as u64));
        u32le(&mut central, size(entry.unpacked));
        u16le(&mut central, name.len() as u16);
        for v in [0, 0, 0, 0] {
            u16le(&mut central, v); // extra, comment, disk, internal attributes
        }
        u32le(&mut central, 0); // external attributes
        u32le(&mut central, offset);
        central.extend_from_slice(name);
    }
    let central_offset = size(out.len() as u64);
    out.extend_from_slice(&central);
    u32le(&mut out, 0x0605_4b50);
    u16le(&mut out, 0);
    u16le(&mut out, 0);
    u16le(&mut out, entries.len() as u16);
    u16le(&mut out, entries.len() as u16);
    u32le(&mut out, size(central.len() as u64));
    u32le(&mut out, central_offset);
    u16le(&mut out, 0);
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A raw deflate stream of a document.xml that is mostly spaces, about
/// `spaces` long, written directly with the fixed Huffman code (RFC 1951
/// §3.2.6) as "repeat the previous 258 bytes" copies: 13 bits per 258
/// bytes, so 1 GiB costs about 7 MB and no compressor has to run over it.
/// Returns the stream and its unpacked length.
pub(crate) fn deflated_spaces(spaces: u64) -> (Vec<u8>, u64) {
    let head = spaces_head();
    let tail = SPACES_TAIL;
    let mut bits = BitWriter::default();
    bits.put(1, 1); // final block
    bits.put(1, 2); // fixed Huffman codes
    for &byte in head.as_bytes() {
        bits.literal(byte);
    }
    let copies = spaces / 258;
    for _ in 0..copies {
        bits.code(0b1100_0101, 8); // length 258 (symbol 285)
        bits.code(0, 5); // distance 1
    }
    for &byte in tail.as_bytes() {
        bits.literal(byte);
    }
    bits.code(0, 7); // end of block (symbol 256)
    let unpacked = head.len() as u64 + copies * 258 + tail.len() as u64;
    (bits.finish(), unpacked)
}

/// The start of the document of spaces; it ends in the first space.
pub(crate) fn spaces_head() -> String {
    format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body> "#)
}

pub(crate) const SPACES_TAIL: &str = "</w:body></w:document>";

#[derive(Default)]
struct BitWriter {
    out: Vec<u8>,
    acc: u32,
    count: u32,
}

impl BitWriter {
    /// Puts `n` bits of `value`, least significant first (header fields).
    fn put(&mut self, value: u32, n: u32) {
        self.acc |= value << self.count;
        self.count += n;
        while self.count >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.count -= 8;
        }
    }

    /// Puts a Huffman code, most significant bit first.
    fn code(&mut self, code: u32, n: u32) {
        let reversed = code.reverse_bits() >> (32 - n);
        self.put(reversed, n);
    }

    fn literal(&mut self, byte: u8) {
        assert!(byte < 144, "only ASCII literals are needed");
        self.code(0x30 + u32::from(byte), 8);
    }

    fn finish(mut self) -> Vec<u8> {
        if self.count > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}
