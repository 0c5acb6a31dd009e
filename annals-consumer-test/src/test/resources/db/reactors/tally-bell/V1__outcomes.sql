create table outcomes (tally text not null, reaction text not null, outcome text not null);
