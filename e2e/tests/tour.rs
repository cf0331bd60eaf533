//! A tour of the real window: a database seeded through the core's public
//! API with every state the app knows (a round with every recipient status
//! and late parties, long Swedish titles, a document with a long history),
//! then every view and dialog, each checked for what a user must never see
//! and saved as `target/e2e-screenshots/tour-NN-name.png` for a person to
//! look at.
//!
//! Each view fails the tour on:
//! - `undefined`, `null`, `NaN` or `[object Object]` in what is shown;
//! - a snake_case identifier in what is shown: the page's text, the texts
//!   users see in `title`, `aria-label`, `placeholder` and `alt`, option
//!   texts, the values in text fields, and the window title;
//! - horizontal scrolling at 1280×800, of the page or of any element
//!   (tables in `.table-wrap` included: at this size none needs it);
//! - a list box too narrow for the choice it shows;
//! - a JavaScript error, an unhandled rejection, a `console.error` or
//!   `console.warn` call or a content-security-policy violation since the
//!   previous view, and the app's own "unexpected error" banner.
//!   WebKitWebDriver has no endpoint for the console log (`/log`,
//!   `/se/log`: "unknown command"), so a collector installed in the page
//!   records them; the page is never reloaded, so it stays for the tour.
//!
//! The round's deadline lies in the past honestly: `rounds::open` accepts a
//! back-dated round (deadline and send date are not required to lie ahead),
//! and marks take any date up to today, so the whole history is written
//! through the API with dates relative to today. No SQL is written here.

#[path = "../../tests/support/fill_form.rs"]
mod fill_form;

use std::cell::Cell;
use std::path::PathBuf;

use chrono::{Days, NaiveDate};
use samdok::comments::{CommentId, CommentInput, DecisionInput};
use samdok::parties::{ContactInput, PartyId};
use samdok::register::DocumentInput;
use samdok::rounds::{self, Mark, RoundId, RoundInput};
use samdok::{DocumentId, Store};
use samdok_e2e::{with_prepared_app, App, AppFiles, Error, TestResult};
use serde_json::Value;

/// 175 characters, with å, ä, ö and markup-like text that must reach the
/// window as text.
const LONG_TITLE: &str = "Gemensam riktlinje för samordnad individuell plan (SIP) för <barn & unga> med psykisk ohälsa och beroende – ansvarsfördelning mellan Region Värmland och länets sexton kommuner";
const EXPIRED_TITLE: &str = "Vägledning för läkemedelshantering i ordinärt och särskilt boende – delegering, signering och avvikelsehantering när <barn & unga> och äldre får insatser från flera huvudmän";

/// What the scenario needs to find its way.
struct Seeded {
    history_doc: DocumentId,
    /// A coming document with steps after the decision recorded, so the
    /// panel "Efter beslutet" shows its warnings.
    after_doc: DocumentId,
    late_round: RoundId,
    open_round: RoundId,
}

fn days_ago(n: u64) -> NaiveDate {
    samdok::time::today() - Days::new(n)
}

fn days_ahead(n: u64) -> NaiveDate {
    samdok::time::today() + Days::new(n)
}

fn party(store: &Store, name: &str) -> Result<PartyId, Error> {
    Ok(samdok::parties::find(store.conn(), name)?.id)
}

fn full_input(title: &str, diarienummer: &str) -> DocumentInput {
    DocumentInput {
        doc_type: "riktlinje".into(),
        title: title.into(),
        developed_within: "Beredningsgruppen Nya perspektiv".into(),
        organisation: "Region Värmland".into(),
        owner: "Åsa Öberg, hälso- och sjukvårdsdirektör".into(),
        approver: "Samverkansarenan Nya perspektiv".into(),
        valid_from: Some(days_ago(400).to_string()),
        valid_to: Some(days_ahead(900).to_string()),
        areas: vec!["halso-och-sjukvard".into(), "socialtjanst".into()],
        prepared_by: "Arbetsgruppen för SIP, med företrädare för elevhälsan".into(),
        parties: None,
        diarienummer: diarienummer.into(),
        vida_link: "https://vida.regionvarmland.se/dokument/sip-barn-och-unga".into(),
        legal_basis: "Hälso- och sjukvårdslagen (2017:30) 16 kap. 4 §\nSocialtjänstlagen (2001:453) 2 kap. 7 §".into(),
        followup_interval_months: Some(12),
        followup_owner: "Beredningsgruppen".into(),
        notes: "Tas fram på uppdrag av Samverkansarenan.".into(),
    }
}

fn contact(level: &str, name: &str, role: &str, email: &str) -> ContactInput {
    ContactInput {
        level: level.into(),
        name: name.into(),
        role: role.into(),
        email: email.into(),
        phone: "054-61 00 00".into(),
    }
}

