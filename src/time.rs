//! Clock and date helpers: timestamps are RFC 3339 in local time, dates are
//! ISO 8601 (`YYYY-MM-DD`), the way Swedish offices write them.
//!
//! The clock is the computer's, except inside [`as_of`]: `samdok demo`
//! records a register's history of several years through the same code that
//! records a user's changes, each change at the moment it is said to happen.

use std::cell::Cell;

use chrono::{DateTime, Local, NaiveDate, NaiveDateTime, SecondsFormat, TimeZone};

use crate::error::{Error, Result};

thread_local! {
    /// The moment [`as_of`] set on this thread, if any.
    static SET_CLOCK: Cell<Option<NaiveDateTime>> = const { Cell::new(None) };
}

/// Runs `f` with the clock on this thread reading `moment` (local time):
/// [`now`] and [`today`] give it instead of the computer's time. The clock
/// is restored afterwards, also when `f` panics.
pub fn as_of<T>(moment: NaiveDateTime, f: impl FnOnce() -> T) -> T {
    struct Restore(Option<NaiveDateTime>);
    impl Drop for Restore {
        fn drop(&mut self) {
            SET_CLOCK.set(self.0);
        }
    }
    let _restore = Restore(SET_CLOCK.replace(Some(moment)));
    f()
}

fn local_now() -> DateTime<Local> {
    match SET_CLOCK.get() {
        None => Local::now(),
        // A moment in a daylight-saving gap does not exist locally; the
        // same instant in UTC is as good for a history.
        Some(moment) => Local
            .from_local_datetime(&moment)
            .earliest()
            .unwrap_or_else(|| Local.from_utc_datetime(&moment)),
    }
}

/// Now, as stored in the database.
pub fn now() -> String {
    local_now().to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// Today's date on this computer.
pub fn today() -> NaiveDate {
    local_now().date_naive()
}

/// Parses an optional `YYYY-MM-DD` input; blank means none. `field` and
/// `label` name the input in the error.
pub fn parse_date(field: &str, label: &str, text: Option<&str>) -> Result<Option<NaiveDate>> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => NaiveDate::parse_from_str(t, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| {
                Error::invalid(
                    field,
                    format!("{label}: «{t}» är inget giltigt datum. Skriv datumet som ÅÅÅÅ-MM-DD."),
                )
            }),
    }
}
