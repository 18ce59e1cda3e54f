package org.veil.issuer.gateway;

import org.veil.http.ApiError;

/** A shop's order id: 1 to 64 of A-Z a-z 0-9 . _ : - (it goes into paths and signed text as it is). */
final class OrderIds {
    private OrderIds() {}

    static String check(String id) {
        if (id == null || !id.matches("[A-Za-z0-9._:-]{1,64}")) {
            throw new ApiError(400, "an order id is 1 to 64 of A-Z a-z 0-9 . _ : -, got " + ApiError.shown(id));
        }
        return id;
    }

    static long amount(long amount) {
        if (amount <= 0) throw new ApiError(400, "'amount' must be a positive whole number of minor units, got " + amount);
        return amount;
    }
}
