-- Reserved: number 0004 belongs to another branch of issue 17 (the migrations are
-- numbered without gaps on both backends). This placeholder changes nothing; when that
-- branch merges, its 0004 replaces this file, and no database may run with it before.
SELECT 1;
