//! Structure check of a .docx against the guideline's mandatory content
//! (riktlinjen, § "Utkast enligt mall"): does an edited draft still have
//! every mandatory heading, in the template's order and at the right level,
//! and is any of the template's guidance left unfilled?
//!
//! Promises:
//! - Any file can be given. A file that is not a readable Word document
//!   (too large, not a zip, an old .doc, password protected, a zip bomb,
//!   broken XML …) gives [`crate::Error::UnreadableDocx`] with a Swedish message
//!   that says what to do; nothing panics and memory stays bounded (see
//!   `package` for the limits).
//! - Headings are found the way Word finds them for its navigation pane:
//!   by the paragraph's outline level, else its style's, else a heading
//!   style's name — in Swedish or English Word and LibreOffice alike. The
//!   document title and the table of contents are not headings.
//! - Each mandatory item is judged on its own: moving one heading flags
//!   that heading, not everything after it; one heading may satisfy several
//!   items (the template's "Avvikelsehantering och hantering av tvister").
//! - The report is plain data (serde), the same for the CLI's `--json`, the
//!   window, and what is stored with an attached draft. It stays small
//!   whatever the file: at most [`MAX_REPORTED_HEADINGS`] headings and
//!   [`MAX_REPORTED_PLACEHOLDERS`] placeholders are listed (each text
//!   shortened), the rest counted, with a Swedish note; every heading still
//!   takes part in the verdict.

mod body;
mod styles;

use std::collections::HashSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::formats::docx as package;
use crate::template::{normalise_heading, template, MandatoryItem, Template};
use body::Paragraph;
use styles::{ParagraphStyle, Role, Styles};

pub use package::MAX_FILE_BYTES;

/// The outcome of checking one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckReport {
    /// Every mandatory item is [`ItemStatus::Present`]. Placeholders left in
    /// the text do not affect this; they are listed for the coordinator.
    pub complies: bool,
    /// The template version checked against.
    pub template_version: String,
    /// The headings found, in document order: the first
    /// [`MAX_REPORTED_HEADINGS`].
    pub headings: Vec<FoundHeading>,
    /// One per mandatory item, in the template's order.
    pub items: Vec<ItemResult>,
    /// Template guidance left unfilled, in document order: the first
    /// [`MAX_REPORTED_PLACEHOLDERS`].
    pub placeholders: Vec<Placeholder>,
    /// Headings found but not listed, beyond the first ones.
    #[serde(default)]
    pub headings_omitted: usize,
    /// Placeholders found but not listed, beyond the first ones.
    #[serde(default)]
    pub placeholders_omitted: usize,
    /// In Swedish, when something was left out of the lists: how much, and
    /// that the verdict still covers all of it.
    #[serde(default)]
    pub note: Option<String>,
}

/// Most headings a report lists. A draft has a few dozen; a file with
/// hundreds of thousands must not make a report of megabytes to store.
pub const MAX_REPORTED_HEADINGS: usize = 500;
/// Most placeholders a report lists.
pub const MAX_REPORTED_PLACEHOLDERS: usize = 500;

/// A heading of the checked document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FoundHeading {
    /// Its position among all the headings found (0-based); the same as in
    /// [`CheckReport::headings`] for the headings listed there.
    pub index: usize,
    /// Its text as written (very long text is shortened with "…").
    pub text: String,
    /// 1 = Rubrik 1 (Heading 1), 2 = Rubrik 2, …
    pub level: u8,
    /// The paragraph style's name as in the file ("heading 1", "Rubrik 1",
    /// "Heading 1"), or "" when the level came from the paragraph's own
    /// outline level.
    pub style: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    Present,
    Missing,
    OutOfOrder,
    WrongLevel,
}

impl ItemStatus {
    /// The status as the window's badge names it.
    pub fn label(self) -> &'static str {
        match self {
            ItemStatus::Present => "Finns",
            ItemStatus::Missing => "Saknas",
            ItemStatus::OutOfOrder => "Fel ordning",
            ItemStatus::WrongLevel => "Fel nivå",
        }
    }
}

