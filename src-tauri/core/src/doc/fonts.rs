//! The embedded Atkinson Hyperlegible faces, their glyph advances, and the mapping of
//! characters they lack.

use super::model::FontStyle;
use std::collections::HashMap;
use std::sync::OnceLock;

macro_rules! font_file {
    ($name:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../assets/fonts/",
            $name
        ))
    };
}

pub(crate) const REGULAR: &[u8] = font_file!("AtkinsonHyperlegible-Regular.ttf");
pub(crate) const BOLD: &[u8] = font_file!("AtkinsonHyperlegible-Bold.ttf");
pub(crate) const ITALIC: &[u8] = font_file!("AtkinsonHyperlegible-Italic.ttf");
pub(crate) const BOLD_ITALIC: &[u8] = font_file!("AtkinsonHyperlegible-BoldItalic.ttf");

pub(crate) fn font_bytes(style: FontStyle) -> &'static [u8] {
    match style {
        FontStyle::Regular => REGULAR,
        FontStyle::Bold => BOLD,
        FontStyle::Italic => ITALIC,
        FontStyle::BoldItalic => BOLD_ITALIC,
    }
}

/// Ascender and descender (positive, below the baseline) in em, the same in all four
/// faces of the family (hhea 950 / −290 per 1000).
pub const ASCENT: f32 = 0.95;
pub const DESCENT: f32 = 0.29;

/// Advances in em of every character a face maps.
pub(crate) struct Metrics {
    /// Indexed by code point below `Metrics::FLAT`; NaN where the face has no glyph.
    /// A flat table because every character laid out is looked up, most of them
    /// Latin (a hash lookup per accented letter was a tenth of the layout's time).
    flat: Vec<f32>,
    others: HashMap<char, f32>,
}

impl Metrics {
    /// Latin, Greek, Cyrillic and general punctuation (’ – … €).
    const FLAT: usize = 0x2100;

    fn parse(bytes: &[u8]) -> Metrics {
        let mut m = Metrics {
            flat: vec![f32::NAN; Metrics::FLAT],
            others: HashMap::new(),
        };
        let Ok(face) = ttf_parser::Face::parse(bytes, 0) else {
            // The files are compiled in; a parse failure cannot pass the tests. Give
            // every character a plausible width rather than panicking in production.
            for (i, w) in m.flat.iter_mut().enumerate().take(128) {
                *w = if i >= 0x20 { 0.55 } else { 0.0 };
            }
            return m;
        };
        let upem = f32::from(face.units_per_em().max(1));
        let mut codepoints = Vec::new();
        if let Some(cmap) = face.tables().cmap {
            for sub in cmap.subtables {
                if sub.is_unicode() {
                    sub.codepoints(|cp| codepoints.push(cp));
                }
            }
        }
        for cp in codepoints {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let Some(gid) = face.glyph_index(c) else {
                continue;
            };
            let w = f32::from(face.glyph_hor_advance(gid).unwrap_or(0)) / upem;
            match m.flat.get_mut(c as usize) {
                Some(slot) => *slot = w,
                None => {
                    m.others.insert(c, w);
                }
            }
        }
        m
    }

    /// Advance in em; `None` when the face has no glyph for `c`.
    #[inline]
    pub(crate) fn advance(&self, c: char) -> Option<f32> {
        match self.flat.get(c as usize) {
            // Only the space and printable ASCII are drawn; every one of them has a
            // non-zero advance in the family (NaN > 0 is false too).
            Some(&w) if (c as u32) < 128 => (w > 0.0).then_some(w),
            Some(&w) => (!w.is_nan()).then_some(w),
            None => self.others.get(&c).copied(),
        }
    }

    #[inline]
    pub(crate) fn has(&self, c: char) -> bool {
        self.advance(c).is_some()
    }

    /// Every character the face maps.
    pub(crate) fn chars(&self) -> impl Iterator<Item = char> + '_ {
        let flat = self.flat.iter().enumerate().filter(|(_, w)| !w.is_nan());
        flat.filter_map(|(i, _)| char::from_u32(i as u32))
            .chain(self.others.keys().copied())
    }
}

pub(crate) fn metrics(style: FontStyle) -> &'static Metrics {
    static ALL: OnceLock<[Metrics; 4]> = OnceLock::new();
    let all = ALL.get_or_init(|| FontStyle::ALL.map(|s| Metrics::parse(font_bytes(s))));
    &all[style.index()]
}

/// Width in points of `text` in one face and size (no kerning: the PDF draws the
/// glyphs at their advances, so this is exactly what is drawn).
pub fn text_width(text: &str, style: FontStyle, size: f32) -> f32 {
    let m = metrics(style);
    text.chars()
        .map(|c| m.advance(c).unwrap_or(0.0))
        .sum::<f32>()
        * size
}

