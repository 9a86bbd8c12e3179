-- Ticket numbers are TKT-YYYY-NNNNNN, gap-free per year. The last number
-- given out each year is taken and bumped in the transaction that opens
-- the ticket, under the writer lock, so two provider processes can never
-- give out the same number and a ticket that is not committed gives its
-- number back.
CREATE TABLE ticket_counters (
    year INTEGER PRIMARY KEY,
    last_number BIGINT NOT NULL
);
