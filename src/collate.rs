//! Swedish collation: the order a Swedish reader expects (… X, Y, Z, Å, Ä, Ö;
//! case and accents only break ties). Used to sort titles and names in Rust
//! and registered in SQLite as the collation `sv`.
//!
//! For long lists SQLite sorts by stored *sort keys* instead ([`sort_key`],
//! the SQL function `sv_key`): bytes that compare with `memcmp` exactly as
//! [`compare`] orders the texts. Comparing bytes is what lets the register
//! sort 10 000 titles in a few milliseconds; the collation `sv` calls back
//! into Rust for every comparison. Keys depend on the collation data
//! compiled in, so a database records the [`fingerprint`] of the keys it
//! holds and they are computed again when it changes (see `crate::db`).

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

/// The sort key of a text: byte strings that compare as [`compare`] orders
/// the texts.
pub fn sort_key(text: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(text.len() * 2 + 8);
    // Writing into a Vec cannot fail.
    let Ok(()) = collator().write_sort_key_to(text, &mut key);
    key
}

/// Name of the SQL function giving a text's sort key; NULL for NULL and for
/// blank text, so that blank values can be sorted last.
pub const SQLITE_KEY_FUNCTION: &str = "sv_key";

/// Texts whose keys change when the collation data or algorithm changes in
/// a way that matters to Swedish text: the Swedish letters, their look-alikes
/// in neighbouring languages, case, accents, digits, punctuation and spaces.
const PROBES: &[&str] = &[
    "a",
    "A",
    "á",
    "à",
    "â",
    "aa",
    "Aa",
    "å",
    "Å",
    "ä",
    "Ä",
    "æ",
    "Æ",
    "o",
    "ö",
    "Ö",
    "ø",
    "Ø",
    "ő",
    "z",
    "Z",
    "v",
    "w",
    "W",
    "y",
    "ü",
    "Ü",
    "e",
    "é",
    "è",
    "ë",
    "c",
    "ç",
    "ss",
    "ß",
    "th",
    "þ",
    "ð",
    "d",
    "đ",
    "ij",
    "0",
    "1",
    "10",
    "2",
    "9",
    " ",
    "-",
    "–",
    "/",
    ".",
    ",",
    "(",
    "§",
    "Överenskommelse om Vård och omsorg",
    "RV 2024/0017",
    "vård- och omsorgsboende",
];

/// A digest of the keys of [`PROBES`]: equal fingerprints mean stored keys
/// can still be compared with new ones.
pub fn fingerprint() -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    for probe in PROBES {
        let key = sort_key(probe);
        hash.update((key.len() as u32).to_be_bytes());
        hash.update(&key);
    }
    hash.finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub(crate) fn register(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    use rusqlite::types::ValueRef;
    conn.create_collation(SQLITE_COLLATION, compare)?;
    // Deterministic and innocuous: the triggers of migration 0006 call it.
    conn.create_scalar_function(
        SQLITE_KEY_FUNCTION,
        1,
        FunctionFlags::SQLITE_UTF8
            | FunctionFlags::SQLITE_DETERMINISTIC
            | FunctionFlags::SQLITE_INNOCUOUS,
        |ctx| {
            Ok(match ctx.get_raw(0) {
                ValueRef::Text(bytes) => {
                    let text = String::from_utf8_lossy(bytes);
                    let text = text.trim();
                    (!text.is_empty()).then(|| sort_key(text))
                }
                _ => None,
            })
        },
    )
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
    fn sort_keys_order_as_the_comparison_does() {
        let mut texts = vec![
            "Överenskommelse om hemsjukvård",
            "överenskommelse om hemsjukvård",
            "Avtal om läkemedel",
            "Ägarsamråd",
            "Zonindelning",
            "Åtgärdsplan för psykisk hälsa",
            "ambulanssjukvård",
            "Ärendehantering",
            "Rutin för hjälpmedel",
            "Rutin för hjälpmedel till barn",
            "Rutin 10",
            "Rutin 9",
            "Éva",
            "Eva",
            "Ova",
        ];
        texts.sort_by(|a, b| compare(a, b));
        let mut by_key = texts.clone();
        by_key.sort_by_key(|t| sort_key(t));
        assert_eq!(
            by_key, texts,
            "keys compare bytewise as the collator orders"
        );
        for pair in texts.windows(2) {
            assert_eq!(
                sort_key(pair[0]).cmp(&sort_key(pair[1])),
                compare(pair[0], pair[1]),
                "{} vs {}: equal texts have equal keys, different ones ordered keys",
                pair[0],
                pair[1]
            );
        }
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