/// Writes every state into a new database at `files.db`.
fn seed(files: &AppFiles) -> Result<Seeded, Error> {
    let mut store = Store::open(&files.db)?;
    let scratch = tempfile::tempdir()?;

    // Contacts: some parties have an address at the political level, some
    // only at the official level, one is changed and one removed.
    let region = party(&store, "Region Värmland")?;
    let arvika = party(&store, "Arvika")?;
    let karlstad = party(&store, "Karlstad")?;
    let kil = party(&store, "Kil")?;
    samdok::parties::add_contact(
        &mut store,
        region,
        &contact(
            "politisk",
            "Ingrid Åkesson",
            "Ordförande i regionstyrelsens utskott för hälsa och välfärd",
            "registrator@regionvarmland.se",
        ),
    )?;
    samdok::parties::add_contact(
        &mut store,
        region,
        &contact(
            "tjansteperson",
            "Göran Ärlig",
            "Utvecklingsledare",
            "goran.arlig@regionvarmland.se",
        ),
    )?;
    let arvika_contact = samdok::parties::add_contact(
        &mut store,
        arvika,
        &contact(
            "politisk",
            "Kommunstyrelsen",
            "",
            "kommunstyrelsen@arvika.se",
        ),
    )?;
    samdok::parties::update_contact(
        &mut store,
        arvika_contact.id,
        &contact(
            "politisk",
            "Kommunstyrelsen i Arvika",
            "Registrator",
            "kommun@arvika.se",
        ),
    )?;
    samdok::parties::add_contact(
        &mut store,
        karlstad,
        &contact(
            "politisk",
            "Välfärdsnämnden",
            "",
            "valfardsnamnden@karlstad.se",
        ),
    )?;
    let removed = samdok::parties::add_contact(
        &mut store,
        kil,
        &contact("tjansteperson", "Sara Öst", "Socialchef", "sara.ost@kil.se"),
    )?;
    samdok::parties::delete_contact(&mut store, removed.id)?;

    // The document with a long history: edits of every kind, stage moves
    // back and forth, a revision, drafts, a round with every status.
    let doc = samdok::register::create(&mut store, &full_input(LONG_TITLE, "RV2024/00417"))?;
    let mut input = full_input(LONG_TITLE, "RV2024/00417");
    let lifecycle = samdok::register::lifecycle::set_stage;
    lifecycle(
        &mut store,
        doc,
        "dialog",
        "Uppdrag från Beredningsgruppen",
        None,
    )?;
    input.owner = "Björn Ängström, chef för barn- och ungdomspsykiatrin".into();
    input.valid_to = Some(days_ahead(1200).to_string());
    samdok::register::update(&mut store, doc, &input)?;
    lifecycle(&mut store, doc, "utkast", "", None)?;
    input.areas.push("barn-och-utbildning".into());
    input.followup_interval_months = Some(36);
    samdok::register::update(&mut store, doc, &input)?;
    lifecycle(
        &mut store,
        doc,
        "remiss",
        "Remiss till samtliga parter",
        None,
    )?;
    lifecycle(
        &mut store,
        doc,
        "utkast",
        "Väsentlig ändring efter remissen: tillbaka till utkast",
        None,
    )?;
    // The first version's ställningstagande, before it came into force.
    samdok::resolutions::record(
        &mut store,
        doc,
        &samdok::resolutions::ResolutionInput {
            forum: "Samverkansarenan Nya perspektiv".into(),
            meeting_date: samdok::time::today().to_string(),
            text: "1. Samverkansarenan ställer sig bakom riktlinjen för SIP för <barn & unga>\noch dess ansvarsfördelning mellan huvudmännen.\n2) Riktlinjen börjar gälla när samtliga parter har antagit den."
                .into(),
            recommends_adoption: true,
        },
    )?;
    lifecycle(
        &mut store,
        doc,
        "gallande",
        "Beslutad i Samverkansarenan",
        None,
    )?;
    samdok::register::open_revision(&mut store, doc, "Årlig översyn enligt uppföljningsplanen")?;
    input.doc_type = "overenskommelse".into();
    input.notes =
        "Reviderad efter synpunkter från elevhälsan.\nSe även protokoll från Samverkansarenan."
            .into();
    input.legal_basis = String::new();
    input.parties = Some(
        samdok::parties::list(store.conn())?
            .iter()
            .map(|p| p.id)
            .collect(),
    );
    samdok::register::update(&mut store, doc, &input)?;
    lifecycle(&mut store, doc, "dialog", "", None)?;
    lifecycle(&mut store, doc, "utkast", "Utkast enligt mallen", None)?;
    let generated = files.dialog_dir.join("SIP barn och unga v2 utkast.docx");
    samdok::drafts::record::save_generated(&mut store, doc, &generated)?;
    samdok::drafts::record::attach(&mut store, doc, &generated)?;
    lifecycle(&mut store, doc, "remiss", "", None)?;

    // A remiss prepared without a send date and sent party by party; its
    // deadline passed ten days ago.
    let late_round = rounds::open(
        &mut store,
        doc,
        &RoundInput {
            kind: "remiss".into(),
            deadline: Some(days_ago(10).to_string()),
            diarienummer: "RV2024/00417".into(),
            reply_address: "registrator@regionvarmland.se".into(),
            contact_name: "Göran Ärlig".into(),
            contact_email: "goran.arlig@regionvarmland.se".into(),
            contact_phone: "054-61 00 00".into(),
            missiv_text: "# Remiss\nRegion Värmland och länets kommuner bjuds in att yttra sig."
                .into(),
            ..Default::default()
        },
    )?;
    let all = samdok::parties::list(store.conn())?;
    for p in &all {
        if p.name != "Årjäng" && p.name != "Torsby" {
            rounds::mark(&mut store, late_round, p.id, &Mark::Sent(days_ago(45)))?;
        }
    }
    let mark = |store: &mut Store, name: &str, mark: Mark| -> TestResult {
        let id = party(store, name)?;
        rounds::mark(store, late_round, id, &mark)?;
        Ok(())
    };
    let received = |days: u64, position: Option<&str>| Mark::Received {
        on: days_ago(days),
        position: position.map(str::to_owned),
    };
    mark(
        &mut store,
        "Region Värmland",
        received(20, Some("tillstyrker_med_synpunkter")),
    )?;
    mark(&mut store, "Region Värmland", Mark::Note("Yttrande från regionstyrelsens utskott, med synpunkter på ansvarsfördelningen för <barn & unga>.".into()))?;
    let answer = scratch
        .path()
        .join("Yttrande Region Värmland – protokollsutdrag.pdf");
    std::fs::write(&answer, b"%PDF-1.4 protokollsutdrag")?;
    rounds::attach_answer_file(&mut store, late_round, region, &answer)?;
    mark(&mut store, "Arvika", received(18, Some("avstyrker")))?;
    mark(&mut store, "Eda", Mark::Declined(days_ago(25)))?;
    mark(&mut store, "Forshaga", received(5, None))?;
    mark(&mut store, "Hagfors", received(12, Some("inga_synpunkter")))?;
    mark(&mut store, "Hammarö", received(14, Some("tillstyrker")))?;
    mark(&mut store, "Hammarö", Mark::Undo)?;
    mark(&mut store, "Karlstad", received(11, Some("tillstyrker")))?;
    mark(&mut store, "Grums", Mark::Reminded(days_ago(9)))?;
    let reminded = [party(&store, "Filipstad")?, party(&store, "Grums")?, kil];
    rounds::record_reminders(&mut store, late_round, &reminded, days_ago(3))?;
    mark(&mut store, "Kil", Mark::Undo)?;
    seed_comments(&mut store, late_round)?;

    // A document whose validity has run out, with a synpunktsrunda still
    // open to a few parties.
    let mut expired = full_input(EXPIRED_TITLE, "RV2021/00088");
    expired.doc_type = "vagledning".into();
    expired.valid_from = Some(days_ago(1500).to_string());
    expired.valid_to = Some(days_ago(30).to_string());
    expired.areas = vec!["kommunal-vard-och-omsorg".into()];
    let expired = samdok::register::create(&mut store, &expired)?;
    lifecycle(
        &mut store,
        expired,
        "avveckling",
        "Ersätts av ny vägledning",
        None,
    )?;
    let open_round = rounds::open(
        &mut store,
        expired,
        &RoundInput {
            kind: "synpunktsrunda".into(),
            parties: Some(vec![region, arvika, karlstad, kil]),
            sent_date: Some(days_ago(5).to_string()),
            deadline: Some(days_ahead(20).to_string()),
            subject: "Synpunkter på avvecklingen av vägledningen".into(),
            ..Default::default()
        },
    )?;
    rounds::mark(
        &mut store,
        open_round,
        karlstad,
        &Mark::Received {
            on: days_ago(1),
            position: Some("inga_synpunkter".into()),
        },
    )?;

    // A coming document with a round every party has answered.
    let mut coming = full_input(
        "Rutin för trygg och säker utskrivning från slutenvården",
        "RV2025/00311",
    );
    coming.doc_type = "rutin".into();
    coming.valid_from = Some(days_ahead(60).to_string());
    coming.valid_to = None;
    coming.parties = Some(vec![region, arvika]);
    let coming = samdok::register::create(&mut store, &coming)?;
    let done_round = rounds::open(
        &mut store,
        coming,
        &RoundInput {
            kind: "remiss".into(),
            sent_date: Some(days_ago(60).to_string()),
            deadline: Some(days_ago(30).to_string()),
            ..Default::default()
        },
    )?;
    rounds::mark(
        &mut store,
        done_round,
        region,
        &Mark::Received {
            on: days_ago(40),
            position: Some("tillstyrker".into()),
        },
    )?;
    rounds::mark(
        &mut store,
        done_round,
        arvika,
        &Mark::Declined(days_ago(35)),
    )?;
    // Information sent today, less than four months before giltig fr.o.m.,
    // and only one digital session planned: both rules warn.
    use samdok::register::after_decision as steps;
    steps::record_mailing(
        &mut store,
        coming,
        &steps::MailingInput {
            sent_on: Some(samdok::time::today().to_string()),
            sent_to: "Samtliga parter & nätverket <Vård i samverkan>".into(),
            minor_revision: false,
        },
    )?;
    steps::add_session(
        &mut store,
        coming,
        &steps::SessionInput {
            planned_on: Some(days_ahead(20).to_string()),
            held_on: None,
            digital: true,
            note: "För chefer i kommunerna".into(),
        },
    )?;
    steps::add_session(
        &mut store,
        coming,
        &steps::SessionInput {
            planned_on: Some(days_ago(4).to_string()),
            held_on: Some(days_ago(4).to_string()),
            digital: false,
            note: "Länsgemensam ledningsgrupp".into(),
        },
    )?;
    steps::plan_followup(
        &mut store,
        coming,
        &steps::FollowupPlanInput {
            indicators: "Andel utskrivningar med SIP inom tre dagar\nAntal avvikelser per kvartal"
                .into(),
            interval_months: Some(24),
            owner: "Karin Åberg, utvecklingsledare".into(),
        },
    )?;

    // One running out within a year, and one with only what is required.
    let mut ending = full_input(
        "Avtal om hjälpmedel för personer med funktionsnedsättning",
        "RV2023/00999",
    );
    ending.doc_type = "avtal".into();
    ending.valid_to = Some(days_ahead(90).to_string());
    samdok::register::create(&mut store, &ending)?;
    samdok::register::create(
        &mut store,
        &DocumentInput {
            doc_type: "handlingsplan".into(),
            title: "Handlingsplan för suicidprevention".into(),
            areas: vec!["halso-och-sjukvard".into()],
            ..Default::default()
        },
    )?;
    returned_forms(&mut store, files, open_round, done_round)?;
    Ok(Seeded {
        history_doc: doc,
        after_doc: coming,
        late_round,
        open_round,
    })
}

