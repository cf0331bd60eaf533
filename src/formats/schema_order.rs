//! The order of child elements that the OOXML schemas prescribe, and the
//! one pass that puts a part into it.
//!
//! WordprocessingML is strict about order where most XML is not: the
//! properties of a paragraph, a run, a table, a row, a cell, a section, a
//! style and the settings are each an `xsd:sequence` (ECMA-376 Part 1,
//! §17; ISO/IEC 29500-4 for the transitional schemas Word validates
//! against). docx-rs writes some of them out of order — `w:rPr` before
//! `w:pStyle` in every styled paragraph, `w:spacing` out of place in
//! `w:pPr`, `w:zoom` after `w:defaultTabStop` — and Word then drops the
//! properties it does not expect, or offers to repair the file.
//!
//! [`normalise`] reads a part into a small tree, sorts the children of
//! every element listed in [`rule_of`] stably into the schema's order, drops
//! the attributes listed in [`UNDECLARED_ATTRIBUTES`], lists the extension
//! namespaces a part declares in its `mc:Ignorable` (as Word does), and
//! writes the tree back with every text, attribute value and namespace declaration exactly
//! as it was read (nothing is unescaped or escaped again).
//!
//! Promises: text is never reordered (runs, paragraphs and table rows keep
//! their order; only property elements move), the output is the input when
//! the input is already in order, and a child that the table does not know
//! is reported by [`unknown_children`] (the tests require none) and kept
//! after the known ones, never dropped.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::error::{Error, Result};

/// How the children of an element are ordered.
#[derive(Debug, Clone, Copy)]
pub enum Rule {
    /// An `xsd:sequence`: every child is listed, in the schema's order
    /// (for elements whose type differs by context, such as `w:rPr` in a
    /// run and in a paragraph mark, the union of those sequences, which
    /// agree on the order of what they share).
    Sequence(&'static [&'static str]),
    /// Content whose order is the document's own (paragraphs, runs, rows):
    /// only the listed property elements move, to the front, in this order.
    PropertiesFirst(&'static [&'static str]),
}

/// CT_PPr (§17.3.1.26), with CT_PPrBase's sequence first.
const P_PR: &[&str] = &[
    "w:pStyle",
    "w:keepNext",
    "w:keepLines",
    "w:pageBreakBefore",
    "w:framePr",
    "w:widowControl",
    "w:numPr",
    "w:suppressLineNumbers",
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
];

/// CT_ParaRPr and CT_RPr (§17.3.2.28, §17.3.2.27): the paragraph mark's
/// revision marks first, then EG_RPrBase in the order Word writes and the
/// Open XML SDK validates, then Word 2010's text effects, then the change.
const R_PR: &[&str] = &[
    "w:ins",
    "w:del",
    "w:moveFrom",
    "w:moveTo",
    "w:rStyle",
    "w:rFonts",
    "w:b",
    "w:bCs",
    "w:i",
    "w:iCs",
    "w:caps",
    "w:smallCaps",
    "w:strike",
    "w:dstrike",
    "w:outline",
    "w:shadow",
    "w:emboss",
    "w:imprint",
    "w:noProof",
    "w:snapToGrid",
    "w:vanish",
    "w:webHidden",
    "w:color",
    "w:spacing",
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
    "w:rPrChange",
];

/// CT_TblPr (§17.4.60).
const TBL_PR: &[&str] = &[
    "w:tblStyle",
    "w:tblpPr",
    "w:tblOverlap",
    "w:bidiVisual",
    "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize",
    "w:tblW",
    "w:jc",
    "w:tblCellSpacing",
    "w:tblInd",
    "w:tblBorders",
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
    "w:tblCaption",
    "w:tblDescription",
    "w:tblPrChange",
];

/// CT_TrPr (§17.4.82): a choice in the schema; written in Word's order.
const TR_PR: &[&str] = &[
    "w:cnfStyle",
    "w:divId",
    "w:gridBefore",
    "w:gridAfter",
    "w:wBefore",
    "w:wAfter",
    "w:trHeight",
    "w:hidden",
    "w:cantSplit",
    "w:tblHeader",
    "w:tblCellSpacing",
    "w:jc",
    "w:ins",
    "w:del",
    "w:trPrChange",
];