/// The verdict on one mandatory item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemResult {
    pub code: String,
    /// The guideline's wording of the item.
    pub label: String,
    /// A heading on the wrong level is `WrongLevel` even when it is also out
    /// of order; the message then names both.
    pub status: ItemStatus,
    /// [`ItemStatus::label`]; empty in reports stored before it was added.
    #[serde(default)]
    pub status_name: String,
    pub expected_level: u8,
    /// The heading that satisfied the item, when one did.
    pub heading: Option<FoundHeading>,
    /// One Swedish sentence for the coordinator.
    pub message: String,
}

/// Template guidance still standing in the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placeholder {
    /// The text of the heading it stands under ("" before the first heading).
    pub section: String,
    pub text: String,
}

/// Checks a .docx file. Its length is checked before anything is read.
pub fn check_file(path: &Path) -> Result<CheckReport> {
    let bytes = package::read_file(path)?;
    check_bytes(&bytes)
}

/// Checks the bytes of a .docx.
pub fn check_bytes(bytes: &[u8]) -> Result<CheckReport> {
    let template = template()?;
    let parts = package::read_parts(bytes)?;
    let styles = match &parts.styles {
        Some(styles) => Styles::parse(styles)?,
        None => Styles::default(),
    };
    let paragraphs = body::paragraphs(&parts.document, &parts.document_name)?;
    Ok(analyse(template, &styles, &paragraphs))
}

/// Longest text shown for a heading or placeholder; matching uses the whole.
const MAX_SHOWN_CHARS: usize = 300;

fn analyse(template: &Template, styles: &Styles, paragraphs: &[Paragraph]) -> CheckReport {
    let guidance: HashSet<String> = template
        .guidance_texts()
        .map(|(_, text)| collapse_whitespace(text))
        .collect();

    let mut headings: Vec<FoundHeading> = Vec::new();
    let mut normalised: Vec<String> = Vec::new();
    let mut placeholders = Vec::new();
    for paragraph in paragraphs {
        if paragraph.in_toc {
            continue;
        }
        let style = ParagraphStyle {
            style_id: paragraph.style_id.as_deref(),
            outline: paragraph.outline,
        };
        let role = styles.role(&style);
        let is_placeholder = match role {
            Role::Heading(level) => {
                let style_name = if paragraph.outline.is_some() {
                    String::new()
                } else {
                    styles
                        .effective_id(&style)
                        .map(|id| match styles.name(id) {
                            "" => id.to_owned(),
                            name => name.to_owned(),
                        })
                        .unwrap_or_default()
                };
                headings.push(FoundHeading {
                    index: headings.len(),
                    text: shown(&paragraph.text),
                    level,
                    style: style_name,
                });
                normalised.push(normalise_heading(&paragraph.text));
                false
            }
            Role::Placeholder => true,
            Role::Body => guidance.contains(&collapse_whitespace(&paragraph.text)),
            Role::NotAHeading => false,
        };
        if is_placeholder {
            placeholders.push(Placeholder {
                section: headings.last().map(|h| h.text.clone()).unwrap_or_default(),
                text: shown(&paragraph.text),
            });
        }
    }

    let items = judge(template, &headings, &normalised);
    let headings_omitted = headings.len().saturating_sub(MAX_REPORTED_HEADINGS);
    let placeholders_omitted = placeholders.len().saturating_sub(MAX_REPORTED_PLACEHOLDERS);
    headings.truncate(MAX_REPORTED_HEADINGS);
    placeholders.truncate(MAX_REPORTED_PLACEHOLDERS);
    CheckReport {
        complies: items.iter().all(|i| i.status == ItemStatus::Present),
        template_version: template.template_version.clone(),
        headings,
        items,
        placeholders,
        note: omitted_note(headings_omitted, placeholders_omitted),
        headings_omitted,
        placeholders_omitted,
    }
}

