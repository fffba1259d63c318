-- Reserved for another part of issue 13 (numbers start at 1 with no gaps): this
-- placeholder only lets the outbox branch's 0014 run on its own. Drop it when the
-- real 0013 is merged.
SELECT 1;
