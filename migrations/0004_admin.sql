-- Administration: the user list pages by (created_at, id) and the audit list newest first; searches by
-- who acted and on whom use their own indexes.
CREATE INDEX users_created ON users (created_at, id);
CREATE INDEX users_nickname ON users (nickname);
CREATE INDEX audit_events_page ON audit_events (created_at, id);
CREATE INDEX audit_events_actor ON audit_events (actor_id, created_at);
CREATE INDEX audit_events_target ON audit_events (target_id, created_at);
