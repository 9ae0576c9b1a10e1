-- Tasks as the hub knows them; the outbox that carries them to the zone; every status event applied (idempotency).
create table task (
    id                uuid primary key,
    project           varchar(63)  not null,
    type              varchar(16)  not null,
    state             varchar(16)  not null,
    data_source       varchar(63),
    model_task_id     uuid,
    model_config      text         not null,
    parameters        text         not null,
    output_prefix     varchar(255) not null,
    requested_by      varchar(255) not null,
    progress_phase    varchar(32),
    progress_fraction double precision,
    error_code        varchar(32),
    error_message     varchar(500),
    artifacts         text,
    metrics           text,
    created_at        timestamp with time zone not null,
    updated_at        timestamp with time zone not null
);
create index task_project_state on task (project, state);
create index task_project_created on task (project, created_at desc);

create table outbox (
    id           bigserial primary key,
    task_id      uuid        not null references task (id),
    message_type varchar(32) not null,
    payload      text        not null,
    created_at   timestamp with time zone not null,
    sent_at      timestamp with time zone
);
create index outbox_unsent on outbox (id) where sent_at is null;

create table task_event (
    event_id    uuid primary key,
    task_id     uuid        not null,
    state       varchar(16) not null,
    applied     boolean     not null,
    occurred_at timestamp with time zone not null,
    received_at timestamp with time zone not null,
    seq         bigserial   not null
);
create index task_event_task on task_event (task_id, seq);
