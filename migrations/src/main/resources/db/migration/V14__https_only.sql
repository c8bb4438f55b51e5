-- Where the edge serves HTTPS, an app's names that have their certificate redirect HTTP to HTTPS
-- (with HSTS) unless the app says otherwise.
alter table apps add column https_only boolean not null default true;
