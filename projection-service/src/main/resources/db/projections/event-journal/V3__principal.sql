-- Who sent the command of each event: the authenticated subject its CloudEvent carries (ce_principal). Events
-- recorded before Annals knew its callers have none.
alter table events
    add column principal text;
