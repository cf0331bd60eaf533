//! Harness for the end-to-end tests: starts `tauri-driver` (which starts
//! WebKitWebDriver, which starts the real Samdok window) on free loopback
//! ports with an isolated database and XDG folders, and drives the window as
//! a user would. Needs a display (`DISPLAY`, e.g. Xvfb): `scripts/test`
//! provides one.
//!
//! Two things learned the hard way, each handled here:
//! - The HTTP link to the driver now and then drops a request
//!   (`IncompleteMessage`: a pooled connection the driver had closed). Such a
//!   request never reached the driver, so every call is retried on a
//!   transport failure; WebDriver errors are never retried.
//! - A test that fails half-way must still end its app: the driver runs in a
//!   process group of its own, and the whole group is stopped (SIGTERM, then
//!   SIGKILL), or an orphaned window would hold the test's output open.

use std::future::Future;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::error::{CmdError, NewSessionError};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

pub type Error = Box<dyn std::error::Error>;
pub type TestResult = Result<(), Error>;

/// How long a condition in the window may take before the test fails.
pub const WAIT: Duration = Duration::from_secs(20);

const TRANSPORT_RETRIES: u32 = 5;

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

fn free_port() -> Result<u16, Error> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Runs a WebDriver call again when the request was lost in transport.
async fn retry<T, F, Fut>(mut call: F) -> Result<T, CmdError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, CmdError>>,
{
    let mut attempt = 0;
    loop {
        match call().await {
            Err(CmdError::FailedC(_) | CmdError::Lost(_)) if attempt < TRANSPORT_RETRIES => {
                attempt += 1;
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            other => return other,
        }
    }
}

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

/// A running app under WebDriver, with its own temporary data folder.
pub struct App {
    client: Client,
    dir: tempfile::TempDir,
    db: PathBuf,
    driver: Driver,
}

/// Starts the app, runs `scenario` on it, and ends the app whatever the
/// scenario's outcome.
pub async fn with_app<F>(scenario: F) -> TestResult
where
    F: for<'a> FnOnce(&'a App) -> std::pin::Pin<Box<dyn Future<Output = TestResult> + 'a>>,
{
    with_app_on(None, scenario).await
}

/// As [`with_app`], on the database file `db` when given (e.g. a demo
/// register built by `samdok demo`) instead of a new one.
pub async fn with_app_on<F>(db: Option<&Path>, scenario: F) -> TestResult
where
    F: for<'a> FnOnce(&'a App) -> std::pin::Pin<Box<dyn Future<Output = TestResult> + 'a>>,
{
    let app = App::start(db).await?;
    let outcome = scenario(&app).await;
    app.stop().await;
    outcome
}

