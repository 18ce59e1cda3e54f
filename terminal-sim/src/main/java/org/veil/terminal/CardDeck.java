package org.veil.terminal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The cards a load run uses, from a file of {@code pan,expiry[,track2]} lines (blank lines and # comments skipped);
 * a swiped run needs the third column, the card's own track 2 with its CVV.
 */
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
                if (!swiped) {
                    cards.add(CardData.keyed(pan, expiry));
                } else if (parts.length < 3 || parts[2].isBlank()) {
                    throw new IllegalArgumentException("--swipe needs the card's track 2 as a third column (pan,expiry,track2)");
                } else {
                    cards.add(CardData.fromTrack2(parts[2].strip()));
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " line " + n + ": " + e.getMessage());
            }
        }
        if (cards.isEmpty()) throw new IllegalArgumentException(file + " holds no card");
        return List.copyOf(cards);
    }
}
