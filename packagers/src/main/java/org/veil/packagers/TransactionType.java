package org.veil.packagers;

/** What a 0200 (and its kin) asks for, from the first two digits of field 3. */
public enum TransactionType {
    PURCHASE, REFUND, LOAD, BALANCE_INQUIRY;

    public static TransactionType fromProcessingCode(String processingCode) {
        if (processingCode == null || processingCode.length() != 6) {
            throw new IllegalArgumentException("processing code must be 6 digits, got '" + processingCode + "'");
        }
        return switch (processingCode.substring(0, 2)) {
            case "00" -> PURCHASE;
            case "20" -> REFUND;
            case "21" -> LOAD;
            case "30", "31" -> BALANCE_INQUIRY;
            default -> throw new IllegalArgumentException("unsupported processing code " + processingCode);
        };
    }

    public String processingCode() {
        return switch (this) {
            case PURCHASE -> "000000";
            case REFUND -> "200000";
            case LOAD -> "210000";
            case BALANCE_INQUIRY -> "310000";
        };
    }
}
