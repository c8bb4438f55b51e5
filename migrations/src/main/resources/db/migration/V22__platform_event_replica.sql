-- Which control-plane replica saw a platform event. The edge is each replica's own, so its events
-- name their replica; the database and Docker are shared, and a change several replicas see is
-- written once. Null for events written before replicas were told apart.
alter table platform_events add column replica text;

create index platform_events_by_type on platform_events (type, created_at);