/// CT_TcPr (§17.4.70).
const TC_PR: &[&str] = &[
    "w:cnfStyle",
    "w:tcW",
    "w:gridSpan",
    "w:hMerge",
    "w:vMerge",
    "w:tcBorders",
    "w:shd",
    "w:noWrap",
    "w:tcMar",
    "w:textDirection",
    "w:tcFitText",
    "w:vAlign",
    "w:hideMark",
    "w:cellIns",
    "w:cellDel",
    "w:cellMerge",
    "w:tcPrChange",
];

/// CT_SectPr (§17.6.17): the header and footer references first.
const SECT_PR: &[&str] = &[
    "w:headerReference",
    "w:footerReference",
    "w:footnotePr",
    "w:endnotePr",
    "w:type",
    "w:pgSz",
    "w:pgMar",
    "w:paperSrc",
    "w:pgBorders",
    "w:lnNumType",
    "w:pgNumType",
    "w:cols",
    "w:formProt",
    "w:vAlign",
    "w:noEndnote",
    "w:titlePg",
    "w:textDirection",
    "w:bidi",
    "w:rtlGutter",
    "w:docGrid",
    "w:printerSettings",
    "w:sectPrChange",
];

/// CT_Style (§17.7.4.17).
const STYLE: &[&str] = &[
    "w:name",
    "w:aliases",
    "w:basedOn",
    "w:next",
    "w:link",
    "w:autoRedefine",
    "w:hidden",
    "w:uiPriority",
    "w:semiHidden",
    "w:unhideWhenUsed",
    "w:qFormat",
    "w:locked",
    "w:personal",
    "w:personalCompose",
    "w:personalReply",
    "w:rsid",
    "w:pPr",
    "w:rPr",
    "w:tblPr",
    "w:trPr",
    "w:tcPr",
    "w:tblStylePr",
];

/// CT_Settings (§17.15.1.78), with Word 2010's and 2013's additions at
/// the end where the extension schemas put them.
const SETTINGS: &[&str] = &[
    "w:writeProtection",
    "w:view",
    "w:zoom",
    "w:removePersonalInformation",
    "w:removeDateAndTime",
    "w:doNotDisplayPageBoundaries",
    "w:displayBackgroundShape",
    "w:printPostScriptOverText",
    "w:printFractionalCharacterWidth",
    "w:printFormsData",
    "w:embedTrueTypeFonts",
    "w:embedSystemFonts",
    "w:saveSubsetFonts",
    "w:saveFormsData",
    "w:mirrorMargins",
    "w:alignBordersAndEdges",
    "w:bordersDoNotSurroundHeader",
    "w:bordersDoNotSurroundFooter",
    "w:gutterAtTop",
    "w:hideSpellingErrors",
    "w:hideGrammaticalErrors",
    "w:activeWritingStyle",
    "w:proofState",
    "w:formsDesign",
    "w:attachedTemplate",
    "w:linkStyles",
    "w:stylePaneFormatFilter",
    "w:stylePaneSortMethod",
    "w:documentType",
    "w:mailMerge",
    "w:revisionView",
    "w:trackRevisions",
    "w:doNotTrackMoves",
    "w:doNotTrackFormatting",
    "w:documentProtection",
    "w:autoFormatOverride",
    "w:styleLockTheme",
    "w:styleLockQFSet",
    "w:defaultTabStop",
    "w:autoHyphenation",
    "w:consecutiveHyphenLimit",
    "w:hyphenationZone",
    "w:doNotHyphenateCaps",
    "w:showEnvelope",
    "w:summaryLength",
    "w:clickAndTypeStyle",
    "w:defaultTableStyle",
    "w:evenAndOddHeaders",
    "w:bookFoldRevPrinting",
    "w:bookFoldPrinting",
    "w:bookFoldPrintingSheets",
    "w:drawingGridHorizontalSpacing",
    "w:drawingGridVerticalSpacing",
    "w:displayHorizontalDrawingGridEvery",
    "w:displayVerticalDrawingGridEvery",
    "w:doNotUseMarginsForDrawingGridOrigin",
    "w:drawingGridHorizontalOrigin",
    "w:drawingGridVerticalOrigin",
    "w:doNotShadeFormData",
    "w:noPunctuationKerning",
    "w:characterSpacingControl",
    "w:printTwoOnOne",
    "w:strictFirstAndLastChars",
    "w:noLineBreaksAfter",
    "w:noLineBreaksBefore",
    "w:savePreviewPicture",
    "w:doNotValidateAgainstSchema",
    "w:saveInvalidXml",
    "w:ignoreMixedContent",
    "w:alwaysShowPlaceholderText",
    "w:doNotDemarcateInvalidXml",
    "w:saveXmlDataOnly",
    "w:useXSLTWhenSaving",
    "w:saveThroughXslt",
    "w:showXMLTags",
    "w:alwaysMergeEmptyNamespace",
    "w:updateFields",
    "w:hdrShapeDefaults",
    "w:footnotePr",
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures",
    "w:forceUpgrade",
    "w:captions",
    "w:readModeInkLockDown",
    "w:smartTagType",
    "sl:schemaLibrary",
    "w:shapeDefaults",
    "w:doNotEmbedSmartTags",
    "w:decimalSymbol",
    "w:listSeparator",
    "w14:docId",
    "w14:discardImageEditingData",
    "w14:defaultImageDpi",
    "w14:conflictMode",
    "w15:chartTrackingRefBased",
    "w15:docId",
];

