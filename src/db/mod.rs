//! The bottom layer: the SQLite store (opening a database file, its pragmas,
//! the numbered migrations, the seeding of shipped data) and the attachment
//! store beside it. Every domain area above builds on [`Store`].
//!
//! Invariants:
//! - `PRAGMA user_version` is the number of migrations applied. A database
//!   with a higher number was written by a newer Samdok and is refused before
//!   anything is written to it.
//! - A file that is not a Samdok database (another SQLite file, or no SQLite
//!   file at all) is refused unchanged.
//! - Each migration runs in its own transaction together with its
//!   `user_version` bump: a database is at one version or the next, never
//!   between. Never remove or edit a migration once it has shipped.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior};

pub mod attachments;
mod seed;
pub mod verify;

use crate::collate;
use crate::error::{Error, Result};

/// The migrations, in order. Entry `n` (1-based) brings `user_version` to `n`.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_register.sql"),
    include_str!("../../migrations/0002_drafts.sql"),
    include_str!("../../migrations/0003_rounds.sql"),
    include_str!("../../migrations/0004_dispatches.sql"),
    include_str!("../../migrations/0005_answer_files.sql"),
    include_str!("../../migrations/0006_paging.sql"),
    include_str!("../../migrations/0007_comments.sql"),
    include_str!("../../migrations/0008_lifecycle.sql"),
    include_str!("../../migrations/0009_resolutions.sql"),
    include_str!("../../migrations/0010_adoption.sql"),
    include_str!("../../migrations/0011_register_review.sql"),
    include_str!("../../migrations/0012_saved_views.sql"),
    include_str!("../../migrations/0013_attention.sql"),
    include_str!("../../migrations/0014_removed_from_web.sql"),
    include_str!("../../migrations/0015_watch_indexes.sql"),
];

/// Schema version this build writes and understands.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// `PRAGMA application_id` of a Samdok database ("SMDK"), so that another
/// program's SQLite file is never mistaken for ours and migrated.
pub const APPLICATION_ID: i64 = 0x534D_444B;

/// An open Samdok database and the OS user on whose behalf changes are made.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    actor: String,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("actor", &self.actor)
            .finish()
    }
}

