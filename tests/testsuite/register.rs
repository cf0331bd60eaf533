use chrono::NaiveDate;
use samdok::parties::PartyId;
use samdok::register::{self, DocumentInput, ListQuery, SortField, Validity, ValidityFilter};
use samdok::{time, DocumentId};

use crate::support::{doc, TestDb};

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn count_versions(db: &TestDb) -> i64 {
    db.store
        .conn()
        .query_row("SELECT count(*) FROM document_versions", [], |r| r.get(0))
        .unwrap()
}

fn full_input() -> DocumentInput {
    DocumentInput {
        doc_type: "Riktlinje".into(),
        title: "  Hantering av kommun- och regiongemensamma dokument  ".into(),
        developed_within: "Samverkansarenan Nya perspektiv".into(),
        organisation: "Region Värmland".into(),
        owner: "Linnea Grankvist Utvecklingsledare".into(),
        approver: "Beredningsgruppen Nya perspektiv".into(),
        valid_from: Some("2026-04-27".into()),
        valid_to: Some("2028-04-26".into()),
        areas: vec!["halso-och-sjukvard".into(), "socialtjanst".into()],
        prepared_by: "Linnea Grankvist, Anna-Carin Johansson".into(),
        parties: None,
        diarienummer: "RV2026/0042".into(),
        vida_link: "https://vida.regionvarmland.se/dokument/42".into(),
        legal_basis: "Hälso- och sjukvårdslagen (2017:30)".into(),
        followup_interval_months: Some(24),
        followup_owner: "Beredningsgruppen/enhetschef Nya perspektiv".into(),
        notes: "Första versionen.".into(),
    }
}

#[test]
fn creates_a_document_with_every_field_of_the_header() {
    let mut db = TestDb::new();
    let id = register::create(&mut db.store, &full_input()).unwrap();
    let detail = register::get(db.store.conn(), id, date("2026-11-23")).unwrap();
    let v = &detail.current;
    assert_eq!(
        v.fields.title, "Hantering av kommun- och regiongemensamma dokument",
        "trimmed"
    );
    assert_eq!(
        v.fields.doc_type, "riktlinje",
        "type given by name is stored by code"
    );
    assert_eq!(v.doc_type_name, "Riktlinje");
    assert_eq!(v.version_no, 1);
    assert_eq!(v.stage, "initiering");
    assert_eq!(v.fields.valid_from, Some(date("2026-04-27")));
    assert_eq!(v.fields.valid_to, Some(date("2028-04-26")));
    assert_eq!(v.area_names, ["Hälso- och sjukvård", "Socialtjänst"]);
    assert_eq!(v.fields.parties.len(), 17, "all 17 parties by default");
    assert_eq!(v.fields.diarienummer.as_deref(), Some("RV2026/0042"));
    assert_eq!(v.fields.followup_interval_months, Some(24));
    assert_eq!(detail.validity, Validity::Gallande);
    assert_eq!(
        detail.next_stage.as_ref().map(|s| s.code.as_str()),
        Some("dialog")
    );
    assert_eq!(
        detail.history.len(),
        1,
        "registration is the first history entry"
    );
}

#[test]
fn user_text_is_stored_intact() {
    let mut db = TestDb::new();
    let title = "Avtal <om> \"vård\" & 'omsorg' – åäö ÅÄÖ 🏥";
    let id = db.add(title);
    let v = register::current_version(db.store.conn(), id).unwrap();
    assert_eq!(v.fields.title, title);
}

#[test]
fn a_chosen_subset_of_parties_is_kept_in_guideline_order() {
    let mut db = TestDb::new();
    let all = samdok::parties::list(db.store.conn()).unwrap();
    let pick = |name: &str| all.iter().find(|p| p.name == name).unwrap().id;
    let input = DocumentInput {
        parties: Some(vec![
            pick("Årjäng"),
            pick("Region Värmland"),
            pick("Eda"),
            pick("Eda"),
        ]),
        ..doc("Avtal om hjälpmedel")
    };
    let id = register::create(&mut db.store, &input).unwrap();
    let v = register::current_version(db.store.conn(), id).unwrap();
    assert_eq!(
        v.fields.parties,
        [pick("Region Värmland"), pick("Eda"), pick("Årjäng")]
    );
}

#[test]
fn an_empty_title_is_refused_and_nothing_is_stored() {
    let mut db = TestDb::new();
    let err = register::create(&mut db.store, &doc("   ")).expect_err("empty title");
    assert_eq!(err.code(), "invalid");
    assert_eq!(err.field_errors()[0].field, "title");
    assert_eq!(err.field_errors()[0].message, "Ange en titel.");
    assert_eq!(count_versions(&db), 0);
}

#[test]
fn an_end_date_before_the_start_date_is_refused() {
    let mut db = TestDb::new();
    let input = DocumentInput {
        valid_from: Some("2027-01-01".into()),
        valid_to: Some("2026-12-31".into()),
        ..doc("Rutin för avvikelser")
    };
    let err = register::create(&mut db.store, &input).expect_err("t.o.m. before fr.o.m.");
    let fe = &err.field_errors()[0];
    assert_eq!(fe.field, "valid_to");
    assert!(fe.message.contains("kan inte vara före"), "{}", fe.message);
    assert_eq!(count_versions(&db), 0);
}