/// CT_TblBorders and CT_TcBorders (§17.4.39, §17.4.67); `left`/`right`
/// and `start`/`end` are the transitional and strict names of one slot.
const BORDERS: &[&str] = &[
    "w:top",
    "w:left",
    "w:start",
    "w:bottom",
    "w:right",
    "w:end",
    "w:insideH",
    "w:insideV",
    "w:tl2br",
    "w:tr2bl",
];

/// CT_PBdr (§17.3.1.24).
const P_BDR: &[&str] = &[
    "w:top",
    "w:left",
    "w:bottom",
    "w:right",
    "w:between",
    "w:bar",
];

/// CT_TblCellMar and CT_TcMar (§17.4.42, §17.4.68).
const MARGINS: &[&str] = &["w:top", "w:left", "w:start", "w:bottom", "w:right", "w:end"];

/// CT_SdtPr (§17.5.2.38): a sequence in ISO/IEC 29500-4 (the Open XML
/// SDK reads it as a choice, so this order satisfies both); the Word 2010
/// and 2013 extensions stand where Word writes them.
const SDT_PR: &[&str] = &[
    "w:rPr",
    "w:alias",
    "w:tag",
    "w:id",
    "w:lock",
    "w:placeholder",
    "w:temporary",
    "w:showingPlcHdr",
    "w:dataBinding",
    "w15:dataBinding",
    "w:label",
    "w:tabIndex",
    "w15:color",
    "w15:appearance",
    "w15:webExtensionLinked",
    "w15:webExtensionCreated",
    "w:equation",
    "w:comboBox",
    "w:date",
    "w:docPartObj",
    "w:docPartList",
    "w:dropDownList",
    "w:picture",
    "w:richText",
    "w:text",
    "w:citation",
    "w:group",
    "w:bibliography",
    "w14:entityPicker",
    "w14:checkbox",
    "w15:repeatingSection",
    "w15:repeatingSectionItem",
];

/// CT_Lvl (§17.9.6).
const LVL: &[&str] = &[
    "w:start",
    "w:numFmt",
    "w:lvlRestart",
    "w:pStyle",
    "w:isLgl",
    "w:suff",
    "w:lvlText",
    "w:lvlPicBulletId",
    "w:legacy",
    "w:lvlJc",
    "w:pPr",
    "w:rPr",
];

/// CT_AbstractNum (§17.9.1).
const ABSTRACT_NUM: &[&str] = &[
    "w:nsid",
    "w:multiLevelType",
    "w:tmpl",
    "w:name",
    "w:styleLink",
    "w:numStyleLink",
    "w:lvl",
];

/// CT_Numbering (§17.9.17).
const NUMBERING: &[&str] = &[
    "w:numPicBullet",
    "w:abstractNum",
    "w:num",
    "w:numIdMacAtCleanup",
];

