//! End to end in the real window: Översikt, the start page, shows the items
//! of a prepared database with their reasons, a click opens the right round
//! or document, and an item is snoozed through its dialog (a refused day
//! first) and shown again (issue 10, "How we will know").

use chrono::{Days, Months, NaiveDate};
use samdok::register::DocumentInput;
use samdok::rounds::{self, Mark, RoundId, RoundInput};
use samdok::watch::{self, Attention, ItemKind, WatchOptions};
use samdok::{DocumentId, Store};
use samdok_e2e::{with_prepared_app, App, AppFiles, Error, TestResult};
use serde_json::{json, Value};

const LATE_TITLE: &str = "Riktlinje för samordnad vårdplanering vid utskrivning";
const ENDING_TITLE: &str = "Överenskommelse om hemsjukvård & <hemtjänst> i Värmland";
const FAR_TITLE: &str = "Rutin för läkemedelsgenomgångar i särskilt boende";
const GALLANDE_TITLE: &str = "Vägledning för SIP – barn och unga";
/// Documents whose validity ends within the year, so that the list is
/// longer than the first page the window draws.
const FILLERS: u64 = 150;
const FIRST_PAGE: u64 = 100;

struct Prepared {
    late_doc: DocumentId,
    round: RoundId,
    ending_doc: DocumentId,
    gallande_doc: DocumentId,
}

fn create(
    store: &mut Store,
    title: &str,
    stage: Option<&str>,
    valid_to: Option<NaiveDate>,
) -> Result<DocumentId, Error> {
    let doc = samdok::register::create(
        store,
        &DocumentInput {
            doc_type: "riktlinje".into(),
            title: title.into(),
            valid_to: valid_to.map(|d| d.to_string()),
            ..Default::default()
        },
    )?;
    if let Some(stage) = stage {
        samdok::register::lifecycle::set_stage(store, doc, stage, "", None)?;
    }
    Ok(doc)
}

/// A remiss twenty days late with Eda and Arvika not answered, a document
/// whose validity ends in 100 days, one ending in 18 months (only inside a
/// 24-month horizon), a gällande document without Vida link or follow-up
/// plan, and fillers ending in 300 days.
fn prepare(files: &AppFiles) -> Result<Prepared, Error> {
    let mut store = Store::open(&files.db)?;
    let today = samdok::time::today();
    let late_doc = create(&mut store, LATE_TITLE, Some("remiss"), None)?;
    let parties = ["Eda", "Kil", "Arvika"]
        .iter()
        .map(|name| samdok::parties::find(store.conn(), name).map(|p| p.id))
        .collect::<Result<Vec<_>, _>>()?;
    let round = rounds::open(
        &mut store,
        late_doc,
        &RoundInput {
            kind: "remiss".into(),
            sent_date: Some((today - Days::new(60)).to_string()),
            deadline: Some((today - Days::new(20)).to_string()),
            parties: Some(parties),
            ..Default::default()
        },
    )?;
    let kil = samdok::parties::find(store.conn(), "Kil")?.id;
    rounds::mark(
        &mut store,
        round,
        kil,
        &Mark::Received {
            on: today - Days::new(25),
            position: None,
        },
    )?;
    let ending_doc = create(&mut store, ENDING_TITLE, None, Some(today + Days::new(100)))?;
    create(&mut store, FAR_TITLE, None, Some(today + Months::new(18)))?;
    let gallande_doc = create(&mut store, GALLANDE_TITLE, Some("gallande"), None)?;
    for n in 1..=FILLERS {
        create(
            &mut store,
            &format!("Rutin {n:03} för bevakning"),
            None,
            Some(today + Days::new(300)),
        )?;
    }
    Ok(Prepared {
        late_doc,
        round,
        ending_doc,
        gallande_doc,
    })
}

fn attention(app: &App, include_snoozed: bool, horizon_months: u32) -> Result<Attention, Error> {
    let store = Store::open(app.db_path())?;
    Ok(watch::attention(
        store.conn(),
        samdok::time::today(),
        &WatchOptions {
            horizon_months,
            include_snoozed,
            ..WatchOptions::default()
        },
    )?)
}

