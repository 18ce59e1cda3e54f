package org.veil.bench;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;

/** Text and numbers as inline SVG/HTML wants them: escaped, rounded, compact. */
final class Svg {
    private Svg() {}

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A coordinate: one decimal is finer than a pixel. */
    static String at(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** 950, 9.5k, 12k, 1.2M. */
    static String compact(double v) {
        if (v >= 1e6) return String.format(Locale.ROOT, v >= 1e7 ? "%.0fM" : "%.1fM", v / 1e6);
        if (v >= 1e3) return String.format(Locale.ROOT, v >= 1e4 ? "%.0fk" : "%.1fk", v / 1e3);
        return String.format(Locale.ROOT, "%.0f", v);
    }

    /** A power of ten of milliseconds, as an axis label: 0.01 ms, 1 ms, 100 ms. */
    static String decadeMillis(int exponent) {
        return new BigDecimal(BigInteger.ONE, -exponent).toPlainString() + " ms";
    }

    /** The smallest 1, 2 or 5 times a power of ten at or above v (an axis top). */
    static double niceCeiling(double v) {
        if (v <= 0) return 1;
        double decade = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * decade >= v) return m * decade;
        }
        return 10 * decade;
    }
}
