package org.veil.issuer.topup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.veil.http.ApiError;

/** The bank account forms a funding source takes: an IBAN with good mod-97 check digits, or 6 to 20 digits. */
class BankAccountTest {
    @Test
    void ibansAreCheckedAndNormalised() {
        assertEquals("DE89370400440532013000", FundingSources.bankAccount("de89 3704 0044 0532 0130 00", null));
        assertEquals(400, assertThrows(ApiError.class, () -> FundingSources.bankAccount("DE88370400440532013000", null)).status());
        assertEquals(400, assertThrows(ApiError.class, () -> FundingSources.bankAccount("DE89", null)).status());
    }

    @Test
    void accountNumbersAreDigitsAndExactlyOneFormIsGiven() {
        assertEquals("12345678", FundingSources.bankAccount(null, "1234 5678"));
        assertThrows(ApiError.class, () -> FundingSources.bankAccount(null, "12ab5678"));
        assertThrows(ApiError.class, () -> FundingSources.bankAccount(null, null));
        assertThrows(ApiError.class, () -> FundingSources.bankAccount("DE89370400440532013000", "12345678"));
    }

    @Test
    void stanAndRrnFollowTheTopUpId() {
        assertEquals("000002", CardFunding.stan(1));
        assertEquals("VT0000000001", CardFunding.rrn(1));
        assertEquals(12, CardFunding.rrn(99_999_999_999L).length());
    }
}
