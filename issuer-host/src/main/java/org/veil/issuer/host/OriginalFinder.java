package org.veil.issuer.host;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Finds the original of a completion or reversal: by field 56 (original MTI + STAN + field 7) with the
 * terminal id, falling back to terminal id + RRN; then climbs to the life cycle's root (the 2100/2200
 * that holds the money state), since a completion only points at its authorization.
 */
final class OriginalFinder {
    private final RequestJournal journal;

    OriginalFinder(RequestJournal journal) {
        this.journal = journal;
    }

    /** The root request, or null when none matches. */
    LoggedRequest root(Connection c, HostRequest r, Character messageClass) throws SQLException {
        LoggedRequest found = null;
        if (r.original() != null && (messageClass == null || r.originalMti().charAt(1) == messageClass)) {
            found = journal.byKey(c, r.originalKey());
        }
        if (found == null && r.rrn() != null && !r.rrn().isEmpty()) {
            found = journal.byRrn(c, r.terminal(), r.rrn(), messageClass);
        }
        if (found == null || found.mti().startsWith("24")) return null;
        return found.originalId() != null ? journal.byId(c, found.originalId()) : found;
    }
}
