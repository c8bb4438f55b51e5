-- An app's leak recycling policy (null: none), and how often each instance slot was recycled: a
-- slot's count is part of its sandbox's identity, so raising it replaces that sandbox.
alter table apps add column recycle jsonb;
alter table apps add column generations integer[] not null default '{}';
