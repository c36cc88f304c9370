//! French formatting of dates and numbers for everything Rust prints (command line,
//! and later PDF documents). The interface formats with `Intl` instead; both follow
//! the same conventions: « mardi 14 mars 2023 à 18 h 30 », « 1 000 ».

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike, Weekday};

/// Narrow no-break space, the French thousands separator.
pub const NNBSP: char = '\u{202F}';
/// No-break space, used inside « » and before : ; ! ?
pub const NBSP: char = '\u{00A0}';

const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

pub fn weekday(d: NaiveDate) -> &'static str {
    match d.weekday() {
        Weekday::Mon => "lundi",
        Weekday::Tue => "mardi",
        Weekday::Wed => "mercredi",
        Weekday::Thu => "jeudi",
        Weekday::Fri => "vendredi",
        Weekday::Sat => "samedi",
        Weekday::Sun => "dimanche",
    }
}

pub fn month(d: NaiveDate) -> &'static str {
    MONTHS[d.month0() as usize]
}

/// « 14 mars 2023 », « 1er mars 2023 ».
pub fn date(d: NaiveDate) -> String {
    let day = if d.day() == 1 {
        "1er".to_string()
    } else {
        d.day().to_string()
    };
    format!("{day} {} {}", month(d), d.year())
}

/// « mardi 14 mars 2023 ».
pub fn date_long(d: NaiveDate) -> String {
    format!("{} {}", weekday(d), date(d))
}

/// « 18 h 30 », « 9 h » (on the hour the minutes are left out).
pub fn time(t: NaiveTime) -> String {
    if t.minute() == 0 {
        format!("{}{NBSP}h", t.hour())
    } else {
        format!("{}{NBSP}h{NBSP}{:02}", t.hour(), t.minute())
    }
}

/// « mardi 14 mars 2023 à 18 h 30 ».
pub fn date_time(d: NaiveDate, t: NaiveTime) -> String {
    format!("{} à {}", date_long(d), time(t))
}

/// « 14/03/2023 », for tables and terminals.
pub fn date_short(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// « 1 234 567 » with narrow no-break spaces between groups of three digits.
pub fn integer(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(NNBSP);
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// « 1 membre », « 2 membres ».
pub fn count(n: i64, singular: &str, plural: &str) -> String {
    format!(
        "{} {}",
        integer(n),
        if n.abs() <= 1 { singular } else { plural }
    )
}

/// Dates Quorum accepts: anything else is a typing mistake or hostile input.
pub fn plausible_date(d: NaiveDate) -> bool {
    (1900..=2200).contains(&d.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_read_as_in_french() {
        let t = NaiveTime::from_hms_opt(18, 30, 0).unwrap();
        assert_eq!(
            date_time(d(2023, 3, 14), t),
            "mardi 14 mars 2023 à 18\u{a0}h\u{a0}30"
        );
        assert_eq!(date(d(2024, 8, 1)), "1er août 2024");
        assert_eq!(time(NaiveTime::from_hms_opt(9, 0, 0).unwrap()), "9\u{a0}h");
        assert_eq!(date_short(d(2023, 3, 4)), "04/03/2023");
    }

    #[test]
    fn integers_group_by_three() {
        assert_eq!(integer(0), "0");
        assert_eq!(integer(999), "999");
        assert_eq!(integer(1000), "1\u{202f}000");
        assert_eq!(integer(-1234567), "-1\u{202f}234\u{202f}567");
        assert_eq!(count(1, "membre", "membres"), "1 membre");
        assert_eq!(count(25, "membre", "membres"), "25 membres");
    }
}

/// Roman numerals for the parts of a charter: « I », « IV », « XII ».
pub fn roman(mut n: u32) -> String {
    const DIGITS: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, digits) in DIGITS {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// « Article 1er », « Article 2 »: French legal texts write the first one as an ordinal.
pub fn article_label(n: u32) -> String {
    if n == 1 {
        "Article 1er".to_string()
    } else {
        format!("Article {n}")
    }
}

#[cfg(test)]
mod numbering_tests {
    use super::*;

    #[test]
    fn roman_numerals() {
        let got: Vec<String> = [1, 2, 3, 4, 9, 14, 40, 1999].map(roman).to_vec();
        assert_eq!(got, ["I", "II", "III", "IV", "IX", "XIV", "XL", "MCMXCIX"]);
    }

    #[test]
    fn first_article_is_an_ordinal() {
        assert_eq!(article_label(1), "Article 1er");
        assert_eq!(article_label(12), "Article 12");
    }
}
