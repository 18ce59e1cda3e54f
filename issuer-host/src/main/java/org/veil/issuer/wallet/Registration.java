package org.veil.issuer.wallet;

import java.util.Locale;
import java.util.regex.Pattern;
import org.veil.http.ApiError;

/** The rules for what a customer registers: the id, the password's minimum strength, the contact's shape. */
final class Registration {
    static final int MIN_PASSWORD = 10;
    static final int MAX_PASSWORD = 128;
    private static final Pattern CUSTOMER_ID = Pattern.compile("[A-Za-z0-9._@-]{3,64}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");
    private static final Pattern PHONE = Pattern.compile("\\+[1-9][0-9]{6,14}");

    private Registration() {}

    /** 400 unless 3 to 64 letters, digits or . _ - @ (the id is never shown back: it may be an e-mail address). */
    static String customerId(String id) {
        if (!CUSTOMER_ID.matcher(id).matches()) {
            throw new ApiError(400, "a customer id is 3 to 64 letters, digits or . _ - @");
        }
        return id;
    }

    /** 400, saying the rule, unless the password is strong enough; the message never repeats the password. */
    static void password(String password, String customerId) {
        String rule = "a password needs at least " + MIN_PASSWORD + " characters (at most " + MAX_PASSWORD
                + "), not all of one kind (lower case, upper case, digits, others), and must not be the customer id";
        if (password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) throw new ApiError(400, rule);
        int classes = 0;
        if (password.chars().anyMatch(Character::isLowerCase)) classes++;
        if (password.chars().anyMatch(Character::isUpperCase)) classes++;
        if (password.chars().anyMatch(Character::isDigit)) classes++;
        if (password.chars().anyMatch(ch -> !Character.isLetterOrDigit(ch))) classes++;
        if (classes < 2) throw new ApiError(400, rule);
        if (password.equalsIgnoreCase(customerId)) throw new ApiError(400, rule);
    }

    static String email(String email) {
        if (email == null) return null;
        if (email.length() > 254 || !EMAIL.matcher(email).matches()) throw new ApiError(400, "'email' must look like name@example.org");
        return email;
    }

    static String phone(String phone) {
        if (phone == null) return null;
        String compact = phone.replaceAll("[ -]", "");
        if (!PHONE.matcher(compact).matches()) throw new ApiError(400, "'phone' must be an international number such as +15551234567");
        return compact;
    }

    /** Printable text of at most {@code max} characters (a nickname, a card name, a recovery question). */
    static String printable(String field, String value, int max) {
        if (value == null) return null;
        String v = value.strip();
        if (v.length() > max || v.chars().anyMatch(Character::isISOControl)) {
            throw new ApiError(400, "'" + field + "' must be at most " + max + " printable characters");
        }
        return v;
    }

    /** A recovery answer as hashed and compared: trimmed and lower-cased, so "Rex " and "rex" agree. */
    static String normalisedAnswer(String answer) {
        String a = answer.strip().toLowerCase(Locale.ROOT);
        if (a.isEmpty() || a.length() > 200) throw new ApiError(400, "'recoveryAnswer' must be 1 to 200 characters");
        return a;
    }
}