/// CT_Font (§17.8.3.10).
const FONT: &[&str] = &[
    "w:altName",
    "w:panose1",
    "w:charset",
    "w:family",
    "w:notTrueType",
    "w:pitch",
    "w:sig",
    "w:embedRegular",
    "w:embedBold",
    "w:embedItalic",
    "w:embedBoldItalic",
];

/// The rule for the children of `element`, by its qualified name as
/// docx-rs and we write it (`w:` is WordprocessingML's main namespace).
pub fn rule_of(element: &str) -> Option<Rule> {
    use Rule::{PropertiesFirst, Sequence};
    Some(match element {
        "w:pPr" => Sequence(P_PR),
        "w:rPr" => Sequence(R_PR),
        "w:tblPr" => Sequence(TBL_PR),
        "w:trPr" => Sequence(TR_PR),
        "w:tcPr" => Sequence(TC_PR),
        "w:sectPr" => Sequence(SECT_PR),
        "w:style" => Sequence(STYLE),
        "w:settings" => Sequence(SETTINGS),
        "w:tblBorders" | "w:tcBorders" => Sequence(BORDERS),
        "w:pBdr" => Sequence(P_BDR),
        "w:tblCellMar" | "w:tcMar" => Sequence(MARGINS),
        "w:sdtPr" => Sequence(SDT_PR),
        "w:sdt" => Sequence(&["w:sdtPr", "w:sdtEndPr", "w:sdtContent"]),
        "w:docDefaults" => Sequence(&["w:rPrDefault", "w:pPrDefault"]),
        "w:styles" => Sequence(&["w:docDefaults", "w:latentStyles", "w:style"]),
        "w:docPartObj" | "w:docPartList" => {
            Sequence(&["w:docPartGallery", "w:docPartCategory", "w:docPartUnique"])
        }
        "w:lvl" => Sequence(LVL),
        "w:abstractNum" => Sequence(ABSTRACT_NUM),
        "w:numbering" => Sequence(NUMBERING),
        "w:num" => Sequence(&["w:abstractNumId", "w:lvlOverride"]),
        "w:font" => Sequence(FONT),
        "w:p" => PropertiesFirst(&["w:pPr"]),
        "w:r" => PropertiesFirst(&["w:rPr"]),
        "w:tbl" => PropertiesFirst(&["w:tblPr", "w:tblGrid"]),
        "w:tr" => PropertiesFirst(&["w:tblPrEx", "w:trPr"]),
        "w:tc" => PropertiesFirst(&["w:tcPr"]),
        _ => return None,
    })
}

/// Attributes that docx-rs writes and no schema declares, by element:
/// readers that validate (Word among them) refuse the file for them.
pub const UNDECLARED_ATTRIBUTES: &[(&str, &str)] = &[
    // docx-rs writes `w:type="dxa"` on every grid column; CT_TblGridCol
    // has only `w:w`, always in twentieths of a point.
    ("w:gridCol", "w:type"),
];

/// Elements whose `w:pPr` is a style's or a list level's (CT_PPrBase):
/// a paragraph mark's run properties have no place there. docx-rs writes an
/// empty `<w:rPr />` in each; it is dropped.
const PARAGRAPH_PROPERTIES_WITHOUT_MARK: &[&str] = &["w:style", "w:lvl", "w:pPrDefault"];

/// Drops the empty `w:rPr` of `element`'s `w:pPr`; one with properties
/// would lose them, so it is kept and reported.
fn drop_paragraph_mark_properties(element: &mut Element, unknown: &mut Vec<String>) {
    for child in &mut element.children {
        let Node::Element(p_pr) = child else { continue };
        if p_pr.name != "w:pPr" {
            continue;
        }
        p_pr.children.retain(|c| match c {
            Node::Element(e) if e.name == "w:rPr" => {
                let empty = e
                    .children
                    .iter()
                    .all(|c| matches!(c, Node::Raw(t) if t.trim().is_empty()));
                if !empty {
                    unknown.push(format!("{}/w:pPr/w:rPr", element.name));
                }
                !empty
            }
            _ => true,
        });
    }
}

