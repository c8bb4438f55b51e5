-- How many classes a release's jar holds, nested jars included: the sandbox JVM's metaspace is
-- sized from it. Null for releases uploaded before it was counted.
alter table releases add column class_count integer check (class_count >= 0);
