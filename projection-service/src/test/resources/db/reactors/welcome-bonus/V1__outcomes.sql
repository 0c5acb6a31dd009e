-- What the welcome-bonus reactor's commands were answered: one row per account and reaction. A reaction that
-- committed twice would fail on the key instead of counting twice.
create table outcomes (
    account  text not null,
    reaction text not null,
    outcome  text not null,
    reason   text,
    primary key (account, reaction)
);
