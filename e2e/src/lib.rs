//! Harness for the end-to-end tests: starts `tauri-driver` (which starts
//! WebKitWebDriver, which starts the real Samdok window) on free loopback
//! ports with an isolated database and XDG folders, and drives the window as
//! a user would. Needs a display (`DISPLAY`, e.g. Xvfb): `scripts/test`
//! provides one.
//!
//! Two things learned the hard way, each handled here:
//! - A WebDriver call that failed in transport may or may not have reached
//!   the driver, and repeating a click that did happen clicks twice. So the
//!   link to the driver counts the bytes it writes, and a call is tried again
//!   only when it failed without a single byte of it written (the driver
//!   refused the connection, or the request died before it was sent). A call
//!   that may have happened is never repeated: its test fails instead. Every
//!   request gets a fresh connection, so none is ever written into a pooled
//!   connection the driver has already closed (hyper's `IncompleteMessage`).
//! - A test that fails half-way must still end its app: the driver runs in a
//!   process group of its own, and the whole group is stopped (SIGTERM, then
//!   SIGKILL), or an orphaned window would hold the test's output open.

use std::future::Future;
use std::io::IoSlice;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::error::{CmdError, NewSessionError};
use fantoccini::{Client, ClientBuilder, Locator};
use hyper::rt::{Read, ReadBufCursor, Write};
use hyper::Uri;
use hyper_util::client::legacy::connect::{Connected, Connection, HttpConnector};
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};

pub type Error = Box<dyn std::error::Error>;
pub type TestResult = Result<(), Error>;

/// How long a condition in the window may take before the test fails.
pub const WAIT: Duration = Duration::from_secs(20);

/// How often a call that never reached the driver is tried again.
const UNSENT_RETRIES: u32 = 5;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("e2e/ lives in the workspace")
        .to_path_buf()
}

/// The built app: `SAMDOK_APP`, else `target/debug/samdok-app`.
pub fn app_binary() -> PathBuf {
    std::env::var_os("SAMDOK_APP")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target/debug/samdok-app"))
}

/// Where screenshots are saved: `target/e2e-screenshots/`.
pub fn screenshot_dir() -> PathBuf {
    workspace_root().join("target/e2e-screenshots")
}

fn free_port() -> Result<u16, Error> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

// ------------------------------------------------------------ driver link

/// The number of bytes written to the driver so far, over every connection
/// of one app's session.
#[derive(Clone, Default)]
struct SentBytes(Arc<AtomicU64>);

impl SentBytes {
    fn get(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }

    fn add(&self, n: usize) {
        self.0.fetch_add(n as u64, Ordering::SeqCst);
    }
}

/// The HTTP link to the driver: plain TCP on loopback, one connection per
/// request (each connection is marked not reusable), every written byte
/// counted.
#[derive(Clone)]
struct DriverLink {
    http: HttpConnector,
    sent: SentBytes,
}

impl tower_service::Service<Uri> for DriverLink {
    type Response = CountingStream;
    type Error = Box<dyn std::error::Error + Send + Sync>;
    type Future =
        Pin<Box<dyn Future<Output = Result<CountingStream, Self::Error>> + Send + 'static>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.http.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, uri: Uri) -> Self::Future {
        let connecting = self.http.call(uri);
        let sent = self.sent.clone();
        Box::pin(async move {
            let inner = connecting.await?;
            Ok(CountingStream { inner, sent })
        })
    }
}

/// A connection to the driver that counts what is written to it.
struct CountingStream {
    inner: TokioIo<tokio::net::TcpStream>,
    sent: SentBytes,
}

impl Connection for CountingStream {
    fn connected(&self) -> Connected {
        let connected = self.inner.connected();
        // Used for this one request only: a pooled connection may have been
        // closed by the driver, and a request written into it is lost after
        // it may have been read.
        connected.poison();
        connected
    }
}

