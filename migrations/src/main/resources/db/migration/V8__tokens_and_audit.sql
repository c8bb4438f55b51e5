-- Tokens are revoked, not deleted, so the audit log keeps naming them; last use is kept to the
-- minute.
alter table tokens add column last_used_at timestamptz;
alter table tokens add column revoked_at timestamptz;

-- Every call that changes something: who, what, when, from where, and how it ended.
create table audit_log (
    id        bigint generated always as identity primary key,
    at        timestamptz not null default now(),
    tenant_id bigint references tenants (id) on delete cascade,
    actor     text        not null,
    role      text        not null,
    method    text        not null,
    path      text        not null,
    status    integer     not null,
    remote    text        not null
);
create index audit_log_tenant on audit_log (tenant_id, id);
