-- How long an app may take to answer a request: the runner answers 504 past it, httpd a moment
-- later for apps that do not.
alter table apps add column request_timeout_seconds integer not null default 60
    check (request_timeout_seconds between 1 and 3600);
