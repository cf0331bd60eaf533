//! Small facts about text that several areas need alike: which characters
//! are invisible, numbers written the Swedish way, and what is wrong with a
//! text the user typed.

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

/// What is wrong with one line the user typed (a name, a diarienummer),
/// in Swedish, or `None`: a line break, tab or other control character, or
/// more than `max` characters. `label` names it ("Namnet").
pub fn line_problem(label: &str, value: &str, max: usize) -> Option<String> {
    control_problem(label, value, true).or_else(|| too_long(label, value, max))
}

/// What is wrong with free text the user typed (a note), in Swedish, or
/// `None`: a control character other than a line break (LF or CR LF) or
/// tab, or more than `max` characters. `label` names it ("Anteckningen").
pub fn text_problem(label: &str, value: &str, max: usize) -> Option<String> {
    control_problem(label, value, false).or_else(|| too_long(label, value, max))
}

/// The control characters alone, for fields whose length is checked
/// elsewhere: in one line none at all, in free text none but line breaks
/// (LF or CR LF) and tabs. Terminal escape codes (ESC, BEL) are control
/// characters too, so a title can never rewrite the terminal that lists it.
pub fn control_problem(label: &str, value: &str, one_line: bool) -> Option<String> {
    if one_line {
        return value.chars().any(char::is_control).then(|| {
            format!("{label} ska stå på en rad, utan radbrytningar, tabbar eller andra styrtecken.")
        });
    }
    let mut chars = value.chars().peekable();
    let mut control = false;
    while let Some(c) = chars.next() {
        control |= match c {
            '\n' | '\t' => false,
            '\r' => chars.peek() != Some(&'\n'),
            c => c.is_control(),
        };
    }
    control.then(|| format!("{label} innehåller styrtecken som inte kan sparas."))
}

/// Most characters of user input a message quotes back.
pub const QUOTED_CHARS: usize = 60;

/// `value` as a message quotes it back: trimmed, at most [`QUOTED_CHARS`]
/// characters and then "…", so that a megabyte pasted by mistake (or on
/// purpose) is not repeated whole on the screen or in stderr.
pub fn quoted(value: &str) -> String {
    let value = value.trim();
    let mut out: String = value.chars().take(QUOTED_CHARS).collect();
    if value.chars().nth(QUOTED_CHARS).is_some() {
        out.push('…');
    }
    out
}

fn too_long(label: &str, value: &str, max: usize) -> Option<String> {
    let count = value.chars().count();
    (count > max).then(|| {
        format!(
            "{label} får ha högst {} tecken (nu {}).",
            grouped(max),
            grouped(count)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_text_is_checked_for_control_characters_and_length() {
        assert_eq!(line_problem("Namnet", "Eda kommun", 10), None);
        assert_eq!(
            line_problem("Namnet", "Eda\r\nBcc: x", 100).as_deref(),
            Some("Namnet ska stå på en rad, utan radbrytningar, tabbar eller andra styrtecken.")
        );
        assert_eq!(
            line_problem("Namnet", "ååååå", 4).as_deref(),
            Some("Namnet får ha högst 4 tecken (nu 5).")
        );
        assert_eq!(
            text_problem("Anteckningen", "Rad 1\r\nRad 2\tslut", 100),
            None
        );
        for bad in ["klocka\u{7}", "radslut\ri mitten"] {
            assert_eq!(
                text_problem("Anteckningen", bad, 100).as_deref(),
                Some("Anteckningen innehåller styrtecken som inte kan sparas.")
            );
        }
        assert_eq!(
            text_problem("Anteckningen", &"x".repeat(2_001), 2_000).as_deref(),
            Some("Anteckningen får ha högst 2\u{a0}000 tecken (nu 2\u{a0}001).")
        );
    }

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
