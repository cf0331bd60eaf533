//! Every Swedish label the app shows for a field or a fixed choice, in one
//! place: the window, the CLI, the change log and the Word files ask here,
//! and the window keeps no copies (it receives [`Labels`] with the
//! reference data). Codes stay in the data; names are looked up at display.

use std::collections::BTreeMap;

use serde::Serialize;

/// The Swedish name of a field of a recorded change or an input, or `None`
/// for a key that users never see (an internal checksum).
///
/// `entity` is the kind of record (`document`, `version`, `round`,
/// `round_recipient`, `round_answer_file`, `party_contact`, `draft`); the
/// same key means the same thing everywhere except where it says otherwise.
pub fn field(entity: &str, key: &str) -> Option<&'static str> {
    Some(match (entity, key) {
        (_, "sha256") => return None,
        ("implementation_mailing", "sent_on") => "Information skickad",
        ("implementation_mailing", "sent_to") => "Skickad till",
        ("implementation_mailing", "minor_revision") => "Mindre revidering",
        ("implementation_session", "planned_on") => "Planerat datum",
        ("implementation_session", "held_on") => "Genomfört",
        ("implementation_session", "digital") => "Digitalt",
        ("publication", "published_on") => "Publicerad",
        ("followup_plan", "indicators") => "Indikatorer",
        ("followup", "done_on") => "Uppföljning genomförd",
        ("followup", "result") => "Resultat",
        ("followup", "next_due") => "Nästa uppföljning senast",
        ("retirement", "forum") => "Forum för beslut om avveckling",
        ("retirement", "decided_on") => "Beslut om avveckling",
        ("retirement", "inaktuell_on") => "Markerat inaktuellt på webben",
        ("retirement", "removal_on") => "Tas bort från webben",
        ("retirement", "removed_on") => "Borttaget från webben",
        ("followup_plan", "interval_months") => "Uppföljningsintervall",
        ("followup_plan", "owner") => "Ansvarig för uppföljning",
        ("lifecycle", "info_due_by") => "Information skickas senast",
        ("lifecycle", "next_followup_due") => "Nästa uppföljning senast",
        ("round", "parties") => "Påminda parter",
        ("register_review", "reviewed_on") => "Granskad",
        ("register_review", "reviewed_by") => "Granskad av",
        ("register_review", "documents") => "Dokument i förteckningen",
        ("round", "kind") => "Typ av runda",
        ("round_recipient", "outcome") => "Beslut om antagande",
        ("round_recipient", "deciding_body") => "Beslutande organ",
        ("round_recipient", "decided_on") => "Beslutsdatum",
        ("round_recipient", "their_diarienummer") => "Partens diarienummer",
        ("round", "recipients") => "Antal mottagare",
        (_, "doc_type") => "Dokumenttyp",
        (_, "title") => "Titel",
        (_, "developed_within") => "Framtagen inom",
        (_, "organisation") => "Organisation",
        (_, "owner") => "Dokumentägare",
        (_, "approver") => "Fastställare",
        (_, "valid_from") => "Giltig fr.o.m.",
        (_, "valid_to") => "Giltig t.o.m.",
        (_, "areas") => "Gäller för",
        (_, "prepared_by") => "Utarbetad av",
        (_, "parties") => "Ingående parter",
        (_, "diarienummer") => "Diarienummer",
        (_, "vida_link") => "Länk i Vida",
        (_, "legal_basis") => "Lagstöd",
        (_, "followup_interval_months") => "Uppföljningsintervall",
        (_, "followup_owner") => "Ansvarig för uppföljning",
        (_, "notes") => "Anteckningar",
        (_, "stage") => "Steg",
        (_, "on_date") => "Datum",
        (_, "comment") => "Kommentar",
        (_, "version_no") => "Version",
        (_, "subject") => "Ärendemening",
        (_, "deadline") => "Sista svarsdag",
        (_, "sent_date") => "Utskicksdag",
        (_, "missiv_text") => "Missivtext",
        (_, "reply_address") => "Svarsadress",
        (_, "contact_name") => "Kontaktperson",
        (_, "contact_email") => "Kontaktpersonens e-post",
        (_, "contact_phone") => "Kontaktpersonens telefon",
        (_, "contact_title") => "Kontaktpersonens titel",
        (_, "sent_on") => "Skickad",
        (_, "reminded_on") => "Påmind",
        (_, "reminders") => "Antal påminnelser",
        (_, "received_on") => "Svar inkommet",
        (_, "position") => "Ställning",
        (_, "declined_on") => "Avstår",
        (_, "note") => "Anteckning",
        (_, "file_name") => "Fil",
        (_, "saved_path") => "Sparad som",
        (_, "template_version") => "Mallversion",
        (_, "complies") => "Följer mallen",
        (_, "destination") => "Exporterat till",
        (_, "draft_source") => "Utkast i paketet",
        (_, "files") => "Antal filer",
        (_, "level") => "Nivå",
        (_, "name") => "Namn",
        (_, "role") => "Roll",
        (_, "email") => "E-post",
        (_, "phone") => "Telefon",
        (_, "section") => "Avsnitt",
        (_, "body") => "Synpunkt",
        (_, "proposal") => "Förslag till ändring",
        (_, "disposition") => "Ställningstagande",
        (_, "motivation") => "Motivering",
        (_, "significant") => "Betydande ändring",
        (_, "comments") => "Antal synpunkter",
        (_, "party") => "Part",
        (_, "reapproved_on") => "Godkänt på nytt i nätverken",
        (_, "replaced") => "Ersatta synpunkter",
        (_, "forum") => "Forum",
        (_, "meeting_date") => "Mötesdatum",
        (_, "points") => "Beslut",
        (_, "recommends_adoption") => "Alla parter rekommenderas att anta",
        _ => "Övrig uppgift",
    })
}

