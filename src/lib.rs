//! Samdok's core: the register of kommun- och regiongemensamma dokument, the
//! parties, the lifecycle and the audit trail, on one SQLite file.
//!
//! Nothing here knows about Tauri: the desktop shell (`src-tauri/`) and the
//! `samdok` CLI are thin adapters over these functions, so everything the app
//! can do, a test can do without a window.

pub mod assets;
pub mod attachments;
pub mod audit;
pub mod collate;
pub mod config;
pub mod dispatch;
pub mod drafts;
pub mod email;
pub mod error;
pub mod export;
pub mod files;
pub mod lifecycle;
pub mod parties;
pub mod register;
pub mod rounds;
pub mod store;
pub mod template;
pub mod time;
pub mod word;

pub use error::{Error, FieldError, Result};
pub use register::DocumentId;
pub use store::Store;

/// The version of Samdok, shown in the window and by `samdok --version`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