/// What a character of user text becomes on paper: itself, a substitute the font
/// has, a line break, or nothing (control and invisible characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mapped {
    Char(char),
    /// A breaking space.
    Space,
    Newline,
    Drop,
}

/// The fonts have no U+202F (narrow no-break space) nor U+2009 (thin space), which
/// French typography puts before « ; : ! ? » and inside numbers: they become U+00A0,
/// which also never breaks. Characters the fonts lack entirely print as « ? » so that
/// something visible marks them.
pub(crate) fn map_char(c: char) -> Mapped {
    // Most characters are printable ASCII, which none of the cases below but the
    // last concerns.
    if c.is_ascii_graphic() && metrics(FontStyle::Regular).has(c) {
        return Mapped::Char(c);
    }
    match c {
        ' ' | '\t' => Mapped::Space,
        '\n' | '\u{2028}' | '\u{2029}' => Mapped::Newline,
        '\u{202F}' | '\u{2009}' | '\u{2007}' | '\u{00A0}' => Mapped::Char('\u{00A0}'),
        '\u{2000}'..='\u{2006}' | '\u{2008}' | '\u{200A}' | '\u{3000}' => Mapped::Space,
        // Soft hyphen: Quorum never hyphenates. Zero-width characters draw nothing.
        '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' => Mapped::Drop,
        c if c.is_control() => Mapped::Drop,
        '\u{2010}' | '\u{2011}' if !metrics(FontStyle::Regular).has(c) => Mapped::Char('-'),
        '\u{2012}' | '\u{2015}' if !metrics(FontStyle::Regular).has(c) => {
            Mapped::Char(if c == '\u{2012}' { '–' } else { '—' })
        }
        c if metrics(FontStyle::Regular).has(c) => Mapped::Char(c),
        c => Mapped::Char(nearest_letter(c).unwrap_or('?')),
    }
}

/// The letter with as many of `c`'s accents as the font has: « ễ » (e, circumflex,
/// tilde) becomes « ê », « ǹ » becomes « n ».
fn nearest_letter(c: char) -> Option<char> {
    use unicode_normalization::UnicodeNormalization;
    let parts: Vec<char> = c.nfd().collect();
    (1..parts.len()).rev().find_map(|k| {
        let mut composed = parts[..k].iter().copied().nfc();
        match (composed.next(), composed.next()) {
            (Some(l), None) if metrics(FontStyle::Regular).has(l) => Some(l),
            _ => None,
        }
    })
}

/// `text` as it will be drawn on one line (used for headers, footers, outline titles):
/// line breaks and runs of spaces become one space.
pub fn normalize_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        match map_char(c) {
            Mapped::Char(c) => {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                out.push(c);
            }
            Mapped::Space | Mapped::Newline => pending_space = true,
            Mapped::Drop => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advances_come_from_the_font() {
        let r = metrics(FontStyle::Regular);
        assert_eq!(r.advance(' '), Some(0.28));
        assert_eq!(r.advance('\u{a0}'), Some(0.28));
        assert_eq!(metrics(FontStyle::Bold).advance(' '), Some(0.32));
        assert_eq!(r.advance('€'), Some(0.664));
        assert!(r.advance('\u{202f}').is_none());
        assert!((text_width("  ", FontStyle::Regular, 10.0) - 5.6).abs() < 1e-4);
    }

    #[test]
    fn french_spaces_become_no_break_spaces() {
        assert_eq!(map_char('\u{202f}'), Mapped::Char('\u{a0}'));
        assert_eq!(map_char('\u{2009}'), Mapped::Char('\u{a0}'));
        assert_eq!(map_char('\u{a0}'), Mapped::Char('\u{a0}'));
        assert_eq!(map_char('\t'), Mapped::Space);
        assert_eq!(map_char('\u{ad}'), Mapped::Drop);
        assert_eq!(map_char('\u{7}'), Mapped::Drop);
        assert_eq!(map_char('🎉'), Mapped::Char('?'));
        assert_eq!(map_char('ễ'), Mapped::Char('ê'));
        assert_eq!(map_char('Ǹ'), Mapped::Char('N'));
        for c in "«»œŒ€’éèêëàâäîïôöùûüçÿÉÈÊÀÇ–—…".chars() {
            assert_eq!(map_char(c), Mapped::Char(c), "{c}");
        }
        assert_eq!(
            normalize_inline(" Conseil\tcitoyen\n\u{202f}: x  "),
            "Conseil citoyen \u{a0}: x"
        );
    }
}