/// A document field's label (`title` → "Titel"), for messages.
pub fn document_field(key: &str) -> &'static str {
    field("document", key).unwrap_or("Fält")
}

/// The document fields in the order of the form.
pub const DOCUMENT_FIELDS: &[&str] = &[
    "doc_type",
    "title",
    "developed_within",
    "organisation",
    "owner",
    "approver",
    "valid_from",
    "valid_to",
    "areas",
    "prepared_by",
    "parties",
    "diarienummer",
    "vida_link",
    "legal_basis",
    "followup_interval_months",
    "followup_owner",
    "notes",
];

/// "Vartannat år" and the like, the way the guideline writes intervals.
pub fn interval(months: i64) -> String {
    const ORDINALS: [&str; 11] = [
        "", "", "annat", "tredje", "fjärde", "femte", "sjätte", "sjunde", "åttonde", "nionde",
        "tionde",
    ];
    match months {
        12 => "Varje år".into(),
        1 => "Varje månad".into(),
        m if m % 12 == 0 && (2..=10).contains(&(m / 12)) => {
            let n = (m / 12) as usize;
            if n == 2 {
                "Vartannat år".into()
            } else {
                format!("Vart {} år", ORDINALS[n])
            }
        }
        m if (2..=10).contains(&m) => {
            if m == 2 {
                "Varannan månad".into()
            } else {
                format!("Var {} månad", ORDINALS[m as usize])
            }
        }
        m => format!("Var {m}:e månad"),
    }
}

/// The follow-up intervals the form offers, in months.
pub const FOLLOWUP_CHOICES: &[i64] = &[6, 12, 24, 36, 48];

/// A code and its Swedish name.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Named {
    pub code: String,
    pub name: String,
}

/// A follow-up interval and its Swedish name.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Interval {
    pub months: i64,
    pub name: String,
}

/// The labels the window needs besides the reference data, so that it keeps
/// no copies of its own.
#[derive(Debug, Clone, Serialize)]
pub struct Labels {
    /// Document field → label.
    pub fields: BTreeMap<&'static str, &'static str>,
    pub followup_intervals: Vec<Interval>,
    pub validity_filters: Vec<Named>,
    pub contact_levels: Vec<Named>,
    /// Where the database path came from (`samdok::config::DbLocation::source`).
    pub db_sources: BTreeMap<&'static str, &'static str>,
    pub dispositions: Vec<Named>,
    pub round_kinds: Vec<RoundKindLabel>,
    pub outcomes: Vec<Named>,
    pub adoption_filters: Vec<Named>,
    /// A party's decision on adoption: field → label (`round_recipient`).
    pub decision_fields: BTreeMap<&'static str, &'static str>,
    pub attention_kinds: Vec<Named>,
    /// The round form's fields that mean something else in an adoption
    /// round: field → label.
    pub adoption_round_fields: BTreeMap<&'static str, &'static str>,
    /// The names and field labels of the steps after the decision.
    pub lifecycle: LifecycleLabels,
}

/// Where the database path came from, in Swedish.
pub fn db_source(source: &str) -> &'static str {
    match source {
        "option" => "angiven med --db",
        "environment" => "miljövariabeln SAMDOK_DB",
        "settings" => "vald i inställningarna",
        _ => "standardplats",
    }
}

