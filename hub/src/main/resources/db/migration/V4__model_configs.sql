-- Model configurations saved in a project, as the user wrote them (YAML or JSON) and as the JSON tasks carry.
create table model_config (
    project    varchar(63)   not null references project (name) on delete cascade,
    name       varchar(63)   not null,
    format     varchar(8)    not null check (format in ('yaml', 'json')),
    source     varchar(65536) not null,
    config     varchar(65536) not null,
    created_by varchar(255)  not null,
    created_at timestamp with time zone not null,
    updated_by varchar(255)  not null,
    updated_at timestamp with time zone not null,
    primary key (project, name)
);
