//! The compte rendu of a meeting as HTML (for Chromium) and as a flat OpenDocument
//! text, `.fodt` (for LibreOffice), so that the peers print the same content as
//! `Store::meeting_pdf(…, Minutes)`: title, status, key facts, attendance, agenda,
//! every item's notes and decisions, the actions. Built in the benchmark from the
//! `MeetingDetail` the core's public API gives (`Store::meeting_detail`), following
//! `meeting_docs::minutes_document` block by block, with the same page (A4, 20 mm
//! margins, running header and footer with « Page n / N »), the same font (Atkinson
//! Hyperlegible, found through fontconfig) and the same sizes and spacing (body
//! 11 pt, line height 1.3, headings 18/14/12 pt, tables 10 pt).

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use quorum_core::format;
use quorum_core::meeting::{AttendanceState, Meeting, MeetingKind, MinutesStatus};
use quorum_core::member::{College, Member};
use quorum_core::minutes::{Action, ActionStatus, Decision, MeetingDetail, OwnerKind, VoteMode};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

pub type Spans = Vec<(Style, String)>;

pub enum Node {
    Heading(u8, String),
    Paragraph(Spans),
    /// A shaded box (the status stamp, centred; a decision).
    Frame(Vec<Spans>, bool),
    KeyValues(Vec<(String, String)>),
    List {
        numbered: bool,
        items: Vec<Spans>,
    },
    /// Column titles and relative widths, then rows.
    Table(Vec<(&'static str, f32)>, Vec<Vec<String>>),
}

pub struct Markup {
    pub title: String,
    pub header: String,
    pub footer: String,
    pub nodes: Vec<Node>,
}

fn plain(s: impl Into<String>) -> Spans {
    vec![(Style::Regular, s.into())]
}

fn printed_name(m: &Member) -> String {
    if m.consent_to_be_named {
        m.display_name()
    } else {
        let initial = |s: &str| {
            s.split(['-', ' '])
                .filter_map(|p| p.chars().next())
                .map(|c| format!("{c}."))
                .collect::<Vec<_>>()
                .join("-")
        };
        format!("{} {}", initial(&m.first_name), initial(&m.last_name))
            .trim()
            .to_string()
    }
}

fn when(m: &Meeting) -> String {
    match (m.start_time, m.end_time) {
        (Some(s), Some(e)) => format!(
            "{}, de {} à {}",
            format::date_long(m.date),
            format::time(s),
            format::time(e)
        ),
        (Some(s), None) => format::date_time(m.date, s),
        _ => format::date_long(m.date),
    }
}

fn place(m: &Meeting) -> String {
    match (m.place.is_empty(), m.remote_link.is_empty()) {
        (false, true) => m.place.clone(),
        (true, false) => format!("À distance : {}", m.remote_link),
        (false, false) => format!("{} (ou à distance : {})", m.place, m.remote_link),
        (true, true) => "à préciser".into(),
    }
}

fn euros(cents: i64) -> String {
    let whole = format::integer(cents / 100);
    let rest = (cents % 100).abs();
    if rest == 0 {
        format!("{whole}\u{a0}€")
    } else {
        format!("{whole},{rest:02}\u{a0}€")
    }
}

fn vote_text(d: &Decision) -> String {
    match d.vote {
        VoteMode::Scrutin => {
            let n = |v: Option<u32>| v.unwrap_or(0);
            let abst = n(d.abstentions);
            format!(
                "{} pour, {} contre, {} abstention{}",
                n(d.votes_for),
                n(d.votes_against),
                abst,
                if abst > 1 { "s" } else { "" }
            )
        }
        VoteMode::Unanimite => "à l'unanimité".into(),
        VoteMode::Consensus => "par consensus".into(),
        VoteMode::SansVote => "sans vote".into(),
    }
}

/// Paragraphs and lists of the notes' simple Markdown, as `markdown_blocks` reads it.
fn markdown(text: &str, out: &mut Vec<Node>) {
    let mut spans: Spans = Vec::new();
    let (mut bold, mut italic) = (0u32, 0u32);
    let mut list: Option<(bool, Vec<Spans>)> = None;
    let style = |b: u32, i: u32| match (b > 0, i > 0) {
        (true, true) => Style::BoldItalic,
        (true, false) => Style::Bold,
        (false, true) => Style::Italic,
        (false, false) => Style::Regular,
    };
    fn flush(spans: &mut Spans, out: &mut Vec<Node>, list: &mut Option<(bool, Vec<Spans>)>) {
        if spans.is_empty() {
            return;
        }
        let p = std::mem::take(spans);
        match list {
            Some((_, items)) => items.push(p),
            None => out.push(Node::Paragraph(p)),
        }
    }
    for event in Parser::new(text) {
        match event {
            Event::Start(Tag::Strong) => bold += 1,
            Event::End(TagEnd::Strong) => bold = bold.saturating_sub(1),
            Event::Start(Tag::Emphasis) => italic += 1,
            Event::End(TagEnd::Emphasis) => italic = italic.saturating_sub(1),
            Event::Start(Tag::List(first)) => {
                flush(&mut spans, out, &mut list);
                list = Some((first.is_some(), Vec::new()));
            }
            Event::End(TagEnd::List(_)) => {
                flush(&mut spans, out, &mut list);
                if let Some((numbered, items)) = list.take() {
                    out.push(Node::List { numbered, items });
                }
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::Heading(_)
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock,
            ) => flush(&mut spans, out, &mut list),
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                spans.push((style(bold, italic), t.to_string()))
            }
            Event::SoftBreak => spans.push((style(bold, italic), " ".into())),
            Event::HardBreak => flush(&mut spans, out, &mut list),
            _ => {}
        }
    }
    flush(&mut spans, out, &mut list);
}

fn actions_table(detail: &MeetingDetail, actions: &[&Action]) -> Node {
    let owner = |a: &Action| match a.owner_kind {
        OwnerKind::Member => a
            .owner_member_id
            .and_then(|id| detail.members.iter().find(|m| m.id == id))
            .map(printed_name)
            .unwrap_or_default(),
        OwnerKind::Guest => a
            .owner_guest_id
            .and_then(|id| detail.guests.iter().find(|g| g.id == id))
            .map(|g| {
                format!("{} {}", g.first_name, g.last_name)
                    .trim()
                    .to_string()
            })
            .unwrap_or_default(),
        OwnerKind::Institution => a.owner_text.clone(),
        OwnerKind::Aucun => "à désigner".into(),
    };
    let status = |a: &Action| match a.status {
        ActionStatus::AFaire => "À faire",
        ActionStatus::EnCours => "En cours",
        ActionStatus::Fait => "Fait",
        ActionStatus::Abandonne => "Abandonné",
    };
    Node::Table(
        vec![
            ("Action", 0.44),
            ("Qui", 0.22),
            ("Échéance", 0.18),
            ("État", 0.16),
        ],
        actions
            .iter()
            .map(|a| {
                vec![
                    a.description.clone(),
                    owner(a),
                    a.due_date
                        .map(format::date)
                        .unwrap_or_else(|| a.due_text.clone()),
                    status(a).to_string(),
                ]
            })
            .collect(),
    )
}

fn attendance(detail: &MeetingDetail, out: &mut Vec<Node>) {
    let state_of = |x: &Member| {
        detail
            .attendance
            .iter()
            .find(|a| a.member_id == x.id)
            .map(|a| (a.state, a.proxy_member_id))
    };
    let name_of = |id: Option<Uuid>| {
        id.and_then(|id| detail.members.iter().find(|x| x.id == id))
            .map(printed_name)
            .unwrap_or_default()
    };
    let m = &detail.meeting;
    if m.kind == MeetingKind::ReunionPublique
        && (m.head_count.is_some() || !m.head_count_note.is_empty())
    {
        let mut text = String::from("Participation : ");
        if let Some(n) = m.head_count {
            text.push_str(&format!("{} personnes", format::integer(i64::from(n))));
            if !m.head_count_note.is_empty() {
                text.push_str(" ; ");
            }
        }
        text.push_str(&m.head_count_note);
        out.push(Node::Paragraph(plain(text)));
    }
    for college in College::ALL {
        let members: Vec<&Member> = detail
            .members
            .iter()
            .filter(|m| m.college == college)
            .collect();
        let mut lines = Vec::new();
        for (label, state) in [
            ("Présents", AttendanceState::Present),
            ("Représentés", AttendanceState::Represente),
            ("Excusés", AttendanceState::Excuse),
            ("Absents", AttendanceState::Absent),
        ] {
            let names: Vec<String> = members
                .iter()
                .filter_map(|x| match state_of(x) {
                    Some((s, proxy)) if s == state => Some(if s == AttendanceState::Represente {
                        format!("{} (pouvoir donné à {})", printed_name(x), name_of(proxy))
                    } else {
                        printed_name(x)
                    }),
                    _ => None,
                })
                .collect();
            if !names.is_empty() {
                lines.push((format!("{label} ({})", names.len()), names.join(", ")));
            }
        }
        if !lines.is_empty() {
            out.push(Node::Heading(3, college.label().into()));
            out.push(Node::KeyValues(lines));
        }
    }
    let guests: Vec<Spans> = detail
        .guest_attendance
        .iter()
        .filter_map(|ga| {
            let g = detail.guests.iter().find(|g| g.id == ga.guest_id)?;
            let mut s = format!("{} {}", g.first_name, g.last_name)
                .trim()
                .to_string();
            let role: Vec<&str> = [g.function.as_str(), g.organisation.as_str()]
                .into_iter()
                .filter(|x| !x.is_empty())
                .collect();
            if !role.is_empty() {
                s.push_str(&format!(" ({})", role.join(", ")));
            }
            if !ga.items_note.is_empty() {
                s.push_str(&format!(" — {}", ga.items_note));
            }
            Some(plain(s))
        })
        .collect();
    if !guests.is_empty() {
        out.push(Node::Heading(3, "Invités".into()));
        out.push(Node::List {
            numbered: false,
            items: guests,
        });
    }
}

/// The compte rendu, block by block as `minutes_document` builds it.
pub fn minutes(detail: &MeetingDetail) -> Markup {
    let m = &detail.meeting;
    let mut nodes = Vec::new();
    nodes.push(Node::Heading(1, format!("Compte rendu — {}", m.title)));
    let stamp = match m.minutes_status {
        MinutesStatus::Adopte => format!(
            "Adopté le {}{}",
            m.adopted_on.map(format::date).unwrap_or_default(),
            if m.minutes_version > 1 {
                format!(" (rectificatif, version {})", m.minutes_version)
            } else {
                String::new()
            }
        ),
        MinutesStatus::Diffuse => format!(
            "Projet — diffusé le {}, à adopter lors d'une prochaine réunion",
            m.distributed_on.map(format::date).unwrap_or_default()
        ),
        MinutesStatus::Brouillon => "Projet — document de travail, non adopté".into(),
    };
    nodes.push(Node::Frame(vec![vec![(Style::Bold, stamp)]], true));
    let q = &detail.quorum;
    nodes.push(Node::KeyValues(vec![
        ("Conseil".into(), detail.council.name.clone()),
        ("Type".into(), m.kind.label().into()),
        ("Date".into(), when(m)),
        ("Lieu".into(), place(m)),
        (
            "Quorum".into(),
            format!(
                "{} : {} présent{} pour {} requis ({})",
                if q.reached { "atteint" } else { "non atteint" },
                q.present_in_base,
                if q.present_in_base > 1 { "s" } else { "" },
                q.required,
                detail.council.quorum_rule.describe()
            ),
        ),
    ]));
    nodes.push(Node::Heading(2, "Participants".into()));
    attendance(detail, &mut nodes);
    nodes.push(Node::Heading(2, "Ordre du jour".into()));
    nodes.push(Node::List {
        numbered: true,
        items: detail
            .items
            .iter()
            .map(|i| plain(i.item.title.clone()))
            .collect(),
    });
    for (n, i) in detail.items.iter().enumerate() {
        nodes.push(Node::Heading(2, format!("{}. {}", n + 1, i.item.title)));
        if !i.item.presenter.is_empty() {
            nodes.push(Node::Paragraph(vec![(
                Style::Italic,
                format!("Présenté par {}", i.item.presenter),
            )]));
        }
        markdown(&i.item.notes, &mut nodes);
        for d in &i.decisions {
            let mut paragraphs = vec![vec![
                (Style::Bold, format!("{} ", d.outcome.label())),
                (Style::Regular, format!("({}) : ", vote_text(d))),
                (Style::Regular, d.text.clone()),
            ]];
            if let (Some(asked), Some(granted)) = (d.amount_requested_cents, d.amount_granted_cents)
            {
                paragraphs.push(plain(format!(
                    "Montant demandé : {} ; montant accordé : {}.",
                    euros(asked),
                    euros(granted)
                )));
            }
            nodes.push(Node::Frame(paragraphs, false));
            if !d.dissent.is_empty() {
                nodes.push(Node::Paragraph(vec![
                    (
                        Style::Bold,
                        "Avis divergents et propositions alternatives : ".into(),
                    ),
                    (Style::Italic, d.dissent.clone()),
                ]));
            }
        }
        let item_actions: Vec<&Action> = detail
            .actions
            .iter()
            .filter(|a| a.agenda_item_id == Some(i.item.id))
            .collect();
        if !item_actions.is_empty() {
            nodes.push(Node::Heading(3, "Actions décidées".into()));
            nodes.push(actions_table(detail, &item_actions));
        }
    }
    let all: Vec<&Action> = detail.actions.iter().collect();
    if !all.is_empty() {
        nodes.push(Node::Heading(2, "Récapitulatif des actions".into()));
        nodes.push(actions_table(detail, &all));
    }
    let open: Vec<&Action> = detail.open_actions.iter().collect();
    if !open.is_empty() {
        nodes.push(Node::Heading(2, "Suivi des actions en cours".into()));
        nodes.push(actions_table(detail, &open));
    }
    Markup {
        title: format!("Compte rendu — {}", m.title),
        header: format!("{} — Compte rendu", detail.council.name),
        footer: format!(
            "Compte rendu du {} — version {}",
            format::date(m.date),
            m.minutes_version
        ),
        nodes,
    }
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A CSS string literal.
fn css_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

const FONT: &str = "Atkinson Hyperlegible";

impl Markup {
    pub fn html(&self) -> String {
        let spans = |spans: &Spans| -> String {
            spans
                .iter()
                .map(|(style, text)| match style {
                    Style::Regular => escape(text),
                    Style::Bold => format!("<b>{}</b>", escape(text)),
                    Style::Italic => format!("<i>{}</i>", escape(text)),
                    Style::BoldItalic => format!("<b><i>{}</i></b>", escape(text)),
                })
                .collect()
        };
        let mut body = String::new();
        for node in &self.nodes {
            match node {
                Node::Heading(level, text) => {
                    body.push_str(&format!("<h{level}>{}</h{level}>\n", escape(text)))
                }
                Node::Paragraph(s) => body.push_str(&format!("<p>{}</p>\n", spans(s))),
                Node::Frame(paragraphs, centred) => {
                    body.push_str(if *centred {
                        "<div class=\"frame centred\">"
                    } else {
                        "<div class=\"frame\">"
                    });
                    for p in paragraphs {
                        body.push_str(&format!("<p>{}</p>", spans(p)));
                    }
                    body.push_str("</div>\n");
                }
                Node::KeyValues(kv) => {
                    body.push_str("<table class=\"kv\">");
                    for (k, v) in kv {
                        body.push_str(&format!(
                            "<tr><th>{} :</th><td>{}</td></tr>",
                            escape(k),
                            escape(v)
                        ));
                    }
                    body.push_str("</table>\n");
                }
                Node::List { numbered, items } => {
                    let tag = if *numbered { "ol" } else { "ul" };
                    body.push_str(&format!("<{tag}>"));
                    for i in items {
                        body.push_str(&format!("<li>{}</li>", spans(i)));
                    }
                    body.push_str(&format!("</{tag}>\n"));
                }
                Node::Table(columns, rows) => {
                    body.push_str("<table class=\"grid\"><colgroup>");
                    for (_, w) in columns {
                        body.push_str(&format!("<col style=\"width:{:.0}%\">", w * 100.0));
                    }
                    body.push_str("</colgroup><thead><tr>");
                    for (title, _) in columns {
                        body.push_str(&format!("<th>{}</th>", escape(title)));
                    }
                    body.push_str("</tr></thead><tbody>");
                    for row in rows {
                        body.push_str("<tr>");
                        for cell in row {
                            body.push_str(&format!("<td>{}</td>", escape(cell)));
                        }
                        body.push_str("</tr>");
                    }
                    body.push_str("</tbody></table>\n");
                }
            }
        }
        format!(
            r#"<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{title}</title>
<style>
@page {{
  size: A4; margin: 20mm;
  @top-left {{ content: {header}; font: 8.5pt "{FONT}"; color: #4d4d4d; vertical-align: bottom; border-bottom: 0.5pt solid #999; }}
  @bottom-left {{ content: {footer}; font: 8.5pt "{FONT}"; color: #4d4d4d; vertical-align: top; border-top: 0.5pt solid #999; }}
  @bottom-right {{ content: "Page " counter(page) " / " counter(pages); font: 8.5pt "{FONT}"; color: #4d4d4d; vertical-align: top; border-top: 0.5pt solid #999; }}
}}
body {{ margin: 0; font-family: "{FONT}"; font-size: 11pt; line-height: 1.3; }}
p {{ margin: 0 0 6pt; orphans: 2; widows: 2; }}
h1, h2, h3 {{ break-after: avoid; line-height: 1.3; }}
h1 {{ font-size: 18pt; margin: 16pt 0 8pt; }}
h2 {{ font-size: 14pt; margin: 12pt 0 5pt; }}
h3 {{ font-size: 12pt; font-style: italic; margin: 10pt 0 4pt; }}
.frame {{ background: #f0f0f0; border: 0.5pt solid #999; padding: 8pt; margin: 0 0 8pt; break-inside: avoid; }}
.centred {{ text-align: center; }}
.frame p {{ margin: 0; }}
ol, ul {{ margin: 0 0 6pt; padding-left: 18pt; }}
li {{ margin-bottom: 3pt; }}
table {{ border-collapse: collapse; width: 100%; margin: 0 0 8pt; }}
table.kv th {{ text-align: left; vertical-align: top; padding: 0 8pt 3pt 0; white-space: nowrap; }}
table.kv td {{ padding: 0 0 3pt; }}
table.grid {{ font-size: 10pt; }}
table.grid th, table.grid td {{ border: 0.5pt solid #000; padding: 3pt 4pt; text-align: left; vertical-align: top; }}
table.grid thead {{ display: table-header-group; background: #e0e0e0; }}
table.grid tr {{ break-inside: avoid; }}
</style></head>
<body>
{body}</body></html>
"#,
            title = escape(&self.title),
            header = css_string(&self.header),
            footer = css_string(&self.footer),
        )
    }

    pub fn fodt(&self) -> String {
        let spans = |spans: &Spans| -> String {
            spans
                .iter()
                .map(|(style, text)| match style {
                    Style::Regular => escape(text),
                    Style::Bold => format!(
                        "<text:span text:style-name=\"Tb\">{}</text:span>",
                        escape(text)
                    ),
                    Style::Italic => format!(
                        "<text:span text:style-name=\"Ti\">{}</text:span>",
                        escape(text)
                    ),
                    Style::BoldItalic => format!(
                        "<text:span text:style-name=\"Tbi\">{}</text:span>",
                        escape(text)
                    ),
                })
                .collect()
        };
        let mut body = String::new();
        let mut automatic = String::new();
        for (n, node) in self.nodes.iter().enumerate() {
            match node {
                Node::Heading(level, text) => body.push_str(&format!(
                    "<text:h text:style-name=\"H{level}\" text:outline-level=\"{level}\">{}</text:h>\n",
                    escape(text)
                )),
                Node::Paragraph(s) => body.push_str(&format!(
                    "<text:p text:style-name=\"Body\">{}</text:p>\n",
                    spans(s)
                )),
                Node::Frame(paragraphs, centred) => {
                    for p in paragraphs {
                        body.push_str(&format!(
                            "<text:p text:style-name=\"{}\">{}</text:p>\n",
                            if *centred { "FrameCentred" } else { "Frame" },
                            spans(p)
                        ));
                    }
                }
                Node::KeyValues(kv) => {
                    body.push_str(&format!(
                        "<table:table table:name=\"T{n}\" table:style-name=\"Tbl\">\
                         <table:table-column table:style-name=\"KvKey\"/>\
                         <table:table-column table:style-name=\"KvValue\"/>"
                    ));
                    for (k, v) in kv {
                        body.push_str(&format!(
                            "<table:table-row><table:table-cell table:style-name=\"KvCell\" office:value-type=\"string\">\
                             <text:p text:style-name=\"Cell11\"><text:span text:style-name=\"Tb\">{} :</text:span></text:p></table:table-cell>\
                             <table:table-cell table:style-name=\"KvCell\" office:value-type=\"string\">\
                             <text:p text:style-name=\"Cell11\">{}</text:p></table:table-cell></table:table-row>",
                            escape(k),
                            escape(v)
                        ));
                    }
                    body.push_str("</table:table>\n");
                }
                Node::List { numbered, items } => {
                    body.push_str(&format!(
                        "<text:list text:style-name=\"{}\">",
                        if *numbered { "LNum" } else { "LBul" }
                    ));
                    for i in items {
                        body.push_str(&format!(
                            "<text:list-item><text:p text:style-name=\"Item\">{}</text:p></text:list-item>",
                            spans(i)
                        ));
                    }
                    body.push_str("</text:list>\n");
                }
                Node::Table(columns, rows) => {
                    body.push_str(&format!(
                        "<table:table table:name=\"T{n}\" table:style-name=\"Tbl\">"
                    ));
                    for (c, (_, w)) in columns.iter().enumerate() {
                        automatic.push_str(&format!(
                            "<style:style style:name=\"T{n}C{c}\" style:family=\"table-column\">\
                             <style:table-column-properties style:column-width=\"{:.1}mm\"/></style:style>\n",
                            170.0 * w
                        ));
                        body.push_str(&format!(
                            "<table:table-column table:style-name=\"T{n}C{c}\"/>"
                        ));
                    }
                    body.push_str("<table:table-header-rows><table:table-row>");
                    for (title, _) in columns {
                        body.push_str(&format!(
                            "<table:table-cell table:style-name=\"HeadCell\" office:value-type=\"string\">\
                             <text:p text:style-name=\"Cell\"><text:span text:style-name=\"Tb\">{}</text:span></text:p></table:table-cell>",
                            escape(title)
                        ));
                    }
                    body.push_str("</table:table-row></table:table-header-rows>");
                    for row in rows {
                        body.push_str("<table:table-row>");
                        for cell in row {
                            body.push_str(&format!(
                                "<table:table-cell table:style-name=\"GridCell\" office:value-type=\"string\">\
                                 <text:p text:style-name=\"Cell\">{}</text:p></table:table-cell>",
                                escape(cell)
                            ));
                        }
                        body.push_str("</table:table-row>");
                    }
                    body.push_str("</table:table>\n");
                }
            }
        }
        format!(
            r##"<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:meta><dc:title>{title}</dc:title><dc:language>fr-FR</dc:language></office:meta>
<office:font-face-decls>
 <style:font-face style:name="{FONT}" svg:font-family="'{FONT}'" style:font-family-generic="swiss" style:font-pitch="variable"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:paragraph-properties fo:line-height="14.3pt" fo:orphans="2" fo:widows="2"/>
  <style:text-properties style:font-name="{FONT}" fo:font-size="11pt" fo:language="fr" fo:country="FR"/>
 </style:default-style>
 <style:style style:name="Standard" style:family="paragraph" style:class="text"/>
 <style:style style:name="Body" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:margin-top="0pt" fo:margin-bottom="6pt"/>
 </style:style>
 <style:style style:name="Item" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:margin-top="0pt" fo:margin-bottom="3pt"/>
 </style:style>
 <style:style style:name="Frame" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:margin-top="0pt" fo:margin-bottom="8pt" fo:padding="8pt" fo:border="0.5pt solid #999999" fo:background-color="#f0f0f0" fo:keep-together="always"/>
 </style:style>
 <style:style style:name="FrameCentred" style:family="paragraph" style:parent-style-name="Frame">
  <style:paragraph-properties fo:text-align="center"/>
 </style:style>
 <style:style style:name="Cell" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:line-height="13pt"/>
  <style:text-properties fo:font-size="10pt"/>
 </style:style>
 <style:style style:name="Cell11" style:family="paragraph" style:parent-style-name="Standard"/>
 <style:style style:name="H1" style:family="paragraph" style:parent-style-name="Standard" style:default-outline-level="1">
  <style:paragraph-properties fo:margin-top="16pt" fo:margin-bottom="8pt" fo:line-height="23.4pt" fo:keep-with-next="always"/>
  <style:text-properties fo:font-size="18pt" fo:font-weight="bold"/>
 </style:style>
 <style:style style:name="H2" style:family="paragraph" style:parent-style-name="Standard" style:default-outline-level="2">
  <style:paragraph-properties fo:margin-top="12pt" fo:margin-bottom="5pt" fo:line-height="18.2pt" fo:keep-with-next="always"/>
  <style:text-properties fo:font-size="14pt" fo:font-weight="bold"/>
 </style:style>
 <style:style style:name="H3" style:family="paragraph" style:parent-style-name="Standard" style:default-outline-level="3">
  <style:paragraph-properties fo:margin-top="10pt" fo:margin-bottom="4pt" fo:line-height="15.6pt" fo:keep-with-next="always"/>
  <style:text-properties fo:font-size="12pt" fo:font-weight="bold" fo:font-style="italic"/>
 </style:style>
 <style:style style:name="Running" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:line-height="11pt">
   <style:tab-stops><style:tab-stop style:position="170mm" style:type="right"/></style:tab-stops>
  </style:paragraph-properties>
  <style:text-properties fo:font-size="8.5pt" fo:color="#4d4d4d"/>
 </style:style>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="A4">
  <style:page-layout-properties fo:page-width="210mm" fo:page-height="297mm" style:print-orientation="portrait"
   fo:margin-top="13mm" fo:margin-bottom="13mm" fo:margin-left="20mm" fo:margin-right="20mm"/>
  <style:header-style><style:header-footer-properties fo:min-height="0mm" fo:margin-bottom="2mm" fo:padding-bottom="1mm" fo:border-bottom="0.5pt solid #999999"/></style:header-style>
  <style:footer-style><style:header-footer-properties fo:min-height="0mm" fo:margin-top="2mm" fo:padding-top="1mm" fo:border-top="0.5pt solid #999999"/></style:footer-style>
 </style:page-layout>
 <style:style style:name="Tb" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
 <style:style style:name="Ti" style:family="text"><style:text-properties fo:font-style="italic"/></style:style>
 <style:style style:name="Tbi" style:family="text"><style:text-properties fo:font-weight="bold" fo:font-style="italic"/></style:style>
 <style:style style:name="Tbl" style:family="table">
  <style:table-properties style:width="170mm" table:align="left" fo:margin-bottom="8pt"/>
 </style:style>
 <style:style style:name="KvKey" style:family="table-column"><style:table-column-properties style:column-width="30mm"/></style:style>
 <style:style style:name="KvValue" style:family="table-column"><style:table-column-properties style:column-width="140mm"/></style:style>
 <style:style style:name="KvCell" style:family="table-cell"><style:table-cell-properties fo:padding-top="0pt" fo:padding-bottom="3pt" fo:padding-left="0pt" fo:padding-right="8pt" fo:border="none"/></style:style>
 <style:style style:name="GridCell" style:family="table-cell"><style:table-cell-properties fo:padding-top="3pt" fo:padding-bottom="3pt" fo:padding-left="4pt" fo:padding-right="4pt" fo:border="0.5pt solid #000000"/></style:style>
 <style:style style:name="HeadCell" style:family="table-cell"><style:table-cell-properties fo:padding-top="3pt" fo:padding-bottom="3pt" fo:padding-left="4pt" fo:padding-right="4pt" fo:border="0.5pt solid #000000" fo:background-color="#e0e0e0"/></style:style>
{automatic} <text:list-style style:name="LNum">
  <text:list-level-style-number text:level="1" style:num-suffix="." style:num-format="1">
   <style:list-level-properties text:list-level-position-and-space-mode="label-alignment">
    <style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="18pt" fo:text-indent="-18pt" fo:margin-left="18pt"/>
   </style:list-level-properties>
  </text:list-level-style-number>
 </text:list-style>
 <text:list-style style:name="LBul">
  <text:list-level-style-bullet text:level="1" text:bullet-char="•">
   <style:list-level-properties text:list-level-position-and-space-mode="label-alignment">
    <style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="18pt" fo:text-indent="-18pt" fo:margin-left="18pt"/>
   </style:list-level-properties>
  </text:list-level-style-bullet>
 </text:list-style>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="A4">
  <style:header><text:p text:style-name="Running">{header}</text:p></style:header>
  <style:footer><text:p text:style-name="Running">{footer}<text:tab/>Page <text:page-number text:select-page="current">1</text:page-number> / <text:page-count>1</text:page-count></text:p></style:footer>
 </style:master-page>
</office:master-styles>
<office:body><office:text>
{body}</office:text></office:body>
</office:document>
"##,
            title = escape(&self.title),
            header = escape(&self.header),
            footer = escape(&self.footer),
        )
    }
}