/// Svarsmallar from the synpunktsrunda's own package, filled in as in
/// Word, for the import dialog: Region Värmland with a comment full of
/// markup-like text and a row it added with a section of its own; Arvika
/// with two positions ticked (which cannot be read as one); a second,
/// different form from Karlstad after its first was imported here
/// (replace or add?), and that first one again (nothing changes); Arvika's
/// form of another round; a file that is no Word document. The open
/// dialog returns all of them.
///
/// (Not the late remiss: a round sent party by party, without a send
/// date, cannot export its package once its deadline has passed — the core
/// takes today as the send date and refuses a deadline before it.)
fn returned_forms(
    store: &mut Store,
    files: &AppFiles,
    round: RoundId,
    other_round: RoundId,
) -> TestResult {
    let out = &files.dialog_dir;
    let package = |store: &mut Store, round: RoundId, name: &str| -> Result<PathBuf, Error> {
        let dest = out.join(name);
        samdok::export::package::export_package(store, round, &dest, &mut |_, _| {})?;
        Ok(dest)
    };
    let forms = package(store, round, "Synpunktsrunda")?;
    let blank = |party: &str| -> Result<fill_form::Form, Error> {
        Ok(fill_form::Form::open(&std::fs::read(
            forms.join(format!("Svarsmall - {party}.docx")),
        )?))
    };
    let save = |name: &str, form: &fill_form::Form| -> Result<PathBuf, Error> {
        let path = out.join(name);
        std::fs::write(&path, form.to_bytes())?;
        Ok(path)
    };

    let mut region = blank("Region Värmland")?;
    region
        .tick("Tillstyrker med synpunkter")
        .write(
            "Syfte",
            "Syftet ska gälla \"barn\" och 'unga' <18 år & deras vårdnadshavare.\nSe även elevhälsans yttrande.",
            "Skriv «barn och unga under 18 år och deras vårdnadshavare».",
        )
        .add_row_after(
            "Syfte",
            "Bilaga 3 – blanketter",
            "Blanketten för samtycke saknas bland bilagorna.",
            "",
        )
        .respondent("Namn", "Göran Ärlig")
        .respondent("E-post", "goran.arlig@regionvarmland.se");
    let region = save("Svar Region Värmland.docx", &region)?;

    let mut arvika = blank("Arvika")?;
    arvika
        .tick("Tillstyrker")
        .tick("Avstyrker")
        .write("Mål", "Målen behöver mätbara nivåer.", "")
        .respondent("Namn", "Anna Ek");
    let arvika = save("Svar Arvika.docx", &arvika)?;

    let mut karlstad = blank("Karlstad")?;
    karlstad.tick("Inga synpunkter").write(
        "Ingående parter",
        "Välfärdsförvaltningen bör stå med som part för Karlstad.",
        "",
    );
    let first = save("Svar Karlstad.docx", &karlstad)?;
    samdok::answers::import(store, round, &first, &Default::default())?;
    karlstad.write(
        "Uppföljning",
        "Uppföljningen bör ske varje år de första tre åren.",
        "Årlig uppföljning 2026–2028.",
    );
    let second = save("Svar Karlstad komplettering.docx", &karlstad)?;

    let other = package(store, other_round, "Remisspaket")?;
    let elsewhere = out.join("Svar Arvika remiss.docx");
    std::fs::copy(other.join("Svarsmall - Arvika.docx"), &elsewhere)?;
    let damaged = out.join("Yttrande Kil.docx");
    std::fs::write(&damaged, "Kils yttrande, sparat som text.")?;

    files.open_dialog_answers(&[region, arvika, second, first, elsewhere, damaged]);
    Ok(())
}

/// Comments on the late remiss, decided and not: a significant accepted
/// change (so the document must go back to the networks), a decision
/// shared by two parties, a rejection with its motivation, a section the
/// party named itself, and two still open.
fn seed_comments(store: &mut Store, round: RoundId) -> TestResult {
    let add = |store: &mut Store,
               name: &str,
               section: &str,
               text: &str,
               proposal: &str|
     -> Result<CommentId, Error> {
        let id = party(store, name)?;
        Ok(samdok::comments::add(
            store,
            round,
            id,
            &CommentInput {
                section: section.into(),
                text: text.into(),
                proposal: proposal.into(),
            },
        )?)
    };
    let decide = |store: &mut Store,
                  ids: &[CommentId],
                  disposition: &str,
                  motivation: &str,
                  significant: bool|
     -> TestResult {
        samdok::comments::decide(
            store,
            ids,
            &DecisionInput {
                disposition: disposition.into(),
                motivation: motivation.into(),
                significant,
            },
        )?;
        Ok(())
    };
    let school = add(
        store,
        "Region Värmland",
        "Ansvarsfördelning",
        "Ansvaret för samordningen när <barn & unga> har insatser från både elevhälsan och BUP behöver förtydligas.\nSärskilt vid skolbyte, då ingen i dag kallar till SIP.",
        "Lägg till ett stycke om vem som kallar till SIP vid skolbyte.",
    )?;
    decide(
        store,
        &[school],
        "beaktad",
        "Nytt stycke 4.3 om kallelse vid skolbyte.",
        true,
    )?;
    let arvika = add(
        store,
        "Arvika",
        "Ansvarsfördelning",
        "Kommunens ansvar för att kalla till SIP är otydligt beskrivet.",
        "Förtydliga att den huvudman som först ser behovet kallar.",
    )?;
    let karlstad = add(
        store,
        "Karlstad",
        "Ansvarsfördelning",
        "Vem kallar till SIP? Samma fråga som i förra remissen.",
        "",
    )?;
    decide(
        store,
        &[arvika, karlstad],
        "delvis_beaktad",
        "Förtydligat i avsnitt 4.3. Ansvaret för kallelsen ligger kvar hos den som först ser behovet, som i lagen.",
        false,
    )?;
    add(
        store,
        "Arvika",
        "Syfte",
        "Syftet bör nämna skolans roll, inte bara hälso- och sjukvårdens och socialtjänstens.",
        "",
    )?;
    let law = add(
        store,
        "Region Värmland",
        "Hänvisning till lagstiftning och andra relevanta dokument",
        "Hänvisningen till socialtjänstlagen (2001:453) bör gälla den nya socialtjänstlagen (2025:400).",
        "Byt till SoL (2025:400) och ange «från och med 1 juli 2025».",
    )?;
    decide(
        store,
        &[law],
        "ej_beaktad",
        "Den nya lagen gäller först efter att dokumentet har beslutats; hänvisningen ändras vid nästa revision.",
        false,
    )?;
    let list = add(
        store,
        "Karlstad",
        "Bilaga 2 – kontaktlista",
        "Kontaktlistan saknar Hammarö och Kil.",
        "",
    )?;
    decide(store, &[list], "noterad", "", false)?;
    add(
        store,
        "Forshaga",
        "Övrigt",
        "Bra att dokumentet finns! 👍",
        "",
    )?;
    Ok(())
}

