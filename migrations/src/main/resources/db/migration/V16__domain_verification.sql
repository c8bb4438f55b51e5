-- A custom domain routes and gets a certificate only once its tenant has proven control of it
-- (a DNS TXT record or an HTTP token served by the edge). Names added before this existed were
-- already routed: they count as verified. Unverified claims do not block anyone: several apps may
-- claim the same name, and the first to prove it keeps it.
alter table domains
    add column token           text,
    add column verified_at     timestamptz,
    add column attempts        integer     not null default 0,
    add column last_error      text,
    add column checked_at      timestamptz,
    add column next_check_at   timestamptz;
update domains set verified_at = created_at;
alter table domains drop constraint domains_pkey;
alter table domains add primary key (host, app_id);
create unique index domains_verified_host on domains (host) where verified_at is not null;
create index domains_due on domains (next_check_at) where verified_at is null;