/// What the window shows of each drawn item: kind name, link text and
/// target, reason, and the group it is in.
const SHOWN: &str =
    "return [...document.querySelectorAll('#attention-list .attention-item')].map((li) => {
  const a = li.querySelector('.attention-link');
  return [li.dataset.key, li.querySelector('.attention-kind strong').textContent,
          a ? a.textContent : '', a ? a.getAttribute('href') : '',
          li.querySelector('.attention-reason').textContent,
          li.closest('.attention-group').id];
});";

/// Text a user must never see in the view.
const LEAKS: &str = "const text = document.querySelector('main').innerText;
const found = [/\\bundefined\\b/, /\\bnull\\b/, /\\bNaN\\b/, /\\[object Object\\]/, /\\b[a-z]+_[a-z_]+\\b/,
  /\\b(Snooze|Overdue|Due|Items?|Show more|Error)\\b/]
  .map((re) => re.exec(text)).filter(Boolean).map((m) => text.slice(Math.max(0, m.index - 40), m.index + 40));
return found;";

async fn no_leaks(app: &App, what: &str) -> TestResult {
    let found = app.js(LEAKS).await?;
    assert_eq!(
        found,
        json!([]),
        "{what} should show no identifiers, undefined or English"
    );
    Ok(())
}

/// axe-core finds nothing in the window as it is now.
async fn accessible(app: &App, what: &str) -> TestResult {
    let violations = app.axe().await?;
    assert_eq!(
        violations,
        json!([]),
        "{what} should pass axe-core's accessibility rules"
    );
    Ok(())
}

fn group_of(days: Option<i64>) -> &'static str {
    match days {
        Some(d) if d < 0 => "attention-passed",
        Some(d) if d > 0 => "attention-coming",
        _ => "attention-now",
    }
}

/// The rows the window should show for `list`, in the core's order.
fn expected_rows(list: &Attention, n: usize) -> Value {
    Value::Array(
        list.items
            .iter()
            .take(n)
            .map(|i| {
                let linked = !i.document_title.is_empty();
                json!([
                    i.key,
                    i.kind_name,
                    i.document_title,
                    if linked { i.link.as_str() } else { "" },
                    i.reason,
                    group_of(i.days)
                ])
            })
            .collect(),
    )
}

async fn to_overview(app: &App) -> TestResult {
    app.click(".mainnav [data-view=overview]").await?;
    app.wait_js("return document.body.dataset.view === 'overview' && !document.body.classList.contains('is-loading');")
        .await
}