impl App {
    async fn start(db: Option<&Path>) -> Result<App, Error> {
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
        let db = db.map_or_else(|| dir.path().join("e2e.sqlite3"), Path::to_path_buf);
        let driver_bin = std::env::var_os("TAURI_DRIVER").unwrap_or_else(|| "tauri-driver".into());
        let (port, native_port) = (free_port()?, free_port()?);
        let child = Command::new(&driver_bin)
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("SAMDOK_DB", &db)
            .env("XDG_DATA_HOME", dir.path().join("data"))
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .env("XDG_CACHE_HOME", dir.path().join("cache"))
            .env("GSETTINGS_BACKEND", "memory")
            // Native file dialogs cannot be driven over WebDriver: these
            // answer them (see src-tauri/src/lib.rs, mod dialogs).
            .env("SAMDOK_TEST_SAVE_DIR", dir.path().join("utkast"))
            .env(
                "SAMDOK_TEST_OPEN_FILE",
                dir.path().join("utkast").join("bifoga.docx"),
            )
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .map_err(|e| {
                format!("cannot start {driver_bin:?} (cargo install tauri-driver --locked): {e}")
            })?;
        let driver = Driver(child);

        let addr: SocketAddr = format!("127.0.0.1:{port}").parse()?;
        let deadline = Instant::now() + WAIT;
        while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
            if Instant::now() > deadline {
                return Err("tauri-driver did not open its port".into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("wry"));
        caps.insert("tauri:options".into(), json!({ "application": app }));
        let url = format!("http://127.0.0.1:{port}");
        // The driver's port opens before WebKitWebDriver behind it is ready,
        // so a lost session request is tried again. Without a working display
        // the request never returns at all: hence the overall deadline.
        let connect = async {
            let mut attempt = 0;
            loop {
                let mut builder =
                    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
                builder.capabilities(caps.clone());
                match builder.connect(&url).await {
                    Err(
                        NewSessionError::Lost(_)
                        | NewSessionError::Failed(_)
                        | NewSessionError::FailedC(_),
                    ) if attempt < TRANSPORT_RETRIES => {
                        attempt += 1;
                        tokio::time::sleep(Duration::from_millis(300)).await;
                    }
                    other => return other,
                }
            }
        };
        let client = tokio::time::timeout(Duration::from_secs(60), connect)
            .await
            .map_err(|_| "the WebDriver session did not start within 60 s")?
            .map_err(|e| format!("starting the WebDriver session: {e:?}"))?;
        let started = App {
            client,
            dir,
            db,
            driver,
        };
        started
            .wait_js("return document.body && document.body.dataset.ready === '1'")
            .await?;
        Ok(started)
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

    /// Runs asynchronous JavaScript in the window (the script calls its last
    /// argument with the result) and returns that result. Never retried:
    /// the script may act on the window.
    pub async fn js_async(&self, script: &str, args: Vec<Value>) -> Result<Value, Error> {
        Ok(self
            .client
            .execute_async(script, args)
            .await
            .map_err(|e| format!("running {script}: {e}"))?)
    }

    /// Runs JavaScript in the window and returns its result.
    pub async fn js(&self, script: &str) -> Result<Value, Error> {
        Ok(retry(|| self.client.execute(script, vec![]))
            .await
            .map_err(|e| format!("running {script}: {e}"))?)
    }

    /// Polls a JavaScript expression until it returns true.
    pub async fn wait_js(&self, script: &str) -> TestResult {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(Value::Bool(true)) = self.client.execute(script, vec![]).await {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!("timed out waiting for: {script}").into());
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

    /// Clicks the element, as a user would (WebDriver element click).
    pub async fn click(&self, css: &str) -> TestResult {
        self.wait_for(css).await?;
        retry(|| async {
            let element = self.client.find(Locator::Css(css)).await?;
            element.click().await
        })
        .await
        .map_err(|e| format!("clicking {css}: {e}"))?;
        Ok(())
    }

    /// Clears an input and types `text` into it with WebDriver keystrokes.
    pub async fn type_into(&self, css: &str, text: &str) -> TestResult {
        self.wait_for(css).await?;
        retry(|| async {
            let element = self.client.find(Locator::Css(css)).await?;
            element.clear().await?;
            if !text.is_empty() {
                element.send_keys(text).await?;
            }
            Ok(())
        })
        .await
        .map_err(|e| format!("typing into {css}: {e}"))?;
        Ok(())
    }

    /// Chooses an option of a `<select>` by its value.
    pub async fn select(&self, css: &str, value: &str) -> TestResult {
        self.wait_for(css).await?;
        retry(|| async {
            let element = self.client.find(Locator::Css(css)).await?;
            element.select_by_value(value).await
        })
        .await
        .map_err(|e| format!("choosing {value} in {css}: {e}"))?;
        Ok(())
    }

    /// Saves a screenshot under `target/e2e-screenshots/`, after two
    /// animation frames so that it shows the latest paint.
    pub async fn screenshot(&self, name: &str) -> TestResult {
        retry(|| {
            self.client.execute_async(
                "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                vec![],
            )
        })
        .await?;
        let png = retry(|| self.client.screenshot()).await?;
        let dir = workspace_root().join("target/e2e-screenshots");
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join(format!("{name}.png")), png)?;
        Ok(())
    }
}
