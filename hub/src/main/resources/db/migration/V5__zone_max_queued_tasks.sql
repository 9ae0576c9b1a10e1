-- The zone's licensed limit of waiting tasks, from its heartbeat (0: none announced).
alter table zone add column max_queued_tasks integer not null default 0;
