-- The last failure of a host name's certificate (the CA refused it, validation failed), so the
-- name keeps showing "failing" with its reason and next try after the control plane restarts:
-- httpd's mod_md forgets a failure at a reload. Cleared once the name has its certificate.
create table certificate_failures (
  host text primary key,
  error text not null,
  next_try timestamptz,
  failed_at timestamptz not null default now()
);
