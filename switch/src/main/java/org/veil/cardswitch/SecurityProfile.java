package org.veil.cardswitch;

/** How one terminal protects its requests (cfg/switch/terminal-security.yml): MAC algorithm, PIN block kind, MAC required. */
record SecurityProfile(Mac mac, Pin pin, boolean requireMac) {
    /** Field 64: retail MAC under a TDES TAK, or AES-CMAC (first 8 bytes) under an AES TAK. */
    enum Mac {
        RETAIL("retail"), AES_CMAC("aes-cmac");

        final String text;

        Mac(String text) {
            this.text = text;
        }

        /** The algorithm the file names so, or null. */
        static Mac of(String text) {
            for (Mac m : values()) if (m.text.equals(text)) return m;
            return null;
        }
    }

    /** Where the PIN block is and under which key: field 52 under the TPK or a DUKPT key, or field 48 P4 under the AES TPK. */
    enum Pin {
        TDES("tdes"), DUKPT("dukpt"), AES("aes");

        final String text;

        Pin(String text) {
            this.text = text;
        }

        /** The PIN block kind the file names so, or null. */
        static Pin of(String text) {
            for (Pin p : values()) if (p.text.equals(text)) return p;
            return null;
        }
    }

    /** Only TDES terminals take new working keys (0800 key change): their TPK and TAK travel under the TMK. */
    boolean changesKeys() {
        return mac == Mac.RETAIL && pin == Pin.TDES;
    }
}
