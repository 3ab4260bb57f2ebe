-- Reports, their ATT&CK tags with history, the ATT&CK catalogue and the outbox towards search-service.

CREATE TABLE attack_tactics (
    id          text PRIMARY KEY,
    short_name  text NOT NULL UNIQUE,
    name        text NOT NULL,
    position    integer NOT NULL
);

CREATE TABLE attack_techniques (
    id              text PRIMARY KEY,
    name            text NOT NULL,
    -- Tactic short names in matrix order, comma separated (short names never contain a comma).
    tactics         text NOT NULL,
    parent_id       text,
    attack_version  text NOT NULL,
    state           text NOT NULL CHECK (state IN ('ACTIVE', 'REVOKED', 'DEPRECATED')),
    replaced_by     text,
    updated_at      timestamptz NOT NULL
);

CREATE TABLE attack_releases (
    id          bigserial PRIMARY KEY,
    version     text NOT NULL,
    bundle      text NOT NULL,
    techniques  integer NOT NULL,
    loaded_at   timestamptz NOT NULL
);

CREATE TABLE reports (
    id              uuid PRIMARY KEY,
    organisation    text NOT NULL,
    title           text NOT NULL,
    source          text,
    url             text,
    published_at    date,
    content_hash    char(64) NOT NULL,
    text            text NOT NULL,
    text_length     integer NOT NULL,
    language        text,
    indicators      jsonb NOT NULL DEFAULT '[]',
    entities        jsonb NOT NULL DEFAULT '[]',
    version         bigint NOT NULL,
    created_by      text NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);

-- The duplicate check: one report per content hash and organisation, even when two requests race.
CREATE UNIQUE INDEX reports_organisation_content_hash ON reports (organisation, content_hash);
CREATE INDEX reports_organisation_created ON reports (organisation, created_at DESC, id);

CREATE TABLE report_tags (
    id              uuid PRIMARY KEY,
    report_id       uuid NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    -- The report's organisation and creation time, which never change: a listing by technique is then answered
    -- from one index of this table, newest first, without visiting the reports that do not match.
    organisation    text NOT NULL,
    report_created_at timestamptz NOT NULL,
    technique_id    text NOT NULL,
    -- The parent technique (or the technique itself): a listing by T1059 finds T1059.001 through it.
    technique_root  text NOT NULL,
    origin          text NOT NULL CHECK (origin IN ('SYSTEM', 'USER')),
    model_id        text,
    confidence      double precision CHECK (confidence BETWEEN 0 AND 1),
    evidence        jsonb NOT NULL DEFAULT '[]',
    state           text NOT NULL CHECK (state IN ('PROPOSED', 'CONFIRMED', 'REJECTED')),
    attack_status   text NOT NULL DEFAULT 'ACTIVE',
    note            text,
    created_by      text NOT NULL,
    created_at      timestamptz NOT NULL,
    reviewed_by     text,
    reviewed_at     timestamptz,
    updated_at      timestamptz NOT NULL
);

CREATE UNIQUE INDEX report_tags_report_technique ON report_tags (report_id, technique_id);
CREATE INDEX report_tags_technique ON report_tags (technique_id);
CREATE INDEX report_tags_listing ON report_tags (technique_id, organisation, report_created_at DESC, report_id)
    WHERE state <> 'REJECTED';
CREATE INDEX report_tags_root_listing ON report_tags (technique_root, organisation, report_created_at DESC, report_id)
    WHERE state <> 'REJECTED';

CREATE SEQUENCE tag_history_seq INCREMENT BY 50;

CREATE TABLE tag_history (
    id              bigint PRIMARY KEY,
    report_id       uuid NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    report_version  bigint NOT NULL,
    technique_id    text,
    action          text NOT NULL,
    old_value       text,
    new_value       text,
    actor           text NOT NULL,
    at              timestamptz NOT NULL
);

CREATE INDEX tag_history_report ON tag_history (report_id, id);

CREATE SEQUENCE outbox_seq INCREMENT BY 50;

-- One row per change of a report, written in the change's transaction; the relay deletes rows once a version at
-- least as new reached search-service.
CREATE TABLE outbox (
    id              bigint PRIMARY KEY,
    report_id       uuid NOT NULL,
    report_version  bigint NOT NULL,
    created_at      timestamptz NOT NULL
);

CREATE INDEX outbox_report ON outbox (report_id, report_version);

-- Per report: which relay holds it (a lease, so that two relays never send one report at once), and the retry
-- back-off after failed deliveries. Written only by relays, never in a change's transaction.
CREATE TABLE outbox_delivery (
    report_id       uuid PRIMARY KEY,
    owner           text NOT NULL,
    lease_until     timestamptz NOT NULL,
    attempts        integer NOT NULL,
    next_attempt_at timestamptz NOT NULL,
    last_error      text
);
