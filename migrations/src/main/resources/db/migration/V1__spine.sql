-- Desired state of a Paddock installation: tenants, their apps, releases and deploys;
-- the observed sandboxes and the events that explain what happened.

create sequence tenant_uid_seq start with 100000 maxvalue 199999999;

create table tenants (
    id         bigint generated always as identity primary key,
    name       text        not null unique,
    -- The uid every sandbox of this tenant runs as: allocated once, never reused.
    uid        integer     not null unique default nextval('tenant_uid_seq'),
    created_at timestamptz not null default now()
);

create table tokens (
    id         bigint generated always as identity primary key,
    tenant_id  bigint      not null references tenants (id) on delete cascade,
    name       text        not null,
    role       text        not null check (role in ('owner', 'developer', 'viewer')),
    -- SHA-256 of the token; the token itself is shown once and never stored.
    hash       text        not null unique,
    expires_at timestamptz,
    created_at timestamptz not null default now(),
    unique (tenant_id, name)
);

create table apps (
    id                bigint generated always as identity primary key,
    tenant_id         bigint      not null references tenants (id) on delete cascade,
    name              text        not null,
    memory_bytes      bigint      not null check (memory_bytes > 0),
    cpus              numeric(6, 2) not null check (cpus > 0),
    pids              integer     not null check (pids > 0),
    instances         integer     not null default 1 check (instances between 0 and 1),
    -- The release the reconciler brings up, and the one that serves now.
    target_release_id bigint,
    live_release_id   bigint,
    last_error        text,
    created_at        timestamptz not null default now(),
    unique (tenant_id, name)
);

create table releases (
    id         bigint generated always as identity primary key,
    app_id     bigint      not null references apps (id) on delete cascade,
    version    integer     not null,
    kind       text        not null check (kind in ('handler', 'runnable')),
    sha256     text        not null,
    size_bytes bigint      not null,
    created_at timestamptz not null default now(),
    unique (app_id, version)
);

alter table apps
    add foreign key (target_release_id) references releases (id) on delete set null,
    add foreign key (live_release_id) references releases (id) on delete set null;

create table deploys (
    id         bigint generated always as identity primary key,
    app_id     bigint      not null references apps (id) on delete cascade,
    release_id bigint      not null references releases (id) on delete cascade,
    status     text        not null check (status in ('pending', 'live', 'failed', 'superseded')),
    error      text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

create index deploys_app on deploys (app_id, id desc);

-- What the reconciler last observed of each sandbox (containers are the truth; this is the view).
create table sandboxes (
    name       text primary key,
    app_id     bigint      not null references apps (id) on delete cascade,
    release_id bigint      not null references releases (id) on delete cascade,
    slot       integer     not null,
    state      text        not null,
    observed_at timestamptz not null default now()
);

create table events (
    id         bigint generated always as identity primary key,
    tenant_id  bigint      not null references tenants (id) on delete cascade,
    app_id     bigint      references apps (id) on delete cascade,
    type       text        not null,
    message    text        not null,
    created_at timestamptz not null default now()
);

create index events_app on events (app_id, id desc);