impl Read for CountingStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: ReadBufCursor<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl Write for CountingStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, buf);
        if let Poll::Ready(Ok(n)) = polled {
            self.sent.add(n);
        }
        polled
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if let Poll::Ready(Ok(n)) = polled {
            self.sent.add(n);
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// A transport failure (no answer from the driver), as opposed to an answer
/// that reports an error.
fn is_transport(error: &CmdError) -> bool {
    matches!(
        error,
        CmdError::Failed(_) | CmdError::FailedC(_) | CmdError::Lost(_)
    )
}

/// Runs one WebDriver call; runs it again only when it failed in transport
/// before any byte of it was written, so it cannot have reached the driver.
async fn unless_sent<T, F, Fut>(sent: &SentBytes, mut call: F) -> Result<T, CmdError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, CmdError>>,
{
    let mut attempt = 0;
    loop {
        let before = sent.get();
        match call().await {
            Err(error) if is_transport(&error) && sent.get() == before => {
                if attempt == UNSENT_RETRIES {
                    return Err(error);
                }
                attempt += 1;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            other => return other,
        }
    }
}

/// Asks the driver at `url` for a session; asks again only while the
/// request never reached it.
async fn new_session(
    url: &str,
    capabilities: serde_json::Map<String, Value>,
    sent: &SentBytes,
) -> Result<Client, NewSessionError> {
    let mut attempt = 0;
    loop {
        let before = sent.get();
        let mut builder = ClientBuilder::new(DriverLink {
            http: HttpConnector::new(),
            sent: sent.clone(),
        });
        builder.capabilities(capabilities.clone());
        match builder.connect(url).await {
            Err(
                NewSessionError::Lost(_) | NewSessionError::Failed(_) | NewSessionError::FailedC(_),
            ) if sent.get() == before && attempt < UNSENT_RETRIES => {
                attempt += 1;
                tokio::time::sleep(Duration::from_millis(300)).await;
            }
            other => return other,
        }
    }
}

// ------------------------------------------------------------ processes

/// The tauri-driver process group (driver, WebKitWebDriver, the app).
struct Driver(Child);

impl Driver {
    fn signal_group(&self, signal: &str) {
        let group = format!("-{}", self.0.id());
        let _ = Command::new("kill")
            .args([signal, "--", &group])
            .stderr(Stdio::null())
            .status();
    }

    fn stop(&mut self) {
        if let Ok(Some(_)) = self.0.try_wait() {
            // The driver is gone; its children may not be.
            self.signal_group("-KILL");
            return;
        }
        self.signal_group("-TERM");
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.0.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        self.signal_group("-KILL");
        let _ = self.0.wait();
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        self.stop();
    }
}

async fn wait_for_port(port: u16, what: &str) -> TestResult {
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse()?;
    let deadline = Instant::now() + WAIT;
    while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
        if Instant::now() > deadline {
            return Err(format!("{what} did not open its port {port}").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}

// ------------------------------------------------------------ the app

/// The files of one app run, for a test to prepare before the app starts.
pub struct AppFiles {
    /// The database the app opens (`SAMDOK_DB`); it does not exist yet.
    pub db: PathBuf,
    /// The folder save dialogs write to; the open dialog returns
    /// `bifoga.docx` in it unless [`AppFiles::open_dialog_answers`] says
    /// otherwise.
    pub dialog_dir: PathBuf,
    open_files: std::cell::RefCell<Vec<PathBuf>>,
}

impl AppFiles {
    /// What the open dialogs answer instead of `bifoga.docx`: a dialog for
    /// one file the first of `files`, a dialog for several files all of
    /// them (`SAMDOK_TEST_OPEN_FILE`, separated as in `PATH`).
    pub fn open_dialog_answers(&self, files: &[PathBuf]) {
        *self.open_files.borrow_mut() = files.to_vec();
    }
}

/// A running app under WebDriver, with its own temporary data folder.
pub struct App {
    client: Client,
    sent: SentBytes,
    dir: tempfile::TempDir,
    db: PathBuf,
    driver: Driver,
}

/// Starts the app on an empty database, runs `scenario` on it, and ends the
/// app whatever the scenario's outcome.
pub async fn with_app<F>(scenario: F) -> TestResult
where
    F: for<'a> FnOnce(&'a App) -> Pin<Box<dyn Future<Output = TestResult> + 'a>>,
{
    with_prepared_app(|_| Ok(()), |app, ()| scenario(app)).await
}

/// As [`with_app`], on a copy of the database file `db` when given (e.g. a
/// demo register built by `samdok demo`) instead of a new one.
pub async fn with_app_on<F>(db: Option<&Path>, scenario: F) -> TestResult
where
    F: for<'a> FnOnce(&'a App) -> Pin<Box<dyn Future<Output = TestResult> + 'a>>,
{
    let source = db.map(Path::to_path_buf);
    with_prepared_app(
        move |files| {
            if let Some(source) = &source {
                std::fs::copy(source, &files.db)?;
            }
            Ok(())
        },
        |app, ()| scenario(app),
    )
    .await
}

/// Like [`with_app`], after `prepare` has written what the app should find
/// (a seeded database, a damaged one, files for the dialogs); what it
/// returns is handed to the scenario.
pub async fn with_prepared_app<P, T, F>(prepare: P, scenario: F) -> TestResult
where
    P: FnOnce(&AppFiles) -> Result<T, Error>,
    F: for<'a> FnOnce(&'a App, T) -> Pin<Box<dyn Future<Output = TestResult> + 'a>>,
{
    let (app, prepared) = App::start(prepare).await?;
    let outcome = scenario(&app, prepared).await;
    app.stop().await;
    outcome
}

impl App {
    async fn start<P, T>(prepare: P) -> Result<(App, T), Error>
    where
        P: FnOnce(&AppFiles) -> Result<T, Error>,
    {
        if std::env::var_os("DISPLAY").is_none() {
            return Err("DISPLAY is not set: the end-to-end tests need a display (scripts/test starts Xvfb)".into());
        }
        let app = app_binary();
        if !app.exists() {
            return Err(format!(
                "the app is not built: {} (cargo build -p samdok-app)",
                app.display()
            )
            .into());
        }
        let dir = tempfile::tempdir()?;
        for sub in ["data", "config", "cache", "utkast"] {
            std::fs::create_dir_all(dir.path().join(sub))?;
        }
        let files = AppFiles {
            db: dir.path().join("e2e.sqlite3"),
            dialog_dir: dir.path().join("utkast"),
            open_files: Default::default(),
        };
        let prepared = prepare(&files)?;
        let open_files = match files.open_files.borrow().as_slice() {
            [] => files.dialog_dir.join("bifoga.docx").into_os_string(),
            list => std::env::join_paths(list)?,
        };
        let driver_bin = std::env::var_os("TAURI_DRIVER").unwrap_or_else(|| "tauri-driver".into());
        let (port, native_port) = (free_port()?, free_port()?);
        let child = Command::new(&driver_bin)
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("SAMDOK_DB", &files.db)
            .env("XDG_DATA_HOME", dir.path().join("data"))
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .env("XDG_CACHE_HOME", dir.path().join("cache"))
            .env("GSETTINGS_BACKEND", "memory")
            // Native file dialogs cannot be driven over WebDriver: these
            // answer them (see src-tauri/src/lib.rs, mod dialogs).
            .env("SAMDOK_TEST_SAVE_DIR", &files.dialog_dir)
            .env("SAMDOK_TEST_OPEN_FILE", &open_files)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .map_err(|e| {
                format!("cannot start {driver_bin:?} (cargo install tauri-driver --locked): {e:?}")
            })?;
        let driver = Driver(child);

        // tauri-driver passes requests on to WebKitWebDriver: both must
        // listen before the session is asked for, so that the request is
        // never lost behind a driver that is not ready.
        wait_for_port(port, "tauri-driver").await?;
        wait_for_port(native_port, "WebKitWebDriver").await?;
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("wry"));
        caps.insert("tauri:options".into(), json!({ "application": app }));
        let url = format!("http://127.0.0.1:{port}");
        let sent = SentBytes::default();
        // Without a working display the request never returns at all: hence
        // the overall deadline.
        let connect = new_session(&url, caps, &sent);
        let client = tokio::time::timeout(Duration::from_secs(60), connect)
            .await
            .map_err(|_| "the WebDriver session did not start within 60 s")?
            .map_err(|e| format!("starting the WebDriver session: {e:?}"))?;
        let started = App {
            client,
            sent,
            dir,
            db: files.db.clone(),
            driver,
        };
        started
            .wait_js("return document.body && document.body.dataset.ready === '1'")
            .await?;
        Ok((started, prepared))
    }

    /// Ends the session, then the driver and everything it started.
    async fn stop(mut self) {
        let _ = tokio::time::timeout(Duration::from_secs(10), self.client.clone().close()).await;
        self.driver.stop();
    }

    /// The database file the app was started on.
    pub fn db_path(&self) -> PathBuf {
        self.db.clone()
    }

    /// The folder save dialogs write to, and where the open dialog's file
    /// (`bifoga.docx`) is taken from.
    pub fn dialog_dir(&self) -> PathBuf {
        self.dir.path().join("utkast")
    }

    /// Runs asynchronous JavaScript in the window with arguments (the
    /// script calls its last argument with the result) and returns that
    /// result; retried only when the call never reached the driver.
    pub async fn js_async_with(&self, script: &str, args: Vec<Value>) -> Result<Value, Error> {
        Ok(unless_sent(&self.sent, || {
            self.client.execute_async(script, args.clone())
        })
        .await
        .map_err(|e| format!("running {script}: {e:?}"))?)
    }

    /// Runs JavaScript in the window and returns its result.
    pub async fn js(&self, script: &str) -> Result<Value, Error> {
        Ok(
            unless_sent(&self.sent, || self.client.execute(script, vec![]))
                .await
                .map_err(|e| format!("running {script}: {e:?}"))?,
        )
    }

    /// Runs asynchronous JavaScript: the script calls
    /// `arguments[arguments.length - 1]` with its result.
    pub async fn js_async(&self, script: &str) -> Result<Value, Error> {
        Ok(
            unless_sent(&self.sent, || self.client.execute_async(script, vec![]))
                .await
                .map_err(|e| format!("running {script}: {e:?}"))?,
        )
    }

    /// Polls a JavaScript expression until it returns true. The expression
    /// must only look, never change anything: it runs many times, and a
    /// poll lost in transport is simply polled again.
    pub async fn wait_js(&self, script: &str) -> TestResult {
        let deadline = Instant::now() + WAIT;
        loop {
            let last = match self.client.execute(script, vec![]).await {
                Ok(Value::Bool(true)) => return Ok(()),
                Ok(other) => format!("it returned {other}"),
                Err(error) => format!("it failed: {error}"),
            };
            if Instant::now() > deadline {
                return Err(format!("timed out waiting for: {script} ({last})").into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits for an element matching `css` to be present.
    pub async fn wait_for(&self, css: &str) -> TestResult {
        self.wait_js(&format!(
            "return document.querySelector({}) !== null",
            json!(css)
        ))
        .await
    }

    /// Waits until the element's text contains `text`.
    pub async fn wait_text(&self, css: &str, text: &str) -> TestResult {
        self.wait_js(&format!(
            "const e = document.querySelector({}); return !!e && e.textContent.includes({});",
            json!(css),
            json!(text)
        ))
        .await
    }

    async fn find(&self, css: &str) -> Result<Element, Error> {
        self.wait_for(css).await?;
        Ok(
            unless_sent(&self.sent, || self.client.find(Locator::Css(css)))
                .await
                .map_err(|e| format!("finding {css}: {e:?}"))?,
        )
    }

    /// Clicks the element, as a user would (WebDriver element click).
    pub async fn click(&self, css: &str) -> TestResult {
        let element = self.find(css).await?;
        unless_sent(&self.sent, || element.click())
            .await
            .map_err(|e| format!("clicking {css}: {e:?}"))?;
        Ok(())
    }

    /// Clears an input and types `text` into it with WebDriver keystrokes.
    pub async fn type_into(&self, css: &str, text: &str) -> TestResult {
        let element = self.find(css).await?;
        unless_sent(&self.sent, || element.clear())
            .await
            .map_err(|e| format!("clearing {css}: {e:?}"))?;
        if !text.is_empty() {
            unless_sent(&self.sent, || element.send_keys(text))
                .await
                .map_err(|e| format!("typing into {css}: {e:?}"))?;
        }
        Ok(())
    }

    /// Chooses an option of a `<select>` by its value.
    pub async fn select(&self, css: &str, value: &str) -> TestResult {
        let select = self.find(css).await?;
        let option_css = format!("option[value={}]", json!(value));
        let option = unless_sent(&self.sent, || select.find(Locator::Css(&option_css)))
            .await
            .map_err(|e| format!("finding {option_css} in {css}: {e:?}"))?;
        unless_sent(&self.sent, || option.click())
            .await
            .map_err(|e| format!("choosing {value} in {css}: {e:?}"))?;
        Ok(())
    }

    /// Waits until the window has painted what the page holds: two
    /// animation frames (a screenshot taken sooner can show an earlier
    /// paint).
    pub async fn painted(&self) -> TestResult {
        self.js_async(
            "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
        )
        .await?;
        Ok(())
    }

    /// Saves a screenshot as `target/e2e-screenshots/<name>.png`, once the
    /// latest paint is on screen.
    pub async fn screenshot(&self, name: &str) -> TestResult {
        self.painted().await?;
        let png = unless_sent(&self.sent, || self.client.screenshot())
            .await
            .map_err(|e| format!("taking the screenshot {name}: {e:?}"))?;
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join(format!("{name}.png")), png)?;
        Ok(())
    }
}

// ------------------------------------------------------------ accessibility

/// axe-core's script, at the version `e2e/axe/package-lock.json` pins
/// (`scripts/setup --test` installs it with npm ci).
pub fn axe_script() -> Result<String, Error> {
    let path = workspace_root().join("e2e/axe/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).map_err(|e| {
        format!(
            "axe-core is not installed ({}: {e}): run scripts/setup --test",
            path.display()
        )
        .into()
    })
}

/// Runs axe-core's rules (WCAG 2.x A and AA and its best practices) on the
/// page and calls back with the violations: rule, impact, help and the
/// first elements, each with axe's summary of what fails.
const AXE_RUN: &str = "const done = arguments[arguments.length - 1];
axe.run(document, { resultTypes: ['violations'] })
  .then((result) => done(result.violations.map((v) => ({
    rule: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => [n.target.join(' '), n.failureSummary]),
  }))))
  .catch((error) => done([{ rule: 'axe-error', help: String(error) }]));";

/// Puts axe-core in the page (once) and runs it; the violations found.
async fn run_axe(client: &Client, sent: &SentBytes) -> Result<Value, Error> {
    let present = unless_sent(sent, || {
        client.execute("return typeof window.axe === 'object';", vec![])
    })
    .await
    .map_err(|e| format!("looking for axe: {e:?}"))?;
    if present != Value::Bool(true) {
        // Run as WebDriver script, which the page's Content-Security-Policy
        // does not govern; axe's bundle sets window.axe.
        let script = format!("{}\nreturn typeof window.axe;", axe_script()?);
        let loaded = unless_sent(sent, || client.execute(&script, vec![]))
            .await
            .map_err(|e| format!("loading axe-core: {e:?}"))?;
        if loaded != json!("object") {
            return Err(format!("axe-core did not load in the page ({loaded})").into());
        }
    }
    Ok(unless_sent(sent, || client.execute_async(AXE_RUN, vec![]))
        .await
        .map_err(|e| format!("running axe-core: {e:?}"))?)
}

impl App {
    /// The accessibility violations axe-core finds in the window as it is
    /// now (an empty array when there are none).
    pub async fn axe(&self) -> Result<Value, Error> {
        self.painted().await?;
        run_axe(&self.client, &self.sent).await
    }
}

/// WebKit's own small browser, shipped with WebKitGTK (the app's engine):
/// where a file the app writes for the web is opened as a reader would.
fn mini_browser() -> Result<PathBuf, Error> {
    let lib = Path::new("/usr/lib");
    let mut found = std::fs::read_dir(lib)?
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.path().join("webkit2gtk-4.1/MiniBrowser"))
        .filter(|path| path.exists());
    found
        .next()
        .ok_or_else(|| "MiniBrowser (libwebkit2gtk-4.1-0) is not installed".into())
}

