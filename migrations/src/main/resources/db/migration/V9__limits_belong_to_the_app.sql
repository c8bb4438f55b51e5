-- Limits are the app's, like its instance count, not a release's: a change of CPUs or pids is
-- applied to the running sandboxes in place, a change of memory replaces them one at a time, and
-- neither makes a release. A rollback brings back code and env, not older limits.
alter table releases drop column memory_bytes, drop column cpus, drop column pids;
