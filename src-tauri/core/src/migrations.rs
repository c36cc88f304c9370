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
    /// The migration changes what the search index holds: once the migrations are
    /// applied, the store rebuilds it from the data (`Store::rebuild_search_index`,
    /// the same path as for a damaged index), rather than the migration rewriting a
    /// derived table that may be the damaged part.
    pub reindex: bool,
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
        reindex: false,
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
        reindex: false,
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
        reindex: false,
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
        reindex: false,
    },
    Migration {
        version: 5,
        name: "search_index",
        sql: r#"
-- Global search (see search.rs). One document per searchable record: `search_docs`
-- says what it is and which council it belongs to, `search_index` (FTS5, same rowid)
-- holds its words. Both are derived from the data tables by the triggers below, so
-- every write path (forms, imports, archives, anonymisation) keeps them current;
-- `Store::rebuild_search_index` recomputes them from scratch.
CREATE TABLE search_docs (
    id          INTEGER PRIMARY KEY,   -- the rowid of the same document in search_index
    kind        TEXT NOT NULL CHECK (kind IN ('member', 'meeting', 'agenda_item', 'decision',
                  'action', 'charter_section', 'event', 'demarche')),
    record_id   TEXT NOT NULL,
    council_id  TEXT,                  -- NULL only while the record's parent is not written yet
    UNIQUE (kind, record_id)
);
CREATE INDEX search_docs_council ON search_docs(council_id);

-- unicode61 folds case and, with remove_diacritics 2, accents (« Réunion » is indexed
-- as « reunion »); every punctuation character, ' and ’ included, separates words.
-- Prefix indexes of 2 and 3 characters keep search-as-you-type fast.
CREATE VIRTUAL TABLE search_index USING fts5(
    title, body,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
-- Deleted or replaced words (an anonymised member's name) are removed from the index
-- itself, not only hidden.
INSERT INTO search_index (search_index, rank) VALUES ('secure-delete', 1);

-- Members: name; organisation, roles and notes.
CREATE TRIGGER search_members_ai AFTER INSERT ON members BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'member' AND record_id = NEW.id);
    DELETE FROM search_docs WHERE kind = 'member' AND record_id = NEW.id;
    INSERT INTO search_docs (kind, record_id, council_id) VALUES ('member', NEW.id, NEW.council_id);
    INSERT INTO search_index (rowid, title, body) VALUES (
        (SELECT id FROM search_docs WHERE kind = 'member' AND record_id = NEW.id),
        NEW.first_name || ' ' || NEW.last_name,
        NEW.organisation || char(10) || NEW.roles || char(10) || NEW.notes);
END;
CREATE TRIGGER search_members_au AFTER UPDATE OF council_id, first_name, last_name, organisation, roles, notes ON members BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'member' AND record_id = OLD.id);
    DELETE FROM search_docs WHERE kind = 'member' AND record_id = OLD.id;
    INSERT INTO search_docs (kind, record_id, council_id) VALUES ('member', NEW.id, NEW.council_id);
    INSERT INTO search_index (rowid, title, body) VALUES (
        (SELECT id FROM search_docs WHERE kind = 'member' AND record_id = NEW.id),
        NEW.first_name || ' ' || NEW.last_name,
        NEW.organisation || char(10) || NEW.roles || char(10) || NEW.notes);
END;
CREATE TRIGGER search_members_ad AFTER DELETE ON members BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'member' AND record_id = OLD.id);
    DELETE FROM search_docs WHERE kind = 'member' AND record_id = OLD.id;
END;

-- Meetings: title; place. A new meeting also settles the council of items and
-- decisions written before it (an import checks foreign keys only at commit).
CREATE TRIGGER search_meetings_ai AFTER INSERT ON meetings BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'meeting' AND record_id = NEW.id);
    DELETE FROM search_docs WHERE kind = 'meeting' AND record_id = NEW.id;
    INSERT INTO search_docs (kind, record_id, council_id) VALUES ('meeting', NEW.id, NEW.council_id);
    INSERT INTO search_index (rowid, title, body) VALUES (
        (SELECT id FROM search_docs WHERE kind = 'meeting' AND record_id = NEW.id),
        NEW.title,
        NEW.place);
    UPDATE search_docs SET council_id = CASE kind
        WHEN 'agenda_item' THEN (SELECT m.council_id FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id
                                 WHERE i.id = search_docs.record_id)
        WHEN 'decision' THEN (SELECT m.council_id FROM decisions d JOIN agenda_items i ON i.id = d.agenda_item_id
                              JOIN meetings m ON m.id = i.meeting_id WHERE d.id = search_docs.record_id)
        END
    WHERE council_id IS NULL AND kind IN ('agenda_item', 'decision');
