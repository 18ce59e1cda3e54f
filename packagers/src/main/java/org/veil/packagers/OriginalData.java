package org.veil.packagers;

/**
 * Field 90 (n42) of a reversal: the original's MTI (4), STAN (6), field 7 (10),
 * acquirer id (11) and forwarder id (11).
 */
public record OriginalData(String mti, String stan, String transmissionDateTime, String acquirerId, String forwarderId) {

    public static OriginalData parse(String field90) {
        if (field90 == null || field90.length() != 42 || !field90.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("field 90 must be 42 digits");
        }
        return new OriginalData(field90.substring(0, 4), field90.substring(4, 10), field90.substring(10, 20),
                field90.substring(20, 31), field90.substring(31, 42));
    }

    public static OriginalData of(String mti, String stan, String transmissionDateTime) {
        return new OriginalData(mti, stan, transmissionDateTime, "00000000000", "00000000000");
    }

    public String format() {
        return mti + stan + transmissionDateTime + acquirerId + forwarderId;
    }
}
