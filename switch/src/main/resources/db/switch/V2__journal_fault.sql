-- An answer spoiled on purpose by an injected fault (switch control API, /faults), e.g. "injected: drop (fault 3)";
-- NULL for every other exchange, so a test tells an injected fault from a real one.
ALTER TABLE journal ADD COLUMN fault VARCHAR(120);