END;
CREATE TRIGGER search_meetings_au AFTER UPDATE OF council_id, title, place ON meetings BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'meeting' AND record_id = OLD.id);
    DELETE FROM search_docs WHERE kind = 'meeting' AND record_id = OLD.id;
    INSERT INTO search_docs (kind, record_id, council_id) VALUES ('meeting', NEW.id, NEW.council_id);
    INSERT INTO search_index (rowid, title, body) VALUES (
        (SELECT id FROM search_docs WHERE kind = 'meeting' AND record_id = NEW.id),
        NEW.title,
        NEW.place);
END;
CREATE TRIGGER search_meetings_ad AFTER DELETE ON meetings BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'meeting' AND record_id = OLD.id);
    DELETE FROM search_docs WHERE kind = 'meeting' AND record_id = OLD.id;
END;

-- Agenda items: title; presenter and the minutes of the item (its notes).
CREATE TRIGGER search_agenda_items_ai AFTER INSERT ON agenda_items BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'agenda_item' AND record_id = NEW.id);
    DELETE FROM search_docs WHERE kind = 'agenda_item' AND record_id = NEW.id;
    INSERT INTO search_docs (kind, record_id, council_id) VALUES ('agenda_item', NEW.id,
        (SELECT council_id FROM meetings WHERE id = NEW.meeting_id));
    INSERT INTO search_index (rowid, title, body) VALUES (
        (SELECT id FROM search_docs WHERE kind = 'agenda_item' AND record_id = NEW.id),
        NEW.title,
        NEW.presenter || char(10) || NEW.notes);
    UPDATE search_docs SET council_id = (SELECT m.council_id FROM decisions d
            JOIN agenda_items i ON i.id = d.agenda_item_id JOIN meetings m ON m.id = i.meeting_id
            WHERE d.id = search_docs.record_id)
    WHERE council_id IS NULL AND kind = 'decision';
END;
CREATE TRIGGER search_agenda_items_au AFTER UPDATE OF meeting_id, title, presenter, notes ON agenda_items BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'agenda_item' AND record_id = OLD.id);
    DELETE FROM search_docs WHERE kind = 'agenda_item' AND record_id = OLD.id;
    INSERT INTO search_docs (kind, record_id, council_id) VALUES ('agenda_item', NEW.id,
        (SELECT council_id FROM meetings WHERE id = NEW.meeting_id));
    INSERT INTO search_index (rowid, title, body) VALUES (
        (SELECT id FROM search_docs WHERE kind = 'agenda_item' AND record_id = NEW.id),
        NEW.title,
        NEW.presenter || char(10) || NEW.notes);
END;
CREATE TRIGGER search_agenda_items_ad AFTER DELETE ON agenda_items BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'agenda_item' AND record_id = OLD.id);
    DELETE FROM search_docs WHERE kind = 'agenda_item' AND record_id = OLD.id;
END;

-- Decisions: no title of their own (search.rs shows their item's); text and dissent.
CREATE TRIGGER search_decisions_ai AFTER INSERT ON decisions BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'decision' AND record_id = NEW.id);
    DELETE FROM search_docs WHERE kind = 'decision' AND record_id = NEW.id;
    INSERT INTO search_docs (kind, record_id, council_id) VALUES ('decision', NEW.id,
        (SELECT m.council_id FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id
         WHERE i.id = NEW.agenda_item_id));
    INSERT INTO search_index (rowid, title, body) VALUES (
        (SELECT id FROM search_docs WHERE kind = 'decision' AND record_id = NEW.id),
        '',
        NEW.text || char(10) || NEW.dissent);
END;
CREATE TRIGGER search_decisions_au AFTER UPDATE OF agenda_item_id, text, dissent ON decisions BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'decision' AND record_id = OLD.id);
    DELETE FROM search_docs WHERE kind = 'decision' AND record_id = OLD.id;
    INSERT INTO search_docs (kind, record_id, council_id) VALUES ('decision', NEW.id,
        (SELECT m.council_id FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id
         WHERE i.id = NEW.agenda_item_id));
    INSERT INTO search_index (rowid, title, body) VALUES (
        (SELECT id FROM search_docs WHERE kind = 'decision' AND record_id = NEW.id),
        '',
        NEW.text || char(10) || NEW.dissent);
END;
CREATE TRIGGER search_decisions_ad AFTER DELETE ON decisions BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'decision' AND record_id = OLD.id);
    DELETE FROM search_docs WHERE kind = 'decision' AND record_id = OLD.id;
END;

