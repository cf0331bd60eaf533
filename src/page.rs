//! Paging: the lists that grow with the register (documents, rounds, a
//! document's change log and history) are read one page at a time, so the
//! window never has to wait for, or draw, rows nobody looks at.
//!
//! A [`Page`] is the rows of one page plus how many rows the whole list
//! holds; it reads like a slice of its rows (`page.len()`, `page[0]`,
//! `for row in page`).

use serde::{Deserialize, Serialize};

/// Which part of a list to read: `limit` rows after skipping `offset`.
/// `limit: None` reads to the end (the CLI prints whole lists).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Paging {
    pub offset: u32,
    pub limit: Option<u32>,
}

impl Paging {
    /// The first `limit` rows.
    pub fn first(limit: u32) -> Paging {
        Paging {
            offset: 0,
            limit: Some(limit),
        }
    }

    /// `limit` rows from `offset`.
    pub fn new(offset: u32, limit: u32) -> Paging {
        Paging {
            offset,
            limit: Some(limit),
        }
    }

    /// SQLite's `LIMIT` value: -1 means no limit.
    pub(crate) fn sql_limit(self) -> i64 {
        self.limit.map_or(-1, i64::from)
    }

    pub(crate) fn sql_offset(self) -> i64 {
        i64::from(self.offset)
    }
}

/// One page of a list and the size of the whole list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page<T> {
    pub rows: Vec<T>,
    /// How many rows the whole list holds (with the same filters).
    pub total: u64,
    /// How many rows come before this page.
    pub offset: u64,
}

impl<T> Page<T> {
    /// The rows of a page that starts `offset` rows into a list of `total`.
    pub fn new(rows: Vec<T>, total: u64, offset: u64) -> Page<T> {
        Page {
            rows,
            total,
            offset,
        }
    }

    /// Whether rows follow this page.
    pub fn has_more(&self) -> bool {
        self.offset + (self.rows.len() as u64) < self.total
    }
}

impl<T> std::ops::Deref for Page<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        &self.rows
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.rows.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a Page<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.rows.iter()
    }
}
