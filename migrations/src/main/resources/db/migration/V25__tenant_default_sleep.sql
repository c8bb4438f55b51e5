-- A tenant's default idle time, given to each app created in it afterwards (null: apps never sleep
-- unless they ask to). The admin sets it; each app may still change its own.
alter table tenants add column default_sleep_after_seconds integer
  check (default_sleep_after_seconds > 0);
