-- The paths a release's AOT training run asks after its health path, one per line; null: none.
alter table apps add column warmup_paths text;
