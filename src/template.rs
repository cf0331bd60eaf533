//! The joint template for kommun- och regiongemensamma dokument, as data
//! (`assets/template.json`): headings in order with their levels, the
//! template's guidance under each, the fixed opening texts, and the
//! guideline's list of mandatory content with the heading wordings that
//! satisfy each item. The draft generator writes from it and the structure
//! check reads against it, so the office can change the template without
//! changing code; `template_version` is recorded on every draft.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

const TEMPLATE_JSON: &str = include_str!("../assets/template.json");

/// One of the "Utgångspunkter för samverkan".
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
pub struct Point {
    pub title: String,
    pub text: String,
}

/// Something the register can write under a heading instead of guidance.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Fill {
    /// The chosen parties, by name.
    Parties,
    /// The register's lagstöd.
    LegalBasis,
    /// The follow-up interval and owner.
    Followup,
}

/// A heading of the template with what stands under it.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
pub struct Section {
    /// Stable key; mandatory items refer to it.
    pub key: String,
    pub heading: String,
    /// 1 = Heading 1 (Rubrik 1), 2 = Heading 2, …
    pub level: u8,
    /// Fixed text, written verbatim.
    #[serde(default)]
    pub fixed: Vec<String>,
    /// Numbered points written after the fixed text (Utgångspunkter).
    #[serde(default)]
    pub points: Vec<Point>,
    /// Guidance, written as a visibly marked placeholder to be replaced.
    #[serde(default)]
    pub guidance: Vec<String>,
    #[serde(default)]
    pub fill: Option<Fill>,
    /// A heading the guideline requires but the template itself lacks.
    #[serde(default)]
    pub template_gap: bool,
}

/// An item of the guideline's list of mandatory content.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
pub struct MandatoryItem {
    pub code: String,
    /// The guideline's wording of the item.
    pub label: String,
    /// The template section that carries it in a generated draft.
    pub section: String,
    /// The heading level it should have.
    pub level: u8,
    /// For a level-2 item: the code of the item it belongs under.
    #[serde(default)]
    pub parent: Option<String>,
    /// Headings that satisfy the item (compared ignoring case, surrounding
    /// space, numbering such as "3.1" and trailing punctuation).
    pub wordings: Vec<String>,
    /// Not part of the order check (it may stand anywhere).
    #[serde(default)]
    pub order_free: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Template {
    pub template_version: String,
    /// Labels of the metadata block, in the guideline's order.
    pub metadata_labels: Vec<String>,
    pub toc_heading: String,
    pub sections: Vec<Section>,
    pub mandatory: Vec<MandatoryItem>,
}

impl Template {
    pub fn section(&self, key: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.key == key)
    }

    /// Every guidance paragraph of the template: text that, left in a
    /// document, is an unfilled placeholder.
    pub fn guidance_texts(&self) -> impl Iterator<Item = (&Section, &str)> {
        self.sections
            .iter()
            .flat_map(|s| s.guidance.iter().map(move |g| (s, g.as_str())))
    }

    /// The sections a comment on a document can be about, in the
    /// document's order: every heading of the template, with the
    /// mandatory items that have a heading of their own in a finished
    /// document (Rutiner för avvikelsehantering …) after the section that
    /// carries them, and [`OTHER_SECTION`] last.
    pub fn comment_sections(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut push = |name: &str| {
            if !out
                .iter()
                .any(|o| normalise_heading(o) == normalise_heading(name))
            {
                out.push(name.to_owned());
            }
        };
        for section in &self.sections {
            push(&section.heading);
            for item in self.mandatory.iter().filter(|m| m.section == section.key) {
                push(&item.label);
            }
        }
        push(OTHER_SECTION);
        out
    }

