-- 046 a round's public link exists exactly when its channels include 'public'.
-- Why: the two were kept apart. A round given the 公开链接 channel in the console got no link
-- (only the demo seed wrote `public_link`), so its form still asked every evaluator for a code;
-- and the demo round took public ballots while its channels said codes only. From now on the
-- round store writes the link with the channel (server/rounds/public-link.ts) and both hosts
-- admit public ballots only when both are there; this brings existing rounds in line.

-- A round that has a link takes public ballots: say so in its channels.
UPDATE round SET channels = channels || '["public"]'::jsonb
WHERE id IN (SELECT round_id FROM public_link) AND NOT channels ? 'public';

-- A round that names the channel gets its link, counted by default as 社会公众 where the campaign
-- has that category, else as its last one (a campaign without categories gets it when the
-- round opens, which needs categories).
INSERT INTO public_link (round_id, category_id)
SELECT r.id, c.id
FROM round r
CROSS JOIN LATERAL (
  SELECT id FROM evaluator_category
  WHERE campaign_id = r.campaign_id
  ORDER BY (name = '社会公众') DESC, position DESC, name DESC
  LIMIT 1
) c
WHERE r.channels ? 'public' AND NOT EXISTS (SELECT 1 FROM public_link l WHERE l.round_id = r.id);
