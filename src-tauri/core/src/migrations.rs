//! The schema, as ordered migrations embedded in the binary.
//!
//! Never edit a migration that has shipped: add a new one at the end. Each runs in
//! its own transaction (see `db.rs`), which also records it in `schema_migrations`
//! and sets `PRAGMA user_version`.
//!
//! Conventions: every record has a UUID primary key stored as text, `created_at` and
//! `updated_at` as RFC 3339 UTC text with milliseconds; dates are `YYYY-MM-DD` text;
//! enumerations are snake_case text guarded by CHECK constraints.

pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "councils_members_guests",
        sql: r#"
CREATE TABLE schema_migrations (
    version     INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    applied_at  TEXT NOT NULL
);

CREATE TABLE councils (
    id                        TEXT PRIMARY KEY,
    name                      TEXT NOT NULL,
    commune                   TEXT NOT NULL,
    contrat_de_ville          TEXT NOT NULL DEFAULT '',
    participation_form        TEXT NOT NULL
        CHECK (participation_form IN ('conseil_citoyen', 'table_de_quartier', 'autre')),
    participation_form_other  TEXT NOT NULL DEFAULT '',
    prefectoral_order_number  TEXT NOT NULL DEFAULT '',
    prefectoral_order_date    TEXT,
    quorum_rule               TEXT NOT NULL,  -- JSON of QuorumRule
    archived_at               TEXT,
    created_at                TEXT NOT NULL,
    updated_at                TEXT NOT NULL
);

