-- Placeholder: number 0007 belongs to another issue 7 branch (the numbers must have no gaps).
-- Delete this file when that branch's migration is merged.
SELECT 1;