#[tokio::test]
async fn the_overview_shows_the_items_opens_them_and_snoozes_one() -> TestResult {
    with_prepared_app(prepare, |app, prepared| {
        Box::pin(async move {
            // The start page.
            app.wait_js("return document.body.dataset.view === 'overview';")
                .await?;
            assert_eq!(
                app.js("return [document.querySelector('main h1').textContent, document.querySelector('.mainnav [data-view=overview]').getAttribute('aria-current')];")
                    .await?,
                json!(["Översikt", "page"]),
                "the app should open on the Översikt, marked as the current page"
            );
            let core = attention(app, false, 12)?;
            let total = core.items.len();
            assert!(
                total as u64 > FIRST_PAGE,
                "the prepared register should hold more items ({total}) than the first page"
            );
            app.wait_text("#overview-count", &format!("{total} punkter att åtgärda"))
                .await?;
            assert_eq!(
                app.js(SHOWN).await?,
                expected_rows(&core, FIRST_PAGE as usize),
                "the window should show the core's first {FIRST_PAGE} items in its order, each with kind, document, link, reason and group"
            );
            let more = app.js("const b = document.querySelector('#overview-more'); return [b.textContent, b.closest('.button-row').hidden];").await?;
            assert_eq!(
                more,
                json!([format!("Visa fler ({0} av {0} till)", total - FIRST_PAGE as usize), false]),
                "a long list should offer the rest behind «Visa fler»"
            );
            // The groups drawn carry the core's headings and the whole
            // list's counts.
            let mut drawn_groups: Vec<watch::Group> = Vec::new();
            for item in core.items.iter().take(FIRST_PAGE as usize) {
                if !drawn_groups.contains(&item.group) {
                    drawn_groups.push(item.group);
                }
            }
            let headings: Vec<Value> = drawn_groups
                .iter()
                .map(|group| {
                    let g = core.groups.iter().find(|g| g.group == *group).unwrap();
                    json!([format!("attention-{}", group.as_str()), format!("{} ({})", g.title, g.count)])
                })
                .collect();
            assert_eq!(
                app.js("return [...document.querySelectorAll('.attention-group h2')].map((h) => [h.closest('.attention-group').id, h.textContent]);").await?,
                Value::Array(headings),
                "each group should be headed by the core's title and its count of the whole list"
            );
            assert_eq!(
                app.js("const li = document.querySelector('.attention-item'); const s = getComputedStyle(li); return [s.display, getComputedStyle(li.parentElement).listStyleType];").await?,
                json!(["flex", "none"]),
                "each item should be drawn as a card, not a bare list item (the stylesheet's rules apply)"
            );
            accessible(app, "the Översikt").await?;
            // «Visa fler» asks the core for the next page, in order.
            app.click("#overview-more").await?;
            let shown = total.min(2 * FIRST_PAGE as usize);
            app.wait_js(&format!(
                "return document.querySelectorAll('#attention-list .attention-item').length === {shown};"
            ))
            .await?;
            assert_eq!(
                app.js(SHOWN).await?,
                expected_rows(&core, shown),
                "«Visa fler» should add the core's next items in its order"
            );
            assert_eq!(
                app.js("return document.querySelector('#overview-more').closest('.button-row').hidden;").await?,
                json!(shown == total),
                "«Visa fler» should stay while items are left"
            );

            // Each kind asked for, with its reason in Swedish.
            let find = |kind: ItemKind, doc: DocumentId| {
                core.items
                    .iter()
                    .find(|i| i.kind == kind && i.document_id == Some(doc))
                    .ok_or_else(|| format!("the core should list {kind:?} for document {}", doc.0))
            };
            let late = find(ItemKind::RoundLate, prepared.late_doc)?;
            assert!(
                late.reason.contains("Eda") && late.reason.contains("Arvika") && !late.reason.contains("Kil"),
                "the late round's reason should name the parties that have not answered: {}",
                late.reason
            );
            let ending = find(ItemKind::ValidityEnding, prepared.ending_doc)?;
            let vida = find(ItemKind::VidaLinkMissing, prepared.gallande_doc)?;
            for (item, group) in [
                (late, "attention-passed"),
                (ending, "attention-coming"),
                (vida, "attention-now"),
            ] {
                let shown = app
                    .js(&format!(
                        "const li = document.querySelector('#{group} [data-key=\"{}\"]'); return li ? li.textContent : null;",
                        item.key
                    ))
                    .await?;
                let text = shown.as_str().unwrap_or_default();
                assert!(
                    text.contains(&item.reason) && text.contains(&item.kind_name),
                    "«{}» should be shown under {group} with its reason «{}», got {shown}",
                    item.kind_name,
                    item.reason
                );
            }
            assert!(
                !core.items.iter().any(|i| i.document_title == FAR_TITLE),
                "a validity ending in 18 months is outside the default horizon"
            );
            no_leaks(app, "the Översikt").await?;
            app.screenshot("overview-start").await?;

            // All of it (the second page held the rest), then a wider horizon.
            app.wait_js(&format!(
                "return document.querySelectorAll('#attention-list .attention-item').length === {total} && document.querySelector('#overview-more').closest('.button-row').hidden;"
            ))
            .await?;
            app.select("#overview-horizon", "24").await?;
            let wide = attention(app, false, 24)?;
            app.wait_text("#overview-count", &format!("{} punkter att åtgärda", wide.items.len()))
                .await?;
            // Ending last of all, it is behind «Visa fler».
            app.click("#overview-more").await?;
            app.wait_text("#attention-coming", FAR_TITLE).await?;
            app.select("#overview-horizon", "12").await?;
            app.wait_text("#overview-count", &format!("{total} punkter att åtgärda"))
                .await?;

            // A click on the late round opens the round.
            app.click(&format!("[data-key=\"{}\"] .attention-link", late.key))
                .await?;
            app.wait_js(&format!(
                "return location.hash === '#/rundor/{}' && document.body.dataset.view === 'round' && document.querySelector('main h1').textContent.includes({});",
                prepared.round.0,
                json!(LATE_TITLE)
            ))
            .await?;
            to_overview(app).await?;
            // And one on the validity end opens its document.
            app.click(&format!("[data-key=\"{}\"] .attention-link", ending.key))
                .await?;
            app.wait_js(&format!(
                "return location.hash === '#/dokument/{}' && document.body.dataset.view === 'document' && document.querySelector('main h1').textContent === {};",
                prepared.ending_doc.0,
                json!(ENDING_TITLE)
            ))
            .await?;
            to_overview(app).await?;

            // Snooze the missing Vida link: today is refused at the field.
            let today = samdok::time::today();
            app.click(&format!("[data-key=\"{}\"] .attention-actions button", vida.key))
                .await?;
            app.wait_for("#snooze-dialog[open]").await?;
            assert_eq!(
                app.js("return document.querySelector('#snooze-until').value;").await?,
                json!((today + Days::new(14)).to_string()),
                "the snooze should default to two weeks ahead"
            );
            app.type_into("#snooze-until", &today.to_string()).await?;
            app.click("#snooze-save").await?;
            app.wait_text(
                "#snooze-form .field-error[data-for=until]",
                "Välj en dag efter i dag att vänta till.",
            )
            .await?;
            assert_eq!(
                app.js("return [!!document.querySelector('#snooze-dialog[open]'), document.querySelector('#snooze-until').getAttribute('aria-invalid'), document.activeElement.id];").await?,
                json!([true, "true", "snooze-until"]),
                "a refused day should keep the dialog open with the day marked and focused"
            );
            assert_eq!(
                attention(app, true, 12)?.snoozed,
                0,
                "a refused snooze should store nothing"
            );
            no_leaks(app, "the snooze dialog").await?;
            accessible(app, "the snooze dialog with its refusal").await?;
            app.screenshot("overview-snooze-refused").await?;

            let until = (today + Days::new(30)).to_string();
            let note = "Länken kommer när webbsidan är klar.";
            app.type_into("#snooze-until", &until).await?;
            app.type_into("#snooze-note", note).await?;
            app.click("#snooze-save").await?;
            app.wait_js("return !document.querySelector('#snooze-dialog') && document.body.dataset.view === 'overview' && !document.body.classList.contains('is-loading');")
                .await?;
            app.wait_text(
                "#overview-count",
                &format!("{} punkter att åtgärda · 1 uppskjuten", total - 1),
            )
            .await?;
            assert_eq!(
                app.js(&format!("return !!document.querySelector('[data-key=\"{}\"]');", vida.key)).await?,
                json!(false),
                "the snoozed item should leave the list"
            );
            let stored = attention(app, true, 12)?;
            let snoozed = stored
                .items
                .iter()
                .find(|i| i.key == vida.key)
                .and_then(|i| i.snoozed.clone())
                .ok_or("the item should be stored as snoozed")?;
            assert_eq!((snoozed.until.to_string(), snoozed.note.as_str()), (until.clone(), note));

            // Shown with its snooze, then shown again.
            app.click("#overview-show-snoozed").await?;
            app.wait_text(
                &format!("[data-key=\"{}\"] .attention-snoozed", vida.key),
                &format!("Uppskjuten till {until}: {note}"),
            )
            .await?;
            no_leaks(app, "the Översikt with the snoozed item").await?;
            accessible(app, "the Översikt with the snoozed item").await?;
            app.js(&format!("document.querySelector('[data-key=\"{}\"]').scrollIntoView({{ block: 'center' }}); return true;", vida.key)).await?;
            app.screenshot("overview-snoozed-shown").await?;
            app.click(&format!("[data-key=\"{}\"] .attention-actions button", vida.key))
                .await?;
            app.wait_text("#overview-count", &format!("{total} punkter att åtgärda"))
                .await?;
            app.wait_js(&format!(
                "const li = document.querySelector('[data-key=\"{}\"]'); return !!li && !li.classList.contains('is-snoozed') && !document.querySelector('#overview-count').textContent.includes('uppskjuten');",
                vida.key
            ))
            .await?;
            assert_eq!(attention(app, true, 12)?.snoozed, 0, "«Visa igen» should take the snooze back");

            // Nothing scrolls sideways at 1280×800.
            let sideways = app
                .js("const r = document.documentElement; return r.scrollWidth - r.clientWidth;")
                .await?;
            assert_eq!(sideways, json!(0), "the Översikt should not scroll sideways");
            Ok(())
        })
    })
    .await
}