/// The Swedish note for what the lists leave out, if anything.
fn omitted_note(headings: usize, placeholders: usize) -> Option<String> {
    let mut parts = Vec::new();
    if headings > 0 {
        parts.push(format!(
            "de första {} rubrikerna visas, {} till finns",
            MAX_REPORTED_HEADINGS,
            crate::text::grouped(headings)
        ));
    }
    if placeholders > 0 {
        parts.push(format!(
            "de första {} ställena med mallens vägledning visas, {} till finns",
            MAX_REPORTED_PLACEHOLDERS,
            crate::text::grouped(placeholders)
        ));
    }
    if parts.is_empty() {
        return None;
    }
    Some(format!(
        "Dokumentet är ovanligt stort: {}. Kontrollen av de obligatoriska rubrikerna gäller hela dokumentet.",
        parts.join("; ")
    ))
}

/// The verdict on every mandatory item.
fn judge(template: &Template, headings: &[FoundHeading], normalised: &[String]) -> Vec<ItemResult> {
    let mandatory = &template.mandatory;
    let wordings: Vec<HashSet<String>> = mandatory
        .iter()
        .map(|item| item.wordings.iter().map(|w| normalise_heading(w)).collect())
        .collect();
    let first_match = |item: usize, within: std::ops::Range<usize>| {
        within
            .into_iter()
            .find(|&h| wordings[item].contains(&normalised[h]))
    };
    let position_of = |code: &str| mandatory.iter().position(|m| m.code == code);

    // The section under a parent's heading: up to the next heading at the
    // parent's level or above, not counting headings that are the parent's
    // own children promoted by mistake (those are judged WrongLevel, and
    // must not push their siblings out of the section as well).
    let section_of = |parent_item: usize, parent_heading: usize| {
        let children: Vec<usize> = (0..mandatory.len())
            .filter(|&i| {
                mandatory[i].parent.as_deref() == Some(mandatory[parent_item].code.as_str())
            })
            .collect();
        let level = headings[parent_heading].level;
        let end = (parent_heading + 1..headings.len())
            .find(|&h| {
                headings[h].level <= level
                    && !children
                        .iter()
                        .any(|&c| wordings[c].contains(&normalised[h]))
            })
            .unwrap_or(headings.len());
        parent_heading + 1..end
    };

    // Which heading satisfies each item: the first with an accepted
    // wording; for a sub-item, the first under its parent if there is one
    // (the guideline itself has an "Uppföljning" among its process steps
    // before the "Uppföljning" of its follow-up plan).
    let all = 0..headings.len();
    let mut chosen: Vec<Option<usize>> = (0..mandatory.len())
        .map(|i| first_match(i, all.clone()))
        .collect();
    for (i, item) in mandatory.iter().enumerate() {
        let Some(parent) = item.parent.as_deref().and_then(position_of) else {
            continue;
        };
        if let Some(parent_heading) = chosen[parent] {
            if let Some(under) = first_match(i, section_of(parent, parent_heading)) {
                chosen[i] = Some(under);
            }
        }
    }

    let in_sequence = longest_ordered(mandatory, &chosen);

    mandatory
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let Some(h) = chosen[i] else {
                return missing(template, item);
            };
            let heading = &headings[h];
            let order_problem = if item.order_free || in_sequence.contains(&i) {
                None
            } else {
                Some(sequence_problem(i, h, &chosen, &in_sequence, headings))
            };
            let order_problem = order_problem.or_else(|| {
                let parent = item.parent.as_deref().and_then(position_of)?;
                let parent_heading = chosen[parent]?;
                if section_of(parent, parent_heading).contains(&h) {
                    None
                } else {
                    Some(format!("ska stå under «{}»", headings[parent_heading].text))
                }
            });
            let wrong_level = heading.level != item.level;
            let (status, message) = match (wrong_level, order_problem) {
                (false, None) => (ItemStatus::Present, format!("Finns: «{}».", heading.text)),
                (true, None) => (
                    ItemStatus::WrongLevel,
                    format!(
                        "Står på fel nivå: Rubrik {} i stället för Rubrik {}.",
                        heading.level, item.level
                    ),
                ),
                (false, Some(problem)) => {
                    (ItemStatus::OutOfOrder, format!("Står i fel ordning: {problem}."))
                }
                (true, Some(problem)) => (
                    ItemStatus::WrongLevel,
                    format!(
                        "Står på fel nivå (Rubrik {} i stället för Rubrik {}) och i fel ordning ({problem}).",
                        heading.level, item.level
                    ),
                ),
            };
            ItemResult {
                code: item.code.clone(),
                label: item.label.clone(),
                status,
                status_name: status.label().to_owned(),
                expected_level: item.level,
                heading: Some(heading.clone()),
                message,
            }
        })
        .collect()
}

