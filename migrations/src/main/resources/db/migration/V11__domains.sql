-- An app's own host names, served next to {app}.{tenant}.{base domain}. A host name belongs to one
-- app at most, across all tenants.
create table domains (
    host       text        primary key,
    app_id     bigint      not null references apps (id) on delete cascade,
    created_at timestamptz not null default now()
);
create index domains_app on domains (app_id);