CREATE TABLE neighbourhoods (
    id          TEXT PRIMARY KEY,
    council_id  TEXT NOT NULL REFERENCES councils(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    qpv_name    TEXT NOT NULL,
    qpv_code    TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX neighbourhoods_council ON neighbourhoods(council_id, position);

CREATE TABLE members (
    id                   TEXT PRIMARY KEY,
    council_id           TEXT NOT NULL REFERENCES councils(id) ON DELETE RESTRICT,
    college              TEXT NOT NULL CHECK (college IN ('habitants', 'acteurs_locaux')),
    status               TEXT NOT NULL CHECK (status IN ('titulaire', 'suppleant', 'complementaire')),
    first_name           TEXT NOT NULL,
    last_name            TEXT NOT NULL,
    sex                  TEXT CHECK (sex IN ('f', 'm')),
    organisation         TEXT NOT NULL DEFAULT '',
    roles                TEXT NOT NULL DEFAULT '[]',  -- JSON array of MemberRole
    entry_date           TEXT,
    exit_date            TEXT,
    phone                TEXT NOT NULL DEFAULT '',
    email                TEXT NOT NULL DEFAULT '',
    postal_address       TEXT NOT NULL DEFAULT '',
    consent_to_be_named  INTEGER NOT NULL DEFAULT 0 CHECK (consent_to_be_named IN (0, 1)),
    notes                TEXT NOT NULL DEFAULT '',
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
);
CREATE INDEX members_council ON members(council_id, last_name, first_name);

-- What happened to a member over time (entry, change of status or collège, exit).
-- Rows are only ever added: this is the history that past records rely on.
CREATE TABLE member_events (
    id          TEXT PRIMARY KEY,
    member_id   TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    date        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('entree', 'changement', 'sortie', 'retour')),
    detail      TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX member_events_member ON member_events(member_id, date);

CREATE TABLE guests (
    id            TEXT PRIMARY KEY,
    council_id    TEXT NOT NULL REFERENCES councils(id) ON DELETE RESTRICT,
    first_name    TEXT NOT NULL DEFAULT '',
    last_name     TEXT NOT NULL,
    category      TEXT NOT NULL CHECK (category IN
                    ('elu', 'delegue_prefet', 'agent_politique_ville', 'bailleur',
                     'institution', 'association', 'autre')),
    organisation  TEXT NOT NULL DEFAULT '',
    function      TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    email         TEXT NOT NULL DEFAULT '',
    notes         TEXT NOT NULL DEFAULT '',
    archived_at   TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX guests_council ON guests(council_id, last_name);
"#,
    },
    Migration {
        version: 2,
        name: "meetings_minutes_decisions_actions",
        sql: r#"
CREATE TABLE meetings (
    id                 TEXT PRIMARY KEY,
    council_id         TEXT NOT NULL REFERENCES councils(id) ON DELETE RESTRICT,
    kind               TEXT NOT NULL CHECK (kind IN
                         ('pleniere', 'comite_animation', 'commission', 'reunion_publique', 'representation')),
    title              TEXT NOT NULL,
    date               TEXT NOT NULL,
    start_time         TEXT,            -- HH:MM, local time
    end_time           TEXT,
    place              TEXT NOT NULL DEFAULT '',
    remote_link        TEXT NOT NULL DEFAULT '',
    status             TEXT NOT NULL CHECK (status IN ('prevue', 'tenue', 'annulee')),
    head_count         INTEGER,         -- public meetings: people counted
    head_count_note    TEXT NOT NULL DEFAULT '',  -- « une cinquantaine, une vingtaine en fin de réunion »
    -- Minutes lifecycle: brouillon → diffuse → adopte (locked); a rectificatif reopens
    -- a new version as brouillon, the adopted text staying in minutes_versions.
    minutes_status     TEXT NOT NULL DEFAULT 'brouillon'
                         CHECK (minutes_status IN ('brouillon', 'diffuse', 'adopte')),
    minutes_version    INTEGER NOT NULL DEFAULT 1,
    distributed_on     TEXT,
    adopted_on         TEXT,
    adopted_by_decision_id TEXT,        -- the decision of a later meeting that adopted them
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE INDEX meetings_council_date ON meetings(council_id, date);

CREATE TABLE agenda_items (
    id                 TEXT PRIMARY KEY,
    meeting_id         TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    position           INTEGER NOT NULL,
    title              TEXT NOT NULL,
    kind               TEXT NOT NULL CHECK (kind IN
                         ('information', 'debat', 'decision', 'avis', 'approbation_cr')),
    presenter          TEXT NOT NULL DEFAULT '',
    planned_minutes    INTEGER,
    notes              TEXT NOT NULL DEFAULT '',   -- the minutes of this item (Markdown)
    approves_meeting_id TEXT REFERENCES meetings(id) ON DELETE SET NULL,
    deferred_from_item_id TEXT REFERENCES agenda_items(id) ON DELETE SET NULL,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE INDEX agenda_items_meeting ON agenda_items(meeting_id, position);

CREATE TABLE attendances (
    id                 TEXT PRIMARY KEY,
    meeting_id         TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    member_id          TEXT NOT NULL REFERENCES members(id) ON DELETE RESTRICT,
    state              TEXT NOT NULL CHECK (state IN ('present', 'excuse', 'absent', 'represente')),
    proxy_member_id    TEXT REFERENCES members(id) ON DELETE RESTRICT,
    note               TEXT NOT NULL DEFAULT '',   -- « arrivée au point 3 »
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    UNIQUE (meeting_id, member_id)
);

CREATE TABLE guest_attendances (
    id                 TEXT PRIMARY KEY,
    meeting_id         TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    guest_id           TEXT NOT NULL REFERENCES guests(id) ON DELETE RESTRICT,
    items_note         TEXT NOT NULL DEFAULT '',   -- « pour le point 2 seulement »
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    UNIQUE (meeting_id, guest_id)
);

CREATE TABLE decisions (
    id                 TEXT PRIMARY KEY,
    agenda_item_id     TEXT NOT NULL REFERENCES agenda_items(id) ON DELETE CASCADE,
    position           INTEGER NOT NULL,
    text               TEXT NOT NULL,
    outcome            TEXT NOT NULL CHECK (outcome IN
                         ('adopte', 'rejete', 'adopte_partiellement', 'reporte', 'sans_suite',
                          'avis_favorable', 'avis_defavorable', 'avis_reserve', 'quorum_non_atteint')),
    vote               TEXT NOT NULL CHECK (vote IN ('scrutin', 'unanimite', 'consensus', 'sans_vote')),
    votes_for          INTEGER,
    votes_against      INTEGER,
    abstentions        INTEGER,
    amount_requested_cents INTEGER,
    amount_granted_cents   INTEGER,
    dissent            TEXT NOT NULL DEFAULT '',   -- avis divergents, propositions alternatives
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE INDEX decisions_item ON decisions(agenda_item_id, position);

CREATE TABLE actions (
    id                 TEXT PRIMARY KEY,
    council_id         TEXT NOT NULL REFERENCES councils(id) ON DELETE RESTRICT,
    agenda_item_id     TEXT REFERENCES agenda_items(id) ON DELETE SET NULL,
    description        TEXT NOT NULL,
    owner_kind         TEXT NOT NULL CHECK (owner_kind IN ('member', 'guest', 'institution', 'aucun')),
    owner_member_id    TEXT REFERENCES members(id) ON DELETE RESTRICT,
    owner_guest_id     TEXT REFERENCES guests(id) ON DELETE RESTRICT,
    owner_text         TEXT NOT NULL DEFAULT '',   -- an institution, or a free name
    due_date           TEXT,
    due_text           TEXT NOT NULL DEFAULT '',   -- « à la rentrée »
    status             TEXT NOT NULL CHECK (status IN ('a_faire', 'en_cours', 'fait', 'abandonne')),
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE INDEX actions_council_status ON actions(council_id, status);

-- Each adopted text that a rectificatif replaced, kept whole for the history.
CREATE TABLE minutes_versions (
    id                 TEXT PRIMARY KEY,
    meeting_id         TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    version            INTEGER NOT NULL,
    reason             TEXT NOT NULL,              -- why the rectificatif was opened
    adopted_on         TEXT,
    snapshot           TEXT NOT NULL,              -- JSON of the minutes as adopted
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    UNIQUE (meeting_id, version)
);
"#,
    },
    Migration {
        version: 3,
        name: "charters",
        sql: r#"
-- A charte de participation / de fonctionnement or a règlement intérieur.
CREATE TABLE charters (
    id                 TEXT PRIMARY KEY,
    council_id         TEXT NOT NULL REFERENCES councils(id) ON DELETE RESTRICT,
    kind               TEXT NOT NULL CHECK (kind IN
                         ('charte_participation', 'charte_fonctionnement', 'reglement_interieur')),
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE INDEX charters_council ON charters(council_id);

-- Every version is kept; only a draft (brouillon) is ever edited.
CREATE TABLE charter_versions (
    id                 TEXT PRIMARY KEY,
    charter_id         TEXT NOT NULL REFERENCES charters(id) ON DELETE CASCADE,
    number             INTEGER NOT NULL CHECK (number >= 1),
    status             TEXT NOT NULL CHECK (status IN ('brouillon', 'adoptee', 'remplacee')),
    title              TEXT NOT NULL,
    preamble           TEXT NOT NULL DEFAULT '[]',  -- JSON: the preamble's blocks
    based_on_number    INTEGER,                     -- the version it was started from
    origin             TEXT NOT NULL DEFAULT '',    -- « modèle », « importé de charte.txt »
    adopted_by_decision_id TEXT REFERENCES decisions(id) ON DELETE RESTRICT,
    adopted_on         TEXT,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    UNIQUE (charter_id, number),
    CHECK ((status = 'brouillon') = (adopted_by_decision_id IS NULL))
);
-- One decision adopts at most one version.
CREATE UNIQUE INDEX charter_versions_decision ON charter_versions(adopted_by_decision_id)
    WHERE adopted_by_decision_id IS NOT NULL;

-- Parts, articles and annexes of a version, in reading order. `lineage` is shared by
-- the copies of one article across versions, so that versions compare article by article.
CREATE TABLE charter_sections (
    id                 TEXT PRIMARY KEY,
    version_id         TEXT NOT NULL REFERENCES charter_versions(id) ON DELETE CASCADE,
    lineage            TEXT NOT NULL,
    kind               TEXT NOT NULL CHECK (kind IN ('part', 'article', 'annex')),
    position           INTEGER NOT NULL,
    title              TEXT NOT NULL DEFAULT '',
    body               TEXT NOT NULL DEFAULT '[]',  -- JSON: paragraphs, lists, clause trees
    generated          TEXT CHECK (generated IN ('member_list')),
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    UNIQUE (version_id, lineage)
);
CREATE INDEX charter_sections_version ON charter_sections(version_id, position);

-- Who signed which version: a member (with their collège) or a partner institution.
CREATE TABLE charter_signatures (
    id                 TEXT PRIMARY KEY,
    version_id         TEXT NOT NULL REFERENCES charter_versions(id) ON DELETE CASCADE,
    kind               TEXT NOT NULL CHECK (kind IN ('membre', 'partenaire')),
    member_id          TEXT REFERENCES members(id) ON DELETE RESTRICT,
    organisation       TEXT NOT NULL DEFAULT '',
    name               TEXT NOT NULL DEFAULT '',    -- the partner's representative
    quality            TEXT NOT NULL DEFAULT '',    -- « présidente », « sous-préfète »
    place              TEXT NOT NULL DEFAULT '',
    signed_on          TEXT,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    CHECK ((kind = 'membre') = (member_id IS NOT NULL))
);
CREATE INDEX charter_signatures_version ON charter_signatures(version_id);
"#,
    },
    Migration {
        version: 4,
        name: "calendar",
        sql: r#"
-- A démarche de concertation the council takes part in.
CREATE TABLE demarches (
    id                 TEXT PRIMARY KEY,
    council_id         TEXT NOT NULL REFERENCES councils(id) ON DELETE RESTRICT,
    title              TEXT NOT NULL,
    object             TEXT NOT NULL DEFAULT '',
    scale              TEXT NOT NULL CHECK (scale IN ('quartier', 'commune', 'intercommunalite')),
    impacts            TEXT NOT NULL DEFAULT '',
    partners           TEXT NOT NULL DEFAULT '',   -- one institution per line
    level              TEXT NOT NULL CHECK (level IN
                         ('information', 'consultation', 'concertation', 'co_construction')),
    status             TEXT NOT NULL CHECK (status IN ('prevue', 'en_cours', 'terminee', 'abandonnee')),
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE INDEX demarches_council ON demarches(council_id);

-- Phases, in order; either end of a range may still be « à définir » (NULL).
CREATE TABLE phases (
    id                 TEXT PRIMARY KEY,
    demarche_id        TEXT NOT NULL REFERENCES demarches(id) ON DELETE CASCADE,
    position           INTEGER NOT NULL,
    title              TEXT NOT NULL,
    start_date         TEXT,
    end_date           TEXT,
    description        TEXT NOT NULL DEFAULT '',
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE INDEX phases_demarche ON phases(demarche_id, position);

-- Events of the calendar (the council's meetings are added to it when read).
CREATE TABLE events (
    id                 TEXT PRIMARY KEY,
    council_id         TEXT NOT NULL REFERENCES councils(id) ON DELETE RESTRICT,
    demarche_id        TEXT REFERENCES demarches(id) ON DELETE SET NULL,
    phase_id           TEXT REFERENCES phases(id) ON DELETE SET NULL,
    kind               TEXT NOT NULL CHECK (kind IN ('reunion_publique', 'atelier', 'balade_urbaine',
                         'permanence', 'comite_pilotage', 'pleniere', 'date_limite', 'autre')),
    title              TEXT NOT NULL,
    date               TEXT NOT NULL,
    timing             TEXT NOT NULL CHECK (timing IN ('all_day', 'morning', 'afternoon', 'timed')),
    start_time         TEXT,
    end_time           TEXT,
    place              TEXT NOT NULL DEFAULT '',
    address            TEXT NOT NULL DEFAULT '',
    online_link        TEXT NOT NULL DEFAULT '',
    description        TEXT NOT NULL DEFAULT '',
    recurrence         TEXT,                       -- JSON, NULL for a single date
    source_uid         TEXT,                       -- the UID of an imported iCalendar event
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    CHECK ((timing = 'timed') = (start_time IS NOT NULL))
);
CREATE INDEX events_council_date ON events(council_id, date);
CREATE UNIQUE INDEX events_source_uid ON events(council_id, source_uid) WHERE source_uid IS NOT NULL;

-- An avis asked of the council, with its deadline: silence past it counts as favourable.
CREATE TABLE avis_requests (
    id                 TEXT PRIMARY KEY,
    council_id         TEXT NOT NULL REFERENCES councils(id) ON DELETE RESTRICT,
    demarche_id        TEXT REFERENCES demarches(id) ON DELETE SET NULL,
    subject            TEXT NOT NULL CHECK (subject IN ('rapport_annuel', 'autre')),
    title              TEXT NOT NULL,
    requested_by       TEXT NOT NULL DEFAULT '',
    requested_on       TEXT NOT NULL,
    delay_value        INTEGER NOT NULL CHECK (delay_value >= 1),
    delay_unit         TEXT NOT NULL CHECK (delay_unit IN ('jours', 'mois')),
    due_on             TEXT NOT NULL,
    given_on           TEXT,
    notes              TEXT NOT NULL DEFAULT '',
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE INDEX avis_requests_council ON avis_requests(council_id, due_on);
"#,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_strictly_increasing_from_one() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version, i as i64 + 1, "migration {} out of order", m.name);
        }
    }
}