fn missing(template: &Template, item: &MandatoryItem) -> ItemResult {
    let wanted = template
        .section(&item.section)
        .map_or(item.label.as_str(), |s| s.heading.as_str());
    let under = item
        .parent
        .as_deref()
        .and_then(|code| template.mandatory.iter().find(|m| m.code == code))
        .and_then(|parent| template.section(&parent.section))
        .map(|s| format!(" under «{}»", s.heading))
        .unwrap_or_default();
    ItemResult {
        code: item.code.clone(),
        label: item.label.clone(),
        status: ItemStatus::Missing,
        status_name: ItemStatus::Missing.label().to_owned(),
        expected_level: item.level,
        heading: None,
        message: format!(
            "Saknas: lägg till rubriken «{wanted}» (Rubrik {}){under}.",
            item.level
        ),
    }
}

/// The items (indexes into the template's list) that stand in template
/// order: the longest run of found, order-bound items whose headings do not
/// go backwards. Everything else found and order-bound is out of order, so
/// one moved heading is reported alone. Among equally long runs the one
/// keeping earlier template items is taken, so the result is stable.
fn longest_ordered(mandatory: &[MandatoryItem], chosen: &[Option<usize>]) -> HashSet<usize> {
    let candidates: Vec<(usize, usize)> = mandatory
        .iter()
        .enumerate()
        .filter(|(_, item)| !item.order_free)
        .filter_map(|(i, _)| chosen[i].map(|h| (i, h)))
        .collect();
    // The list is the template's dozen items: the quadratic form is clearest.
    let mut length = vec![1usize; candidates.len()];
    let mut previous: Vec<Option<usize>> = vec![None; candidates.len()];
    for k in 0..candidates.len() {
        for j in 0..k {
            if candidates[j].1 <= candidates[k].1 && length[j] + 1 > length[k] {
                length[k] = length[j] + 1;
                previous[k] = Some(j);
            }
        }
    }
    let mut best: Option<usize> = None;
    for k in 0..candidates.len() {
        if best.is_none_or(|b| length[k] > length[b]) {
            best = Some(k);
        }
    }
    let mut kept = HashSet::new();
    while let Some(k) = best {
        kept.insert(candidates[k].0);
        best = previous[k];
    }
    kept
}

/// Where an out-of-order item stands wrongly, named by its nearest
/// neighbour in the ordered run: after a heading it should precede, or
/// before one it should follow.
fn sequence_problem(
    item: usize,
    heading: usize,
    chosen: &[Option<usize>],
    in_sequence: &HashSet<usize>,
    headings: &[FoundHeading],
) -> String {
    let ordered = || {
        in_sequence
            .iter()
            .filter_map(|&i| chosen[i].map(|h| (i, h)))
    };
    let after = ordered()
        .filter(|&(i, h)| i > item && h < heading)
        .max_by_key(|&(_, h)| h);
    if let Some((_, h)) = after {
        return format!("efter «{}»", headings[h].text);
    }
    let before = ordered()
        .filter(|&(i, h)| i < item && h > heading)
        .min_by_key(|&(_, h)| h);
    match before {
        Some((_, h)) => format!("före «{}»", headings[h].text),
        None => "se mallens ordning".to_owned(),
    }
}

