package org.veil.credit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CardBookTest {
    @Test
    void theShippedTestCardsLoad() throws IOException {
        Path file = Path.of("../cfg/credit-issuer/cards.yml");
        CardBook book = CardBook.load(file);
        assertEquals(5, book.size());
        assertEquals(3000, book.get("4111110000000047").delayMillis());
        assertTrue(book.get("4111110000000039").expiredAt(2026, 1));
    }

    @Test
    void aBadCardIsOneLineNamingIt(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("cards.yml");
        Files.writeString(f, "cards:\n  - pan: \"4111110000000014\"\n    expiry: \"3012\"\n    creditLimit: 5\n");
        IOException e = assertThrows(IOException.class, () -> CardBook.load(f));
        assertTrue(e.getMessage().contains("card 1: 'pan' must be a Luhn-valid"), e.getMessage());
    }
}
