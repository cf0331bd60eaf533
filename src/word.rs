//! The house style every Word file Samdok writes shares: an A4 page with
//! 2.5 cm margins, Word's built-in heading styles, a header with the
//! document's name and "Sida X av Y" at the foot, and text helpers that
//! carry user text safely into runs. Drafts (`drafts::generate`) and the
//! remiss package (`export`) both build on it; each adds its own styles.

use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, Header, LineSpacing, NumPages, PageMargin, PageNum,
    Paragraph, Run, Style, StyleType,
};

/// A4 with 2.5 cm margins: the text width in twentieths of a point.
pub const TEXT_WIDTH: usize = 11906 - 2 * 1417;
/// Region Värmland's dark blue, for titles and headings.
pub const ACCENT: &str = "1F4E79";

/// Word's built-in heading style `id` ("Heading1" …, shown as Rubrik 1 in a
/// Swedish Word) with outline level `level` (0-based) and size in half-points.
pub fn heading_style(
    id: &str,
    name: &str,
    level: usize,
    size: usize,
    spacing: LineSpacing,
) -> Style {
    Style::new(id, StyleType::Paragraph)
        .name(name)
        .based_on("Normal")
        .next("Normal")
        .q_format(true)
        .ui_priority(9)
        .size(size)
        .bold()
        .color(ACCENT)
        .line_spacing(spacing)
        .outline_lvl(level)
}

/// The page: A4 margins, `header_text` at the top of every page and
/// "Sida X av Y" centred at the foot, with their styles.
pub fn page(header_text: &str) -> Docx {
    Docx::new()
        .page_margin(
            PageMargin::new()
                .top(1417)
                .bottom(1417)
                .left(1417)
                .right(1417)
                .header(708)
                .footer(708),
        )
        .add_style(
            Style::new("Header", StyleType::Paragraph)
                .name("header")
                .based_on("Normal")
                .size(18)
                .color("595959"),
        )
        .add_style(
            Style::new("Footer", StyleType::Paragraph)
                .name("footer")
                .based_on("Normal")
                .size(18)
                .color("595959")
                .align(AlignmentType::Center),
        )
        .header(Header::new().add_paragraph(styled("Header", header_text)))
        .footer(
            Footer::new().add_paragraph(
                Paragraph::new()
                    .style("Footer")
                    .align(AlignmentType::Center)
                    .add_run(Run::new().add_text("Sida "))
                    .add_page_num(PageNum::new())
                    .add_run(Run::new().add_text(" av "))
                    .add_num_pages(NumPages::new()),
            ),
        )
}

/// A run of `text`; line breaks in it become Word line breaks, and
/// characters XML cannot carry (and stray carriage returns) are dropped.
pub fn text_run(text: &str) -> Run {
    let text: String = text
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect();
    let mut run = Run::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        run = run.add_text(line);
    }
    run
}

pub fn paragraph(text: &str) -> Paragraph {
    Paragraph::new().add_run(text_run(text))
}

pub fn styled(style: &str, text: &str) -> Paragraph {
    Paragraph::new().style(style).add_run(text_run(text))
}

/// `Label: value`, the label bold.
pub fn labelled(label: &str, value: &str) -> Paragraph {
    Paragraph::new()
        .add_run(Run::new().add_text(format!("{label}: ")).bold())
        .add_run(text_run(value))
}
