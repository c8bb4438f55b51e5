-- A tenant's own egress policy, set by the platform admin; no row: the platform's policy alone.
-- internet null: the platform's choice. Rules are CIDR ranges with an optional port or port range.
create table tenant_egress (
  tenant_id bigint primary key references tenants (id) on delete cascade,
  internet boolean,
  allow_rules text[] not null default '{}',
  deny_rules text[] not null default '{}',
  updated_at timestamptz not null default now()
);
