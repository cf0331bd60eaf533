//! The one e-mail address rule of Samdok. The contact form, the round form
//! and the e-mail drafts all ask this module, so an address the app accepts
//! can always be written into an `.eml` draft, and one it cannot write is
//! refused when it is typed, not when a package is built.
//!
//! An address is `local@domain`, at most 254 octets as written:
//! - the local part is an RFC 5321 dot-atom in ASCII: letters, digits and
//!   ``! # $ % & ' * + - / = ? ^ _ ` { | } ~``, in runs separated by single
//!   dots, at most 64 octets; quoted strings and comments (`a"b@x.se`,
//!   `a(b)@x.se`) are not taken. A local part with å, ä, ö would need
//!   SMTPUTF8 and raw 8-bit text in the header, which the drafts never
//!   write, so it is refused with a message that says why;
//! - the domain is two or more labels of letters, digits and hyphens (LDH),
//!   each 1–63 octets, not starting or ending with a hyphen. Letters such as
//!   å, ä, ö are accepted (`kommun@årjäng.se`) and written in headers as the
//!   IDNA A-label (`kommun@xn--rjng-moad.se`); an address literal
//!   (`x@[10.0.0.1]`) is not taken;
//! - no white space, line break, control character or invisible formatting
//!   character (zero-width, bidi controls) anywhere.
//!
//! Addresses are stored as the user wrote them (trimmed); the A-label form
//! is made when a header is written.

/// Longest address, in octets (RFC 5321's 256-octet path less `<` `>`).
pub const MAX_ADDRESS_OCTETS: usize = 254;
/// Longest local part, in octets (RFC 5321 §4.5.3.1.1).
const MAX_LOCAL_OCTETS: usize = 64;
/// Longest domain label, in octets (RFC 1035).
const MAX_LABEL_OCTETS: usize = 63;
/// Longest domain in its ASCII form, in octets (RFC 1035).
const MAX_DOMAIN_OCTETS: usize = 253;
/// Longest address shown in a message; the rest becomes "…".
const SHOWN_CHARS: usize = 80;

/// An address that passed the rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    local: String,
    /// The domain in ASCII: LDH labels, non-ASCII ones as A-labels.
    ascii_domain: String,
}

impl Address {
    /// Checks `text` (not trimmed: the callers trim what the user typed).
    pub fn parse(text: &str) -> Result<Address, Problem> {
        if text.is_empty() {
            return Err(Problem::Empty);
        }
        if text.chars().any(invisible) {
            return Err(Problem::Invisible);
        }
        if text.len() > MAX_ADDRESS_OCTETS {
            return Err(Problem::TooLong);
        }
        let Some((local, domain)) = text.rsplit_once('@') else {
            return Err(Problem::NoAt);
        };
        check_local(local)?;
        let ascii_domain = ascii_domain(domain)?;
        if local.len() + 1 + ascii_domain.len() > MAX_ADDRESS_OCTETS {
            return Err(Problem::TooLong);
        }
        Ok(Address {
            local: local.to_owned(),
            ascii_domain,
        })
    }

    /// The domain as written in headers: ASCII, A-labels for å, ä, ö.
    pub fn ascii_domain(&self) -> &str {
        &self.ascii_domain
    }

    /// `local@domain` as written in headers (ASCII only).
    pub fn to_ascii(&self) -> String {
        format!("{}@{}", self.local, self.ascii_domain)
    }
}

/// Why an address was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    Empty,
    NoAt,
    /// White space, a line break, a control or an invisible character.
    Invisible,
    TooLong,
    /// Å, ä, ö or another non-ASCII character before the @.
    NonAsciiLocal,
    /// A character a dot-atom does not allow before the @ (`"`, `(`, `,` …),
    /// or a second @.
    LocalCharacter(char),
    /// Nothing before the @, a dot first or last, or two dots in a row.
    LocalDots,
    LocalTooLong,
    /// Nothing after the @.
    NoDomain,
    /// A domain of one label (`x@se`).
    DomainWithoutDot,
    /// A domain that is not LDH labels (or cannot be made into A-labels).
    Domain,
}

