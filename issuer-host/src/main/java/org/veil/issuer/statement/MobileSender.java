package org.veil.issuer.statement;

/**
 * Sends a mobile message (a statement to a phone contact). Pluggable: the statements service takes the class named by
 * its {@code mobile-sender} property, built with a {@code javax.sql.DataSource} if it has such a constructor, else with none.
 */
public interface MobileSender {
    /** Sends, or throws: a failed send is recorded and retried by the next run. */
    void send(String phone, String text) throws Exception;
}
