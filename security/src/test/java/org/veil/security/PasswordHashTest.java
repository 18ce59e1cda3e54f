package org.veil.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PasswordHashTest {
    @Test
    void matchesTheReferenceImplementationsVector() {
        // the Argon2 reference implementation's own test vector (phc-winner-argon2, src/test.c)
        String phc = PasswordHash.hash("password".toCharArray(), "somesalt".getBytes(StandardCharsets.US_ASCII), 65536, 2, 1);
        assertEquals("$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc", phc);
        assertTrue(PasswordHash.verify("password".toCharArray(), phc));
    }

    @Test
    void aHashIsSaltedVerifiesItsSecretOnlyAndRefusesWhatIsNotArgon2id() {
        String a = PasswordHash.hash("correct horse battery".toCharArray());
        String b = PasswordHash.hash("correct horse battery".toCharArray());
        assertNotEquals(a, b, "a fresh salt each time");
        assertTrue(a.startsWith("$argon2id$v=19$m=" + PasswordHash.MEMORY_KIB + ",t=2,p=1$"), a);
        assertFalse(a.contains("correct"));
        assertTrue(PasswordHash.verify("correct horse battery".toCharArray(), a));
        assertFalse(PasswordHash.verify("correct horse batterY".toCharArray(), a));
        assertFalse(PasswordHash.verify("".toCharArray(), a));
        for (String bad : new String[] {null, "", "correct horse battery", a.replace("argon2id", "argon2i"),
                a.substring(0, a.length() - 4), "$argon2id$v=19$m=0,t=2,p=1$c29tZXNhbHQxMjM0NTY3OA$c29tZXNhbHQxMjM0NTY3OA"}) {
            assertFalse(PasswordHash.verify("correct horse battery".toCharArray(), bad), String.valueOf(bad));
        }
    }
}
