package org.veil.storage;

import java.util.function.Function;

/**
 * A number from a database's deploy descriptor (cache size, checkpoint interval, filter size), checked the same way in
 * both servers before anything is opened: a bad one is one line naming its property.
 */
public final class DatabaseSetting {
    private DatabaseSetting() {}

    /**
     * Property {@code name} of {@code settings} (a deploy descriptor's, e.g. {@code cfg::get}) as a whole number of at
     * least 1, or {@code otherwise} when it is not set (null or blank).
     *
     * @throws IllegalStateException naming {@code name} when it is not a whole number or is below 1
     */
    public static long atLeastOne(String name, Function<String, String> settings, long otherwise) {
        String value = settings.apply(name);
        String v = value == null ? "" : value.trim();
        if (v.isEmpty()) return otherwise;
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(name + ": not a whole number: '" + v + "'");
        }
        if (n < 1) throw new IllegalStateException(name + ": must be at least 1, got " + n);
        return n;
    }
}
