-- A one-time code order at the gateway that waits for its cardholder's confirmation (status CONFIRMING): its code kept
-- sealed (AES-GCM under pan-key, the order row as associated data) so the order can be decided after a restart without
-- the shop presenting it again; erased when the order is decided.
ALTER TABLE gateway_orders ADD COLUMN held_code VARBINARY(64);
