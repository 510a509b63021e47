-- 049 the date a rectification item was done (完成日期).
-- Why: an item done after its deadline (逾期完成) must read differently from one done in time — on
-- the console, the public board and the 回头看 form — and the item kept only its status. The app
-- sets done_on when the status becomes done: the date of the progress report that says so (the
-- date the unit gives the work, as on the board), else the Beijing date of the change; it clears
-- it when the status leaves done. Late is computed on read against the deadline, never stored.
-- Items already done take the same from the latest audit record that moved them to done, else
-- the Beijing date of their last change.

ALTER TABLE rectification_item ADD COLUMN done_on date;

UPDATE rectification_item i SET done_on = coalesce(
  (SELECT coalesce((a.after->>'onDate')::date, ((a.at AT TIME ZONE 'UTC') + interval '8 hours')::date)
     FROM audit_log a
    WHERE a.entity = 'rectification_item' AND a.entity_id = i.id::text
      AND a.after->>'status' = 'done' AND coalesce(a.before->>'status', '') <> 'done'
    ORDER BY a.id DESC LIMIT 1),
  ((i.updated_at AT TIME ZONE 'UTC') + interval '8 hours')::date)
WHERE i.status = 'done';

ALTER TABLE rectification_item ADD CONSTRAINT rectification_item_done_on CHECK ((status = 'done') = (done_on IS NOT NULL));
