//! Line breaking of styled spans on the glyph advances of the embedded fonts.
//!
//! Lines break only at (breaking) spaces; a word wider than the whole line is the one
//! exception and is cut between characters. U+00A0 is part of the word around it.

use super::fonts::{map_char, metrics, Mapped, ASCENT, DESCENT};
use super::model::{FontStyle, Span};

/// Line height as a multiple of the largest font size on the line.
pub const LEADING: f32 = 1.3;

/// Tolerance for floating-point sums of advances.
const EPS: f32 = 0.01;

/// A run of one face and size inside a line; `x` from the line's start.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Run {
    pub x: f32,
    pub style: FontStyle,
    pub size: f32,
    pub text: String,
    pub width: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TextLine {
    pub runs: Vec<Run>,
    pub width: f32,
    /// Largest font size on the line (the given default for an empty line).
    pub size: f32,
}

impl TextLine {
    pub fn height(&self) -> f32 {
        self.size * LEADING
    }
    /// From the top of the line box to the baseline: the glyph box (ascent + descent)
    /// is centred in the line height.
    pub fn baseline(&self) -> f32 {
        baseline_offset(self.size)
    }
}

pub(crate) fn baseline_offset(size: f32) -> f32 {
    (size * LEADING - (ASCENT + DESCENT) * size) / 2.0 + ASCENT * size
}

/// Font sizes outside this range are clamped: they could not be laid out sensibly.
pub(crate) fn clamp_size(size: Option<f32>, default: f32) -> f32 {
    match size {
        Some(s) if s.is_finite() => s.clamp(4.0, 72.0),
        _ => default,
    }
}

/// Characters of one face and size inside a word: a range of the word's text.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Piece {
    style: FontStyle,
    size: f32,
    start: usize,
    end: usize,
    width: f32,
}

/// A breaking space, drawn in the face of the text it is in.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Space {
    style: FontStyle,
    size: f32,
    width: f32,
}

fn char_width(c: char, style: FontStyle, size: f32) -> f32 {
    metrics(style).advance(c).unwrap_or(0.0) * size
}

/// The line being filled. Its text is gathered in one buffer reused from line to
/// line; each run gets its own string, of the right size, when the line is done.
struct LineBuilder {
    /// Runs with their text still in `text`: `Run::text` is empty and `end` marks
    /// where the run's text ends.
    runs: Vec<(Run, usize)>,
    text: String,
    width: f32,
    default_size: f32,
}

impl LineBuilder {
    fn new(default_size: f32) -> Self {
        LineBuilder {
            runs: Vec::new(),
            text: String::new(),
            width: 0.0,
            default_size,
        }
    }

    fn is_empty(&self) -> bool {
        self.runs.is_empty()
    }

    fn push(&mut self, style: FontStyle, size: f32, text: &str, width: f32) {
        self.text.push_str(text);
        match self.runs.last_mut() {
            Some((r, end)) if r.style == style && r.size == size => {
                *end = self.text.len();
                r.width += width;
            }
            _ => self.runs.push((
                Run {
                    x: self.width,
                    style,
                    size,
                    text: String::new(),
                    width,
                },
                self.text.len(),
            )),
        }
        self.width += width;
    }

    fn finish(&mut self) -> TextLine {
        let mut start = 0;
        let runs: Vec<Run> = self
            .runs
            .drain(..)
            .map(|(mut r, end)| {
                r.text = self.text[start..end].to_string();
                start = end;
                r
            })
            .collect();
        self.text.clear();
        let size = runs
            .iter()
            .map(|r| r.size)
            .fold(None, |m: Option<f32>, s| Some(m.map_or(s, |m| m.max(s))))
            .unwrap_or(self.default_size);
        let width = std::mem::replace(&mut self.width, 0.0);
        TextLine { runs, width, size }
    }
}

/// Places words and spaces on lines as they come.
struct Breaker {
    lines: Vec<TextLine>,
    cur: LineBuilder,
    pending_space: Option<Space>,
    width: f32,
}

