-- Ingest jobs: one per submitted document, URL or feed item, kept until they end (and after, for their result).
CREATE TABLE ingest_job (
    id              uuid PRIMARY KEY,
    state           varchar(16) NOT NULL,
    kind            varchar(8)  NOT NULL,
    organisation    text        NOT NULL,
    requested_by    text        NOT NULL,
    title           text,
    source          text,
    url             text,
    published_at    text,
    file_name       text,
    media_type      text,
    -- The submitted bytes (upload, or UTF-8 text), dropped once the job has ended.
    content         bytea,
    feed_id         uuid,
    -- The checkpoint of the pipeline: extracted reports, their classification and what tag-service stored.
    work            jsonb,
    warnings        jsonb       NOT NULL DEFAULT '[]',
    reason          text,
    attempts        integer     NOT NULL DEFAULT 0,
    last_error      text,
    next_attempt_at timestamptz NOT NULL,
    lease_owner     text,
    lease_until     timestamptz,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    extracting_at   timestamptz,
    classifying_at  timestamptz,
    storing_at      timestamptz,
    finished_at     timestamptz,
    extract_millis  bigint      NOT NULL DEFAULT 0,
    classify_millis bigint      NOT NULL DEFAULT 0,
    store_millis    bigint      NOT NULL DEFAULT 0
);

CREATE INDEX ingest_job_runnable ON ingest_job (next_attempt_at) WHERE state NOT IN ('DONE', 'FAILED');

CREATE TABLE ingest_feed (
    id               uuid PRIMARY KEY,
    organisation     text        NOT NULL,
    name             text        NOT NULL,
    url              text        NOT NULL,
    interval_minutes integer     NOT NULL,
    created_at       timestamptz NOT NULL,
    next_poll_at     timestamptz NOT NULL,
    last_polled_at   timestamptz,
    last_error       text,
    items_seen       integer     NOT NULL DEFAULT 0,
    UNIQUE (organisation, url)
);

-- Every item ever seen of a feed, by guid (or link when it has none), so that a restart ingests nothing twice.
CREATE TABLE ingest_feed_item (
    feed_id  uuid        NOT NULL REFERENCES ingest_feed (id) ON DELETE CASCADE,
    item_key text        NOT NULL,
    link     text,
    job_id   uuid,
    seen_at  timestamptz NOT NULL,
    PRIMARY KEY (feed_id, item_key)
);