/// Opens `file` in a browser (WebKit's MiniBrowser through WebKitWebDriver),
/// runs axe-core on it and returns the violations; takes a screenshot as
/// `target/e2e-screenshots/<screenshot>.png`.
pub async fn axe_in_browser(file: &Path, screenshot: &str) -> Result<Value, Error> {
    if std::env::var_os("DISPLAY").is_none() {
        return Err(
            "DISPLAY is not set: the browser needs a display (scripts/test starts Xvfb)".into(),
        );
    }
    let port = free_port()?;
    let child = Command::new("WebKitWebDriver")
        .arg(format!("--port={port}"))
        .env("GSETTINGS_BACKEND", "memory")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .map_err(|e| format!("cannot start WebKitWebDriver (webkit2gtk-driver): {e:?}"))?;
    let _driver = Driver(child);
    wait_for_port(port, "WebKitWebDriver").await?;
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), json!("MiniBrowser"));
    caps.insert(
        "webkitgtk:browserOptions".into(),
        json!({ "binary": mini_browser()?, "args": ["--automation"] }),
    );
    let sent = SentBytes::default();
    let client = tokio::time::timeout(
        Duration::from_secs(60),
        new_session(&format!("http://127.0.0.1:{port}"), caps, &sent),
    )
    .await
    .map_err(|_| "the browser session did not start within 60 s")?
    .map_err(|e| format!("starting the browser session: {e:?}"))?;
    let outcome = async {
        let url = format!("file://{}", file.canonicalize()?.display());
        unless_sent(&sent, || client.goto(&url))
            .await
            .map_err(|e| format!("opening {url}: {e:?}"))?;
        unless_sent(&sent, || client.set_window_size(1280, 800))
            .await
            .map_err(|e| format!("sizing the browser: {e:?}"))?;
        let violations = run_axe(&client, &sent).await?;
        let png = unless_sent(&sent, || client.screenshot())
            .await
            .map_err(|e| format!("taking the screenshot {screenshot}: {e:?}"))?;
        std::fs::create_dir_all(screenshot_dir())?;
        std::fs::write(screenshot_dir().join(format!("{screenshot}.png")), png)?;
        Ok::<Value, Error>(violations)
    }
    .await;
    let _ = tokio::time::timeout(Duration::from_secs(10), client.close()).await;
    outcome
}