#[test]
fn a_malformed_date_is_refused_with_the_expected_format() {
    let mut db = TestDb::new();
    let input = DocumentInput {
        valid_from: Some("31/12/2026".into()),
        ..doc("Rutin")
    };
    let err = register::create(&mut db.store, &input).expect_err("bad date");
    assert_eq!(err.field_errors()[0].field, "valid_from");
    assert!(err.to_string().contains("ÅÅÅÅ-MM-DD"), "{err}");
}

#[test]
fn an_unknown_party_is_refused() {
    let mut db = TestDb::new();
    let input = DocumentInput {
        parties: Some(vec![PartyId(999)]),
        ..doc("Avtal")
    };
    let err = register::create(&mut db.store, &input).expect_err("unknown party");
    assert_eq!(err.field_errors()[0].field, "parties");
    assert!(err.to_string().contains("Okänd part"), "{err}");
    assert_eq!(count_versions(&db), 0);
}

#[test]
fn a_duplicate_diarienummer_is_refused_on_create_and_edit() {
    let mut db = TestDb::new();
    let first = DocumentInput {
        diarienummer: "RV2026/1".into(),
        ..doc("Första")
    };
    register::create(&mut db.store, &first).unwrap();
    let second = DocumentInput {
        diarienummer: " RV2026/1 ".into(),
        ..doc("Andra")
    };
    let err = register::create(&mut db.store, &second).expect_err("duplicate");
    assert_eq!(err.field_errors()[0].field, "diarienummer");
    assert!(
        err.to_string().contains("«Första»"),
        "names the other document: {err}"
    );

    let other = db.add("Tredje");
    let edit = DocumentInput {
        diarienummer: "RV2026/1".into(),
        ..doc("Tredje")
    };
    let err = register::update(&mut db.store, other, &edit).expect_err("duplicate on edit");
    assert_eq!(err.field_errors()[0].field, "diarienummer");
    let v = register::current_version(db.store.conn(), other).unwrap();
    assert_eq!(
        v.fields.diarienummer, None,
        "the refused edit changed nothing"
    );
}

#[test]
fn all_problems_are_reported_at_once() {
    let mut db = TestDb::new();
    let input = DocumentInput {
        doc_type: "Broschyr".into(),
        title: String::new(),
        valid_from: Some("2026-05-01".into()),
        valid_to: Some("2026-04-01".into()),
        vida_link: "vida/42".into(),
        followup_interval_months: Some(0),
        ..DocumentInput::default()
    };
    let err = register::create(&mut db.store, &input).expect_err("many problems");
    let mut fields: Vec<&str> = err
        .field_errors()
        .iter()
        .map(|e| e.field.as_str())
        .collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        [
            "doc_type",
            "followup_interval_months",
            "title",
            "valid_to",
            "vida_link"
        ]
    );
}

#[test]
fn editing_changes_the_current_version_and_keeps_the_id() {
    let mut db = TestDb::new();
    let id = register::create(&mut db.store, &full_input()).unwrap();
    let mut input = full_input();
    input.title = "Hantering av gemensamma dokument".into();
    input.valid_to = Some("2029-04-26".into());
    let changed = register::update(&mut db.store, id, &input).unwrap();
    assert_eq!(changed, ["title", "valid_to"]);
    let v = register::current_version(db.store.conn(), id).unwrap();
    assert_eq!(v.fields.title, "Hantering av gemensamma dokument");
    assert_eq!(
        register::update(&mut db.store, id, &input).unwrap(),
        Vec::<String>::new(),
        "no change, nothing recorded"
    );
}

#[test]
fn a_missing_document_is_not_found() {
    let db = TestDb::new();
    let err = register::get(db.store.conn(), DocumentId(4711), time::today())
        .expect_err("no such document");
    assert_eq!(err.code(), "not_found");
    assert_eq!(err.to_string(), "Dokument 4711 finns inte");
}

