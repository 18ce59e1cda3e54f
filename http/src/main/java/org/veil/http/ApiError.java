package org.veil.http;

/** An API refusal: HTTP status and one line for {"error": ...} (and the Allow header of a 405). */
public class ApiError extends RuntimeException {
    private static final int MAX_LINE = 300;
    private static final int MAX_SHOWN_INPUT = 40;
    private final int status;
    private final String allow;

    public ApiError(int status, String message) {
        this(status, message, null);
    }

    private ApiError(int status, String message, String allow) {
        super(oneLine(message), null, false, false);
        this.status = status;
        this.allow = allow;
    }

    public static ApiError methodNotAllowed(String method, String allowed) {
        return new ApiError(405, "method " + shown(method) + " is not allowed here, use " + allowed, allowed);
    }

    public int status() {
        return status;
    }

    /** The methods a 405 names in its Allow header, else null. */
    public String allow() {
        return allow;
    }

    /** Text as one printable line, short enough for a log or a terminal: what every error body holds. */
    public static String oneLine(String s) {
        if (s == null || s.isBlank()) return "error";
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_LINE + 1));
        for (int i = 0; i < s.length() && b.length() <= MAX_LINE; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) || Character.getType(c) == Character.LINE_SEPARATOR
                    || Character.getType(c) == Character.PARAGRAPH_SEPARATOR ? ' ' : c);
        }
        String line = b.toString().strip();
        return line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + "..." : line;
    }

    /** A client's input quoted in a message: at most 40 characters of it, so an error never echoes a wall of junk. */
    public static String shown(String input) {
        if (input == null) return "nothing";
        String s = input.length() > MAX_SHOWN_INPUT ? input.substring(0, MAX_SHOWN_INPUT) + "..." : input;
        return "'" + oneLine(s) + "'";
    }
}
