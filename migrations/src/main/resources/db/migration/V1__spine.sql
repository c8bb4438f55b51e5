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
    id             bigint generated always as identity primary key,
    tenant_id      bigint      not null references tenants (id) on delete cascade,
    name           text        not null,
    -- What the next release gets: limits and env as last set through the API.
    memory_bytes   bigint      not null check (memory_bytes > 0),
    cpus           numeric(6, 2) not null check (cpus > 0),
    pids           integer     not null check (pids > 0),
    env            jsonb       not null default '{}',
    -- For runnable jars: the path that must answer 2xx/3xx before a sandbox counts as healthy.
    health_path    text,
    instances      integer     not null default 1 check (instances between 0 and 1),
    -- The deploy the reconciler brings up, and the one that serves now.
    target_deploy_id bigint,
    live_deploy_id   bigint,
    -- Crash recovery: consecutive crashes of the live sandbox and when the last one happened.
    crashes        integer     not null default 0,
    crashed_at     timestamptz,
    last_error     text,
    created_at     timestamptz not null default now(),
    unique (tenant_id, name)
);

-- A release is immutable: the jar plus the limits and env the app had when it was made.
create table releases (
    id           bigint generated always as identity primary key,
    app_id       bigint      not null references apps (id) on delete cascade,
    version      integer     not null,
    kind         text        not null check (kind in ('handler', 'runnable')),
    sha256       text        not null,
    size_bytes   bigint      not null,
    memory_bytes bigint      not null,
    cpus         numeric(6, 2) not null,
    pids         integer     not null,
    env          jsonb       not null default '{}',
    health_path  text,
    -- False once retention removed the jar from disk; the row stays as history.
    retained     boolean     not null default true,
    created_at   timestamptz not null default now(),
    unique (app_id, version)
);

-- Every rollout: a deploy of a release, a restart of the live one, a rollback (asked for, or
-- automatic after a crash loop). Each brings up new sandboxes; at most one per app is pending.
create table deploys (
    id         bigint generated always as identity primary key,
    app_id     bigint      not null references apps (id) on delete cascade,
    release_id bigint      not null references releases (id) on delete cascade,
    kind       text        not null check (kind in ('deploy', 'restart', 'rollback')),
    status     text        not null check (status in ('pending', 'live', 'failed')),
    reason     text,
    error      text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

create index deploys_app on deploys (app_id, id desc);
create unique index deploys_one_pending on deploys (app_id) where status = 'pending';

create table deploy_steps (
    id        bigint generated always as identity primary key,
    deploy_id bigint      not null references deploys (id) on delete cascade,
    step      text        not null,
    detail    text,
    at        timestamptz not null default now()
);

create index deploy_steps_deploy on deploy_steps (deploy_id, id);

alter table apps
    add foreign key (target_deploy_id) references deploys (id) on delete set null,
    add foreign key (live_deploy_id) references deploys (id) on delete set null;

-- What the reconciler last observed of each sandbox (containers are the truth; this is the view).
create table sandboxes (
    name       text primary key,
    app_id     bigint      not null references apps (id) on delete cascade,
    deploy_id  bigint      not null references deploys (id) on delete cascade,
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
