//! Swedish collation: the order a Swedish reader expects (… X, Y, Z, Å, Ä, Ö;
//! case and accents only break ties). Used to sort titles and names in Rust
//! and registered in SQLite as the collation `sv`.

use std::cmp::Ordering;
use std::sync::OnceLock;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed, CollatorPreferences};
use icu_locale_core::locale;

fn collator() -> &'static CollatorBorrowed<'static> {
    static COLLATOR: OnceLock<CollatorBorrowed<'static>> = OnceLock::new();
    COLLATOR.get_or_init(|| {
        let prefs = CollatorPreferences::from(locale!("sv-SE"));
        // The Swedish tailoring is compiled into the binary, so this cannot
        // fail at run time short of a broken build.
        Collator::try_new(prefs, CollatorOptions::default())
            .expect("the compiled-in Swedish collation data loads")
    })
}

/// Compares two strings in Swedish order.
pub fn compare(a: &str, b: &str) -> Ordering {
    collator().compare(a, b)
}

/// Sorts a slice in Swedish order by the key `key` gives.
pub fn sort_by_key<T>(items: &mut [T], key: impl Fn(&T) -> &str) {
    items.sort_by(|a, b| compare(key(a), key(b)));
}

/// Name of the SQLite collation registered by [`crate::db::open`].
pub const SQLITE_COLLATION: &str = "sv";

pub(crate) fn register(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    conn.create_collation(SQLITE_COLLATION, compare)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_letters_sort_after_z() {
        let mut names = vec!["Örebro", "Ängelholm", "Zinkgruvan", "Åmål", "Arvika"];
        names.sort_by(|a, b| compare(a, b));
        assert_eq!(
            names,
            ["Arvika", "Zinkgruvan", "Åmål", "Ängelholm", "Örebro"],
            "Swedish order is … Z, Å, Ä, Ö"
        );
    }

    #[test]
    fn case_does_not_split_letters() {
        assert_eq!(
            compare("äpple", "Äpple"),
            Ordering::Less,
            "case only breaks a tie, lower case first"
        );
        assert_eq!(
            compare("Äpple", "äpplen"),
            Ordering::Less,
            "the letters decide before case does"
        );
        assert_eq!(compare("apa", "Bil"), Ordering::Less);
        assert_eq!(compare("åsa", "Zeta"), Ordering::Greater);
    }
}