/// Installed once in the window: collects every error a view could hide.
const COLLECTOR: &str = r#"
if (!window.__tour) {
  window.__tour = { problems: [] };
  const note = (text) => window.__tour.problems.push(text);
  window.addEventListener('error', (e) => note(`JavaScript error: ${e.message} (${e.filename}:${e.lineno})`));
  window.addEventListener('unhandledrejection', (e) => {
    const r = e.reason;
    note(`unhandled rejection: ${r && r.message ? r.message : JSON.stringify(r)}`);
  });
  document.addEventListener('securitypolicyviolation', (e) => note(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  for (const level of ['error', 'warn']) {
    const original = console[level];
    console[level] = function (...args) {
      note(`console.${level}: ${args.map((a) => (a && typeof a === 'object' ? JSON.stringify(a) : String(a))).join(' ')}`);
      return original.apply(this, args);
    };
  }
}
return true;
"#;

/// Looks at the window as a user would and lists what must not be there.
const AUDIT: &str = r#"
const problems = window.__tour ? window.__tour.problems.splice(0) : ['the error collector is not installed'];
const texts = [['window title', document.title], ['page text', document.body.innerText]];
for (const el of document.querySelectorAll('[title], [aria-label], [placeholder], [alt]')) {
  for (const attr of ['title', 'aria-label', 'placeholder', 'alt']) {
    if (el.hasAttribute(attr)) texts.push([`${attr} of <${el.localName}>`, el.getAttribute(attr)]);
  }
}
for (const option of document.querySelectorAll('option')) texts.push(['option text', option.text]);
for (const field of document.querySelectorAll('textarea, input:not([type=checkbox]):not([type=radio]):not([type=hidden])')) {
  texts.push([`value of ${field.id ? '#' + field.id : field.name || field.localName}`, field.value]);
}
const forbidden = [
  [/\bundefined\b/, 'undefined'],
  [/\bnull\b/, 'null'],
  [/\bNaN\b/, 'NaN'],
  [/\[object Object\]/, '[object Object]'],
  [/\b[a-z]+_[a-z_]+\b/, 'an identifier'],
];
for (const [where, text] of texts) {
  for (const [pattern, what] of forbidden) {
    const match = pattern.exec(text || '');
    if (match) {
      const from = Math.max(0, match.index - 50);
      const quote = text.slice(from, match.index + match[0].length + 50).replace(/\s+/g, ' ');
      problems.push(`${what} in ${where}: «${quote}»`);
    }
  }
}
// A choice wider than its list box is cut off: measure the chosen text in
// the box's font against the room left of the arrow.
const measure = document.createElement('canvas').getContext('2d');
for (const select of document.querySelectorAll('select')) {
  const option = select.options[select.selectedIndex];
  if (!option || !select.getClientRects().length) continue;
  const style = getComputedStyle(select);
  measure.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 24;
  if (measure.measureText(option.text).width > room) {
    problems.push(`the choice «${option.text}» is cut off in ${select.id ? '#' + select.id : select.getAttribute('aria-label') || select.name}: ${select.clientWidth} px wide`);
  }
}
// The change log names each changed field once per event.
for (const table of document.querySelectorAll('.change-table')) {
  const labels = [...table.querySelectorAll('tbody th')].map((th) => th.textContent);
  const twice = labels.filter((label, i) => labels.indexOf(label) !== i);
  if (twice.length) {
    const event = table.closest('li');
    problems.push(`the change log shows ${[...new Set(twice)].join(', ')} twice for «${event ? event.querySelector('.audit-summary').textContent : ''}»`);
  }
}
if (document.getElementById('unexpected-error')) problems.push(`the unexpected-error banner is shown: ${document.getElementById('unexpected-error').innerText}`);
const root = document.documentElement;
if (root.scrollWidth > root.clientWidth) problems.push(`the page scrolls sideways: ${root.scrollWidth} px of content in ${root.clientWidth} px`);
const describe = (el) => el.localName + (el.id ? '#' + el.id : '') + [...el.classList].map((c) => '.' + c).join('');
for (const el of document.querySelectorAll('body *')) {
  const overflow = getComputedStyle(el).overflowX;
  if ((overflow === 'auto' || overflow === 'scroll') && el.scrollWidth > el.clientWidth + 1) {
    problems.push(`${describe(el)} scrolls sideways: ${el.scrollWidth} px of content in ${el.clientWidth} px`);
  }
}
return problems;
"#;

/// The tour's steps: each checks the window and saves a numbered screenshot.
struct Tour<'a> {
    app: &'a App,
    step: Cell<u32>,
}

impl Tour<'_> {
    /// Checks what the window shows now as the view `name`, then saves it.
    async fn view(&self, name: &str) -> TestResult {
        self.app.painted().await?;
        let problems = self.app.js(AUDIT).await?;
        let problems: Vec<String> = problems
            .as_array()
            .ok_or("the audit returns a list")?
            .iter()
            .map(|p| p.as_str().unwrap_or_default().to_owned())
            .collect();
        let n = self.step.get() + 1;
        self.step.set(n);
        let shot = format!("tour-{n:02}-{name}");
        self.app.screenshot(&shot).await?;
        assert!(
            problems.is_empty(),
            "the view {shot} should show nothing a user must not see, but:\n  {}",
            problems.join("\n  ")
        );
        Ok(())
    }

    /// Scrolls the element into view (top of the window) before a view.
    async fn scroll_to(&self, css: &str) -> TestResult {
        self.app.wait_for(css).await?;
        self.app
            .js(&format!(
                "document.querySelector({}).scrollIntoView({{ block: 'start' }}); return true;",
                serde_json::json!(css)
            ))
            .await?;
        Ok(())
    }

    async fn open_all_details(&self) -> TestResult {
        self.app
            .js("for (const d of document.querySelectorAll('details')) d.open = true; return true;")
            .await?;
        Ok(())
    }

    async fn go(&self, hash: &str, view: &str) -> TestResult {
        self.app
            .js(&format!(
                "location.hash = {}; return true;",
                serde_json::json!(hash)
            ))
            .await?;
        self.app
            .wait_js(&format!(
                "return location.hash === {} && document.body.dataset.view === {} && !document.body.classList.contains('is-loading');",
                serde_json::json!(hash),
                serde_json::json!(view)
            ))
            .await
    }

    /// Waits until no panel of the view is still loading its data.
    async fn settled(&self) -> TestResult {
        self.app
            .wait_js("return document.querySelectorAll('[aria-busy=\"true\"]').length === 0;")
            .await
    }

    async fn rows(&self, css: &str) -> Result<u64, Error> {
        let n = self
            .app
            .js(&format!(
                "return document.querySelectorAll({}).length;",
                serde_json::json!(css)
            ))
            .await?;
        n.as_u64().ok_or_else(|| format!("a count of {css}").into())
    }
}

async fn register_views(tour: &Tour<'_>) -> TestResult {
    let app = tour.app;
    tour.go("#/dokument", "register").await?;
    app.wait_js(
        "return document.querySelectorAll('#register-table tbody tr[data-id]').length === 5",
    )
    .await?;
    tour.view("register").await?;

    // Search, a filter and a sort, as a user narrows the register down.
    app.type_into("#search", "barn unga").await?;
    app.wait_js(
        "return document.querySelectorAll('#register-table tbody tr[data-id]').length === 2",
    )
    .await?;
    app.select("#filter-validity", "utgangen").await?;
    app.wait_js(
        "const rows = document.querySelectorAll('#register-table tbody tr[data-id]');
         return rows.length === 1 && rows[0].textContent.includes('läkemedelshantering');",
    )
    .await?;
    tour.view("register-search-and-filter").await?;
    app.click("#clear-filters").await?;
    app.wait_js(
        "return document.querySelectorAll('#register-table tbody tr[data-id]').length === 5",
    )
    .await?;
    app.click("#register-table th[data-sort=valid_to] button")
        .await?;
    app.click("#register-table th[data-sort=valid_to] button")
        .await?;
    app.wait_js("return document.querySelector('#register-table th[data-sort=valid_to]').getAttribute('aria-sort') === 'descending';")
        .await?;
    app.select("#filter-area", "halso-och-sjukvard").await?;
    app.wait_js(
        "return document.querySelectorAll('#register-table tbody tr[data-id]').length === 4",
    )
    .await?;
    tour.view("register-sorted-by-validity").await?;
    app.select("#filter-type", "riktlinje").await?;
    app.wait_js("return document.querySelectorAll('#register-table tbody tr[data-id]').length === 0 && !document.querySelector('#register-empty').hidden;")
        .await?;
    tour.view("register-nothing-matches").await?;
    app.click("#clear-filters").await?;
    app.wait_js(
        "return document.querySelectorAll('#register-table tbody tr[data-id]').length === 5",
    )
    .await
}

async fn form_views(tour: &Tour<'_>, seeded: &Seeded) -> TestResult {
    let app = tour.app;
    app.click("#new-document").await?;
    tour.go("#/dokument/ny", "form").await?;
    tour.view("new-document-form").await?;
    // Refused: no type, a date that does not exist, an end before the start.
    app.type_into(
        "#document-form [name=title]",
        "Rutin för <barn & unga> – test",
    )
    .await?;
    app.type_into("#document-form [name=valid_from]", "2026-02-30")
        .await?;
    app.type_into("#document-form [name=valid_to]", "2020-01-01")
        .await?;
    app.click("#parties-none").await?;
    app.click("#save-document").await?;
    app.wait_for("#document-form .error-summary").await?;
    app.js("window.scrollTo(0, 0); return true;").await?;
    tour.view("new-document-validation").await?;
    assert!(
        tour.rows("#document-form .error-summary li").await? >= 3,
        "the summary should list the missing type, the bad date and the missing parties"
    );

    tour.go(
        &format!("#/dokument/{}/redigera", seeded.history_doc.0),
        "form",
    )
    .await?;
    tour.view("edit-document-form").await
}

