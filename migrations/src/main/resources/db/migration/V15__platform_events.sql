-- What happened to the platform itself: the edge restarted, the database or Docker lost and back.
-- No tenant column: these are the platform admin's alone, and no tenant's query reaches them.
-- created_at is when it happened, which may be before the row could be written (the database
-- itself was away).
create table platform_events (
    id         bigint generated always as identity primary key,
    type       text        not null,
    message    text        not null,
    created_at timestamptz not null
);

create index platform_events_newest on platform_events (created_at desc, id desc);
