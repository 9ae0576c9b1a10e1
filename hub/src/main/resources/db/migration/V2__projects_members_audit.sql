-- Projects and who may do what in them; the audit log of who did what, when (names and ids only, never data values).
create table project (
    name        varchar(63)  primary key,
    description varchar(500) not null default '',
    created_by  varchar(255) not null,
    created_at  timestamp with time zone not null
);

-- tasks submitted before projects existed keep working: their projects are created, owned by nobody (admins manage them)
insert into project (name, created_by, created_at)
select project, 'migration', min(created_at) from task group by project;
alter table task add constraint task_project_fk foreign key (project) references project (name);

create table project_member (
    project  varchar(63)  not null references project (name) on delete cascade,
    username varchar(255) not null,
    role     varchar(16)  not null check (role in ('OWNER', 'EDITOR', 'VIEWER')),
    added_by varchar(255) not null,
    added_at timestamp with time zone not null,
    primary key (project, username)
);
create index project_member_username on project_member (username);

create table audit_log (
    id          bigserial    primary key,
    occurred_at timestamp with time zone not null,
    actor       varchar(255) not null,
    project     varchar(63),
    action      varchar(64)  not null,
    target      varchar(255)
);
create index audit_log_project on audit_log (project, id desc);