async fn document_views(tour: &Tour<'_>, seeded: &Seeded) -> TestResult {
    let app = tour.app;
    tour.go(&format!("#/dokument/{}", seeded.history_doc.0), "document")
        .await?;
    tour.settled().await?;
    app.wait_for("#document-rounds").await?;
    app.wait_for("#working-draft .check-result").await?;
    // The late remiss accepted a significant change: the document says it
    // must go back to the networks, and leads to the compilation.
    app.wait_text("#reapproval-banner", "ska godkännas på nytt i nätverken")
        .await?;
    let link = app
        .js("return document.querySelector('#reapproval-banner a').getAttribute('href');")
        .await?;
    assert_eq!(
        link,
        serde_json::json!(format!("#/rundor/{}/sammanstallning", seeded.late_round.0)),
        "the reapproval banner should link to the late remiss's compilation"
    );
    tour.view("document").await?;

    tour.open_all_details().await?;
    tour.scroll_to("#drafts-panel").await?;
    tour.view("document-drafts").await?;
    tour.scroll_to("#rounds-panel").await?;
    tour.view("document-rounds-and-fields").await?;
    tour.scroll_to("#resolution-panel").await?;
    app.wait_for("#document-resolutions .resolution-points li")
        .await?;
    tour.view("document-resolution").await?;
    tour.scroll_to("#versions-table").await?;
    tour.view("document-versions-and-timeline").await?;
    assert_eq!(
        tour.rows("#versions-table tbody tr").await?,
        2,
        "both versions are listed"
    );
    tour.scroll_to("#audit-heading").await?;
    tour.view("document-change-log").await?;
    // The owner's edit reads as a user wrote it, before and after. The
    // comments and decisions of the late remiss are newer: it is on the
    // log's second page.
    let shown = tour.rows("#audit-trail > li").await?;
    app.click("#more-events").await?;
    app.wait_js(&format!(
        "return document.querySelectorAll('#audit-trail > li').length > {shown};"
    ))
    .await?;
    let owner_change = app
        .js("const row = [...document.querySelectorAll('#audit-trail .change-table tbody tr')].find((r) => r.querySelector('th').textContent === 'Dokumentägare' && r.querySelector('.change-after'));
             return row ? [row.querySelector('.change-before').textContent, row.querySelector('.change-after').textContent] : null;")
        .await?;
    assert_eq!(
        owner_change,
        serde_json::json!([
            "Åsa Öberg, hälso- och sjukvårdsdirektör",
            "Björn Ängström, chef för barn- och ungdomspsykiatrin"
        ]),
        "the change log should show the owner's edit as «Dokumentägare», before and after"
    );
    app.js("window.scrollTo(0, document.documentElement.scrollHeight); return true;")
        .await?;
    tour.view("document-change-log-end").await?;

    // The ställningstagande dialog: as it opens, refused at its fields, and
    // refused because the late remiss's significant change waits for the
    // networks.
    app.js("window.scrollTo(0, 0); return true;").await?;
    app.click("#record-resolution").await?;
    app.wait_for("#resolution-dialog[open]").await?;
    tour.view("resolution-dialog").await?;
    app.type_into("#resolution-date", &days_ahead(3).to_string())
        .await?;
    app.click("#resolution-save").await?;
    app.wait_for("#resolution-form [data-field=text] .field-error")
        .await?;
    assert_eq!(
        tour.rows("#resolution-form .field-error").await?,
        3,
        "forum, future date and empty points should each be refused at their field"
    );
    tour.view("resolution-dialog-validation").await?;
    app.select("#resolution-forum", "Värmlandsrådet").await?;
    app.type_into("#resolution-date", &days_ago(1).to_string())
        .await?;
    app.type_into("#resolution-text", "Ställer sig bakom riktlinjen.")
        .await?;
    app.click("#resolution-save").await?;
    app.wait_text("#resolution-refused", "godkännas på nytt i nätverken")
        .await?;
    tour.view("resolution-dialog-refused").await?;
    app.click("#resolution-cancel").await?;
    app.wait_js("return !document.querySelector('#resolution-dialog');")
        .await?;
    app.click("#document-resolutions .resolution .link-button")
        .await?;
    app.wait_for("#remove-resolution-dialog[open]").await?;
    tour.view("remove-resolution-dialog").await?;
    app.click("#remove-resolution-dialog-cancel").await?;
    app.wait_js("return !document.querySelector('#remove-resolution-dialog');")
        .await?;

    app.click("#open-revision").await?;
    app.wait_for("#revision-dialog[open]").await?;
    tour.view("revision-dialog").await?;
    app.click("#revision-dialog-cancel").await?;
    app.wait_js("return !document.querySelector('#revision-dialog');")
        .await?;

    // The round form, first as it opens, then refused.
    app.click("#new-round").await?;
    tour.go(
        &format!("#/dokument/{}/ny-runda", seeded.history_doc.0),
        "round-form",
    )
    .await?;
    app.type_into("#round-form [name=deadline]", &days_ahead(30).to_string())
        .await?;
    app.click("#round-form [name=diarienummer]").await?;
    app.wait_text("#missiv-status", "Ifylld från mallen")
        .await?;
    tour.view("round-form").await?;
    tour.scroll_to("#round-missiv").await?;
    tour.view("round-form-missiv").await?;
    app.type_into("#round-form [name=deadline]", "2026-99-01")
        .await?;
    app.type_into(
        "#round-form [name=reply_address]",
        "registrator(at)regionvarmland",
    )
    .await?;
    app.click("#save-round").await?;
    app.wait_for("#round-form .error-summary").await?;
    app.js("window.scrollTo(0, 0); return true;").await?;
    tour.view("round-form-validation").await
}

/// The panel "Efter beslutet" with the core's warnings, and one step's
/// dialog refused at its fields.
async fn after_decision_views(tour: &Tour<'_>, seeded: &Seeded) -> TestResult {
    let app = tour.app;
    tour.go(&format!("#/dokument/{}", seeded.after_doc.0), "document")
        .await?;
    tour.scroll_to("#after-decision-panel").await?;
    app.wait_js("return document.querySelectorAll('#lifecycle-warnings li').length === 2;")
        .await?;
    assert_eq!(
        tour.rows("#lifecycle-sessions > li").await?,
        2,
        "both information sessions should be listed"
    );
    tour.view("document-after-decision").await?;
    app.click("#record-followup").await?;
    app.wait_for("#followup-dialog[open]").await?;
    tour.view("followup-dialog").await?;
    app.type_into("#followup-date", &days_ahead(3).to_string())
        .await?;
    app.click("#followup-save").await?;
    app.wait_for("#followup-form [data-field=result] .field-error")
        .await?;
    assert_eq!(
        tour.rows("#followup-form .field-error").await?,
        2,
        "a future date and an empty result should each be refused at their field"
    );
    tour.view("followup-dialog-validation").await?;
    app.click("#followup-cancel").await?;
    app.wait_js("return !document.querySelector('#followup-dialog');")
        .await?;

    // The plan's dialog opens on the stored plan, its interval by the
    // core's label; the publication and retirement dialogs as they open.
    app.click("#plan-followup").await?;
    app.wait_for("#plan-dialog[open]").await?;
    let interval = app
        .js("const s = document.querySelector('#plan-interval'); return s.options[s.selectedIndex].textContent;")
        .await?;
    assert_eq!(
        interval,
        serde_json::json!("Vartannat år"),
        "the plan's dialog should open on the stored interval, by its Swedish name"
    );
    tour.view("followup-plan-dialog").await?;
    app.click("#plan-cancel").await?;
    app.wait_js("return !document.querySelector('#plan-dialog');")
        .await?;
    for (button, dialog, view) in [
        ("#publish-document", "publication", "publication-dialog"),
        ("#decide-retirement", "retirement", "retirement-dialog"),
    ] {
        app.click(button).await?;
        app.wait_for(&format!("#{dialog}-dialog[open]")).await?;
        tour.view(view).await?;
        app.click(&format!("#{dialog}-cancel")).await?;
        app.wait_js(&format!(
            "return !document.querySelector('#{dialog}-dialog');"
        ))
        .await?;
    }

    // Each mailing and session can be removed, and held taken back, after
    // a confirmation; cancelled here, nothing changes.
    assert_eq!(
        (
            tour.rows("#lifecycle-mailings [id^=remove-mailing-]")
                .await?,
            tour.rows("#lifecycle-sessions [id^=remove-session-]")
                .await?,
            tour.rows("#lifecycle-sessions [id^=unmark-session-held-]")
                .await?,
        ),
        (1, 2, 1),
        "a removal link per mailing and session, and one to take back the held session"
    );
    let session = app
        .js("return Number(document.querySelector('#lifecycle-sessions .lifecycle-session').dataset.id);")
        .await?;
    app.click(&format!("#remove-session-{session}")).await?;
    app.wait_for(&format!("#remove-session-{session}-dialog[open]"))
        .await?;
    app.wait_text(
        &format!("#remove-session-{session}-dialog"),
        "Dokumentets steg ändras inte",
    )
    .await?;
    tour.view("remove-session-dialog").await?;
    app.click(&format!("#remove-session-{session}-dialog-cancel"))
        .await?;
    app.wait_js(&format!(
        "return !document.querySelector('#remove-session-{session}-dialog');"
    ))
    .await?;
    assert_eq!(
        tour.rows("#lifecycle-sessions > li").await?,
        2,
        "a cancelled removal keeps the session"
    );
    Ok(())
}

async fn round_views(tour: &Tour<'_>, seeded: &Seeded) -> TestResult {
    let app = tour.app;
    tour.go("#/rundor", "rounds").await?;
    app.wait_js("return document.querySelectorAll('#rounds-table tbody tr').length === 2")
        .await?;
    tour.view("rounds").await?;
    app.click("#show-done-rounds").await?;
    app.wait_js("return document.querySelectorAll('#rounds-table tbody tr').length === 3")
        .await?;
    tour.view("rounds-with-done").await?;
    app.click("#show-done-rounds").await?;
    app.wait_js("return document.querySelectorAll('#rounds-table tbody tr').length === 2")
        .await?;

    tour.go(&format!("#/rundor/{}", seeded.late_round.0), "round")
        .await?;
    tour.settled().await?;
    tour.view("round-late").await?;
    // Every status is on screen, each with its Swedish name, and the late
    // parties say so.
    let statuses = app
        .js("return [...document.querySelectorAll('#recipients-table tbody tr')].map((r) => [r.dataset.status, r.querySelector('td .badge').textContent]);")
        .await?;
    let statuses = statuses.as_array().ok_or("the status column")?;
    for (status, name) in [
        ("ej_skickad", "Ej skickad – sen"),
        ("skickad", "Skickad – sen"),
        ("paminnd", "Påmind – sen"),
        ("svar_inkommet", "Svar inkommet"),
        ("avstar", "Avstår"),
    ] {
        assert!(
            statuses.iter().any(|s| s[0] == status && s[1] == name),
            "a recipient with status {status} should read «{name}»; the column holds {statuses:?}"
        );
    }
    tour.scroll_to("#recipients-table").await?;
    tour.view("round-recipients").await?;

    app.js("[...document.querySelectorAll('#recipients-table .edit-recipient')].find((b) => b.textContent === 'Region Värmland').click(); return true;")
        .await?;
    app.wait_for("#recipient-dialog[open]").await?;
    app.wait_text("#recipient-files", "protokollsutdrag")
        .await?;
    tour.view("recipient-dialog").await?;
    app.click("#recipient-cancel").await?;
    app.wait_js("return !document.querySelector('#recipient-dialog');")
        .await?;

    // A comment that came by letter, added on the party's row: first
    // refused empty, the message under the field, then saved.
    app.wait_text("#open-compilation", "Sammanställning (7 synpunkter)")
        .await?;
    app.js("[...document.querySelectorAll('#recipients-table tbody tr')].find((r) => r.querySelector('th button').textContent === 'Hagfors').querySelector('.add-comment').click(); return true;")
        .await?;
    app.wait_for("#comment-dialog[open]").await?;
    tour.view("add-comment-dialog").await?;
    app.click("#comment-save").await?;
    app.wait_text(
        "#comment-dialog .field-error[data-for=text]",
        "Skriv synpunkten",
    )
    .await?;
    tour.view("add-comment-dialog-validation").await?;
    app.select("#comment-section", "Mål").await?;
    app.type_into(
        "#comment-text",
        // Enter, as WebDriver types it, for the line break.
        "Målen saknar tidsangivelse.\u{E007}När ska andelen SIP med skolan ha ökat?",
    )
    .await?;
    app.type_into("#comment-proposal", "Ange årtal för varje mål.")
        .await?;
    app.click("#comment-save").await?;
    app.wait_js("return !document.querySelector('#comment-dialog');")
        .await?;
    app.wait_text(
        "#round-view .banner-success",
        "Synpunkten har lagts till för Hagfors",
    )
    .await?;
    app.wait_text("#open-compilation", "Sammanställning (8 synpunkter)")
        .await?;

    // Påminn and Remisspaket end the page: one view shows both.
    app.wait_for("#late-list").await?;
    app.wait_for("#package-draft").await?;
    tour.scroll_to("#remind-panel").await?;
    tour.view("remind-and-package-panels").await?;

    compilation_views(tour, seeded).await?;

    tour.go(&format!("#/rundor/{}", seeded.open_round.0), "round")
        .await?;
    tour.settled().await?;
    tour.view("round-open").await?;
    import_views(tour).await
}

/// Läs in svarsmallar: six files, each in a state of its own.
async fn import_views(tour: &Tour<'_>) -> TestResult {
    let app = tour.app;
    app.js("window.scrollTo(0, 0); return true;").await?;
    app.click("#import-forms").await?;
    app.wait_for("#import-dialog[open]").await?;
    app.wait_js("return document.querySelectorAll('#import-files > li').length === 6;")
        .await?;
    let states = app
        .js("return [...document.querySelectorAll('#import-files > li')].map((li) => li.dataset.state);")
        .await?;
    assert_eq!(
        states,
        serde_json::json!(["new", "new", "other_form", "already_imported", "error", "error"]),
        "each file should be shown in its state: Region Värmland and Arvika new, Karlstad's second form asking, its first unchanged, the other round's and the damaged file refused"
    );
    app.wait_text("#import-files", "Partens egen rubrik")
        .await?;
    app.wait_text("#import-files", "<18 år & deras").await?;
    app.wait_text("#import-files .import-problems", "Flera")
        .await?;
    app.wait_text("#import-files", "hör till en annan runda")
        .await?;
    app.wait_text("#import-register", "Registrera 3 svarsmallar")
        .await?;
    tour.view("import-dialog").await?;
    tour.scroll_to("#import-files > li:nth-child(2)").await?;
    tour.view("import-dialog-problems").await?;
    tour.scroll_to("#import-files > li:nth-child(4)").await?;
    tour.view("import-dialog-refused").await?;

    // Karlstad's second form needs a choice before anything is recorded.
    app.click("#import-register").await?;
    app.wait_text(
        "#import-files > li:nth-child(3) .field-error",
        "ersätter det tidigare svaret eller läggs till",
    )
    .await?;
    tour.scroll_to("#import-files > li:nth-child(3)").await?;
    tour.view("import-dialog-choice-required").await?;
    app.click("#import-files > li:nth-child(3) input[value=replace]")
        .await?;
    app.click("#import-register").await?;
    app.wait_js("return !document.querySelector('#import-dialog');")
        .await?;
    app.wait_text(
        "#round-view .banner-success",
        "3 svarsmallar har registrerats",
    )
    .await?;
    app.wait_text("#round-view .banner-success", "ersatte 1 tidigare synpunkt")
        .await?;
    app.wait_text("#open-compilation", "Sammanställning (5 synpunkter)")
        .await?;
    app.js("window.scrollTo(0, 0); return true;").await?;
    tour.view("round-after-import").await?;

    // The comments read from the forms, in the compilation.
    app.click("#open-compilation").await?;
    app.wait_js("return document.body.dataset.view === 'compilation';")
        .await?;
    app.wait_text(
        "#compilation-progress-text",
        "0 av 5 synpunkter hanterade (0 %)",
    )
    .await?;
    app.wait_text(".comment-card .comment-source", "svarsmall, rad")
        .await?;
    tour.view("compilation-from-forms").await
}

/// The id of the comment card whose text contains `text`.
async fn card_with(tour: &Tour<'_>, text: &str) -> Result<String, Error> {
    let id = tour
        .app
        .js(&format!(
            "const card = [...document.querySelectorAll('.comment-card')].find((c) => c.textContent.includes({})); return card ? card.dataset.comment : null;",
            serde_json::json!(text)
        ))
        .await?;
    id.as_str()
        .map(str::to_owned)
        .ok_or_else(|| format!("a comment card with «{text}» should be shown").into())
}

async fn compilation_views(tour: &Tour<'_>, seeded: &Seeded) -> TestResult {
    let app = tour.app;
    app.js("window.scrollTo(0, 0); return true;").await?;
    app.click("#open-compilation").await?;
    app.wait_js(&format!(
        "return location.hash === '#/rundor/{}/sammanstallning' && document.body.dataset.view === 'compilation';",
        seeded.late_round.0
    ))
    .await?;
    tour.settled().await?;
    app.wait_text(
        "#compilation-progress-text",
        "5 av 8 synpunkter hanterade (62 %)",
    )
    .await?;
    app.wait_text("#reapproval-banner", "ska godkännas på nytt i nätverken")
        .await?;
    tour.view("compilation").await?;
    // The sections in the template's order, the party's own after them,
    // "Övrigt" last.
    let sections = app
        .js("return [...document.querySelectorAll('.comment-section')].map((s) => s.dataset.section);")
        .await?;
    assert_eq!(
        sections,
        serde_json::json!([
            "Syfte",
            "Mål",
            "Ansvarsfördelning",
            "Hänvisning till lagstiftning och andra relevanta dokument",
            "Bilaga 2 – kontaktlista",
            "Övrigt"
        ]),
        "the compilation should group the comments by section in the core's order"
    );

    // The point Arvika and Karlstad both made, decided once.
    let arvika = card_with(tour, "Kommunens ansvar").await?;
    tour.scroll_to(&format!(".comment-card[data-comment=\"{arvika}\"]"))
        .await?;
    app.wait_text(
        &format!(".comment-card[data-comment=\"{arvika}\"] .shared-note"),
        "Gemensamt ställningstagande med nr",
    )
    .await?;
    tour.view("compilation-shared-decision").await?;
    // Changing it is changing it for both; the dialogs that take things
    // away ask first.
    let arvika_card = format!(".comment-card[data-comment=\"{arvika}\"]");
    app.click(&format!("{arvika_card} .decision-edit")).await?;
    app.wait_text(
        &format!("{arvika_card} .decision-form .shared-note"),
        "Ändringen sparas för alla",
    )
    .await?;
    tour.view("compilation-change-shared-decision").await?;
    app.click(&format!("{arvika_card} .decision-cancel"))
        .await?;
    app.click(&format!("{arvika_card} .decision-remove"))
        .await?;
    app.wait_for("#undecide-dialog[open]").await?;
    tour.view("undecide-dialog").await?;
    app.click("#undecide-dialog-cancel").await?;
    app.wait_js("return !document.querySelector('#undecide-dialog');")
        .await?;
    app.click(&format!("{arvika_card} .edit-comment")).await?;
    app.wait_for("#comment-dialog[open]").await?;
    tour.view("edit-comment-dialog").await?;
    app.click("#comment-cancel").await?;
    app.wait_js("return !document.querySelector('#comment-dialog');")
        .await?;
    app.click(&format!("{arvika_card} .remove-comment")).await?;
    app.wait_for("#remove-comment-dialog[open]").await?;
    app.wait_text(
        "#remove-comment-dialog",
        "Det gemensamma ställningstagandet gäller fortsatt för de andra synpunkterna",
    )
    .await?;
    tour.view("remove-comment-dialog").await?;
    app.click("#remove-comment-dialog-cancel").await?;
    app.wait_js("return !document.querySelector('#remove-comment-dialog');")
        .await?;
    tour.scroll_to(".comment-section[data-section=\"Bilaga 2 – kontaktlista\"]")
        .await?;
    tour.view("compilation-own-section-and-ovrigt").await?;

    // Ej beaktad without a motivation: refused, the message under it.
    let school = card_with(tour, "skolans roll").await?;
    let card = format!(".comment-card[data-comment=\"{school}\"]");
    app.select(&format!("{card} .decision-disposition"), "ej_beaktad")
        .await?;
    app.click(&format!("{card} .decision-save")).await?;
    app.wait_text(
        &format!("{card} .field-error[data-for=motivation]"),
        "Skriv en motivering",
    )
    .await?;
    tour.scroll_to(&card).await?;
    tour.view("compilation-motivation-required").await?;
    app.type_into(
        &format!("{card} .decision-motivation"),
        "Skolans roll beskrivs i avsnittet Ingående parter.",
    )
    .await?;
    app.click(&format!("{card} .decision-save")).await?;
    app.wait_text(
        "#compilation-progress-text",
        "6 av 8 synpunkter hanterade (75 %)",
    )
    .await?;

    // Only what is left, both chosen and decided together.
    app.click("#only-open").await?;
    app.wait_js("return document.querySelectorAll('.comment-card').length === 2;")
        .await?;
    app.js("window.scrollTo(0, 0); return true;").await?;
    tour.view("compilation-only-open").await?;
    app.js(
        "for (const box of document.querySelectorAll('.comment-select')) box.click(); return true;",
    )
    .await?;
    app.click("#decide-selected").await?;
    app.wait_for("#group-decision-dialog[open]").await?;
    tour.view("group-decision-dialog").await?;
    app.select("#group-decision-disposition", "noterad").await?;
    app.click("#group-decision-save").await?;
    app.wait_text(
        "#compilation-progress-text",
        "8 av 8 synpunkter hanterade (100 %)",
    )
    .await?;
    app.wait_for("#all-handled").await?;
    tour.view("compilation-all-handled").await?;
    app.click("#only-open").await?;
    app.wait_js("return document.querySelectorAll('.comment-card').length === 8;")
        .await?;

    // The compilation as a Word file, and the återkoppling.
    app.click("#export-docx").await?;
    app.wait_for("#compilation-written").await?;
    app.click("#send-feedback").await?;
    app.wait_for("#feedback-result").await?;
    app.wait_for("#feedback-history li").await?;
    tour.scroll_to("#feedback-panel").await?;
    tour.view("compilation-feedback").await?;

    // The networks approve again: the banner gives way to a plain line.
    app.js("window.scrollTo(0, 0); return true;").await?;
    app.click("#record-reapproval").await?;
    app.wait_for("#reapproved").await?;
    app.wait_js("return !document.querySelector('#reapproval-banner');")
        .await?;
    tour.view("compilation-reapproved").await
}

async fn party_and_settings_views(tour: &Tour<'_>) -> TestResult {
    let app = tour.app;
    tour.go("#/parter", "parties").await?;
    app.wait_text("#parties-view", "Årjäng").await?;
    tour.view("parties").await?;

    app.click("tr[data-party-id] [data-action=add-contact]")
        .await?;
    app.wait_for("#contact-dialog[open]").await?;
    tour.view("contact-dialog").await?;
    app.type_into("#contact-email", "inte en adress").await?;
    app.click("#save-contact").await?;
    app.wait_for("#contact-dialog .error-summary").await?;
    tour.view("contact-dialog-validation").await?;
    app.click("#cancel-contact").await?;
    app.wait_js("return !document.querySelector('#contact-dialog');")
        .await?;

    app.click("tr[data-party-id] [data-action=delete-contact]")
        .await?;
    app.wait_for("#delete-contact-dialog[open]").await?;
    tour.view("delete-contact-dialog").await?;
    app.click("#delete-contact-dialog-cancel").await?;
    app.wait_js("return !document.querySelector('#delete-contact-dialog');")
        .await?;

    tour.go("#/installningar", "settings").await?;
    app.wait_for("#db-path").await?;
    tour.view("settings").await?;

    // Kontrollera registret: the check of `samdok verify`, on the tour's
    // whole register.
    tour.scroll_to("#verify-panel").await?;
    app.click("#verify-register").await?;
    app.wait_text("#verify-result", "Registret är i ordning")
        .await?;
    tour.view("settings-verify").await
}

// ---------------------------------------------------------------------
// Antagande (issue 9, points 2 and 3): an adoption round in every state,
// written through the core's API while the app runs, then its views.

/// The adoption round of "Avtal om hjälpmedel …" (all 17 parties), after
/// Värmlandsrådet's ställningstagande: Region Värmland adopted it with its
/// protokollsutdrag attached, Arvika adopted it, Eda did not, Karlstad sent
/// it back, Grums was reminded; the deadline passed two days ago, so the
/// parties still to decide are late. Returns the document and the round.
fn seed_adoption(db: &std::path::Path) -> Result<(DocumentId, RoundId), Error> {
    let mut store = Store::open(db)?;
    let page = samdok::register::list::list(
        store.conn(),
        &samdok::register::ListQuery {
            search: Some("Avtal hjälpmedel funktionsnedsättning".into()),
            ..Default::default()
        },
        samdok::time::today(),
    )?;
    let doc = page
        .rows
        .iter()
        .find(|r| r.title == "Avtal om hjälpmedel för personer med funktionsnedsättning")
        .ok_or("the tour's agreement on hjälpmedel")?
        .id;
    samdok::resolutions::record(
        &mut store,
        doc,
        &samdok::resolutions::ResolutionInput {
            forum: "Värmlandsrådet".into(),
            meeting_date: days_ago(20).to_string(),
            text: "Värmlandsrådet ställer sig bakom avtalet.\nSamtliga parter rekommenderas att anta det.".into(),
            recommends_adoption: true,
        },
    )?;
    let round = rounds::open(
        &mut store,
        doc,
        &RoundInput {
            kind: "antagande".into(),
            sent_date: Some(days_ago(12).to_string()),
            deadline: Some(days_ago(2).to_string()),
            reply_address: "diariet@regionvarmland.se".into(),
            diarienummer: "RS/2025/0201".into(),
            missiv_text:
                "Avtalet har tagits fram inom Nya perspektiv och har varit på remiss hos parterna."
                    .into(),
            ..Default::default()
        },
    )?;
    let decide = |store: &mut Store,
                  name: &str,
                  outcome: rounds::Outcome,
                  body: &str,
                  dnr: &str|
     -> TestResult {
        let id = party(store, name)?;
        rounds::mark(
            store,
            round,
            id,
            &Mark::Decided(rounds::AdoptionDecision {
                outcome,
                body: body.into(),
                on: days_ago(4),
                their_diarienummer: dnr.into(),
            }),
        )?;
        Ok(())
    };
    decide(
        &mut store,
        "Region Värmland",
        rounds::Outcome::Antagen,
        "Regionfullmäktige",
        "RS/2025/1234",
    )?;
    decide(
        &mut store,
        "Arvika",
        rounds::Outcome::Antagen,
        "Kommunfullmäktige",
        "KS 2025/88",
    )?;
    decide(
        &mut store,
        "Eda",
        rounds::Outcome::EjAntagen,
        "Kommunstyrelsen",
        "KS/2025:176",
    )?;
    decide(
        &mut store,
        "Karlstad",
        rounds::Outcome::Aterremitterad,
        "Kommunfullmäktige",
        "",
    )?;
    let grums = party(&store, "Grums")?;
    rounds::mark(&mut store, round, grums, &Mark::Reminded(days_ago(1)))?;
    let scratch = tempfile::tempdir()?;
    let protokoll = scratch
        .path()
        .join("Protokollsutdrag RF 2025-06-17 § 112.pdf");
    std::fs::write(&protokoll, b"%PDF-1.4\n% protokollsutdrag\n")?;
    let region = party(&store, "Region Värmland")?;
    rounds::attach_answer_file(&mut store, round, region, &protokoll)?;
    Ok((doc, round))
}

/// The antagande round, its decision dialog (as it opens and refused), its
/// package refused without a working draft, the register's column and
/// filter, the document's adoption panel, Rundor and the round form for an
/// antagande.
async fn adoption_views(tour: &Tour<'_>) -> TestResult {
    let app = tour.app;
    let (doc, round) = seed_adoption(&app.db_path())?;

    tour.go(&format!("#/rundor/{}", round.0), "round").await?;
    tour.settled().await?;
    app.wait_text("#round-adoption", "Antagen av 2 av 17")
        .await?;
    tour.view("adoption-round").await?;
    let statuses = app
        .js("return [...document.querySelectorAll('#recipients-table tbody tr')].map((r) => [r.dataset.status, r.querySelector('td .badge').textContent, r.classList.contains('is-undecided')]);")
        .await?;
    let statuses = statuses.as_array().ok_or("the status column")?;
    for (status, name, undecided) in [
        ("antagen", "Antagen", false),
        ("ej_antagen", "Ej antagen", false),
        ("aterremitterad", "Återremitterad – sen", true),
        ("paminnd", "Påmind – sen", true),
        ("skickad", "Skickad – sen", true),
    ] {
        assert!(
            statuses.iter().any(|s| s[0] == status && s[1] == name && s[2] == undecided),
            "a party with status {status} should read «{name}» (undecided: {undecided}); the column holds {statuses:?}"
        );
    }
    tour.scroll_to("#recipients-table").await?;
    tour.view("adoption-round-recipients").await?;

    let kil = party_id(app, "Kil").await?;
    app.click(&format!(
        "#recipients-table tr[data-party=\"{kil}\"] .mark-decided"
    ))
    .await?;
    app.wait_for("#decision-dialog[open]").await?;
    tour.view("adoption-decision-dialog").await?;
    app.type_into("#decision-date", &days_ahead(2).to_string())
        .await?;
    app.click("#decision-save").await?;
    app.wait_for("#decision-form [data-field=date] .field-error")
        .await?;
    tour.view("adoption-decision-dialog-validation").await?;
    app.click("#decision-cancel").await?;
    app.wait_js("return !document.querySelector('#decision-dialog');")
        .await?;

    app.wait_for("#package-refused").await?;
    tour.scroll_to("#remind-panel").await?;
    tour.view("adoption-remind-and-package").await?;

    tour.go("#/dokument", "register").await?;
    app.wait_js("return [...document.querySelectorAll('#register-table td.col-adoption')].some((td) => td.textContent === '2 av 17');")
        .await?;
    tour.view("register-adoption-column").await?;
    app.select("#filter-adoption", "vantar").await?;
    app.wait_js(
        "return document.querySelectorAll('#register-table tbody tr[data-id]').length === 1",
    )
    .await?;
    tour.view("register-adoption-filter").await?;
    app.click("#clear-filters").await?;
    app.wait_js("return document.querySelector('#filter-adoption').value === '';")
        .await?;

    tour.go(&format!("#/dokument/{}", doc.0), "document")
        .await?;
    tour.settled().await?;
    app.wait_text("#document-adoption", "Antagen av 2 av 17")
        .await?;
    app.wait_text("#adoption-not-adopted", "Eda").await?;
    tour.scroll_to("#adoption-panel").await?;
    tour.view("document-adoption").await?;

    tour.go("#/rundor", "rounds").await?;
    app.wait_text("#rounds-table", "Antagen av 2 av 17").await?;
    tour.view("rounds-with-adoption").await?;

    tour.go(&format!("#/dokument/{}/ny-runda", doc.0), "round-form")
        .await?;
    app.click("#round-kind-antagande").await?;
    app.type_into("#round-form [name=deadline]", &days_ahead(60).to_string())
        .await?;
    app.click("#round-form [name=diarienummer]").await?;
    app.wait_text("#missiv-status", "Ifylld från mallen")
        .await?;
    tour.view("round-form-antagande").await
}

/// Översikt with the tour's register, and the snooze dialog: open, and
/// with a refused day (today) shown at its field; cancelled, nothing kept.
async fn overview_views(tour: &Tour<'_>) -> TestResult {
    let app = tour.app;
    tour.go("#/oversikt", "overview").await?;
    app.wait_text("#overview-count", "punkter att åtgärda")
        .await?;
    tour.view("overview").await?;
    app.click("#attention-list .attention-item:not(.is-snoozed) .attention-actions button")
        .await?;
    app.wait_for("#snooze-dialog[open]").await?;
    tour.view("overview-snooze-dialog").await?;
    app.type_into("#snooze-until", &samdok::time::today().to_string())
        .await?;
    app.type_into(
        "#snooze-note",
        "Väntar på beslut i <Beredningsgruppen> & nätverken.",
    )
    .await?;
    app.click("#snooze-save").await?;
    app.wait_text("#snooze-form .field-error[data-for=until]", "efter i dag")
        .await?;
    tour.view("overview-snooze-refused").await?;
    app.click("#snooze-cancel").await?;
    app.wait_js("return !document.querySelector('#snooze-dialog');")
        .await
}

/// The id of the party `name`, as the round view's rows carry it.
async fn party_id(app: &App, name: &str) -> Result<i64, Error> {
    app.js(&format!(
        "const b = [...document.querySelectorAll('#recipients-table .edit-recipient')].find((x) => x.textContent === {}); return b ? Number(b.closest('tr').dataset.party) : null;",
        serde_json::json!(name)
    ))
    .await?
    .as_i64()
    .ok_or_else(|| format!("a row for {name}").into())
}

// ---------------------------------------------------------------------
// A party's page, the register's saved views and export menu, and the
// yearly review (issue 10).

async fn pages_views(tour: &Tour<'_>) -> TestResult {
    let app = tour.app;
    tour.go("#/parter", "parties").await?;
    app.click("#parties-table a.party-name").await?;
    app.wait_js("return document.body.dataset.view === 'party' && !document.body.classList.contains('is-loading');")
        .await?;
    app.wait_for("#party-tally-text").await?;
    tour.view("party-page").await?;
    tour.scroll_to("#party-comments-heading").await?;
    tour.view("party-page-comments").await?;

    tour.go("#/dokument", "register").await?;
    tour.settled().await?;
    app.click("#export-menu > summary").await?;
    app.wait_for("#export-report-docx").await?;
    tour.view("register-export-menu").await?;
    app.click("#export-menu > summary").await?;
    app.click("#save-view").await?;
    app.wait_for("#view-dialog[open]").await?;
    app.type_into("#view-name", "").await?;
    app.click("#view-save").await?;
    app.wait_for("#view-dialog .field-error").await?;
    tour.view("save-view-dialog-validation").await?;
    app.click("#view-cancel").await?;
    app.wait_js("return !document.querySelector('#view-dialog');")
        .await?;

    tour.go("#/installningar", "settings").await?;
    tour.scroll_to("#review-panel").await?;
    tour.view("settings-review").await?;
    app.click("#record-review").await?;
    app.wait_for("#review-dialog[open]").await?;
    app.click("#review-save").await?;
    app.wait_for("#review-dialog .field-error").await?;
    tour.view("review-dialog-validation").await?;
    app.click("#review-cancel").await?;
    app.wait_js("return !document.querySelector('#review-dialog');")
        .await
}

// ---------------------------------------------------------------------

/// Removes the screenshots of an earlier tour, so that only this one's are
/// there to look at (the database-error view, `tour-99-…`, has a test of
/// its own).
fn remove_old_screenshots() -> TestResult {
    let Ok(entries) = std::fs::read_dir(samdok_e2e::screenshot_dir()) else {
        return Ok(());
    };
    for entry in entries {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.starts_with("tour-") && !name.starts_with("tour-99-") {
            std::fs::remove_file(&path)?;
        }
    }
    Ok(())
}

#[tokio::test]
async fn a_tour_of_every_view_and_dialog_shows_nothing_a_user_must_not_see() -> TestResult {
    with_prepared_app(seed, |app, seeded| {
        Box::pin(async move {
            let size = app
                .js("return [window.innerWidth, window.innerHeight];")
                .await?;
            assert_eq!(
                size,
                serde_json::json!([1280, 800]),
                "the window should be 1280×800, the size the tour checks for sideways scrolling"
            );
            app.js(COLLECTOR).await?;
            remove_old_screenshots()?;
            let tour = Tour {
                app,
                step: Cell::new(0),
            };
            register_views(&tour).await?;
            form_views(&tour, &seeded).await?;
            document_views(&tour, &seeded).await?;
            after_decision_views(&tour, &seeded).await?;
            round_views(&tour, &seeded).await?;
            party_and_settings_views(&tour).await?;
            // Antagande: its views after everything else has been seen.
            adoption_views(&tour).await?;
            // A party's page, saved views, exports and the yearly review.
            pages_views(&tour).await?;
            // Översikt: the start page and its snooze dialog.
            overview_views(&tour).await?;

            // A document that does not exist: the view says so in Swedish.
            tour.go("#/dokument/999999", "document").await?;
            app.wait_text("main h1", "Sidan kunde inte visas").await?;
            let logged = app.js("return window.__tour.problems.splice(0);").await?;
            assert!(
                matches!(&logged, Value::Array(list) if list.len() == 1),
                "the failed view should log its error once, got {logged}"
            );
            tour.view("document-not-found").await
        })
    })
    .await
}

#[tokio::test]
async fn the_database_error_view_explains_in_swedish() -> TestResult {
    let prepare = |files: &AppFiles| -> TestResult {
        std::fs::write(
            &files.db,
            "Det här är ingen databas, bara text.\n".repeat(200),
        )?;
        Ok(())
    };
    with_prepared_app(prepare, |app, ()| {
        Box::pin(async move {
            app.js(COLLECTOR).await?;
            app.wait_for("#open-error").await?;
            let tour = Tour {
                app,
                // A number of its own, after every step of the tour.
                step: Cell::new(98),
            };
            tour.view("database-error").await
        })
    })
    .await
}