#[cfg(test)]
mod stylesheet {
    //! The window's stylesheet is whole: one unclosed block swallows every
    //! rule after it, silently (the Översikt's cards were drawn as a bare
    //! list for a while because a merge lost one `}`).

    use super::workspace_root;

    /// The depth of `{ }` blocks at the end of `css`, or the line where a
    /// block closes that was never opened. Comments and strings are skipped.
    fn unclosed(css: &str) -> Result<usize, usize> {
        let (mut depth, mut line) = (0usize, 1usize);
        let mut chars = css.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\n' => line += 1,
                '/' if chars.peek() == Some(&'*') => {
                    chars.next();
                    let mut last = ' ';
                    for c in chars.by_ref() {
                        if c == '\n' {
                            line += 1;
                        }
                        if last == '*' && c == '/' {
                            break;
                        }
                        last = c;
                    }
                }
                '"' | '\'' => {
                    for d in chars.by_ref() {
                        if d == c {
                            break;
                        }
                    }
                }
                '{' => depth += 1,
                '}' => depth = depth.checked_sub(1).ok_or(line)?,
                _ => {}
            }
        }
        Ok(depth)
    }

    #[test]
    fn every_block_of_the_stylesheet_is_closed() {
        let css = std::fs::read_to_string(workspace_root().join("ui/styles.css")).unwrap();
        assert_eq!(
            unclosed(&css),
            Ok(0),
            "ui/styles.css: blocks left open (or a stray `}}` at that line)"
        );
        assert_eq!(unclosed("a { b: c; }\n/* { */ d { e: \"}\"; }"), Ok(0));
        assert_eq!(unclosed("a { b: c;\n\nd { e: f; }"), Ok(1));
        assert_eq!(unclosed("a { }\n}"), Err(2));
    }
}

