package org.veil.cardswitch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jpos.iso.ISOUtil;

/** Where the switch's logs or journal hold a card number in clear: as digits, or as the hex of a VAN image. */
final class ClearPans {
    private ClearPans() {}

    /** Log files under veil.log.dir that hold one of the PANs. */
    static List<String> inLogs(String... pans) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of(System.getProperty("veil.log.dir")))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(f, StandardCharsets.ISO_8859_1);
                for (String pan : pans) if (holds(text, pan)) found.add(f + " holds a clear PAN");
            }
        }
        return found;
    }

    /** Journal columns that hold one of the PANs (15 of its digits are enough to count). */
    static List<String> inJournal(String... pans) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection c = SwitchDatabase.get().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM journal")) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    String v = rs.getString(i);
                    if (v == null) continue;
                    for (String pan : pans) {
                        if (holds(v, pan) || v.contains(pan.substring(0, 15))) found.add("journal row " + rs.getLong("id") + " " + md.getColumnName(i) + " holds PAN digits");
                    }
                }
            }
        }
        return found;
    }

    private static boolean holds(String text, String pan) {
        return text.contains(pan) || text.toUpperCase().contains(ISOUtil.hexString(pan.getBytes(StandardCharsets.US_ASCII)));
    }
}