impl Problem {
    /// What is wrong, in Swedish, as the second half of a sentence.
    pub fn reason(self) -> String {
        match self {
            Problem::Empty => "adressen är tom".into(),
            Problem::NoAt => "@ saknas".into(),
            Problem::Invisible => {
                "den innehåller mellanslag, radbrytningar eller andra osynliga tecken".into()
            }
            Problem::TooLong => format!("den är längre än {MAX_ADDRESS_OCTETS} tecken"),
            Problem::NonAsciiLocal => "delen före @ har tecken som å, ä, ö eller andra tecken \
                utanför a–z. Sådana adresser kan inte skrivas i e-postutkasten; använd en \
                adress med bara a–z, siffror och tecknen . _ - + före @"
                .into(),
            Problem::LocalCharacter('@') => "den får bara ha ett @".into(),
            Problem::LocalCharacter(c) => {
                format!("tecknet {c} är inte tillåtet före @")
            }
            Problem::LocalDots => {
                "delen före @ får inte vara tom, börja eller sluta med punkt eller ha två punkter i rad"
                    .into()
            }
            Problem::LocalTooLong => {
                format!("delen före @ är längre än {MAX_LOCAL_OCTETS} tecken")
            }
            Problem::NoDomain => "domänen efter @ saknas".into(),
            Problem::DomainWithoutDot => {
                "domänen efter @ måste ha minst en punkt, till exempel kommun.se".into()
            }
            Problem::Domain => "domänen efter @ får bara ha bokstäver, siffror, bindestreck \
                och punkter mellan delarna, och ingen del får börja eller sluta med bindestreck"
                .into(),
        }
    }
}

/// The whole Swedish message for a refused address, naming it (shortened
/// and with invisible characters shown as �).
pub fn message(text: &str, problem: Problem) -> String {
    format!(
        "«{}» är ingen giltig e-postadress: {}.",
        shown(text),
        problem.reason()
    )
}

/// Checks an address the user typed and gives the Swedish message on
/// refusal. Callers decide whether a blank field is allowed.
pub fn check(text: &str) -> Result<Address, String> {
    Address::parse(text).map_err(|problem| message(text, problem))
}

/// White space, control characters and the invisible formatting characters
/// that would make an address look like another (zero-width and bidi).
fn invisible(c: char) -> bool {
    c.is_whitespace() || c.is_control() || crate::text::is_invisible(c)
}

fn check_local(local: &str) -> Result<(), Problem> {
    if !local.is_ascii() {
        return Err(Problem::NonAsciiLocal);
    }
    if let Some(c) = local
        .chars()
        .find(|&c| c != '.' && !c.is_ascii_alphanumeric() && !"!#$%&'*+-/=?^_`{|}~".contains(c))
    {
        return Err(Problem::LocalCharacter(c));
    }
    if local.is_empty() || local.split('.').any(str::is_empty) {
        return Err(Problem::LocalDots);
    }
    if local.len() > MAX_LOCAL_OCTETS {
        return Err(Problem::LocalTooLong);
    }
    Ok(())
}

