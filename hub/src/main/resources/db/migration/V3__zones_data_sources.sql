-- Secure zones as their heartbeats describe them, with the credential key the hub seals to (pinned on first sight;
-- a different key waits as "offered" until an administrator accepts it).
create table zone (
    name                varchar(63)  primary key,
    public_key          varchar(64)  not null,
    key_id              varchar(16)  not null,
    offered_public_key  varchar(64),
    offered_key_id      varchar(16),
    dispatcher_version  varchar(64)  not null default '',
    max_running_workers integer      not null default 0,
    running_workers     integer      not null default 0,
    license_expires     timestamp with time zone,
    data_sources        varchar(4000) not null default '',
    first_seen_at       timestamp with time zone not null,
    last_seen_at        timestamp with time zone not null
);

-- Data sources defined in the hub. Credentials are stored only sealed to the zone's key (JSON of SealedCredentials).
create table data_source (
    project            varchar(63)   not null references project (name) on delete cascade,
    name               varchar(63)   not null,
    kind               varchar(16)   not null check (kind in ('s3', 'postgresql', 'mariadb')),
    bucket             varchar(63),
    object_key         varchar(1024),
    endpoint           varchar(2048),
    host               varchar(253),
    port               integer,
    database_name      varchar(63),
    table_name         varchar(127),
    sealed_credentials varchar(4000),
    zone               varchar(63)   not null,
    key_id             varchar(16),
    created_by         varchar(255)  not null,
    created_at         timestamp with time zone not null,
    updated_by         varchar(255)  not null,
    updated_at         timestamp with time zone not null,
    primary key (project, name)
);
