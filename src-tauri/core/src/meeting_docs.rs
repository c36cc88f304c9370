//! The printed documents of a meeting: convocation, feuille d'émargement, compte
//! rendu, relevé de décisions, and the decisions register of a council. Each is a
//! `doc::Document` built from a `MeetingDetail`; `doc` lays it out and writes the PDF.
//!
//! In published documents (compte rendu, relevé, register), members who did not agree
//! to be named appear by their initials. Internal ones (convocation, émargement) name
//! everyone: members must find their own line.

use crate::db::Store;
use crate::doc::{
    render_pdf, Align, Block, Cell, Column, Document, Frame, KeyValue, List, ListItem, Metadata,
    Paragraph, Row, Span, Table,
};
use crate::error::{Error, Result};
use crate::format;
use crate::guest::Guest;
use crate::meeting::{AttendanceState, Meeting, MeetingKind, MinutesStatus};
use crate::member::{College, Member};
use crate::minutes::{self, Action, Decision, MeetingDetail, Outcome, OwnerKind, VoteMode};
use chrono::{NaiveDate, Utc};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use uuid::Uuid;

/// The documents of one meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MeetingDocument {
    Convocation,
    AttendanceSheet,
    Minutes,
    Decisions,
}

impl MeetingDocument {
    pub fn title(self) -> &'static str {
        match self {
            MeetingDocument::Convocation => "Convocation",
            MeetingDocument::AttendanceSheet => "Feuille d'émargement",
            MeetingDocument::Minutes => "Compte rendu",
            MeetingDocument::Decisions => "Relevé de décisions",
        }
    }
}

/// The name of a member on an internal document.
fn full_name(m: &Member) -> String {
    m.display_name()
}

