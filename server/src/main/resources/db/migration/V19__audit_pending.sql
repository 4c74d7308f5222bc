-- Audit events are written in two steps, so that audited requests no longer serialize on the chain
-- head (issue 4). The action's transaction inserts its event unchained: a provisional negative seq
-- from this sequence, prev_hash empty, and in hash a MAC of the event's content under the chain
-- key. Right after the commit, one chainer at a time (under the lock on audit_chain's row, as
-- before) gives the committed pending events their place in the chain: seq, prev_hash and hash.
-- Readers see only chained events (seq > 0); seq stays gap-free in chain order.
CREATE SEQUENCE audit_pending_seq;
