-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema 10: the order of the person register (cas-person-register.c).
--
-- person.sort_key is what the register sorts by: the last name, then the
-- first name, in lower case without accents ("Lefèvre" beside "Lefevre",
-- not after "Lyon"; "Émilie" among the e), char (1) between them (so that
-- "Van" comes before "Van Damme"). It is a generated column, so that every
-- way a person is written (the services, the bulk import, merges, plain
-- SQL) keeps it current, and it costs nothing to write but its index. The
-- accents go with replace (): SQLite has no function that removes them,
-- and its parser takes only so many nested calls, so that the folding is
-- cut in three columns, each computed from the one before: sort_fold maps
-- an accented capital at the start of each name and the first accented
-- letters, sort_fold2 the next ones, sort_key the last ones and lowers the
-- case. Names in plain ASCII (most) skip them. Letters not listed here (and
-- accented capitals inside a name) stay as they are and sort after z.
--
-- person_sort_key_idx over the living persons gives the register's pages
-- by a walk of the index; it replaces the indexes of schema 8 on
-- (last_name, first_name).

ALTER TABLE person ADD COLUMN sort_fold TEXT GENERATED ALWAYS AS (
  replace (replace (replace (replace (replace (replace (replace (replace (replace (replace (replace (replace (replace (replace (replace (replace (replace (replace (replace (
    iif (instr ('ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝĂĄĆČĎĘĚĞİŁŃŇŐŘŚŞŠȘŢŤȚŮŰŹŻŽÆŒ', substr (last_name, 1, 1)) > 0,
       substr ('aaaaaaceeeeiiiinoooooouuuuyaaccdeegilnnorsssstttuuzzzao', instr ('ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝĂĄĆČĎĘĚĞİŁŃŇŐŘŚŞŠȘŢŤȚŮŰŹŻŽÆŒ', substr (last_name, 1, 1)), 1)
       || substr (last_name, 2), last_name)
    || char (1) ||
    iif (instr ('ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝĂĄĆČĎĘĚĞİŁŃŇŐŘŚŞŠȘŢŤȚŮŰŹŻŽÆŒ', substr (first_name, 1, 1)) > 0,
       substr ('aaaaaaceeeeiiiinoooooouuuuyaaccdeegilnnorsssstttuuzzzao', instr ('ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝĂĄĆČĎĘĚĞİŁŃŇŐŘŚŞŠȘŢŤȚŮŰŹŻŽÆŒ', substr (first_name, 1, 1)), 1)
       || substr (first_name, 2), first_name),
    'à', 'a'), 'á', 'a'), 'â', 'a'), 'ã', 'a'), 'ä', 'a'), 'å', 'a'), 'ç', 'c'), 'è', 'e'),
    'é', 'e'), 'ê', 'e'), 'ë', 'e'), 'ì', 'i'), 'í', 'i'), 'î', 'i'), 'ï', 'i'), 'ñ', 'n'),
    'ò', 'o'), 'ó', 'o'), 'ô', 'o')) VIRTUAL;

ALTER TABLE person ADD COLUMN sort_fold2 TEXT GENERATED ALWAYS AS (
  replace (replace (replace (replace (replace (replace (replace (replace (replace (replace (replace (replace (replace (replace (replace (replace (replace (replace (replace (
    sort_fold,
    'õ', 'o'), 'ö', 'o'), 'ø', 'o'), 'ù', 'u'), 'ú', 'u'), 'û', 'u'), 'ü', 'u'), 'ý', 'y'),
    'ÿ', 'y'), 'ă', 'a'), 'ą', 'a'), 'ć', 'c'), 'č', 'c'), 'ď', 'd'), 'ę', 'e'), 'ě', 'e'),
    'ğ', 'g'), 'ı', 'i'), 'ł', 'l')) VIRTUAL;

ALTER TABLE person ADD COLUMN sort_key TEXT GENERATED ALWAYS AS (
  iif (last_name || first_name GLOB '*[^ -~]*',
       lower (replace (replace (replace (replace (replace (replace (replace (replace (replace (replace (replace (replace (replace (replace (replace (replace (replace (replace (replace (
         sort_fold2,
         'ń', 'n'), 'ň', 'n'), 'ő', 'o'), 'ř', 'r'), 'ś', 's'), 'ş', 's'), 'š', 's'), 'ș', 's'),
         'ţ', 't'), 'ť', 't'), 'ț', 't'), 'ů', 'u'), 'ű', 'u'), 'ź', 'z'), 'ż', 'z'), 'ž', 'z'),
         'ß', 'ss'), 'æ', 'ae'), 'œ', 'oe')),
       lower (last_name) || char (1) || lower (first_name))) VIRTUAL;

CREATE INDEX person_sort_key_idx ON person (sort_key) WHERE merged_into IS NULL;

DROP INDEX IF EXISTS person_register_idx;
DROP INDEX IF EXISTS person_sort_idx;