/// Inner white space collapsed to single spaces, ends trimmed.
fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn shown(text: &str) -> String {
    let collapsed = collapse_whitespace(text);
    match collapsed.char_indices().nth(MAX_SHOWN_CHARS) {
        Some((cut, _)) => format!("{}…", &collapsed[..cut]),
        None => collapsed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heading(text: &str, level: u8) -> Paragraph {
        Paragraph {
            style_id: Some(format!("Heading{level}")),
            outline: None,
            text: text.to_owned(),
            in_toc: false,
        }
    }

    fn report(paragraphs: &[Paragraph]) -> CheckReport {
        analyse(
            template().expect("template"),
            &Styles::default(),
            paragraphs,
        )
    }

    fn full() -> Vec<Paragraph> {
        template()
            .expect("template")
            .sections
            .iter()
            .map(|s| heading(&s.heading, s.level))
            .collect()
    }

    fn status(report: &CheckReport, code: &str) -> ItemStatus {
        report
            .items
            .iter()
            .find(|i| i.code == code)
            .map(|i| i.status)
            .unwrap_or_else(|| panic!("no item {code}"))
    }

    fn not_present(report: &CheckReport) -> Vec<(&str, ItemStatus)> {
        report
            .items
            .iter()
            .filter(|i| i.status != ItemStatus::Present)
            .map(|i| (i.code.as_str(), i.status))
            .collect()
    }

    #[test]
    fn the_template_itself_complies() {
        let r = report(&full());
        assert!(r.complies, "{:#?}", not_present(&r));
    }

    #[test]
    fn swapping_two_neighbours_flags_one_of_them() {
        let mut doc = full();
        let syfte = doc.iter().position(|p| p.text == "Syfte").expect("Syfte");
        doc.swap(syfte, syfte + 1);
        let r = report(&doc);
        assert_eq!(
            not_present(&r),
            [("ingaende-parter", ItemStatus::OutOfOrder)]
        );
        let item = r
            .items
            .iter()
            .find(|i| i.code == "ingaende-parter")
            .expect("item");
        assert_eq!(item.message, "Står i fel ordning: före «Syfte».");
    }

    #[test]
    fn a_promoted_sub_heading_is_wrong_level_and_does_not_push_its_sibling_out() {
        let mut doc = full();
        let at = doc
            .iter()
            .position(|p| p.text == "Indikatorer")
            .expect("Indikatorer");
        doc[at] = heading("Indikatorer", 1);
        let r = report(&doc);
        assert_eq!(not_present(&r), [("indikatorer", ItemStatus::WrongLevel)]);
    }

    #[test]
    fn a_sub_heading_outside_its_parent_is_out_of_order() {
        let mut doc = full();
        let at = doc
            .iter()
            .position(|p| p.text == "Indikatorer")
            .expect("Indikatorer");
        let moved = doc.remove(at);
        let target = doc
            .iter()
            .position(|p| p.text == "Stöd för implementering")
            .expect("Stöd");
        doc.insert(target + 1, moved);
        let r = report(&doc);
        assert_eq!(status(&r, "indikatorer"), ItemStatus::OutOfOrder);
        assert_eq!(not_present(&r).len(), 1, "{:#?}", not_present(&r));
    }

    #[test]
    fn a_sub_heading_is_taken_from_under_its_parent_when_an_earlier_one_exists() {
        // The guideline's own layout: process steps "Implementering" and
        // "Uppföljning" before the plans that carry the same headings.
        let mut doc = vec![
            heading("Arbetsprocess", 1),
            heading("Implementering", 2),
            heading("Uppföljning", 2),
        ];
        doc.extend(full());
        let r = report(&doc);
        assert!(r.complies, "{:#?}", not_present(&r));
        let item = r
            .items
            .iter()
            .find(|i| i.code == "uppfoljning")
            .expect("item");
        assert!(
            item.heading.as_ref().is_some_and(|h| h.index > 2),
            "{item:?}"
        );
    }

    #[test]
    fn long_text_is_shortened_for_display_only() {
        let long = "Syfte ".repeat(200);
        assert!(shown(&long).ends_with('…'));
        assert_eq!(shown(&long).chars().count(), MAX_SHOWN_CHARS + 1);
        assert_eq!(shown("  Syfte \n"), "Syfte");
    }
}
