-- The zone's licensed limit of waiting tasks, from its heartbeat (0: none announced).
alter table zone add column max_queued_tasks integer not null default 0;
-- Tasks waiting in any project, counted against the zone's license on each submission.
create index task_waiting on task (state) where state = 'CREATED';
