-- What each running sandbox used, sampled periodically and kept for a window.
create table samples (
    id                 bigint generated always as identity primary key,
    app_id             bigint      not null references apps (id) on delete cascade,
    sandbox            text        not null,
    slot               integer     not null,
    release_id         bigint      not null,
    at                 timestamptz not null default now(),
    memory_bytes       bigint      not null,
    memory_limit_bytes bigint      not null,
    cpus_limit         numeric     not null,
    pids_limit         bigint      not null,
    cpu_nanos          bigint      not null,
    pids               integer     not null,
    -- The runner's own figures; null when it did not answer.
    heap_used_bytes     bigint,
    heap_after_gc_bytes bigint,
    heap_max_bytes      bigint,
    threads             integer,
    requests            bigint,
    uptime_ms           bigint
);
create index samples_app_at on samples (app_id, at);
create index samples_at on samples (at);
create index samples_sandbox_at on samples (sandbox, at);