/// The domain's ASCII form, after checking it is LDH labels (A-labels for
/// the non-ASCII ones, made by IDNA's UTS #46 processing).
fn ascii_domain(domain: &str) -> Result<String, Problem> {
    if domain.is_empty() {
        return Err(Problem::NoDomain);
    }
    let ascii = if domain.is_ascii() {
        domain.to_owned()
    } else {
        idna::domain_to_ascii_strict(domain).map_err(|_| Problem::Domain)?
    };
    if ascii.len() > MAX_DOMAIN_OCTETS {
        return Err(Problem::TooLong);
    }
    let labels: Vec<&str> = ascii.split('.').collect();
    let ldh = |label: &&str| {
        !label.is_empty()
            && label.len() <= MAX_LABEL_OCTETS
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    if !labels.iter().all(ldh) {
        return Err(Problem::Domain);
    }
    if labels.len() < 2 {
        return Err(Problem::DomainWithoutDot);
    }
    Ok(ascii)
}

fn shown(text: &str) -> String {
    let mut out: String = text
        .chars()
        .take(SHOWN_CHARS)
        .map(|c| if invisible(c) && c != ' ' { '�' } else { c })
        .collect();
    if text.chars().nth(SHOWN_CHARS).is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_addresses_pass_and_keep_their_form() {
        for ok in [
            "diariet@regionvarmland.se",
            "kommunstyrelsen@arvika.se",
            "fornamn.efternamn@x.se",
            "a+remiss@eda.se",
            "o'brien@example.com",
            "x_y-z@sub.domain.example",
            "KOMMUN@EDA.SE",
            "1@2.se",
        ] {
            let address = Address::parse(ok).unwrap_or_else(|p| panic!("{ok}: {p:?}"));
            assert_eq!(address.to_ascii(), ok);
        }
    }

    #[test]
    fn a_swedish_domain_becomes_its_a_label() {
        let address = Address::parse("kommun@årjäng.se").expect("å ä ö in the domain");
        assert_eq!(address.to_ascii(), "kommun@xn--rjng-moad.se");
        assert_eq!(address.ascii_domain(), "xn--rjng-moad.se");
        let upper = Address::parse("kommun@ÅRJÄNG.se").expect("upper case too");
        assert_eq!(upper.ascii_domain(), "xn--rjng-moad.se");
    }

    #[test]
    fn quoted_strings_comments_and_specials_are_refused() {
        for bad in [
            "a\"b@x.se",
            "a(b)@x.se",
            "(kommentar)a@x.se",
            "a,b@x.se",
            "a;b@x.se",
            "a:b@x.se",
            "<a@x.se>",
            "a[b]@x.se",
            "a\\b@x.se",
            "\"ab\"@x.se",
            "a@b@x.se",
        ] {
            assert!(
                matches!(Address::parse(bad), Err(Problem::LocalCharacter(_))),
                "{bad} should be refused for its character: {:?}",
                Address::parse(bad)
            );
        }
    }

    #[test]
    fn line_breaks_controls_and_invisible_characters_are_refused() {
        for bad in [
            "x@c.se\r\nBcc: y@z.se",
            "x@c.se\n",
            "a b@c.se",
            "a\tb@c.se",
            "a\u{0}b@c.se",
            "a\u{200B}b@c.se",
            "ab@c\u{202E}es.se",
            "\u{FEFF}ab@c.se",
            "ab@c.se\u{2066}",
        ] {
            assert_eq!(
                Address::parse(bad),
                Err(Problem::Invisible),
                "{bad:?} must be refused"
            );
        }
    }

    #[test]
    fn dots_and_lengths() {
        for (bad, problem) in [
            ("@x.se", Problem::LocalDots),
            (".a@x.se", Problem::LocalDots),
            ("a.@x.se", Problem::LocalDots),
            ("a..b@x.se", Problem::LocalDots),
            ("a@", Problem::NoDomain),
            ("a@se", Problem::DomainWithoutDot),
            ("a@.se", Problem::Domain),
            ("a@x.se.", Problem::Domain),
            ("a@x..se", Problem::Domain),
            ("a@-x.se", Problem::Domain),
            ("a@x-.se", Problem::Domain),
            ("a@x_y.se", Problem::Domain),
            ("a@[10.0.0.1]", Problem::Domain),
            ("ingen-snabel-a", Problem::NoAt),
            ("", Problem::Empty),
        ] {
            assert_eq!(Address::parse(bad), Err(problem), "{bad:?}");
        }
        let local = "a".repeat(65);
        assert_eq!(
            Address::parse(&format!("{local}@x.se")),
            Err(Problem::LocalTooLong)
        );
        let label = "b".repeat(64);
        assert_eq!(
            Address::parse(&format!("a@{label}.se")),
            Err(Problem::Domain)
        );
        let long = format!("a@{}.se", vec!["c".repeat(60); 5].join("."));
        assert_eq!(Address::parse(&long), Err(Problem::TooLong));
    }

    #[test]
    fn a_non_ascii_local_part_is_refused_with_the_reason() {
        assert_eq!(Address::parse("åsa@eda.se"), Err(Problem::NonAsciiLocal));
        let message = check("åsa@eda.se").expect_err("refused");
        assert!(message.starts_with("«åsa@eda.se» är ingen giltig e-postadress"));
        assert!(
            message.contains("kan inte skrivas i e-postutkasten"),
            "{message}"
        );
    }

    #[test]
    fn messages_show_a_shortened_address_with_invisible_characters_marked() {
        let message = check(&format!("{}\r\n@x.se", "a".repeat(200))).expect_err("refused");
        assert!(message.contains('…'), "{message}");
        assert!(!message.contains('\r') && !message.contains('\n'));
        assert!(message.chars().count() < 250, "{message}");
    }
}
