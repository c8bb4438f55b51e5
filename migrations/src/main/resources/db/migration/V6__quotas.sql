-- What a tenant may hold in all, set by the platform admin; null: no bound.
alter table tenants add column quota_memory_bytes bigint check (quota_memory_bytes > 0);
alter table tenants add column quota_apps integer check (quota_apps >= 0);
alter table tenants add column quota_instances integer check (quota_instances >= 0);
