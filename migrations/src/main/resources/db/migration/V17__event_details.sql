-- What an event carries beyond its message, as JSON: a leak recycle's class histogram and heap
-- after collection trend, a memory death's GC and OutOfMemoryError log lines.
alter table events add column details jsonb;
