//! Paging in the real window, on a small demo register (150 documents, a
//! document with a long change log, more rounds than fit on a page): the
//! register, Rundor and the change log show a page and move on in Swedish.

use samdok_e2e::{with_app_on, TestResult};

#[tokio::test]
async fn the_register_rundor_and_the_change_log_page_in_swedish() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("demo.sqlite3");
    let spec = samdok::demo::Spec {
        documents: 150,
        rounds: 130,
        today: samdok::time::today(),
    };
    samdok::demo::build(&db, &spec)?;
    // The document with the longest change log (the demo's first).
    let store = samdok::Store::open(&db)?;
    let (long, events): (i64, i64) = store.conn().query_row(
        "SELECT document_id, count(*) FROM events WHERE document_id IS NOT NULL
         GROUP BY document_id ORDER BY count(*) DESC LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    assert!(events > 100, "the demo has a long change log ({events})");
    let waiting = samdok::rounds::list(
        store.conn(),
        &samdok::rounds::RoundQuery::default(),
        samdok::time::today(),
    )?
    .total;
    drop(store);

    with_app_on(Some(&db), |app| {
        Box::pin(async move {
            // The app opens on the Översikt; the register is one click away.
            app.click("[data-view=register]").await?;
            app.wait_js("return document.body.dataset.view === 'register'")
                .await?;
            app.wait_text("#document-count", "Visar 1–100 av 150 dokument")
                .await?;
            app.wait_js(
                "return document.querySelectorAll('#register-table tbody tr').length === 100",
            )
            .await?;
            app.wait_js("return document.querySelector('#register-pager-previous').disabled")
                .await?;
            let first = app
                .js("return document.querySelector('#register-table tbody tr a').textContent")
                .await?;

            app.click("#register-pager-next").await?;
            app.wait_text("#document-count", "Visar 101–150 av 150 dokument")
                .await?;
            app.wait_js(
                "return document.querySelectorAll('#register-table tbody tr').length === 50",
            )
            .await?;
            app.wait_js("return document.querySelector('#register-pager-next').disabled")
                .await?;
            app.screenshot("paging-register-page-2").await?;

            // A new sort starts again from the first page.
            app.click("th[data-sort=title] button").await?;
            app.wait_text("#document-count", "Visar 1–100 av 150 dokument")
                .await?;
            let reversed = app
                .js("return document.querySelector('#register-table tbody tr a').textContent")
                .await?;
            assert_ne!(
                first, reversed,
                "descending order shows another first title"
            );

            // Rundor: a page of the rounds still waiting.
            app.click("[data-view=rounds]").await?;
            app.wait_js("return document.body.dataset.view === 'rounds'")
                .await?;
            let shown = waiting.min(100);
            app.wait_js(&format!(
                "return document.querySelectorAll('#rounds-table tbody tr').length === {shown}"
            ))
            .await?;
            if waiting > 100 {
                app.wait_text("#rounds-count", &format!("Visar 1–100 av {waiting} rundor"))
                    .await?;
                app.click("#rounds-pager-next").await?;
                app.wait_text(
                    "#rounds-count",
                    &format!("Visar 101–{waiting} av {waiting} rundor"),
                )
                .await?;
            }

            // The change log: the newest 50, then 50 more.
            app.js(&format!("location.hash = '#/dokument/{long}'"))
                .await?;
            app.wait_js("return document.querySelectorAll('#audit-trail li').length === 50")
                .await?;
            app.wait_text("#more-events", &format!("50 av {events} visas"))
                .await?;
            app.click("#more-events").await?;
            app.wait_js("return document.querySelectorAll('#audit-trail li').length === 100")
                .await?;
            app.wait_text("#more-events", &format!("100 av {events} visas"))
                .await?;
            app.screenshot("paging-change-log").await?;
            Ok(())
        })
    })
    .await
}