-- Actions: description; who (when not a member or guest) and when, as written.
CREATE TRIGGER search_actions_ai AFTER INSERT ON actions BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'action' AND record_id = NEW.id);
    DELETE FROM search_docs WHERE kind = 'action' AND record_id = NEW.id;
    INSERT INTO search_docs (kind, record_id, council_id) VALUES ('action', NEW.id, NEW.council_id);
    INSERT INTO search_index (rowid, title, body) VALUES (
        (SELECT id FROM search_docs WHERE kind = 'action' AND record_id = NEW.id),
        NEW.description,
        NEW.owner_text || char(10) || NEW.due_text);
END;
CREATE TRIGGER search_actions_au AFTER UPDATE OF council_id, description, owner_text, due_text ON actions BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'action' AND record_id = OLD.id);
    DELETE FROM search_docs WHERE kind = 'action' AND record_id = OLD.id;
    INSERT INTO search_docs (kind, record_id, council_id) VALUES ('action', NEW.id, NEW.council_id);
    INSERT INTO search_index (rowid, title, body) VALUES (
        (SELECT id FROM search_docs WHERE kind = 'action' AND record_id = NEW.id),
        NEW.description,
        NEW.owner_text || char(10) || NEW.due_text);
END;
CREATE TRIGGER search_actions_ad AFTER DELETE ON actions BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'action' AND record_id = OLD.id);
    DELETE FROM search_docs WHERE kind = 'action' AND record_id = OLD.id;
END;

-- Charter sections (every version): title; the text of the body's blocks (JSON:
-- each paragraph, heading, clause and list item has a "text"). A new charter or
-- version settles the council of sections written before it.
CREATE TRIGGER search_charters_ai AFTER INSERT ON charters BEGIN
    UPDATE search_docs SET council_id = (SELECT c.council_id FROM charter_sections s
            JOIN charter_versions v ON v.id = s.version_id JOIN charters c ON c.id = v.charter_id
            WHERE s.id = search_docs.record_id)
    WHERE council_id IS NULL AND kind = 'charter_section';
END;
CREATE TRIGGER search_charter_versions_ai AFTER INSERT ON charter_versions BEGIN
    UPDATE search_docs SET council_id = (SELECT c.council_id FROM charter_sections s
            JOIN charter_versions v ON v.id = s.version_id JOIN charters c ON c.id = v.charter_id
            WHERE s.id = search_docs.record_id)
    WHERE council_id IS NULL AND kind = 'charter_section';
END;
CREATE TRIGGER search_charter_sections_ai AFTER INSERT ON charter_sections BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'charter_section' AND record_id = NEW.id);
    DELETE FROM search_docs WHERE kind = 'charter_section' AND record_id = NEW.id;
    INSERT INTO search_docs (kind, record_id, council_id) VALUES ('charter_section', NEW.id,
        (SELECT c.council_id FROM charter_versions v JOIN charters c ON c.id = v.charter_id
         WHERE v.id = NEW.version_id));
    INSERT INTO search_index (rowid, title, body) VALUES (
        (SELECT id FROM search_docs WHERE kind = 'charter_section' AND record_id = NEW.id),
        NEW.title,
        CASE WHEN json_valid(NEW.body)
             THEN coalesce((SELECT group_concat(value, char(10)) FROM json_tree(NEW.body)
                            WHERE key = 'text' AND type = 'text'), '')
             ELSE NEW.body END);
END;
CREATE TRIGGER search_charter_sections_au AFTER UPDATE OF version_id, title, body ON charter_sections BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'charter_section' AND record_id = OLD.id);
    DELETE FROM search_docs WHERE kind = 'charter_section' AND record_id = OLD.id;
    INSERT INTO search_docs (kind, record_id, council_id) VALUES ('charter_section', NEW.id,
        (SELECT c.council_id FROM charter_versions v JOIN charters c ON c.id = v.charter_id
         WHERE v.id = NEW.version_id));
    INSERT INTO search_index (rowid, title, body) VALUES (
        (SELECT id FROM search_docs WHERE kind = 'charter_section' AND record_id = NEW.id),
        NEW.title,
        CASE WHEN json_valid(NEW.body)
             THEN coalesce((SELECT group_concat(value, char(10)) FROM json_tree(NEW.body)
                            WHERE key = 'text' AND type = 'text'), '')
             ELSE NEW.body END);
END;
CREATE TRIGGER search_charter_sections_ad AFTER DELETE ON charter_sections BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'charter_section' AND record_id = OLD.id);
    DELETE FROM search_docs WHERE kind = 'charter_section' AND record_id = OLD.id;
END;

