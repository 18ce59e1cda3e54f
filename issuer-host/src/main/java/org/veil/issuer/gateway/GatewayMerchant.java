package org.veil.issuer.gateway;

/** A registered partner shop with its secret opened (held only while a request is served). */
record GatewayMerchant(String merchantId, String name, String keyId, String secret, ResultMode mode, String callbackUrl, long orderSeconds) {
    /** No secret. */
    @Override
    public String toString() {
        return "GatewayMerchant[" + merchantId + " key " + keyId + " " + mode.wire() + "]";
    }
}
