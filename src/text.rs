//! Small facts about text that several areas need alike: which characters
//! are invisible, and numbers written the Swedish way.

/// Zero-width and bidi formatting characters: invisible, and able to make a
/// name or an address read as another.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// 199500 → "199 500": digits grouped by three with a no-break space, as
/// Swedish writes numbers.
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{a0}');
        }
        out.push(c);
    }
    out
}

/// Items joined the Swedish way: "a", "a och b", "a, b och c".
pub fn join_and<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_owned(),
        [init @ .., last] => format!(
            "{} och {}",
            init.iter()
                .map(AsRef::as_ref)
                .collect::<Vec<_>>()
                .join(", "),
            last.as_ref()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_by_three() {
        assert_eq!(grouped(7), "7");
        assert_eq!(grouped(1000), "1\u{a0}000");
        assert_eq!(grouped(199_500), "199\u{a0}500");
        assert_eq!(grouped(1_234_567), "1\u{a0}234\u{a0}567");
    }

    #[test]
    fn items_are_joined_with_och() {
        assert_eq!(join_and::<&str>(&[]), "");
        assert_eq!(join_and(&["Eda"]), "Eda");
        assert_eq!(join_and(&["Eda", "Kil"]), "Eda och Kil");
        assert_eq!(join_and(&["Arvika", "Eda", "Kil"]), "Arvika, Eda och Kil");
    }
}