/// The register's validity filters: code and name.
pub const VALIDITY_FILTERS: &[(&str, &str)] = &[
    ("gallande", "Gällande"),
    ("gar_ut", "Går ut inom 12 mån"),
    ("utgangen", "Utgången"),
    ("kommande", "Kommande"),
    ("ej_angiven", "Giltighet ej angiven"),
];

/// A round kind's name (`remiss` → "Remiss").
pub fn round_kind(code: &str) -> Option<&'static str> {
    ROUND_KINDS.iter().find(|k| k.code == code).map(|k| k.name)
}

/// A kind of round as the form offers it.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct RoundKindLabel {
    pub code: &'static str,
    pub name: &'static str,
    /// What the kind means, one line.
    pub description: &'static str,
}

/// The kinds of round, in the order the form offers them.
pub const ROUND_KINDS: &[RoundKindLabel] = &[
    RoundKindLabel {
        code: "remiss",
        name: "Remiss",
        description: "Remiss – till parternas politiska nivå",
    },
    RoundKindLabel {
        code: "synpunktsrunda",
        name: "Synpunktsrunda",
        description: "Synpunktsrunda – till parternas tjänstepersoner",
    },
    RoundKindLabel {
        code: "antagande",
        name: "Antagande",
        description:
            "Antagande – efter ställningstagandet beslutar varje part om att anta dokumentet",
    },
];

/// A round kind's description (`antagande` → "Antagande – efter …").
pub fn round_kind_description(code: &str) -> Option<&'static str> {
    ROUND_KINDS
        .iter()
        .find(|k| k.code == code)
        .map(|k| k.description)
}

/// The outcomes of a party's decision on adoption: code and name.
pub const OUTCOMES: &[(&str, &str)] = &[
    ("antagen", "Antagen"),
    ("ej_antagen", "Ej antagen"),
    ("aterremitterad", "Återremitterad"),
];

/// How far a document's adoption has come: "Antagen av 12 av 17".
pub fn adopted_of(adopted: usize, total: usize) -> String {
    format!("Antagen av {adopted} av {total}")
}

/// The register's adoption filters: code and name.
pub const ADOPTION_FILTERS: &[(&str, &str)] = &[
    ("vantar", "Väntar på parternas beslut"),
    ("alla", "Antagen av alla parter"),
    ("ingen", "Ingen antagandeomgång"),
];

/// The fields of a party's decision on adoption, as the window shows them.
pub const DECISION_FIELDS: &[&str] = &[
    "outcome",
    "deciding_body",
    "decided_on",
    "their_diarienummer",
];

/// The round form's labels for an adoption round where they differ from a
/// remiss's: the deadline is the day to decide by, the reply address is
/// where the protokollsutdrag go, the diarienummer is the one to quote and
/// the missiv text is the case's background.
pub const ADOPTION_ROUND_FIELDS: &[(&str, &str)] = &[
    ("deadline", "Sista dag för beslut"),
    ("diarienummer", "Diarienummer att ange i ämnesraden"),
    ("reply_address", "Protokollsutdragen skickas till (e-post)"),
    ("missiv_text", "Sammanfattning av ärendet"),
];

/// What the Översikt watches: code and name, in the order of urgency when
/// two items fall on the same day.
pub const ATTENTION_KINDS: &[(&str, &str)] = &[
    ("validity_passed", "Giltighetstiden har gått ut"),
    ("validity_ending", "Giltighetstiden går ut"),
    ("followup_late", "Uppföljningen är försenad"),
    ("followup_due", "Dags för uppföljning"),
    ("followup_plan_missing", "Uppföljningsplan saknas"),
    ("vida_link_missing", "Länk i Vida saknas"),
    ("round_late", "Svar saknas efter sista svarsdag"),
    ("round_due_soon", "Sista svarsdag närmar sig"),
    ("comments_unhandled", "Synpunkter att hantera"),
    (
        "adoption_undecided",
        "Parter som inte beslutat om antagande",
    ),
    ("information_due", "Information före giltighetstiden"),
    ("too_few_sessions", "För få informationstillfällen"),
    ("web_removal_due", "Ska tas bort från webben"),
    ("review_missing", "Årets granskning av registret"),
];

/// The Översikt's groups: code, heading and a line under it.
pub const ATTENTION_GROUPS: &[(&str, &str, &str)] = &[
    ("passed", "Försenat", "Dagen har passerat."),
    (
        "now",
        "I dag och sådant som saknas",
        "Att göra i dag, eller uppgifter som saknas.",
    ),
    ("coming", "Kommande", "Inom bevakningstiden."),
];

