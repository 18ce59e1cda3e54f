-- No clear card number and no CVV2 at rest. A card's number is kept encrypted (pan_cipher: AES-GCM under the
-- keystore's pan-key), found by its keyed hash (pan_hash: HMAC-SHA256 under pan-hash-key) and shown masked
-- (masked_pan: first 6 and last 4 digits). The CVV2 is told once at issuance and kept nowhere.
-- Existing rows cannot be converted in SQL (encryption needs the key): the issuer refuses to start on a
-- version-1 database that holds cards (CardTableCheck). Should one get here anyway, the first statement fails
-- on its NOT NULL column before anything changes, and the clear numbers are not dropped unconverted.
ALTER TABLE cards ADD COLUMN pan_hash BYTEA NOT NULL;
ALTER TABLE cards ADD COLUMN pan_cipher BYTEA NOT NULL;
ALTER TABLE cards ADD COLUMN masked_pan VARCHAR(19) NOT NULL;
ALTER TABLE cards DROP COLUMN pan;
ALTER TABLE cards DROP COLUMN cvv2;
ALTER TABLE cards ADD CONSTRAINT cards_pan_hash UNIQUE (pan_hash);
