//! Harness for the end-to-end tests: starts `tauri-driver` (which starts
//! WebKitWebDriver, which starts the real Samdok window) on free loopback
//! ports with an isolated database and XDG folders, and hands the test a
//! WebDriver client. Needs a display (`DISPLAY`, e.g. Xvfb): `scripts/test`
//! provides one.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

pub type TestResult = Result<(), Box<dyn std::error::Error>>;

/// How long a condition in the window may take before the test fails.
pub const WAIT: Duration = Duration::from_secs(20);

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

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// A running app under WebDriver, with its own temporary data folder.
pub struct App {
    pub client: Client,
    pub dir: tempfile::TempDir,
    driver: Driver,
}

/// The tauri-driver process; stopped with SIGTERM when dropped, so that its
/// WebKitWebDriver child stops too and frees its port.
struct Driver(Child);

impl Driver {
    fn terminate(&mut self) {
        if let Ok(Some(_)) = self.0.try_wait() {
            return;
        }
        let _ = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        self.terminate();
    }
}

impl App {
    /// Starts tauri-driver and opens a session on the app.
    pub async fn start() -> Result<App, Box<dyn std::error::Error>> {
        if std::env::var_os("DISPLAY").is_none() {
            return Err("DISPLAY is not set: the end-to-end tests need a display (scripts/test starts Xvfb)".into());
        }
        let app = app_binary();
        if !app.exists() {
            return Err(format!(
                "the app is not built: {} (run cargo build -p samdok-app)",
                app.display()
            )
            .into());
        }
        let dir = tempfile::tempdir()?;
        for sub in ["data", "config", "cache"] {
            std::fs::create_dir_all(dir.path().join(sub))?;
        }
        let driver_bin = std::env::var_os("TAURI_DRIVER").unwrap_or_else(|| "tauri-driver".into());
        let (port, native_port) = (free_port(), free_port());
        let driver = Command::new(&driver_bin)
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("SAMDOK_DB", dir.path().join("e2e.sqlite3"))
            .env("XDG_DATA_HOME", dir.path().join("data"))
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .env("XDG_CACHE_HOME", dir.path().join("cache"))
            .env("GSETTINGS_BACKEND", "memory")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| {
                format!("cannot start {driver_bin:?} (cargo install tauri-driver --locked): {e}")
            })?;
        let mut driver = Driver(driver);
        // Wait for the driver's port, then open the session with a deadline:
        // without a working display the session request never returns.
        let addr: SocketAddr = format!("127.0.0.1:{port}").parse()?;
        let deadline = Instant::now() + WAIT;
        while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
            if Instant::now() > deadline {
                driver.terminate();
                return Err("tauri-driver did not open its port".into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("wry"));
        caps.insert("tauri:options".into(), json!({ "application": app }));
        let mut builder =
            ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
        builder.capabilities(caps);
        let url = format!("http://127.0.0.1:{port}");
        let connect = builder.connect(&url);
        let client = tokio::time::timeout(Duration::from_secs(60), connect)
            .await
            .map_err(|_| "the WebDriver session did not start within 60 s")??;
        let started = App {
            client,
            dir,
            driver,
        };
        started
            .wait_js("return document.body && document.body.dataset.ready === '1'")
            .await?;
        Ok(started)
    }

    pub fn db_path(&self) -> PathBuf {
        self.dir.path().join("e2e.sqlite3")
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

    /// Waits for an element to be present and returns it.
    pub async fn find(&self, css: &str) -> Result<Element, Box<dyn std::error::Error>> {
        self.wait_js(&format!(
            "return document.querySelector({}) !== null",
            json!(css)
        ))
        .await?;
        Ok(self.client.find(Locator::Css(css)).await?)
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

    pub async fn count(&self, css: &str) -> Result<usize, Box<dyn std::error::Error>> {
        let n = self
            .client
            .execute(
                &format!("return document.querySelectorAll({}).length", json!(css)),
                vec![],
            )
            .await?;
        Ok(n.as_u64().unwrap_or(0) as usize)
    }

    /// Clears an input and types into it, as a user would.
    pub async fn type_into(&self, css: &str, text: &str) -> TestResult {
        let input = self.find(css).await?;
        input.clear().await?;
        input.send_keys(text).await?;
        Ok(())
    }

    /// Saves a screenshot under `target/e2e-screenshots/`, after two
    /// animation frames so that it shows the latest paint.
    pub async fn screenshot(&self, name: &str) -> TestResult {
        self.client
            .execute_async(
                "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                vec![],
            )
            .await?;
        let png = self.client.screenshot().await?;
        let dir = workspace_root().join("target/e2e-screenshots");
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join(format!("{name}.png")), png)?;
        Ok(())
    }

    /// Ends the session, then stops the driver.
    pub async fn stop(mut self) -> TestResult {
        let closed = self.client.clone().close().await;
        self.driver.terminate();
        closed?;
        Ok(())
    }
}
