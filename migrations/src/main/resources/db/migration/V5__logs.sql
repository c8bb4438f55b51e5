-- What apps' sandboxes wrote to stdout and stderr, kept per app across restarts and deploys; the
-- oldest lines go once an app holds more than its bound.
create table log_lines (
    id      bigint generated always as identity primary key,
    app_id  bigint      not null references apps (id) on delete cascade,
    sandbox text        not null,
    slot    integer     not null,
    at      timestamptz not null,
    stream  text        not null check (stream in ('out', 'err')),
    line    text        not null
);
create index log_lines_app_id on log_lines (app_id, id);
create index log_lines_sandbox_at on log_lines (sandbox, at);
