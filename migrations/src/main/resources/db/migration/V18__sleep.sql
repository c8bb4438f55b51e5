-- Scale-to-zero: an app idle for sleep_after_seconds (null: never) goes to sleep; while asleep it
-- has no sandbox and the control plane holds its requests until one is woken for them.
alter table apps add column sleep_after_seconds integer,
                 add column asleep boolean not null default false,
                 add column wake_started_at timestamptz;