/// Microsoft's extension namespaces that a reader without them may skip:
/// when a part declares one, its root lists the prefix in `mc:Ignorable`,
/// as Word writes it (ECMA-376 Part 3, Markup Compatibility).
const IGNORABLE: &[(&str, &str)] = &[
    (
        "w14",
        "http://schemas.microsoft.com/office/word/2010/wordml",
    ),
    (
        "w15",
        "http://schemas.microsoft.com/office/word/2012/wordml",
    ),
    (
        "wp14",
        "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",
    ),
];
const MC_NAMESPACE: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// Lists every extension prefix the root declares in its `mc:Ignorable`,
/// declaring `mc` where it is missing.
fn declare_ignorable(root: &mut Element) {
    let declared = |prefix: &str, uri: &str, attributes: &[(String, String)]| {
        attributes
            .iter()
            .any(|(k, v)| k.strip_prefix("xmlns:") == Some(prefix) && v == uri)
    };
    let wanted: Vec<&str> = IGNORABLE
        .iter()
        .filter(|(prefix, uri)| declared(prefix, uri, &root.attributes))
        .map(|(prefix, _)| *prefix)
        .collect();
    if wanted.is_empty() {
        return;
    }
    if !declared("mc", MC_NAMESPACE, &root.attributes) {
        root.attributes
            .push(("xmlns:mc".to_owned(), MC_NAMESPACE.to_owned()));
    }
    match root
        .attributes
        .iter_mut()
        .find(|(k, _)| k == "mc:Ignorable")
    {
        Some((_, listed)) => {
            for prefix in wanted {
                if !listed.split_whitespace().any(|p| p == prefix) {
                    listed.push(' ');
                    listed.push_str(prefix);
                }
            }
        }
        None => root
            .attributes
            .push(("mc:Ignorable".to_owned(), wanted.join(" "))),
    }
}

/// One node of a part: an element or anything else, kept as raw text.
#[derive(Debug)]
enum Node {
    Element(Element),
    /// Text, CDATA, comments and processing instructions, exactly as read.
    Raw(String),
}

#[derive(Debug)]
struct Element {
    name: String,
    /// Attributes with their values as written (still escaped).
    attributes: Vec<(String, String)>,
    children: Vec<Node>,
    /// Written `<a/>` when it has no children.
    empty: bool,
}

fn malformed(part: &str) -> Error {
    Error::Io(std::io::Error::other(format!(
        "Word-filen kunde inte skapas: delen {part} är inte välformad XML"
    )))
}

/// Reads `xml` into a list of top-level nodes (declaration, root element).
fn parse(part: &str, xml: &str) -> Result<Vec<Node>> {
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<Element> = Vec::new();
    let mut top: Vec<Node> = Vec::new();
    let push = |stack: &mut Vec<Element>, top: &mut Vec<Node>, node: Node| match stack.last_mut() {
        Some(parent) => parent.children.push(node),
        None => top.push(node),
    };
    loop {
        let event = reader.read_event().map_err(|_| malformed(part))?;
        match event {
            Event::Start(e) => stack.push(element(part, &e, false)?),
            Event::Empty(e) => {
                let node = Node::Element(element(part, &e, true)?);
                push(&mut stack, &mut top, node);
            }
            Event::End(_) => {
                let done = stack.pop().ok_or_else(|| malformed(part))?;
                push(&mut stack, &mut top, Node::Element(done));
            }
            Event::Text(t) => {
                let raw = String::from_utf8_lossy(&t.into_inner()).into_owned();
                push(&mut stack, &mut top, Node::Raw(raw));
            }
            Event::GeneralRef(r) => {
                let raw = format!("&{};", String::from_utf8_lossy(&r.into_inner()));
                push(&mut stack, &mut top, Node::Raw(raw));
            }
            Event::CData(t) => {
                let raw = format!("<![CDATA[{}]]>", String::from_utf8_lossy(&t.into_inner()));
                push(&mut stack, &mut top, Node::Raw(raw));
            }
            Event::Comment(t) => {
                let raw = format!("<!--{}-->", String::from_utf8_lossy(&t.into_inner()));
                push(&mut stack, &mut top, Node::Raw(raw));
            }
            Event::Decl(d) => {
                let raw = format!("<?{}?>", String::from_utf8_lossy(&d));
                push(&mut stack, &mut top, Node::Raw(raw));
            }
            Event::PI(p) => {
                let raw = format!("<?{}?>", String::from_utf8_lossy(&p));
                push(&mut stack, &mut top, Node::Raw(raw));
            }
            Event::DocType(_) => return Err(malformed(part)),
            Event::Eof => break,
        }
    }
    if !stack.is_empty() {
        return Err(malformed(part));
    }
    Ok(top)
}

