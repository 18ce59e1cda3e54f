package org.veil.credit;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.veil.packagers.CardNumbers;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/** The test cards of cfg/credit-issuer/cards.yml; a bad file is one IOException line naming file and card. */
public final class CardBook {
    private final Map<String, TestCreditCard> byPan;

    public CardBook(List<TestCreditCard> cards) {
        Map<String, TestCreditCard> m = new LinkedHashMap<>();
        cards.forEach(c -> m.put(c.pan(), c));
        this.byPan = Map.copyOf(m);
    }

    public static CardBook load(Path file) throws IOException {
        Object root;
        try (Reader r = Files.newBufferedReader(file)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such file");
        } catch (YAMLException e) {
            throw new IOException(file + ": not valid YAML");
        }
        if (!(root instanceof Map<?, ?> top) || !(top.get("cards") instanceof List<?> items) || items.isEmpty()) {
            throw new IOException(file + ": expected a non-empty list under 'cards:'");
        }
        List<TestCreditCard> cards = new java.util.ArrayList<>();
        for (int n = 0; n < items.size(); n++) {
            String where = file + ": card " + (n + 1) + ": ";
            if (!(items.get(n) instanceof Map<?, ?> i)) throw new IOException(where + "not a mapping");
            String pan = String.valueOf(i.get("pan"));
            if (!pan.matches("[0-9]{12,19}") || !CardNumbers.luhnValid(pan)) throw new IOException(where + "'pan' must be a Luhn-valid number of 12 to 19 digits");
            String expiry = String.valueOf(i.get("expiry"));
            if (!expiry.matches("[0-9]{2}(0[1-9]|1[0-2])")) throw new IOException(where + "'expiry' must be YYMM");
            cards.add(new TestCreditCard(pan, expiry, number(i, "creditLimit", where, null), number(i, "delayMillis", where, 0L)));
        }
        return new CardBook(cards);
    }

    private static long number(Map<?, ?> i, String key, String where, Long dflt) throws IOException {
        Object v = i.get(key);
        if (v == null && dflt != null) return dflt;
        try {
            long n = Long.parseLong(String.valueOf(v));
            if (n >= 0) return n;
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IOException(where + "'" + key + "' must be a whole number >= 0, got '" + v + "'");
    }

    public TestCreditCard get(String pan) {
        return pan == null ? null : byPan.get(pan);
    }

    public int size() {
        return byPan.size();
    }
}