/// An Översikt group's heading and line (`passed` → "Försenat").
pub fn attention_group(code: &str) -> (&'static str, &'static str) {
    ATTENTION_GROUPS
        .iter()
        .find(|(c, _, _)| *c == code)
        .map_or(("", ""), |(_, title, intro)| (*title, *intro))
}

/// An attention item kind's name (`round_late` → "Svar saknas …").
pub fn attention_kind(code: &str) -> Option<&'static str> {
    ATTENTION_KINDS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, name)| *name)
}

/// An outcome's name (`ej_antagen` → "Ej antagen").
pub fn outcome(code: &str) -> Option<&'static str> {
    OUTCOMES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, name)| *name)
}

/// The dispositions of a comment: code and name, in the order they are
/// offered.
pub const DISPOSITIONS: &[(&str, &str)] = &[
    ("beaktad", "Beaktad"),
    ("delvis_beaktad", "Delvis beaktad"),
    ("ej_beaktad", "Ej beaktad"),
    ("noterad", "Noterad"),
];

/// A disposition's name (`delvis_beaktad` → "Delvis beaktad").
pub fn disposition(code: &str) -> Option<&'static str> {
    DISPOSITIONS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, name)| *name)
}

/// The contact levels: code and name.
pub const CONTACT_LEVELS: &[(&str, &str)] = &[
    ("politisk", "Politisk nivå (remiss)"),
    ("tjansteperson", "Tjänstepersonsnivå (synpunktsrunda)"),
];

/// The steps after the decision (guideline §Implementering …
/// §Avveckling): code and name, in the guideline's order.
pub const LIFECYCLE_STEPS: &[(&str, &str)] = &[
    ("implementation", "Implementering"),
    ("publication", "Publicering"),
    ("followup", "Uppföljning"),
    ("retirement", "Avveckling"),
];

/// The name of everything recorded after the decision.
pub const AFTER_DECISION: &str = "Efter beslutet";

/// What each kind of record after the decision is called: entity, one,
/// many.
pub const LIFECYCLE_RECORDS: &[(&str, &str, &str)] = &[
    (
        "implementation_mailing",
        "Utskick av information",
        "Information skickad",
    ),
    (
        "implementation_session",
        "Informationstillfälle",
        "Informationstillfällen",
    ),
    ("publication", "Publicering", "Publiceringar"),
    (
        "followup_plan",
        "Plan för uppföljning",
        "Planer för uppföljning",
    ),
    ("followup", "Uppföljning", "Gjorda uppföljningar"),
    ("retirement", "Beslut om avveckling", "Beslut om avveckling"),
];

/// The fields of the records after the decision (their input fields and
/// the dates the core derives), by entity: the window labels them with
/// [`field`], as the change log does.
pub const LIFECYCLE_FIELDS: &[(&str, &[&str])] = &[
    (
        "implementation_mailing",
        &["sent_on", "sent_to", "minor_revision"],
    ),
    (
        "implementation_session",
        &["planned_on", "held_on", "digital", "note"],
    ),
    ("publication", &["published_on", "vida_link"]),
    ("followup_plan", &["indicators", "interval_months", "owner"]),
    ("followup", &["done_on", "result", "next_due"]),
    (
        "retirement",
        &[
            "forum",
            "decided_on",
            "inaktuell_on",
            "removal_on",
            "removed_on",
        ],
    ),
    (
        "lifecycle",
        &["valid_from", "info_due_by", "next_followup_due"],
    ),
];

/// An information session's kind, as the change log and the window name
/// it.
pub fn session_kind(digital: bool) -> &'static str {
    if digital {
        "Digitalt informationstillfälle"
    } else {
        "Informationstillfälle på plats"
    }
}

/// One and many of a kind of record.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RecordName {
    pub one: &'static str,
    pub many: &'static str,
}

/// The labels of the steps after the decision, for the window.
#[derive(Debug, Clone, Serialize)]
pub struct LifecycleLabels {
    /// "Efter beslutet".
    pub title: &'static str,
    /// The four steps, in order ([`LIFECYCLE_STEPS`]).
    pub steps: Vec<Named>,
    /// Entity → its name, one and many ([`LIFECYCLE_RECORDS`]).
    pub records: BTreeMap<&'static str, RecordName>,
    /// Entity → field → label ([`LIFECYCLE_FIELDS`], labelled by
    /// [`field`]).
    pub fields: BTreeMap<&'static str, BTreeMap<&'static str, &'static str>>,
    /// A session's kind: `digital` and `on_site` ([`session_kind`]).
    pub session_kinds: BTreeMap<&'static str, &'static str>,
}