fn element(part: &str, start: &BytesStart<'_>, empty: bool) -> Result<Element> {
    let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|_| malformed(part))?;
        let key = String::from_utf8_lossy(attribute.key.as_ref()).into_owned();
        let value = String::from_utf8_lossy(&attribute.value).replace('"', "&quot;");
        attributes.push((key, value));
    }
    Ok(Element {
        name,
        attributes,
        children: Vec::new(),
        empty,
    })
}

/// Sorts the children of `element` and of everything below it, and drops
/// undeclared attributes; the names of children no rule knows are added
/// to `unknown` as `parent/child`.
fn order(element: &mut Element, unknown: &mut Vec<String>) {
    element.attributes.retain(|(key, _)| {
        !UNDECLARED_ATTRIBUTES
            .iter()
            .any(|(e, a)| *e == element.name && a == key)
    });
    if PARAGRAPH_PROPERTIES_WITHOUT_MARK.contains(&element.name.as_str()) {
        drop_paragraph_mark_properties(element, unknown);
    }
    for child in &mut element.children {
        if let Node::Element(child) = child {
            order(child, unknown);
        }
    }
    let Some(rule) = rule_of(&element.name) else {
        return;
    };
    let has_text = element
        .children
        .iter()
        .any(|c| matches!(c, Node::Raw(t) if !t.trim().is_empty()));
    if has_text {
        // Mixed content is no property list: leave it as it is.
        return;
    }
    let children = std::mem::take(&mut element.children);
    let mut keyed: Vec<(usize, Node)> = Vec::with_capacity(children.len());
    for child in children {
        let Node::Element(e) = &child else {
            // Whitespace between properties carries nothing.
            continue;
        };
        let key = match rule {
            Rule::Sequence(names) => match names.iter().position(|n| *n == e.name) {
                Some(i) => i,
                None => {
                    unknown.push(format!("{}/{}", element.name, e.name));
                    names.len()
                }
            },
            Rule::PropertiesFirst(names) => names
                .iter()
                .position(|n| *n == e.name)
                .unwrap_or(names.len()),
        };
        keyed.push((key, child));
    }
    keyed.sort_by_key(|(key, _)| *key);
    element.children = keyed.into_iter().map(|(_, node)| node).collect();
}

fn write(node: &Node, out: &mut String) {
    match node {
        Node::Raw(raw) => out.push_str(raw),
        Node::Element(e) => {
            out.push('<');
            out.push_str(&e.name);
            for (key, value) in &e.attributes {
                out.push(' ');
                out.push_str(key);
                out.push_str("=\"");
                out.push_str(value);
                out.push('"');
            }
            if e.empty && e.children.is_empty() {
                out.push_str(" />");
                return;
            }
            out.push('>');
            for child in &e.children {
                write(child, out);
            }
            out.push_str("</");
            out.push_str(&e.name);
            out.push('>');
        }
    }
}

/// Puts the part `xml` (named `part` for messages) into schema order; see
/// the module's documentation.
pub fn normalise(part: &str, xml: &str) -> Result<String> {
    Ok(normalise_reporting(part, xml)?.0)
}

/// As [`normalise`], and the children no rule knows (`parent/child`).
pub fn normalise_reporting(part: &str, xml: &str) -> Result<(String, Vec<String>)> {
    let mut nodes = parse(part, xml)?;
    let mut unknown = Vec::new();
    for node in &mut nodes {
        if let Node::Element(e) = node {
            declare_ignorable(e);
            order(e, &mut unknown);
        }
    }
    let mut out = String::with_capacity(xml.len());
    for node in &nodes {
        write(node, &mut out);
    }
    unknown.sort();
    unknown.dedup();
    Ok((out, unknown))
}