    /// The comment section `written` names: the heading it matches (by a
    /// heading's or a mandatory item's wordings, compared as
    /// [`normalise_heading`] does), else what was written, trimmed, else
    /// [`OTHER_SECTION`] when nothing was written.
    pub fn comment_section(&self, written: &str) -> String {
        let key = normalise_heading(written);
        if key.is_empty() {
            return OTHER_SECTION.to_owned();
        }
        if let Some(section) = self
            .sections
            .iter()
            .find(|s| normalise_heading(&s.heading) == key)
        {
            return section.heading.clone();
        }
        if let Some(item) = self.mandatory.iter().find(|m| {
            normalise_heading(&m.label) == key
                || m.wordings.iter().any(|w| normalise_heading(w) == key)
        }) {
            return item.label.clone();
        }
        if key == normalise_heading(OTHER_SECTION) {
            return OTHER_SECTION.to_owned();
        }
        written.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    fn check(&self) -> Result<(), String> {
        if self.sections.is_empty() {
            return Err("no sections".into());
        }
        for item in &self.mandatory {
            if self.section(&item.section).is_none() {
                return Err(format!(
                    "mandatory item {} names unknown section {}",
                    item.code, item.section
                ));
            }
            if item.wordings.is_empty() {
                return Err(format!("mandatory item {} has no wordings", item.code));
            }
        }
        Ok(())
    }
}

/// The section of comments that are about no heading in particular.
pub const OTHER_SECTION: &str = "Övrigt";

/// The template compiled into this build.
pub fn template() -> Result<&'static Template> {
    static TEMPLATE: OnceLock<Result<Template, String>> = OnceLock::new();
    TEMPLATE
        .get_or_init(|| {
            let template: Template =
                serde_json::from_str(TEMPLATE_JSON).map_err(|e| e.to_string())?;
            template.check()?;
            Ok(template)
        })
        .as_ref()
        .map_err(|reason| Error::Assets {
            what: "template.json",
            reason: reason.clone(),
        })
}

/// Normalises a heading for comparison: case-folded, numbering ("3.", "3.1",
/// "A.") and trailing punctuation removed, inner white space collapsed.
pub fn normalise_heading(text: &str) -> String {
    let collapsed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut rest = collapsed.as_str();
    // Leading numbering: digits and dots ("3", "3.1", "3.1.")
    let numbering_end = rest
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.' || *c == ')'))
        .map_or(rest.len(), |(i, _)| i);
    if numbering_end > 0 && rest[..numbering_end].chars().any(|c| c.is_ascii_digit()) {
        rest = rest[numbering_end..].trim_start();
    }
    rest.trim_end_matches(|c: char| c == ':' || c == '.' || c.is_whitespace())
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_template_loads_and_is_consistent() {
        let t = template().expect("assets/template.json is valid");
        assert_eq!(t.sections[0].heading, "Kommungemensamma dokument");
        assert_eq!(t.mandatory.len(), 15);
    }

    #[test]
    fn comment_sections_follow_the_document_and_end_with_ovrigt() {
        let t = template().expect("the template should load");
        let sections = t.comment_sections();
        let at = |name: &str| {
            sections
                .iter()
                .position(|s| s == name)
                .unwrap_or_else(|| panic!("{name} should be a comment section: {sections:?}"))
        };
        assert!(at("Syfte") < at("Mål"), "the document's order should hold");
        assert!(
            at("Rutiner för avvikelsehantering") < at("Syfte"),
            "a mandatory item should follow the section that carries it"
        );
        assert_eq!(sections.last().map(String::as_str), Some(OTHER_SECTION));
        assert_eq!(
            at("Syfte"),
            sections.iter().rposition(|s| s == "Syfte").unwrap_or(0),
            "no section twice"
        );
    }

    #[test]
    fn a_written_section_is_matched_to_its_heading_or_kept_as_written() {
        let t = template().expect("the template should load");
        assert_eq!(t.comment_section("  3. syfte: "), "Syfte");
        assert_eq!(t.comment_section("Syftet"), "Syfte");
        assert_eq!(t.comment_section(""), OTHER_SECTION);
        assert_eq!(t.comment_section("övrigt"), OTHER_SECTION);
        assert_eq!(t.comment_section("  Bilaga  2 "), "Bilaga 2");
    }

    #[test]
    fn headings_are_normalised_for_comparison() {
        assert_eq!(
            normalise_heading("  3.1  Plan för   uppföljning: "),
            "plan för uppföljning"
        );
        assert_eq!(normalise_heading("SYFTE"), "syfte");
        assert_eq!(normalise_heading("4) Mål"), "mål");
        assert_eq!(normalise_heading("Mål"), "mål");
    }
}
