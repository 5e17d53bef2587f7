-- The notes' search index without its prefix indexes (`prefix = '2 3'`). They doubled the work of indexing a
-- note (and of building the index for an import) while a search typed as far as two or three letters took as
-- long with them as without: ranking every match is that search's cost, not finding the words. The triggers of
-- migration 3 keep writing the index by its name.
DROP TABLE note_search;

CREATE VIRTUAL TABLE note_search USING fts5 (
    title, body, tags,
    tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO note_search (rowid, title, body, tags)
SELECT n.id, n.title, n.body, (
    SELECT coalesce(group_concat(t.name, ' '), '') FROM note_tag nt JOIN tag t ON t.id = nt.tag_id
    WHERE nt.note_id = n.id
) FROM note n WHERE n.deleted_at IS NULL;
