package org.veil.terminal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The cards a load run uses, from a file of {@code pan,expiry} lines (blank lines and # comments skipped). */
public final class CardDeck {
    private CardDeck() {}

    public static List<CardData> read(Path file, boolean swiped) throws IOException {
        List<CardData> cards = new ArrayList<>();
        int n = 0;
        for (String line : Files.readAllLines(file)) {
            n++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) continue;
            String[] parts = t.split(",");
            if (parts.length < 2) throw new IllegalArgumentException(file + " line " + n + ": expected pan,expiry");
            try {
                String pan = parts[0].strip();
                String expiry = parts[1].strip();
                cards.add(swiped ? CardData.swiped(pan, expiry) : CardData.keyed(pan, expiry));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " line " + n + ": " + e.getMessage());
            }
        }
        if (cards.isEmpty()) throw new IllegalArgumentException(file + " holds no card");
        return List.copyOf(cards);
    }
}
