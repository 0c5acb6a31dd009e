package dev.annals.deploy;

/** What an overlay is for: the production rules (zones, backups) hold for production's, not for dev's one node. */
enum Environment {
    DEV, PRODUCTION;

    static Environment of(String overlay) {
        return overlay.contains("production") ? PRODUCTION : DEV;
    }
}