impl Breaker {
    fn space(&mut self, s: Space) {
        if !self.cur.is_empty() && self.pending_space.is_none() {
            self.pending_space = Some(s);
        }
    }

    fn newline(&mut self) {
        self.lines.push(self.cur.finish());
        self.pending_space = None;
    }

    /// A word: `pieces` are ranges of `text`.
    fn word(&mut self, text: &str, pieces: &[Piece]) {
        let width = self.width;
        let cur = &mut self.cur;
        let w: f32 = pieces.iter().map(|p| p.width).sum();
        if !cur.is_empty() {
            let sp = self.pending_space.as_ref().map_or(0.0, |p| p.width);
            if cur.width + sp + w <= width + EPS {
                if let Some(p) = &self.pending_space {
                    cur.push(p.style, p.size, " ", p.width);
                }
                for p in pieces {
                    cur.push(p.style, p.size, &text[p.start..p.end], p.width);
                }
                self.pending_space = None;
                return;
            }
            self.lines.push(cur.finish());
        }
        self.pending_space = None;
        if w <= width + EPS {
            for p in pieces {
                cur.push(p.style, p.size, &text[p.start..p.end], p.width);
            }
        } else {
            // Only a word wider than the whole line is cut between characters.
            for p in pieces {
                for c in text[p.start..p.end].chars() {
                    let cw = char_width(c, p.style, p.size);
                    if !cur.is_empty() && cur.width + cw > width + EPS {
                        self.lines.push(cur.finish());
                    }
                    let mut buf = [0u8; 4];
                    cur.push(p.style, p.size, c.encode_utf8(&mut buf), cw);
                }
            }
        }
    }
}

/// Breaks `spans` into lines no wider than `width` points. Always returns at least
/// one line (an empty one for empty text), so that an empty paragraph keeps its place.
///
/// Words go to the lines as soon as they end, their characters gathered in one
/// buffer: no token list nor string per word (this was most of the layout's time).
pub(crate) fn break_lines(spans: &[Span], default_size: f32, width: f32) -> Vec<TextLine> {
    let mut b = Breaker {
        lines: Vec::new(),
        cur: LineBuilder::new(default_size),
        pending_space: None,
        width: width.max(1.0),
    };
    // The word being read: its text, and its pieces (one per face and size).
    let mut word = String::new();
    let mut pieces: Vec<Piece> = Vec::new();
    // Runs of spaces count once: a space right after a space is skipped.
    let mut after_space = false;
    for span in spans {
        let size = clamp_size(span.size, default_size);
        let style = span.style;
        let m = metrics(style);
        for c in span.text.chars() {
            match map_char(c) {
                Mapped::Char(c) => {
                    let w = m.advance(c).unwrap_or(0.0) * size;
                    word.push(c);
                    match pieces.last_mut() {
                        Some(p) if p.style == style && p.size == size => {
                            p.end = word.len();
                            p.width += w;
                        }
                        _ => pieces.push(Piece {
                            style,
                            size,
                            start: word.len() - c.len_utf8(),
                            end: word.len(),
                            width: w,
                        }),
                    }
                }
                Mapped::Space => {
                    if !pieces.is_empty() {
                        b.word(&word, &pieces);
                        word.clear();
                        pieces.clear();
                        after_space = false;
                    }
                    if !after_space {
                        b.space(Space {
                            style,
                            size,
                            width: char_width(' ', style, size),
                        });
                        after_space = true;
                    }
                }
                Mapped::Newline => {
                    if !pieces.is_empty() {
                        b.word(&word, &pieces);
                        word.clear();
                        pieces.clear();
                    }
                    b.newline();
                    after_space = false;
                }
                Mapped::Drop => {}
            }
        }
    }
    if !pieces.is_empty() {
        b.word(&word, &pieces);
    }
    if !b.cur.is_empty() || b.lines.is_empty() {
        b.lines.push(b.cur.finish());
    }
    b.lines
}