-- Calendar events: title; place, address and description.
CREATE TRIGGER search_events_ai AFTER INSERT ON events BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'event' AND record_id = NEW.id);
    DELETE FROM search_docs WHERE kind = 'event' AND record_id = NEW.id;
    INSERT INTO search_docs (kind, record_id, council_id) VALUES ('event', NEW.id, NEW.council_id);
    INSERT INTO search_index (rowid, title, body) VALUES (
        (SELECT id FROM search_docs WHERE kind = 'event' AND record_id = NEW.id),
        NEW.title,
        NEW.place || char(10) || NEW.address || char(10) || NEW.description);
END;
CREATE TRIGGER search_events_au AFTER UPDATE OF council_id, title, place, address, description ON events BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'event' AND record_id = OLD.id);
    DELETE FROM search_docs WHERE kind = 'event' AND record_id = OLD.id;
    INSERT INTO search_docs (kind, record_id, council_id) VALUES ('event', NEW.id, NEW.council_id);
    INSERT INTO search_index (rowid, title, body) VALUES (
        (SELECT id FROM search_docs WHERE kind = 'event' AND record_id = NEW.id),
        NEW.title,
        NEW.place || char(10) || NEW.address || char(10) || NEW.description);
END;
CREATE TRIGGER search_events_ad AFTER DELETE ON events BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'event' AND record_id = OLD.id);
    DELETE FROM search_docs WHERE kind = 'event' AND record_id = OLD.id;
END;

-- Démarches de concertation: title; object, impacts and partners.
CREATE TRIGGER search_demarches_ai AFTER INSERT ON demarches BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'demarche' AND record_id = NEW.id);
    DELETE FROM search_docs WHERE kind = 'demarche' AND record_id = NEW.id;
    INSERT INTO search_docs (kind, record_id, council_id) VALUES ('demarche', NEW.id, NEW.council_id);
    INSERT INTO search_index (rowid, title, body) VALUES (
        (SELECT id FROM search_docs WHERE kind = 'demarche' AND record_id = NEW.id),
        NEW.title,
        NEW.object || char(10) || NEW.impacts || char(10) || NEW.partners);
END;
CREATE TRIGGER search_demarches_au AFTER UPDATE OF council_id, title, object, impacts, partners ON demarches BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'demarche' AND record_id = OLD.id);
    DELETE FROM search_docs WHERE kind = 'demarche' AND record_id = OLD.id;
    INSERT INTO search_docs (kind, record_id, council_id) VALUES ('demarche', NEW.id, NEW.council_id);
    INSERT INTO search_index (rowid, title, body) VALUES (
        (SELECT id FROM search_docs WHERE kind = 'demarche' AND record_id = NEW.id),
        NEW.title,
        NEW.object || char(10) || NEW.impacts || char(10) || NEW.partners);
END;
CREATE TRIGGER search_demarches_ad AFTER DELETE ON demarches BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'demarche' AND record_id = OLD.id);
    DELETE FROM search_docs WHERE kind = 'demarche' AND record_id = OLD.id;
END;

-- The records already there.
INSERT INTO search_docs (kind, record_id, council_id)
    SELECT 'member', id, council_id FROM members;
INSERT INTO search_docs (kind, record_id, council_id)
    SELECT 'meeting', id, council_id FROM meetings;
INSERT INTO search_docs (kind, record_id, council_id)
    SELECT 'agenda_item', i.id, m.council_id FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id;
INSERT INTO search_docs (kind, record_id, council_id)
    SELECT 'decision', d.id, m.council_id FROM decisions d
    JOIN agenda_items i ON i.id = d.agenda_item_id JOIN meetings m ON m.id = i.meeting_id;
INSERT INTO search_docs (kind, record_id, council_id)
    SELECT 'action', id, council_id FROM actions;
INSERT INTO search_docs (kind, record_id, council_id)
    SELECT 'charter_section', s.id, c.council_id FROM charter_sections s
    JOIN charter_versions v ON v.id = s.version_id JOIN charters c ON c.id = v.charter_id;
INSERT INTO search_docs (kind, record_id, council_id)
    SELECT 'event', id, council_id FROM events;
INSERT INTO search_docs (kind, record_id, council_id)
    SELECT 'demarche', id, council_id FROM demarches;

INSERT INTO search_index (rowid, title, body)
    SELECT d.id, r.first_name || ' ' || r.last_name,
           r.organisation || char(10) || r.roles || char(10) || r.notes
    FROM search_docs d JOIN members r ON r.id = d.record_id WHERE d.kind = 'member';
