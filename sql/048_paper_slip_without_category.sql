-- A blank paper slip (空白票) or a spoiled one (作废票, e.g. no category or several ticked) is
-- keyed without a category: only a slip with ticked cells needs one.
ALTER TABLE paper_entry ALTER COLUMN category_id DROP NOT NULL;
