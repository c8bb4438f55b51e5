-- People who sign in to the dashboard. A password is kept only as its Argon2id hash.
create table users (
    id            bigint generated always as identity primary key,
    name          text        not null unique,
    password_hash text        not null,
    admin         boolean     not null default false,
    created_at    timestamptz not null default now()
);

-- A user's role in a tenant; a user may belong to several tenants.
create table memberships (
    user_id   bigint not null references users (id) on delete cascade,
    tenant_id bigint not null references tenants (id) on delete cascade,
    role      text   not null check (role in ('owner', 'developer', 'viewer')),
    primary key (user_id, tenant_id)
);
create index memberships_tenant on memberships (tenant_id);

-- Dashboard sessions (Spring Session's own schema for PostgreSQL): kept in the database, so a
-- restart of the control plane signs nobody out, and every replica knows every session.
create table spring_session (
    primary_id            char(36)     not null primary key,
    session_id            char(36)     not null,
    creation_time         bigint       not null,
    last_access_time      bigint       not null,
    max_inactive_interval int          not null,
    expiry_time           bigint       not null,
    principal_name        varchar(100)
);
create unique index spring_session_ix1 on spring_session (session_id);
create index spring_session_ix2 on spring_session (expiry_time);
create index spring_session_ix3 on spring_session (principal_name);

create table spring_session_attributes (
    session_primary_id char(36)     not null references spring_session (primary_id) on delete cascade,
    attribute_name     varchar(200) not null,
    attribute_bytes    bytea        not null,
    primary key (session_primary_id, attribute_name)
);
