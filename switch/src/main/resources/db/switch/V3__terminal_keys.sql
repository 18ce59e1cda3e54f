-- Each TDES terminal's current working keys after an 0800 key change (field 70 = 101): encrypted under the TMK
-- (as they went out in the 0810), never clear, with their check values and the TMK's. A terminal without a row
-- uses the keystore's tpk and tak.
CREATE TABLE terminal_keys (
    terminal_id     VARCHAR(16)  PRIMARY KEY,
    tpk_under_tmk   VARCHAR(32)  NOT NULL, -- hex
    tpk_kcv         VARCHAR(6)   NOT NULL,
    tak_under_tmk   VARCHAR(32)  NOT NULL, -- hex
    tak_kcv         VARCHAR(6)   NOT NULL,
    tmk_kcv         VARCHAR(6)   NOT NULL, -- which TMK they are under
    changed_at      BIGINT       NOT NULL  -- epoch millis
);