INSERT INTO search_index (rowid, title, body)
    SELECT d.id, r.title, r.place
    FROM search_docs d JOIN meetings r ON r.id = d.record_id WHERE d.kind = 'meeting';
INSERT INTO search_index (rowid, title, body)
    SELECT d.id, r.title, r.presenter || char(10) || r.notes
    FROM search_docs d JOIN agenda_items r ON r.id = d.record_id WHERE d.kind = 'agenda_item';
INSERT INTO search_index (rowid, title, body)
    SELECT d.id, '', r.text || char(10) || r.dissent
    FROM search_docs d JOIN decisions r ON r.id = d.record_id WHERE d.kind = 'decision';
INSERT INTO search_index (rowid, title, body)
    SELECT d.id, r.description, r.owner_text || char(10) || r.due_text
    FROM search_docs d JOIN actions r ON r.id = d.record_id WHERE d.kind = 'action';
INSERT INTO search_index (rowid, title, body)
    SELECT d.id, r.title,
           CASE WHEN json_valid(r.body)
                THEN coalesce((SELECT group_concat(value, char(10)) FROM json_tree(r.body)
                               WHERE key = 'text' AND type = 'text'), '')
                ELSE r.body END
    FROM search_docs d JOIN charter_sections r ON r.id = d.record_id WHERE d.kind = 'charter_section';
INSERT INTO search_index (rowid, title, body)
    SELECT d.id, r.title, r.place || char(10) || r.address || char(10) || r.description
    FROM search_docs d JOIN events r ON r.id = d.record_id WHERE d.kind = 'event';
INSERT INTO search_index (rowid, title, body)
    SELECT d.id, r.title, r.object || char(10) || r.impacts || char(10) || r.partners
    FROM search_docs d JOIN demarches r ON r.id = d.record_id WHERE d.kind = 'demarche';
"#,
        reindex: false,
    },
    Migration {
        version: 6,
        name: "search_orphans_index",
        sql: r#"
-- The search triggers settle the council of records written before their parent
-- (`UPDATE search_docs ... WHERE council_id IS NULL AND kind = ...`, on every new agenda
-- item, charter and version). SQLite planned that on the (kind, record_id) index, so
-- each new agenda item visited every decision ever indexed: writing ten years of data
-- took minutes. Orphans are few or none; this partial index finds them at once.
CREATE INDEX search_docs_orphans ON search_docs(kind) WHERE council_id IS NULL;
"#,
        reindex: false,
    },
    Migration {
        version: 7,
        name: "search_item_minutes_first",
        sql: r#"
-- An agenda item is indexed with its minutes first, then its presenter. A search shows
-- FTS5's snippet() of this text; with the presenter first, minutes that begin with the
-- presenter's name (« Agnès Girard présente le point ») showed it twice.
DROP TRIGGER search_agenda_items_ai;
DROP TRIGGER search_agenda_items_au;
CREATE TRIGGER search_agenda_items_ai AFTER INSERT ON agenda_items BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'agenda_item' AND record_id = NEW.id);
    DELETE FROM search_docs WHERE kind = 'agenda_item' AND record_id = NEW.id;
    INSERT INTO search_docs (kind, record_id, council_id) VALUES ('agenda_item', NEW.id,
        (SELECT council_id FROM meetings WHERE id = NEW.meeting_id));
    INSERT INTO search_index (rowid, title, body) VALUES (
        (SELECT id FROM search_docs WHERE kind = 'agenda_item' AND record_id = NEW.id),
        NEW.title,
        NEW.notes || char(10) || NEW.presenter);
    UPDATE search_docs SET council_id = (SELECT m.council_id FROM decisions d
            JOIN agenda_items i ON i.id = d.agenda_item_id JOIN meetings m ON m.id = i.meeting_id
            WHERE d.id = search_docs.record_id)
    WHERE council_id IS NULL AND kind = 'decision';
END;
CREATE TRIGGER search_agenda_items_au AFTER UPDATE OF meeting_id, title, presenter, notes ON agenda_items BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'agenda_item' AND record_id = OLD.id);
    DELETE FROM search_docs WHERE kind = 'agenda_item' AND record_id = OLD.id;
    INSERT INTO search_docs (kind, record_id, council_id) VALUES ('agenda_item', NEW.id,
        (SELECT council_id FROM meetings WHERE id = NEW.meeting_id));
    INSERT INTO search_index (rowid, title, body) VALUES (
        (SELECT id FROM search_docs WHERE kind = 'agenda_item' AND record_id = NEW.id),
        NEW.title,
        NEW.notes || char(10) || NEW.presenter);
END;
-- The items already indexed are indexed again with the rest (`reindex`).
"#,
        reindex: true,
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
