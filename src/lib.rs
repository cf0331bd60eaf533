//! Samdok's core: the register of kommun- och regiongemensamma dokument, the
//! parties, the rounds, the drafts and the audit trail, on one SQLite file.
//!
//! Nothing here knows about Tauri: the desktop shell (`src-tauri/`) and the
//! `samdok` CLI (`src/bin/samdok/`) are thin adapters over these functions,
//! so everything the app can do, a test can do without a window.
//!
//! The layers, from the bottom up; a module uses only those below it:
//!
//! 1. Foundations with no domain: [`error`], [`time`], [`collate`],
//!    [`config`] (where the database lives), [`labels`] (every Swedish
//!    label of a field or a choice), [`email`] (the one rule for e-mail
//!    addresses), [`text`], [`page`] (reading long lists a page at a
//!    time), and the shipped data in `assets/` ([`assets`], [`template`]).
//! 2. [`formats`]: file formats (writing Word, reading untrusted .docx
//!    safely, safe names, whole-or-nothing writes), a leaf that knows no
//!    database.
//! 3. [`db`]: opening the SQLite file, migrations, seeding, the attachment
//!    store; [`audit`], the append-only trail every change writes.
//! 4. The domain areas, each owning its SQL and row mapping: [`parties`],
//!    [`register`] (documents, versions, their lifecycle), [`rounds`],
//!    [`comments`] (the comments of a round's answers and the decisions on
//!    them), [`drafts`], [`resolutions`] (a forum's ställningstagande).
//! 5. [`export`]: the remiss package, the compilation and the återkoppling
//!    built from the areas below; [`answers`]: returned svarsmallar read
//!    and recorded.
//!    [`party_page`]: what one party was sent, answered, commented and
//!    adopted, read across the areas; [`watch`]: the Översikt, everything
//!    in the register that needs attention on a day.
//! 6. [`demo`]: a demo register of any size, built through the areas' own
//!    writes, for benchmarks and for trying the app.

pub mod answers;
pub mod assets;
pub mod audit;
pub mod collate;
pub mod comments;
pub mod config;
pub mod db;
pub mod demo;
pub mod drafts;
pub mod email;
pub mod error;
pub mod export;
pub mod formats;
pub mod labels;
pub mod page;
pub mod parties;
pub mod party_page;
pub mod register;
pub mod resolutions;
pub mod rounds;
pub mod template;
pub mod text;
pub mod time;
pub mod watch;

pub use db::Store;
pub use error::{Error, FieldError, Result};
pub use page::{Page, Paging};
pub use register::DocumentId;

/// The version of Samdok, shown in the window and by `samdok --version`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