impl Store {
    /// Opens a database that is already there, as every command but
    /// creating one does: a missing file or an empty one (0 bytes, which
    /// SQLite would take for a new database) is refused and left as it is.
    pub fn open_existing(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        let display = path.display().to_string();
        match std::fs::metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Error::File {
                path: display,
                reason: "databasfilen finns inte. Kontrollera sökvägen, eller skapa en ny \
                         databas."
                    .into(),
            }),
            Ok(meta) if meta.is_file() && meta.len() == 0 => Err(Error::NotADatabase {
                path: display,
                reason: "filen är tom (0 byte). Välj databasfilen, eller skapa en ny databas \
                         (samdok init)."
                    .into(),
            }),
            _ => Store::open(path),
        }
    }

    /// Opens (creating if needed) the database at `path`, migrates it to
    /// [`SCHEMA_VERSION`] and seeds the parties.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref().to_path_buf();
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)?;
        }
        let existed = path.exists();
        let conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )?;
        conn.busy_timeout(Duration::from_secs(5))?;

        // Read-only checks first: a database we must refuse is left untouched.
        let display = path.display().to_string();
        let version = read_pragma(&conn, "user_version", &display)?;
        if version > SCHEMA_VERSION {
            return Err(Error::NewerDatabase {
                path: display,
                found: version,
                known: SCHEMA_VERSION,
            });
        }
        let app_id = read_pragma(&conn, "application_id", &display)?;
        if version > 0 && app_id != APPLICATION_ID {
            return Err(Error::NotADatabase {
                path: display,
                reason: "den har skrivits av ett annat program".into(),
            });
        }
        if version == 0 && existed {
            let tables: i64 =
                conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
            if tables > 0 {
                return Err(Error::NotADatabase {
                    path: display,
                    reason: "den innehåller redan tabeller från ett annat program".into(),
                });
            }
        }

        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "cache_size", -32_768)?;
        collate::register(&conn)?;

        let mut store = Store {
            conn,
            path,
            actor: os_user(),
        };
        store.migrate()?;
        store.refresh_sort_keys()?;
        seed::seed(&mut store)?;
        Ok(store)
    }

    /// Applies the migrations the database lacks, each in its own write
    /// transaction that reads `user_version` again first: two processes
    /// opening a new file at once apply each migration once.
    ///
    /// Foreign keys are off while migrating (SQLite's way to rebuild a
    /// table: with them on, dropping the old table would cascade to every
    /// row that refers to it) and each migration's result is checked with
    /// `PRAGMA foreign_key_check` before it commits.
    fn migrate(&mut self) -> Result<()> {
        self.conn.pragma_update(None, "foreign_keys", "OFF")?;
        let result = self.apply_migrations();
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        result
    }

    fn apply_migrations(&mut self) -> Result<()> {
        let path = self.path.display().to_string();
        loop {
            let tx = self.transaction()?;
            let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            let Some(sql) = usize::try_from(version)
                .ok()
                .and_then(|v| MIGRATIONS.get(v))
            else {
                tx.commit()?;
                return Ok(());
            };
            tx.execute_batch(sql)?;
            let broken: Option<String> = tx
                .query_row("PRAGMA foreign_key_check", [], |r| r.get(0))
                .optional()?;
            if let Some(table) = broken {
                return Err(Error::NotADatabase {
                    path,
                    reason: format!(
                        "uppgraderingen till version {} lämnade trasiga referenser i tabellen {table}",
                        version + 1
                    ),
                });
            }
            tx.pragma_update(None, "user_version", version + 1)?;
            if version == 0 {
                tx.pragma_update(None, "application_id", APPLICATION_ID)?;
            }
            tx.commit()?;
        }
    }

    /// Computes the stored Swedish sort keys (`current_versions`, migration
    /// 0006) again when they were made with other collation data than this
    /// build's, or when no fingerprint is stored yet. Checked and written in one
    /// IMMEDIATE transaction, so two processes opening the file at once
    /// do the work once.
    fn refresh_sort_keys(&mut self) -> Result<()> {
        let fingerprint = collate::fingerprint();
        let current = |conn: &Connection| -> Result<bool> {
            Ok(conn
                .query_row("SELECT value FROM meta WHERE key = 'collation'", [], |r| {
                    r.get::<_, String>(0)
                })
                .optional()?
                .is_some_and(|stored| stored == fingerprint))
        };
        if current(&self.conn)? {
            return Ok(());
        }
        let tx = Transaction::new(&mut self.conn, TransactionBehavior::Immediate)?;
        if !current(&tx)? {
            tx.execute_batch(
                "UPDATE current_versions AS c
                 SET title_key = sv_key(v.title), owner_key = sv_key(v.owner),
                     diarienummer_key = sv_key(v.diarienummer)
                 FROM document_versions v WHERE v.id = c.version_id",
            )?;
            tx.execute(
                "INSERT INTO meta (key, value) VALUES ('collation', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [&fingerprint],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// A write transaction, begun IMMEDIATE: it takes the database's write
    /// lock at once (waiting up to the busy timeout for another process to
    /// finish), so what it reads cannot be changed by another writer before
    /// it commits. A deferred transaction would read first and fail with
    /// "database is locked", without waiting, when it then tried to write
    /// while another process was writing. Every change reads the state it
    /// depends on inside this transaction: the window and the CLI may write
    /// the same file at once.
    pub(crate) fn transaction(&mut self) -> Result<Transaction<'_>> {
        Ok(self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Who changes are recorded as made by (the OS user by default).
    pub fn actor(&self) -> &str {
        &self.actor
    }

    /// Records changes as made by `actor` from now on.
    pub fn set_actor(&mut self, actor: impl Into<String>) {
        self.actor = actor.into();
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }
}

fn read_pragma(conn: &Connection, name: &str, path: &str) -> Result<i64> {
    conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
        .map_err(|e| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => Error::NotADatabase {
                path: path.to_owned(),
                reason: "filen är inte en SQLite-databas".into(),
            },
            _ => Error::Sqlite(e),
        })
}

/// The name of the logged-in OS user, for the audit trail: the environment
/// first (what the user's session says), then the OS account database.
pub fn os_user() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|var| std::env::var(var).ok().filter(|v| !v.trim().is_empty()))
        .or_else(|| whoami::username().ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "okänd användare".to_owned())
}
