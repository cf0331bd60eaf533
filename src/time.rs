//! Clock and date helpers: timestamps are RFC 3339 in local time, dates are
//! ISO 8601 (`YYYY-MM-DD`), the way Swedish offices write them.

use chrono::{Local, NaiveDate, SecondsFormat};

use crate::error::{Error, Result};

/// Now, as stored in the database.
pub fn now() -> String {
    Local::now().to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// Today's date on this computer.
pub fn today() -> NaiveDate {
    Local::now().date_naive()
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