/// `text` in one face, cut with « … » so that it fits `width` (running headers).
pub(crate) fn truncate_to_width(text: &str, style: FontStyle, size: f32, width: f32) -> String {
    let total: f32 = text.chars().map(|c| char_width(c, style, size)).sum();
    if total <= width + EPS {
        return text.to_string();
    }
    let room = width - char_width('…', style, size);
    let mut out = String::new();
    let mut w = 0.0;
    for c in text.chars() {
        let cw = char_width(c, style, size);
        if w + cw > room {
            break;
        }
        w += cw;
        out.push(c);
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::fonts::text_width;

    fn texts(lines: &[TextLine]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.runs.iter().map(|r| r.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn breaks_at_spaces_on_real_advances() {
        let spans = [Span::regular("Le conseil citoyen se réunit")];
        let w = text_width("Le conseil", FontStyle::Regular, 11.0);
        let lines = break_lines(&spans, 11.0, w);
        assert_eq!(texts(&lines), ["Le conseil", "citoyen se", "réunit"]);
        let lines = break_lines(&spans, 11.0, w - 0.1);
        assert_eq!(texts(&lines)[0], "Le");
    }

    #[test]
    fn never_breaks_at_a_no_break_space() {
        let spans = [Span::regular("Budget : 1\u{202f}000\u{a0}€ voté")];
        let w = text_width("Budget : 1\u{a0}0", FontStyle::Regular, 11.0);
        let lines = break_lines(&spans, 11.0, w);
        assert_eq!(texts(&lines), ["Budget :", "1\u{a0}000\u{a0}€", "voté"]);
    }

    #[test]
    fn cuts_only_words_wider_than_the_line() {
        let spans = [Span::regular("a anticonstitutionnellement b")];
        let w = text_width("anticonstitu", FontStyle::Regular, 11.0);
        let lines = break_lines(&spans, 11.0, w);
        // The rest of a cut word starts a new line and is cut again if needed; the
        // following word joins it when it fits.
        assert_eq!(texts(&lines), ["a", "anticonstitu", "tionnelleme", "nt b"]);
        for l in &lines {
            assert!(l.width <= w + EPS);
        }
    }

    #[test]
    fn styles_share_a_line_and_spaces_keep_their_face() {
        let spans = [
            Span::regular("Le "),
            Span::bold("conseil"),
            Span::regular(", réuni"),
        ];
        let lines = break_lines(&spans, 11.0, 1000.0);
        assert_eq!(lines.len(), 1);
        let runs = &lines[0].runs;
        assert_eq!(runs.len(), 3);
        assert_eq!(runs[0].text, "Le ");
        assert_eq!(runs[1].text, "conseil");
        assert!((runs[1].x - runs[0].width).abs() < 1e-3);
        assert_eq!(runs[2].text, ", réuni");
        let expected = text_width("Le ", FontStyle::Regular, 11.0)
            + text_width("conseil", FontStyle::Bold, 11.0)
            + text_width(", réuni", FontStyle::Regular, 11.0);
        assert!((lines[0].width - expected).abs() < 1e-3);
    }

    #[test]
    fn newlines_and_space_runs() {
        let spans = [Span::regular("  un   deux\n\ntrois\n")];
        let lines = break_lines(&spans, 11.0, 1000.0);
        assert_eq!(texts(&lines), ["un deux", "", "trois"]);
        assert_eq!(texts(&break_lines(&[], 11.0, 100.0)), [""]);
    }

    #[test]
    fn markup_is_plain_text() {
        let spans = [Span::regular("<script>alert('x')</script> <b>gras</b>")];
        let lines = break_lines(&spans, 11.0, 1000.0);
        assert_eq!(texts(&lines), ["<script>alert('x')</script> <b>gras</b>"]);
    }

    #[test]
    fn truncation_fits() {
        let t = truncate_to_width(
            "Conseil citoyen du quartier des Trois-Cités — Procès-verbal",
            FontStyle::Regular,
            9.0,
            100.0,
        );
        assert!(t.ends_with('…'));
        assert!(text_width(&t, FontStyle::Regular, 9.0) <= 100.0);
    }
}