/// A name as it may be published: in full with consent, initials otherwise.
pub(crate) fn printed_name(m: &Member) -> String {
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

fn guest_name(g: &Guest) -> String {
    format!("{} {}", g.first_name, g.last_name)
        .trim()
        .to_string()
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

fn kind_phrase(k: MeetingKind) -> &'static str {
    match k {
        MeetingKind::Pleniere => "séance plénière",
        MeetingKind::ComiteAnimation => "réunion du comité d'animation",
        MeetingKind::Commission => "réunion de commission",
        MeetingKind::ReunionPublique => "réunion publique",
        MeetingKind::Representation => "réunion",
    }
}

/// « 1 500 € », « 12,50 € ».
pub fn euros(cents: i64) -> String {
    let whole = format::integer(cents / 100);
    let rest = (cents % 100).abs();
    if rest == 0 {
        format!("{whole}{}€", format::NBSP)
    } else {
        format!("{whole},{rest:02}{}€", format::NBSP)
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

fn decision_blocks(d: &Decision) -> Vec<Block> {
    let mut paragraphs = vec![Paragraph::from_spans(vec![
        Span::bold(format!("{} ", d.outcome.label())),
        Span::regular(format!("({}) : ", vote_text(d))),
        Span::regular(d.text.clone()),
    ])];
    if let (Some(asked), Some(granted)) = (d.amount_requested_cents, d.amount_granted_cents) {
        paragraphs.push(Paragraph::new(format!(
            "Montant demandé : {} ; montant accordé : {}.",
            euros(asked),
            euros(granted)
        )));
    }
    let mut blocks = vec![Block::Frame(Frame {
        paragraphs,
        fill: Some(0.94),
    })];
    if !d.dissent.is_empty() {
        blocks.push(Block::Paragraph(Paragraph::from_spans(vec![
            Span::bold("Avis divergents et propositions alternatives : "),
            Span::italic(d.dissent.clone()),
        ])));
    }
    blocks
}

/// Simple Markdown (paragraphs, lists, bold, italic) as document blocks. Anything
/// else (HTML, links, headings) prints as its plain text: nothing is interpreted.
pub fn markdown_blocks(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut spans: Vec<Span> = Vec::new();
    let (mut bold, mut italic) = (0u32, 0u32);
    // Items of the list being read, and whether it is numbered.
    let mut list: Option<(bool, Vec<ListItem>)> = None;
    let style = |b: u32, i: u32| match (b > 0, i > 0) {
        (true, true) => crate::doc::FontStyle::BoldItalic,
        (true, false) => crate::doc::FontStyle::Bold,
        (false, true) => crate::doc::FontStyle::Italic,
        (false, false) => crate::doc::FontStyle::Regular,
    };
    let flush = |spans: &mut Vec<Span>,
                 blocks: &mut Vec<Block>,
                 list: &mut Option<(bool, Vec<ListItem>)>| {
        if spans.is_empty() {
            return;
        }
        let p = Paragraph::from_spans(std::mem::take(spans));
        match list {
            Some((_, items)) => items.push(ListItem::new(p)),
            None => blocks.push(Block::Paragraph(p)),
        }
    };
    for event in Parser::new(text) {
        match event {
            Event::Start(Tag::Strong) => bold += 1,
            Event::End(TagEnd::Strong) => bold = bold.saturating_sub(1),
            Event::Start(Tag::Emphasis) => italic += 1,
            Event::End(TagEnd::Emphasis) => italic = italic.saturating_sub(1),
            Event::Start(Tag::List(first)) => {
                flush(&mut spans, &mut blocks, &mut list);
                list = Some((first.is_some(), Vec::new()));
            }
            Event::End(TagEnd::List(_)) => {
                flush(&mut spans, &mut blocks, &mut list);
                if let Some((numbered, items)) = list.take() {
                    blocks.push(Block::List(if numbered {
                        List::numbered(items)
                    } else {
                        List::bulleted(items)
                    }));
                }
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::Heading(_)
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock,
            ) => flush(&mut spans, &mut blocks, &mut list),
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                spans.push(Span::new(t.to_string(), style(bold, italic)))
            }
            Event::SoftBreak => spans.push(Span::new(" ", style(bold, italic))),
            Event::HardBreak => flush(&mut spans, &mut blocks, &mut list),
            _ => {}
        }
    }
    flush(&mut spans, &mut blocks, &mut list);
    blocks
}

fn base_document(detail: &MeetingDetail, which: MeetingDocument) -> Document {
    let m = &detail.meeting;
    let title = format!("{} — {}", which.title(), m.title);
    let created = Utc::now().fixed_offset();
    let mut meta = Metadata::new(title, created);
    meta.author = detail.council.name.clone();
    meta.subject = format!(
        "{} de la réunion du {} du {}",
        which.title(),
        format::date(m.date),
        detail.council.name
    );
    meta.keywords = vec![
        "conseil citoyen".into(),
        which.title().to_lowercase(),
        detail.council.commune.clone(),
    ];
    let mut doc = Document::new(meta);
    doc.header = format!("{} — {}", detail.council.name, which.title());
    doc.footer = format!("{} du {}", m.title, format::date(m.date));
    doc
}

fn members_of(detail: &MeetingDetail, college: College) -> Vec<&Member> {
    detail
        .members
        .iter()
        .filter(|m| m.college == college)
        .collect()
}

pub fn convocation(detail: &MeetingDetail) -> Document {
    let m = &detail.meeting;
    let mut doc = base_document(detail, MeetingDocument::Convocation);
    doc.push(Block::heading(1, "Convocation"));
    doc.push(Block::Paragraph(
        Paragraph::new(format!(
            "{}, le {}",
            detail.council.commune,
            format::date(chrono::Local::now().date_naive())
        ))
        .aligned(Align::Right),
    ));
    doc.push(Block::paragraph("Madame, Monsieur,"));
    doc.push(Block::paragraph(format!(
        "Vous êtes invité·e à la {} du {} :",
        kind_phrase(m.kind),
        detail.council.name
    )));
    doc.push(Block::KeyValues(vec![
        KeyValue::new("Réunion", m.title.clone()),
        KeyValue::new("Date", when(m)),
        KeyValue::new("Lieu", place(m)),
    ]));
    doc.push(Block::heading(2, "Ordre du jour"));
    if detail.items.is_empty() {
        doc.push(Block::paragraph(
            "L'ordre du jour sera précisé en début de séance.",
        ));
    } else {
        let items = detail
            .items
            .iter()
            .map(|i| {
                let mut spans = vec![Span::bold(i.item.title.clone())];
                let mut extra = Vec::new();
                if !i.item.presenter.is_empty() {
                    extra.push(format!("présenté par {}", i.item.presenter));
                }
                if let Some(min) = i.item.planned_minutes {
                    extra.push(format!("{min}{}min", format::NBSP));
                }
                if !extra.is_empty() {
                    spans.push(Span::regular(format!(" ({})", extra.join(", "))));
                }
                ListItem::new(Paragraph::from_spans(spans))
            })
            .collect();
        doc.push(Block::List(List::numbered(items)));
    }
    doc.push(Block::paragraph(
        "En cas d'empêchement, merci de prévenir l'équipe d'animation. Vous pouvez aussi donner pouvoir à un autre membre du conseil en remplissant le bon ci-dessous.",
    ));
    let animators: Vec<String> = detail
        .members
        .iter()
        .filter(|x| x.active_on(m.date) && x.roles.contains(&crate::member::MemberRole::Animateur))
        .map(full_name)
        .collect();
    doc.push(Block::Paragraph(
        Paragraph::new(if animators.is_empty() {
            "L'équipe d'animation du conseil".to_string()
        } else {
            format!("Pour l'équipe d'animation : {}", animators.join(", "))
        })
        .aligned(Align::Right),
    ));
    doc.push(Block::Spacer(18.0));
    doc.push(Block::Rule);
    doc.push(Block::heading(2, "Pouvoir"));
    doc.push(Block::paragraph(format!(
        "Je soussigné·e ………………………………………………, membre du {}, donne pouvoir à ………………………………………………, pour me représenter et voter en mon nom lors de la réunion du {}.",
        detail.council.name,
        format::date(m.date)
    )));
    doc.push(Block::paragraph(
        "Fait à ……………………………, le ……………………   Signature :",
    ));
    doc
}

pub fn attendance_sheet(detail: &MeetingDetail) -> Document {
    let m = &detail.meeting;
    let mut doc = base_document(detail, MeetingDocument::AttendanceSheet);
    doc.push(Block::heading(1, "Feuille d'émargement"));
    doc.push(Block::KeyValues(vec![
        KeyValue::new("Conseil", detail.council.name.clone()),
        KeyValue::new("Réunion", m.title.clone()),
        KeyValue::new("Date", when(m)),
        KeyValue::new("Lieu", place(m)),
    ]));
    let signature_row = 30.0;
    for college in College::ALL {
        let rows: Vec<Row> = members_of(detail, college)
            .into_iter()
            .filter(|x| x.active_on(m.date))
            .map(|x| {
                Row::new(vec![
                    Cell::new(full_name(x)),
                    Cell::new(status_word(x)),
                    Cell::empty(),
                ])
                .with_min_height(signature_row)
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        doc.push(Block::heading(2, college.label()));
        doc.push(Block::Table(Table {
            columns: vec![
                Column::new("Nom", 0.38),
                Column::new("Statut", 0.22),
                Column::new("Signature", 0.40),
            ],
            rows,
            size: None,
        }));
    }
    doc.push(Block::heading(2, "Invités et public"));
    let blank = || {
        Row::new(vec![Cell::empty(), Cell::empty(), Cell::empty()]).with_min_height(signature_row)
    };
    doc.push(Block::Table(Table {
        columns: vec![
            Column::new("Nom et prénom", 0.35),
            Column::new("Organisation, fonction", 0.35),
            Column::new("Signature", 0.30),
        ],
        rows: (0..10).map(|_| blank()).collect(),
        size: None,
    }));
    doc
}

fn status_word(m: &Member) -> String {
    let mut s = match m.status {
        crate::member::MemberStatus::Titulaire => "Titulaire".to_string(),
        crate::member::MemberStatus::Suppleant => "Suppléant·e".to_string(),
        crate::member::MemberStatus::Complementaire => "Membre complémentaire".to_string(),
    };
    if m.college == College::ActeursLocaux && !m.organisation.is_empty() {
        s = format!("{s}, {}", m.organisation);
    }
    s
}

fn attendance_blocks(detail: &MeetingDetail) -> Vec<Block> {
    let m = &detail.meeting;
    let mut blocks = Vec::new();
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
        blocks.push(Block::paragraph(text));
    }
    for college in College::ALL {
        let members = members_of(detail, college);
        let pick = |state: AttendanceState| -> Vec<String> {
            members
                .iter()
                .filter_map(|x| match state_of(x) {
                    Some((s, proxy)) if s == state => Some(if s == AttendanceState::Represente {
                        format!("{} (pouvoir donné à {})", printed_name(x), name_of(proxy))
                    } else {
                        printed_name(x)
                    }),
                    _ => None,
                })
                .collect()
        };
        let mut lines = Vec::new();
        for (label, state) in [
            ("Présents", AttendanceState::Present),
            ("Représentés", AttendanceState::Represente),
            ("Excusés", AttendanceState::Excuse),
            ("Absents", AttendanceState::Absent),
        ] {
            let names = pick(state);
            if !names.is_empty() {
                lines.push(KeyValue::new(
                    format!("{label} ({})", names.len()),
                    names.join(", "),
                ));
            }
        }
        if !lines.is_empty() {
            blocks.push(Block::heading(3, college.label()));
            blocks.push(Block::KeyValues(lines));
        }
    }
    let guests: Vec<String> = detail
        .guest_attendance
        .iter()
        .filter_map(|ga| {
            let g = detail.guests.iter().find(|g| g.id == ga.guest_id)?;
            let mut s = guest_name(g);
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
            Some(s)
        })
        .collect();
    if !guests.is_empty() {
        blocks.push(Block::heading(3, "Invités"));
        blocks.push(Block::List(List::bulleted(
            guests
                .into_iter()
                .map(|g| ListItem::new(Paragraph::new(g)))
                .collect(),
        )));
    }
    blocks
}

fn owner_text(detail: &MeetingDetail, a: &Action) -> String {
    match a.owner_kind {
        OwnerKind::Member => a
            .owner_member_id
            .and_then(|id| detail.members.iter().find(|m| m.id == id))
            .map(printed_name)
            .unwrap_or_default(),
        OwnerKind::Guest => a
            .owner_guest_id
            .and_then(|id| detail.guests.iter().find(|g| g.id == id))
            .map(guest_name)
            .unwrap_or_default(),
        OwnerKind::Institution => a.owner_text.clone(),
        OwnerKind::Aucun => "à désigner".into(),
    }
}

fn action_status(a: &Action) -> &'static str {
    match a.status {
        minutes::ActionStatus::AFaire => "À faire",
        minutes::ActionStatus::EnCours => "En cours",
        minutes::ActionStatus::Fait => "Fait",
        minutes::ActionStatus::Abandonne => "Abandonné",
    }
}

fn actions_table(detail: &MeetingDetail, actions: &[&Action]) -> Block {
    Block::Table(Table {
        columns: vec![
            Column::new("Action", 0.44),
            Column::new("Qui", 0.22),
            Column::new("Échéance", 0.18),
            Column::new("État", 0.16),
        ],
        rows: actions
            .iter()
            .map(|a| {
                Row::new(vec![
                    Cell::new(a.description.clone()),
                    Cell::new(owner_text(detail, a)),
                    Cell::new(match a.due_date {
                        Some(d) => format::date(d),
                        None => a.due_text.clone(),
                    }),
                    Cell::new(action_status(a)),
                ])
            })
            .collect(),
        size: None,
    })
}

pub fn minutes_document(detail: &MeetingDetail) -> Document {
    let m = &detail.meeting;
    let mut doc = base_document(detail, MeetingDocument::Minutes);
    doc.footer = format!(
        "Compte rendu du {} — version {}",
        format::date(m.date),
        m.minutes_version
    );
    doc.push(Block::heading(1, format!("Compte rendu — {}", m.title)));
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
    doc.push(Block::Frame(Frame {
        paragraphs: vec![Paragraph::from_spans(vec![Span::bold(stamp)]).aligned(Align::Center)],
        fill: Some(if m.minutes_status == MinutesStatus::Adopte {
            0.95
        } else {
            0.85
        }),
    }));
    let q = &detail.quorum;
    doc.push(Block::KeyValues(vec![
        KeyValue::new("Conseil", detail.council.name.clone()),
        KeyValue::new("Type", m.kind.label()),
        KeyValue::new("Date", when(m)),
        KeyValue::new("Lieu", place(m)),
        KeyValue::new(
            "Quorum",
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
    doc.push(Block::heading(2, "Participants"));
    for b in attendance_blocks(detail) {
        doc.push(b);
    }
    doc.push(Block::heading(2, "Ordre du jour"));
    doc.push(Block::List(List::numbered(
        detail
            .items
            .iter()
            .map(|i| ListItem::new(Paragraph::new(i.item.title.clone())))
            .collect(),
    )));
    for (n, i) in detail.items.iter().enumerate() {
        doc.push(Block::heading(2, format!("{}. {}", n + 1, i.item.title)));
        if !i.item.presenter.is_empty() {
            doc.push(Block::Paragraph(Paragraph::from_spans(vec![Span::italic(
                format!("Présenté par {}", i.item.presenter),
            )])));
        }
        for b in markdown_blocks(&i.item.notes) {
            doc.push(b);
        }
        for d in &i.decisions {
            for b in decision_blocks(d) {
                doc.push(b);
            }
        }
        let item_actions: Vec<&Action> = detail
            .actions
            .iter()
            .filter(|a| a.agenda_item_id == Some(i.item.id))
            .collect();
        if !item_actions.is_empty() {
            doc.push(Block::heading(3, "Actions décidées"));
            doc.push(actions_table(detail, &item_actions));
        }
    }
    let all_actions: Vec<&Action> = detail.actions.iter().collect();
    if !all_actions.is_empty() {
        doc.push(Block::heading(2, "Récapitulatif des actions"));
        doc.push(actions_table(detail, &all_actions));
    }
    let open: Vec<&Action> = detail.open_actions.iter().collect();
    if !open.is_empty() {
        doc.push(Block::heading(2, "Suivi des actions en cours"));
        doc.push(actions_table(detail, &open));
    }
    doc
}

fn decision_row(item_title: &str, number: usize, d: &Decision) -> Row {
    let mut result = d.outcome.label().to_string();
    if let (Outcome::AdoptePartiellement, Some(a), Some(g)) =
        (d.outcome, d.amount_requested_cents, d.amount_granted_cents)
    {
        result = format!("{result} ({} sur {})", euros(g), euros(a));
    }
    Row::new(vec![
        Cell::new(format!("{number}. {item_title}")),
        Cell::new(d.text.clone()),
        Cell::new(result),
        Cell::new(vote_text(d)),
    ])
}

/// One table row per decision of the meeting, in agenda order.
fn meeting_decision_rows(detail: &MeetingDetail) -> Vec<Row> {
    detail
        .items
        .iter()
        .enumerate()
        .flat_map(|(n, i)| {
            i.decisions
                .iter()
                .map(move |d| decision_row(&i.item.title, n + 1, d))
        })
        .collect()
}

pub fn decisions_document(detail: &MeetingDetail) -> Document {
    let m = &detail.meeting;
    let mut doc = base_document(detail, MeetingDocument::Decisions);
    doc.push(Block::heading(
        1,
        format!("Relevé de décisions — {}", m.title),
    ));
    doc.push(Block::KeyValues(vec![
        KeyValue::new("Date", when(m)),
        KeyValue::new("Lieu", place(m)),
        KeyValue::new(
            "Quorum",
            if detail.quorum.reached {
                "atteint"
            } else {
                "non atteint"
            },
        ),
    ]));
    let rows = meeting_decision_rows(detail);
    if rows.is_empty() {
        doc.push(Block::paragraph(
            "Aucune décision n'a été prise lors de cette réunion.",
        ));
    } else {
        doc.push(Block::Table(decisions_table(rows)));
    }
    let dissents: Vec<(String, &Decision)> = detail
        .items
        .iter()
        .flat_map(|i| i.decisions.iter().map(move |d| (i.item.title.clone(), d)))
        .filter(|(_, d)| !d.dissent.is_empty())
        .collect();
    if !dissents.is_empty() {
        doc.push(Block::heading(
            2,
            "Avis divergents et propositions alternatives",
        ));
        for (title, d) in dissents {
            doc.push(Block::Paragraph(Paragraph::from_spans(vec![
                Span::bold(format!("{title} : ")),
                Span::regular(d.dissent.clone()),
            ])));
        }
    }
    doc
}

fn decisions_table(rows: Vec<Row>) -> Table {
    Table {
        columns: vec![
            Column::new("Point", 0.24),
            Column::new("Décision", 0.40),
            Column::new("Résultat", 0.18),
            Column::new("Vote", 0.18),
        ],
        rows,
        size: None,
    }
}

impl Store {
    /// One document of a meeting, as PDF bytes.
    pub fn meeting_pdf(&mut self, meeting_id: Uuid, which: MeetingDocument) -> Result<Vec<u8>> {
        let detail = self.meeting_detail(meeting_id)?;
        let doc = match which {
            MeetingDocument::Convocation => convocation(&detail),
            MeetingDocument::AttendanceSheet => attendance_sheet(&detail),
            MeetingDocument::Minutes => minutes_document(&detail),
            MeetingDocument::Decisions => decisions_document(&detail),
        };
        render_pdf(&doc)
    }

    /// Every decision of a council between two dates (inclusive), meeting by meeting.
    pub fn decisions_register_pdf(
        &mut self,
        council_id: Uuid,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Vec<u8>> {
        let mut v = crate::error::Validator::new();
        v.date_in_range("from", from);
        v.date_in_range("to", to);
        v.finish()?;
        if let (Some(a), Some(b)) = (from, to) {
            if b < a {
                return Err(Error::Validation(vec![crate::error::FieldError {
                    field: "to".into(),
                    message: "La date de fin précède la date de début.".into(),
                }]));
            }
        }
        let meetings: Vec<Meeting> = self
            .list_meetings(council_id)?
            .into_iter()
            .rev()
            .filter(|m| from.is_none_or(|f| m.date >= f) && to.is_none_or(|t| m.date <= t))
            .collect();
        let council = self.get_council(council_id)?;
        let created = Utc::now().fixed_offset();
        let period = match (from, to) {
            (Some(a), Some(b)) => format!("du {} au {}", format::date(a), format::date(b)),
            (Some(a), None) => format!("depuis le {}", format::date(a)),
            (None, Some(b)) => format!("jusqu'au {}", format::date(b)),
            (None, None) => "toutes les réunions".into(),
        };
        let mut meta = Metadata::new(
            format!("Registre des décisions — {}", council.name),
            created,
        );
        meta.author = council.name.clone();
        meta.subject = format!("Décisions du {} ({period})", council.name);
        let mut doc = Document::new(meta);
        doc.header = format!("{} — Registre des décisions", council.name);
        doc.footer = format!("Registre des décisions, {period}");
        doc.push(Block::heading(1, "Registre des décisions"));
        doc.push(Block::KeyValues(vec![
            KeyValue::new("Conseil", council.name.clone()),
            KeyValue::new("Période", period),
        ]));
        let mut any = false;
        for m in &meetings {
            let detail = self.meeting_detail(m.id)?;
            let rows = meeting_decision_rows(&detail);
            if rows.is_empty() {
                continue;
            }
            any = true;
            doc.push(Block::heading(
                2,
                format!("{} — {}", format::date(m.date), m.title),
            ));
            doc.push(Block::Table(decisions_table(rows)));
        }
        if !any {
            doc.push(Block::paragraph("Aucune décision sur cette période."));
        }
        render_pdf(&doc)
    }
}