/// The children of `xml` that no rule knows, as `parent/child`: a new
/// element docx-rs started to write, whose place must be added to the table.
pub fn unknown_children(part: &str, xml: &str) -> Result<Vec<String>> {
    Ok(normalise_reporting(part, xml)?.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(xml: &str) -> String {
        normalise("test.xml", xml).expect("well-formed")
    }

    #[test]
    fn the_paragraph_style_comes_before_the_mark_s_run_properties() {
        assert_eq!(
            norm(
                r#"<w:p><w:pPr><w:rPr /><w:pStyle w:val="Heading1" /><w:spacing w:after="0" /><w:keepNext /></w:pPr><w:r><w:t>Syfte</w:t></w:r></w:p>"#
            ),
            r#"<w:p><w:pPr><w:pStyle w:val="Heading1" /><w:keepNext /><w:spacing w:after="0" /><w:rPr /></w:pPr><w:r><w:t>Syfte</w:t></w:r></w:p>"#
        );
    }

    #[test]
    fn run_properties_follow_the_sequence() {
        assert_eq!(
            norm(
                r#"<w:rPr><w:lang w:val="sv-SE" /><w:sz w:val="22" /><w:color w:val="1F4E79" /><w:b /><w:rFonts w:ascii="Calibri" /></w:rPr>"#
            ),
            r#"<w:rPr><w:rFonts w:ascii="Calibri" /><w:b /><w:color w:val="1F4E79" /><w:sz w:val="22" /><w:lang w:val="sv-SE" /></w:rPr>"#
        );
    }

    #[test]
    fn content_keeps_its_order_and_only_properties_move() {
        let xml = r#"<w:r><w:t>a</w:t><w:br /><w:rPr><w:b /></w:rPr><w:t>b</w:t></w:r>"#;
        assert_eq!(
            norm(xml),
            r#"<w:r><w:rPr><w:b /></w:rPr><w:t>a</w:t><w:br /><w:t>b</w:t></w:r>"#
        );
        let table = r#"<w:tbl><w:tr><w:tc><w:p /></w:tc><w:tcPr /></w:tr><w:tblGrid /><w:tblPr /><w:tr /></w:tbl>"#;
        assert_eq!(
            norm(table),
            r#"<w:tbl><w:tblPr /><w:tblGrid /><w:tr><w:tc><w:p /></w:tc><w:tcPr /></w:tr><w:tr /></w:tbl>"#,
            "rows keep their order; w:tcPr is not a child of w:tr and stays"
        );
    }

    #[test]
    fn table_cell_and_section_properties_follow_their_sequences() {
        assert_eq!(
            norm(
                r#"<w:tcPr><w:shd w:fill="DEEAF6" /><w:tcBorders><w:right /><w:top /></w:tcBorders><w:tcW w:w="1" /></w:tcPr>"#
            ),
            r#"<w:tcPr><w:tcW w:w="1" /><w:tcBorders><w:top /><w:right /></w:tcBorders><w:shd w:fill="DEEAF6" /></w:tcPr>"#
        );
        assert_eq!(
            norm(
                r#"<w:sectPr><w:pgSz w:w="1" /><w:footerReference r:id="f" /><w:cols /><w:pgMar /><w:headerReference r:id="h" /></w:sectPr>"#
            ),
            r#"<w:sectPr><w:headerReference r:id="h" /><w:footerReference r:id="f" /><w:pgSz w:w="1" /><w:pgMar /><w:cols /></w:sectPr>"#
        );
    }

    #[test]
    fn settings_put_zoom_before_the_default_tab_stop() {
        assert_eq!(
            norm(
                r#"<w:settings><w:defaultTabStop w:val="709" /><w:zoom w:percent="100" /><w:compat /><w:updateFields w:val="true" /></w:settings>"#
            ),
            r#"<w:settings><w:zoom w:percent="100" /><w:defaultTabStop w:val="709" /><w:updateFields w:val="true" /><w:compat /></w:settings>"#
        );
    }

    #[test]
    fn text_and_attribute_values_pass_through_exactly() {
        let xml = concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<w:document xmlns:w="urn:w" xmlns:mc="urn:mc" mc:Ignorable="w14">"#,
            r#"<w:p><w:r><w:t xml:space="preserve"> &lt;a&gt; &amp; &quot;b&quot; &apos;c&apos; åäö 🏥 </w:t></w:r></w:p>"#,
            r#"<w:p><w:pPr><w:pStyle w:val="A&amp;B" /></w:pPr></w:p></w:document>"#
        );
        assert_eq!(norm(xml), xml, "already in order: unchanged, byte for byte");
    }

    #[test]
    fn undeclared_attributes_are_dropped() {
        assert_eq!(
            norm(r#"<w:tblGrid><w:gridCol w:w="2000" w:type="dxa" /></w:tblGrid>"#),
            r#"<w:tblGrid><w:gridCol w:w="2000" /></w:tblGrid>"#
        );
    }

    #[test]
    fn unknown_children_are_reported_and_kept_last() {
        let (out, unknown) = normalise_reporting(
            "t",
            r#"<w:pPr><w:madeUp /><w:jc w:val="center" /><w:pStyle w:val="A" /></w:pPr>"#,
        )
        .unwrap();
        assert_eq!(
            out,
            r#"<w:pPr><w:pStyle w:val="A" /><w:jc w:val="center" /><w:madeUp /></w:pPr>"#
        );
        assert_eq!(unknown, ["w:pPr/w:madeUp"]);
    }

    #[test]
    fn a_style_s_paragraph_properties_lose_the_empty_mark_properties() {
        let (out, unknown) = normalise_reporting(
            "t",
            r#"<w:style><w:pPr><w:rPr /><w:jc w:val="center" /></w:pPr><w:rPr><w:b /></w:rPr><w:name w:val="A" /></w:style>"#,
        )
        .unwrap();
        assert_eq!(
            out,
            r#"<w:style><w:name w:val="A" /><w:pPr><w:jc w:val="center" /></w:pPr><w:rPr><w:b /></w:rPr></w:style>"#
        );
        assert!(unknown.is_empty(), "{unknown:?}");
        let (kept, unknown) = normalise_reporting(
            "t",
            r#"<w:lvl><w:pPr><w:rPr><w:b /></w:rPr></w:pPr></w:lvl>"#,
        )
        .unwrap();
        assert!(
            kept.contains("<w:b />"),
            "properties are never dropped: {kept}"
        );
        assert_eq!(unknown, ["w:lvl/w:pPr/w:rPr"]);
        let paragraph = r#"<w:p><w:pPr><w:jc w:val="center" /><w:rPr /></w:pPr></w:p>"#;
        assert_eq!(
            norm(paragraph),
            paragraph,
            "a paragraph's mark keeps its w:rPr"
        );
    }

    #[test]
    fn declared_extension_namespaces_are_ignorable() {
        let w14 = r#"xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml""#;
        let w15 = r#"xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml""#;
        let mc = r#"xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;
        assert_eq!(
            norm(&format!(
                r#"<w:document {mc} {w14} {w15} mc:Ignorable="w14 wp14" />"#
            )),
            format!(r#"<w:document {mc} {w14} {w15} mc:Ignorable="w14 wp14 w15" />"#)
        );
        assert_eq!(
            norm(&format!(r#"<w:settings {w14} {w15} />"#)),
            format!(r#"<w:settings {w14} {w15} {mc} mc:Ignorable="w14 w15" />"#)
        );
        assert_eq!(
            norm("<w:fonts />"),
            "<w:fonts />",
            "nothing declared, nothing added"
        );
    }

    #[test]
    fn malformed_xml_is_an_error_not_a_panic() {
        assert!(normalise("t", "<w:p><w:r></w:p>").is_err());
        assert!(normalise("t", "<w:p>").is_err());
    }

    #[test]
    fn every_sequence_lists_each_name_once() {
        for table in [
            P_PR,
            R_PR,
            TBL_PR,
            TR_PR,
            TC_PR,
            SECT_PR,
            STYLE,
            SETTINGS,
            BORDERS,
            P_BDR,
            MARGINS,
            SDT_PR,
            LVL,
            ABSTRACT_NUM,
            NUMBERING,
            FONT,
        ] {
            let mut names = table.to_vec();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), table.len(), "a name repeats in {table:?}");
        }
    }
}
