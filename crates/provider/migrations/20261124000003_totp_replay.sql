-- RFC 6238 section 5.2: a code must not be accepted twice. The last time
-- step a code was accepted for is kept so a replay within the same 30-second
-- window (or the one after it) is refused.
ALTER TABLE user_secrets ADD COLUMN two_factor_last_step BIGINT;
