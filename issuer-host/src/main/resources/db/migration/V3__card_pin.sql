-- A card may have a PIN. Kept: never the PIN nor a hash of it, but its Visa PVV (computed under the keystore's pvk),
-- and even that only sealed: pvv_cipher is AES-GCM under pan-key of the PVK index and the PVV, bound to the card's
-- pan_hash (PanVault.sealPvv), so no column holds a PVV in clear. NULL: the card has no PIN.
-- pin_tries counts wrong PINs in a row; at 3 the PIN is locked (answers 75) until a new PIN is set.
-- CVV, CVV2 and iCVV are computed from the card verification keys whenever needed and kept nowhere.
ALTER TABLE cards ADD COLUMN pvv_cipher BYTEA;
ALTER TABLE cards ADD COLUMN pin_tries INT NOT NULL DEFAULT 0;
