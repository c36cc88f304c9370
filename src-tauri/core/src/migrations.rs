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

pub const MIGRATIONS: &[Migration] = &[Migration {
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
}];

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
