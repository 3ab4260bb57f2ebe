-- A job whose reports were stored only in part ends PARTIAL: it is as finished as DONE and FAILED, so the index of
-- runnable jobs leaves it out too.
DROP INDEX ingest_job_runnable;
CREATE INDEX ingest_job_runnable ON ingest_job (next_attempt_at) WHERE state NOT IN ('DONE', 'PARTIAL', 'FAILED');
