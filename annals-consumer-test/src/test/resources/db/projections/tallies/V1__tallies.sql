create table tallies (id text primary key, total bigint not null, version bigint not null);
create table notes (id text not null, note text not null, seen_total bigint not null);
