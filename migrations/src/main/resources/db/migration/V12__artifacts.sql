-- Release jars in the database, so that every control plane sharing it can start any release: a
-- replica keeps a copy on its own disk and fetches the jars it lacks from here. The content is a
-- large object, streamed in and out rather than held in memory.
create table artifacts (
    sha256     text        primary key,
    content    oid         not null,
    size       bigint      not null,
    created_at timestamptz not null default now()
);
