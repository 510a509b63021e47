-- 051 a mark on each round that the work of its close is done (anonymity review, finding 10).
-- Why: closing is two steps. The status change commits first; then the forced flush mixes what is
-- left in staging into the ballots and tallies, and the round's use, submission, ballot and count
-- rows are rewritten (server/ingest/flush.ts), each in a transaction of its own. When the second
-- step did not happen (the process died, a statement failed), nothing ran it again: a second close
-- was refused, results reads and ingest do not flush a closed round, so the staged ballots stayed
-- joined to their code uses on xmin, and out of the tallies, for good. Now closing sets
-- close_done false with the status and the closing work sets it true once all of it is done;
-- whatever meets a closed round with close_done false runs the work again (it may run twice):
-- a repeated close, the Node host at start, a read of the round's results, a publication.
-- Rounds closed before this migration keep false: their tallies and submission rows were never
-- rewritten, so the work runs once for them too (the Node host at start, else the first read).

ALTER TABLE round ADD COLUMN close_done boolean NOT NULL DEFAULT false;
