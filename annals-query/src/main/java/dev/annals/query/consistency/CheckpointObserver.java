package dev.annals.query.consistency;

/** Told of every checkpoint a consumer commits, as PostgreSQL announces it. Called on a Vert.x event loop. */
public interface CheckpointObserver {

    void onCheckpoint(CheckpointNotice notice);

    /**
     * The listener has (re)subscribed: notices may have been missed while it was not listening, so what an
     * observer waits for must be read again from the table.
     */
    void onListening();
}