/// The labels of the steps after the decision.
pub fn lifecycle() -> LifecycleLabels {
    LifecycleLabels {
        title: AFTER_DECISION,
        steps: LIFECYCLE_STEPS
            .iter()
            .map(|(code, name)| Named {
                code: (*code).into(),
                name: (*name).into(),
            })
            .collect(),
        records: LIFECYCLE_RECORDS
            .iter()
            .map(|(entity, one, many)| (*entity, RecordName { one, many }))
            .collect(),
        fields: LIFECYCLE_FIELDS
            .iter()
            .map(|(entity, keys)| {
                (
                    *entity,
                    keys.iter()
                        .filter_map(|key| field(entity, key).map(|label| (*key, label)))
                        .collect(),
                )
            })
            .collect(),
        session_kinds: [
            ("digital", session_kind(true)),
            ("on_site", session_kind(false)),
        ]
        .into_iter()
        .collect(),
    }
}

/// All of the above, for the window.
pub fn for_window() -> Labels {
    let named = |list: &[(&str, &str)]| {
        list.iter()
            .map(|(code, name)| Named {
                code: (*code).into(),
                name: (*name).into(),
            })
            .collect()
    };
    Labels {
        fields: DOCUMENT_FIELDS
            .iter()
            .map(|key| (*key, document_field(key)))
            .collect(),
        followup_intervals: FOLLOWUP_CHOICES
            .iter()
            .map(|&months| Interval {
                months,
                name: interval(months),
            })
            .collect(),
        validity_filters: named(VALIDITY_FILTERS),
        contact_levels: named(CONTACT_LEVELS),
        dispositions: named(DISPOSITIONS),
        round_kinds: ROUND_KINDS.to_vec(),
        outcomes: named(OUTCOMES),
        adoption_filters: named(ADOPTION_FILTERS),
        attention_kinds: named(ATTENTION_KINDS),
        decision_fields: DECISION_FIELDS
            .iter()
            .filter_map(|key| Some((*key, field("round_recipient", key)?)))
            .collect(),
        adoption_round_fields: ADOPTION_ROUND_FIELDS.iter().copied().collect(),
        lifecycle: lifecycle(),
        db_sources: ["option", "environment", "settings", "default"]
            .into_iter()
            .map(|s| (s, db_source(s)))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_are_written_as_the_guideline_writes_them() {
        assert_eq!(interval(24), "Vartannat år");
        assert_eq!(interval(36), "Vart tredje år");
        assert_eq!(interval(3), "Var tredje månad");
        assert_eq!(interval(12), "Varje år");
        assert_eq!(interval(17), "Var 17:e månad");
    }

    #[test]
    fn the_window_gets_a_label_for_every_field_of_a_decision_on_adoption() {
        let labels = for_window();
        assert_eq!(
            labels.decision_fields.len(),
            DECISION_FIELDS.len(),
            "every field of a party's decision should have a label, got {:?}",
            labels.decision_fields
        );
        assert_eq!(
            labels.decision_fields.get("their_diarienummer"),
            Some(&"Partens diarienummer")
        );
        assert_eq!(
            labels.adoption_round_fields.get("reply_address"),
            Some(&"Protokollsutdragen skickas till (e-post)")
        );
    }

    #[test]
    fn every_field_after_the_decision_has_a_swedish_label_of_its_own() {
        let labels = lifecycle();
        for (entity, keys) in LIFECYCLE_FIELDS {
            for key in *keys {
                let label = labels.fields.get(entity).and_then(|f| f.get(key));
                assert!(
                    label.is_some_and(|l| *l != "Övrig uppgift" && !l.contains('_')),
                    "{entity}.{key} should have a Swedish label, got {label:?}"
                );
            }
        }
        assert_eq!(
            labels.fields["followup_plan"]["owner"], "Ansvarig för uppföljning",
            "the plan's owner is the follow-up's, not the document's"
        );
        for (entity, ..) in LIFECYCLE_RECORDS {
            assert!(
                labels.fields.contains_key(entity),
                "the record {entity} should have its fields labelled"
            );
        }
    }

    #[test]
    fn every_document_field_has_a_swedish_label() {
        for key in DOCUMENT_FIELDS {
            let label = document_field(key);
            assert!(
                label != "Fält" && label != "Övrig uppgift" && !label.contains('_'),
                "{key} should have a label of its own, got {label}"
            );
        }
    }
}