#[cfg(test)]
mod tests {
    //! The retry rule against a fake driver on loopback: a call is tried
    //! again only when not one byte of it was written.

    use super::*;
    use std::cell::Cell;
    use std::io::{BufRead, BufReader, Read as _, Write as _};
    use std::sync::atomic::AtomicUsize;

    /// What the fake driver does after it has granted the session.
    #[derive(Clone, Copy)]
    enum Driving {
        /// Reads each command whole, then closes without an answer.
        HangUp,
        /// Stops listening for a moment (connections are refused), then
        /// answers each command with `{"value": 1}`.
        PauseThenAnswer,
    }

    /// Reads one HTTP request; returns its request line.
    fn read_request(stream: &std::net::TcpStream) -> Option<String> {
        let mut reader = BufReader::new(stream);
        let mut first = String::new();
        reader.read_line(&mut first).ok()?;
        let mut length = 0;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).ok()?;
            if line == "\r\n" || line.is_empty() {
                break;
            }
            if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = value.trim().parse().ok()?;
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).ok()?;
        Some(first)
    }

    fn answer(mut stream: &std::net::TcpStream, body: &str) {
        let _ = write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
    }

    /// A driver on a free port; returns the port and the number of commands
    /// (requests after the session request) that reached it.
    fn fake_driver(driving: Driving) -> (u16, Arc<AtomicUsize>) {
        let mut listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(AtomicUsize::new(0));
        let counter = seen.clone();
        std::thread::spawn(move || loop {
            let Ok((stream, _)) = listener.accept() else {
                continue;
            };
            let Some(request) = read_request(&stream) else {
                continue;
            };
            if request.starts_with("POST /session ") {
                answer(
                    &stream,
                    r#"{"value":{"sessionId":"fake","capabilities":{}}}"#,
                );
                if let Driving::PauseThenAnswer = driving {
                    drop(listener);
                    std::thread::sleep(Duration::from_millis(300));
                    listener = TcpListener::bind(("127.0.0.1", port)).unwrap();
                }
                continue;
            }
            counter.fetch_add(1, Ordering::SeqCst);
            match driving {
                Driving::HangUp => drop(stream),
                Driving::PauseThenAnswer => answer(&stream, r#"{"value":1}"#),
            }
        });
        (port, seen)
    }

    async fn session(port: u16, sent: &SentBytes) -> Client {
        new_session(
            &format!("http://127.0.0.1:{port}"),
            Default::default(),
            sent,
        )
        .await
        .expect("the fake driver grants a session")
    }

    #[tokio::test]
    async fn a_call_the_driver_received_is_never_repeated() {
        let (port, seen) = fake_driver(Driving::HangUp);
        let sent = SentBytes::default();
        let client = session(port, &sent).await;
        let attempts = Cell::new(0);
        let outcome = unless_sent(&sent, || {
            attempts.set(attempts.get() + 1);
            client.execute("return 1", vec![])
        })
        .await;
        assert!(
            matches!(&outcome, Err(e) if is_transport(e)),
            "a call answered by a hang-up should fail in transport, got {outcome:?}"
        );
        assert_eq!(
            attempts.get(),
            1,
            "a call that was sent should not be tried again"
        );
        assert_eq!(
            seen.load(Ordering::SeqCst),
            1,
            "the driver should have received the call once"
        );
    }

    #[tokio::test]
    async fn a_call_that_never_reached_the_driver_is_tried_again() {
        let (port, seen) = fake_driver(Driving::PauseThenAnswer);
        let sent = SentBytes::default();
        let client = session(port, &sent).await;
        let attempts = Cell::new(0);
        let outcome = unless_sent(&sent, || {
            attempts.set(attempts.get() + 1);
            client.execute("return 1", vec![])
        })
        .await;
        assert_eq!(
            outcome.ok(),
            Some(json!(1)),
            "the call should get through once the driver listens again"
        );
        assert!(
            attempts.get() > 1,
            "the refused call should have been tried again"
        );
        assert_eq!(
            seen.load(Ordering::SeqCst),
            1,
            "the driver should have received the call exactly once"
        );
    }
}