#[test]
fn a_revision_opens_a_new_version_and_keeps_the_old_one() {
    let mut db = TestDb::new();
    let id = register::create(&mut db.store, &full_input()).unwrap();
    samdok::register::lifecycle::set_stage(&mut db.store, id, "gallande", "Beslutad", None)
        .unwrap();
    let version = register::open_revision(&mut db.store, id, "Ny lagstiftning").unwrap();
    assert_eq!(version, 2);
    let mut edit = full_input();
    edit.title = "Hantering av gemensamma dokument, reviderad".into();
    register::update(&mut db.store, id, &edit).unwrap();

    let detail = register::get(db.store.conn(), id, time::today()).unwrap();
    assert_eq!(detail.current.version_no, 2);
    assert_eq!(
        detail.current.stage, "initiering",
        "a revision starts at the first stage"
    );
    assert_eq!(
        detail.current.fields.owner, "Linnea Grankvist Utvecklingsledare",
        "data carried over"
    );
    assert_eq!(detail.versions.len(), 2);
    assert_eq!(detail.versions[1].version_no, 1);
    assert_eq!(
        detail.versions[1].stage, "gallande",
        "the old version keeps its stage"
    );
    let old_title: String = db
        .store
        .conn()
        .query_row(
            "SELECT title FROM document_versions WHERE document_id = ?1 AND version_no = 1",
            [id.0],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        old_title, "Hantering av kommun- och regiongemensamma dokument",
        "the old version is untouched"
    );
    let rows = register::list(db.store.conn(), &ListQuery::default(), time::today()).unwrap();
    assert_eq!(rows.len(), 1, "the register lists the document once");
    assert_eq!(rows[0].version_no, 2);
}

fn dated(db: &mut TestDb, title: &str, from: Option<&str>, to: Option<&str>) -> DocumentId {
    let input = DocumentInput {
        valid_from: from.map(Into::into),
        valid_to: to.map(Into::into),
        ..doc(title)
    };
    register::create(&mut db.store, &input).unwrap()
}

#[test]
fn validity_filters_follow_the_dates() {
    let mut db = TestDb::new();
    let today = date("2026-11-23");
    dated(
        &mut db,
        "Långt giltig",
        Some("2025-01-01"),
        Some("2029-12-31"),
    );
    dated(
        &mut db,
        "Går snart ut",
        Some("2024-01-01"),
        Some("2027-06-30"),
    );
    dated(&mut db, "Utgången", Some("2020-01-01"), Some("2026-11-22"));
    dated(&mut db, "Kommande", Some("2027-01-01"), Some("2029-01-01"));
    dated(&mut db, "Utan datum", None, None);
    let titles = |filter| -> Vec<String> {
        let query = ListQuery {
            validity: Some(filter),
            ..Default::default()
        };
        register::list(db.store.conn(), &query, today)
            .unwrap()
            .into_iter()
            .map(|d| d.title)
            .collect()
    };
    assert_eq!(
        titles(ValidityFilter::Gallande),
        ["Går snart ut", "Långt giltig"]
    );
    assert_eq!(titles(ValidityFilter::GarUt), ["Går snart ut"]);
    assert_eq!(titles(ValidityFilter::Utgangen), ["Utgången"]);
    assert_eq!(titles(ValidityFilter::Kommande), ["Kommande"]);
    assert_eq!(titles(ValidityFilter::EjAngiven), ["Utan datum"]);
    assert_eq!(
        Validity::of(None, Some(today), today),
        Validity::GarUt,
        "valid through today"
    );
}

#[test]
fn filters_by_type_stage_and_area() {
    let mut db = TestDb::new();
    let a = register::create(
        &mut db.store,
        &DocumentInput {
            doc_type: "avtal".into(),
            areas: vec!["tandvard".into()],
            ..doc("Tandvårdsavtal")
        },
    )
    .unwrap();
    db.add("Riktlinje A");
    samdok::register::lifecycle::set_stage(&mut db.store, a, "dialog", "", None).unwrap();
    let list = |q: ListQuery| -> Vec<String> {
        register::list(db.store.conn(), &q, time::today())
            .unwrap()
            .into_iter()
            .map(|d| d.title)
            .collect()
    };
    assert_eq!(
        list(ListQuery {
            doc_type: Some("avtal".into()),
            ..Default::default()
        }),
        ["Tandvårdsavtal"]
    );
    assert_eq!(
        list(ListQuery {
            stage: Some("dialog".into()),
            ..Default::default()
        }),
        ["Tandvårdsavtal"]
    );
    assert_eq!(
        list(ListQuery {
            area: Some("tandvard".into()),
            ..Default::default()
        }),
        ["Tandvårdsavtal"]
    );
    assert_eq!(
        list(ListQuery {
            stage: Some("initiering".into()),
            ..Default::default()
        }),
        ["Riktlinje A"]
    );
    assert_eq!(
        list(ListQuery {
            doc_type: Some(String::new()),
            ..Default::default()
        })
        .len(),
        2,
        "blank = no filter"
    );
}

#[test]
fn sorting_by_end_date_puts_blank_dates_last_both_ways() {
    let mut db = TestDb::new();
    dated(&mut db, "Sen", None, Some("2030-01-01"));
    dated(&mut db, "Utan", None, None);
    dated(&mut db, "Tidig", None, Some("2027-01-01"));
    let order = |descending| -> Vec<String> {
        let q = ListQuery {
            sort: SortField::ValidTo,
            descending,
            ..Default::default()
        };
        register::list(db.store.conn(), &q, time::today())
            .unwrap()
            .into_iter()
            .map(|d| d.title)
            .collect()
    };
    assert_eq!(order(false), ["Tidig", "Sen", "Utan"]);
    assert_eq!(order(true), ["Sen", "Tidig", "Utan"]);
}
