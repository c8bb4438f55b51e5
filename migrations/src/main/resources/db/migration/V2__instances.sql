-- An app runs 1 to 16 instances, spread behind its virtual host.
alter table apps drop constraint apps_instances_check;
alter table apps add constraint apps_instances_check check (instances between 1 and 16);
