use samdok::collate;
use samdok::parties::{self, ContactInput, ContactLevel};

use crate::support::TestDb;

const GUIDELINE_ORDER: [&str; 17] = [
    "Region Värmland",
    "Arvika",
    "Eda",
    "Filipstad",
    "Forshaga",
    "Grums",
    "Hagfors",
    "Hammarö",
    "Karlstad",
    "Kil",
    "Kristinehamn",
    "Munkfors",
    "Storfors",
    "Sunne",
    "Säffle",
    "Torsby",
    "Årjäng",
];

#[test]
fn the_17_parties_are_there_in_the_guidelines_order() {
    let db = TestDb::new();
    let names: Vec<String> = parties::list(db.store.conn())
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(
        names, GUIDELINE_ORDER,
        "Region Värmland first, then the municipalities"
    );
}

#[test]
fn the_municipalities_are_in_swedish_collation_order() {
    let db = TestDb::new();
    let list = parties::list(db.store.conn()).unwrap();
    let municipalities: Vec<&str> = list
        .iter()
        .filter(|p| p.kind == "kommun")
        .map(|p| p.name.as_str())
        .collect();
    let mut sorted = municipalities.clone();
    sorted.sort_by(|a, b| collate::compare(a, b));
    assert_eq!(municipalities, sorted, "Säffle before Torsby, Årjäng last");
    assert_eq!(municipalities.len(), 16);
}

#[test]
fn finds_a_party_by_name_case_insensitively_with_swedish_letters() {
    let db = TestDb::new();
    let conn = db.store.conn();
    assert_eq!(parties::find(conn, "årjäng").unwrap().name, "Årjäng");
    assert_eq!(parties::find(conn, "HAMMARÖ").unwrap().name, "Hammarö");
    assert_eq!(
        parties::find(conn, "region värmland").unwrap().code,
        "region-varmland"
    );
    let id = parties::find(conn, "Säffle").unwrap().id;
    assert_eq!(
        parties::find(conn, &id.0.to_string()).unwrap().name,
        "Säffle"
    );
    let err = parties::find(conn, "Göteborg").expect_err("not a party");
    assert!(err.to_string().contains("Okänd part"), "{err}");
}

#[test]
fn contacts_can_be_added_edited_and_removed_per_level() {
    let mut db = TestDb::new();
    let eda = parties::find(db.store.conn(), "Eda").unwrap().id;
    let registry = parties::add_contact(
        &mut db.store,
        eda,
        &ContactInput {
            level: "politisk".into(),
            name: "Registrator".into(),
            email: "kommun@eda.se".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(registry.level, ContactLevel::Politisk);
    let official = parties::add_contact(
        &mut db.store,
        eda,
        &ContactInput {
            level: "tjansteperson".into(),
            name: "Åsa Öberg".into(),
            role: "Socialchef".into(),
            email: "asa.oberg@eda.se".into(),
            phone: "0571-280 00".into(),
        },
    )
    .unwrap();
    let changed = parties::update_contact(
        &mut db.store,
        official.id,
        &ContactInput {
            level: "tjansteperson".into(),
            name: "Åsa Öberg".into(),
            role: "Förvaltningschef".into(),
            email: "asa.oberg@eda.se".into(),
            phone: String::new(),
        },
    )
    .unwrap();
    assert_eq!(changed.role, "Förvaltningschef");
    let party = parties::get(db.store.conn(), eda).unwrap();
    assert_eq!(party.contacts.len(), 2);
    parties::delete_contact(&mut db.store, registry.id).unwrap();
    let party = parties::get(db.store.conn(), eda).unwrap();
    assert_eq!(party.contacts.len(), 1);
    assert_eq!(party.contacts[0].name, "Åsa Öberg");
}

#[test]
fn a_contact_with_a_bad_email_or_level_is_refused() {
    let mut db = TestDb::new();
    let kil = parties::find(db.store.conn(), "Kil").unwrap().id;
    let err = parties::add_contact(
        &mut db.store,
        kil,
        &ContactInput {
            level: "chef".into(),
            email: "inte en adress".into(),
            ..Default::default()
        },
    )
    .expect_err("invalid contact");
    let fields: Vec<&str> = err
        .field_errors()
        .iter()
        .map(|e| e.field.as_str())
        .collect();
    assert!(
        fields.contains(&"level") && fields.contains(&"email"),
        "{fields:?}"
    );
    assert!(parties::get(db.store.conn(), kil)
        .unwrap()
        .contacts
        .is_empty());
}

#[test]
fn party_contact_accepts_addresses_the_package_export_then_refuses() {
    let mut db = TestDb::new();
    let kil = parties::find(db.store.conn(), "Kil").unwrap().id;
    for (bad, reason) in [
        ("a\"b@x.se", "tecknet \" är inte tillåtet före @"),
        ("a(b)@x.se", "tecknet ( är inte tillåtet före @"),
        ("a,b@x.se", "tecknet , är inte tillåtet före @"),
        ("a@b@x.se", "bara ha ett @"),
        ("a..b@x.se", "två punkter i rad"),
        ("x@c.se\r\nBcc: y@z.se", "radbrytningar"),
        ("a\u{200B}b@x.se", "osynliga tecken"),
        ("åsa@kil.se", "kan inte skrivas i e-postutkasten"),
        ("a@kil", "minst en punkt"),
        ("a@-kil.se", "bindestreck"),
    ] {
        let err = parties::add_contact(
            &mut db.store,
            kil,
            &ContactInput {
                level: "politisk".into(),
                email: bad.into(),
                ..Default::default()
            },
        )
        .expect_err(bad);
        let errors = err.field_errors();
        assert_eq!(errors.len(), 1, "{bad:?}: {errors:?}");
        assert_eq!(errors[0].field, "email");
        assert!(
            errors[0].message.contains("ingen giltig e-postadress")
                && errors[0].message.contains(reason),
            "{bad:?}: the message «{}» should say «{reason}»",
            errors[0].message
        );
    }
    assert!(
        parties::get(db.store.conn(), kil)
            .unwrap()
            .contacts
            .is_empty(),
        "no refused address is stored"
    );

    // A domain with å, ä, ö is fine: it is written as its A-label.
    let contact = parties::add_contact(
        &mut db.store,
        kil,
        &ContactInput {
            level: "politisk".into(),
            email: " kommun@årjäng.se ".into(),
            ..Default::default()
        },
    )
    .expect("a Swedish domain is accepted");
    assert_eq!(
        contact.email, "kommun@årjäng.se",
        "stored as written, trimmed"
    );
}
