-- Global record ids (issue 19: sync between devices). Until now every table counted its own ids from 1, so two
-- devices would give two different notes the same id. Every record now gets an id no other device gives out
-- (`src/ids.rs`): a hash of its key for the pathway's records and tags, so all devices agree on them; the
-- second it was made plus a counter from a random point for the person's own records, so ids still sort in
-- the order records were made. Every row and every link is kept: the ids are mapped, then every key and every
-- column that refers to one is rewritten through the map, with the foreign keys checked at the commit.
PRAGMA defer_foreign_keys = ON;

CREATE TEMP TABLE id_map (
    kind TEXT NOT NULL,
    old  INTEGER NOT NULL,
    new  INTEGER NOT NULL,
    PRIMARY KEY (kind, old)
) WITHOUT ROWID;

-- One random starting point below 2^20 for the records made in one second; the row number counts on from it.
CREATE TEMP TABLE id_start AS SELECT abs(random() % 1048576) AS start;

-- Records named by a key: the same id on every device.
INSERT INTO temp.id_map SELECT 'milestone', id, cairn_keyed_id('milestone', key) FROM milestone;
INSERT INTO temp.id_map SELECT 'reflection_prompt', id, cairn_keyed_id('reflection_prompt', key) FROM reflection_prompt;
INSERT INTO temp.id_map SELECT 'resource', id, cairn_keyed_id('resource', key) FROM resource;
INSERT INTO temp.id_map SELECT 'tag', id, cairn_keyed_id('tag', name) FROM tag;
INSERT INTO temp.id_map SELECT 'checklist_item', id, cairn_keyed_id('checklist_item', key)
    FROM checklist_item WHERE key IS NOT NULL;
INSERT INTO temp.id_map SELECT 'competency', id, cairn_keyed_id('competency', key)
    FROM competency WHERE key IS NOT NULL;

-- The person's own records: the second each was made (since 2000-01-01), then its place among the records of
-- its kind made in that second, counted on from the random start.
INSERT INTO temp.id_map
SELECT kind, id, (second << 21) + start + row_number() OVER (PARTITION BY kind, second ORDER BY id)
FROM (
    SELECT kind, id, max(coalesce(unixepoch(made_at), unixepoch('now')) - 946684800, 1) AS second
    FROM (
        SELECT 'checklist_item' AS kind, id, created_at AS made_at FROM checklist_item WHERE key IS NULL
        UNION ALL SELECT 'competency', id, created_at FROM competency WHERE key IS NULL
        UNION ALL SELECT 'note', id, created_at FROM note
        UNION ALL SELECT 'assessment', id, created_at FROM assessment
        UNION ALL SELECT 'study_session', id, created_at FROM study_session
        UNION ALL SELECT 'study_break', id, created_at FROM study_break
        UNION ALL SELECT 'portfolio_piece', id, created_at FROM portfolio_piece
        UNION ALL SELECT 'piece_attachment', id, added_at FROM piece_attachment
        UNION ALL SELECT 'contact', id, created_at FROM contact
        UNION ALL SELECT 'interaction', id, created_at FROM interaction
        UNION ALL SELECT 'note_version', id, replaced_at FROM note_version
    )
), temp.id_start;

-- Every key, and every column that refers to one, through the map (a NULL link stays NULL).
UPDATE milestone SET
    id = (SELECT new FROM temp.id_map WHERE kind = 'milestone' AND old = milestone.id);
UPDATE checklist_item SET
    id = (SELECT new FROM temp.id_map WHERE kind = 'checklist_item' AND old = checklist_item.id),
    milestone_id = (SELECT new FROM temp.id_map WHERE kind = 'milestone' AND old = checklist_item.milestone_id);
UPDATE reflection_prompt SET
    id = (SELECT new FROM temp.id_map WHERE kind = 'reflection_prompt' AND old = reflection_prompt.id),
    milestone_id = (SELECT new FROM temp.id_map WHERE kind = 'milestone' AND old = reflection_prompt.milestone_id);
UPDATE competency SET
    id = (SELECT new FROM temp.id_map WHERE kind = 'competency' AND old = competency.id);
UPDATE competency_level SET
    competency_id = (SELECT new FROM temp.id_map WHERE kind = 'competency' AND old = competency_level.competency_id);
UPDATE resource SET
    id = (SELECT new FROM temp.id_map WHERE kind = 'resource' AND old = resource.id);
UPDATE note SET
    id = (SELECT new FROM temp.id_map WHERE kind = 'note' AND old = note.id),
    milestone_id = (SELECT new FROM temp.id_map WHERE kind = 'milestone' AND old = note.milestone_id),
    item_id = (SELECT new FROM temp.id_map WHERE kind = 'checklist_item' AND old = note.item_id),
    competency_id = (SELECT new FROM temp.id_map WHERE kind = 'competency' AND old = note.competency_id),
    prompt_id = (SELECT new FROM temp.id_map WHERE kind = 'reflection_prompt' AND old = note.prompt_id);
UPDATE tag SET
    id = (SELECT new FROM temp.id_map WHERE kind = 'tag' AND old = tag.id);
UPDATE note_tag SET
    note_id = (SELECT new FROM temp.id_map WHERE kind = 'note' AND old = note_tag.note_id),
    tag_id = (SELECT new FROM temp.id_map WHERE kind = 'tag' AND old = note_tag.tag_id);
UPDATE assessment SET
    id = (SELECT new FROM temp.id_map WHERE kind = 'assessment' AND old = assessment.id),
    milestone_id = (SELECT new FROM temp.id_map WHERE kind = 'milestone' AND old = assessment.milestone_id);
UPDATE rating SET
    assessment_id = (SELECT new FROM temp.id_map WHERE kind = 'assessment' AND old = rating.assessment_id),
    competency_id = (SELECT new FROM temp.id_map WHERE kind = 'competency' AND old = rating.competency_id),
    note_id = (SELECT new FROM temp.id_map WHERE kind = 'note' AND old = rating.note_id);
UPDATE study_session SET
    id = (SELECT new FROM temp.id_map WHERE kind = 'study_session' AND old = study_session.id),
    milestone_id = (SELECT new FROM temp.id_map WHERE kind = 'milestone' AND old = study_session.milestone_id),
    competency_id = (SELECT new FROM temp.id_map WHERE kind = 'competency' AND old = study_session.competency_id);
UPDATE study_timer SET
    milestone_id = (SELECT new FROM temp.id_map WHERE kind = 'milestone' AND old = study_timer.milestone_id),
    competency_id = (SELECT new FROM temp.id_map WHERE kind = 'competency' AND old = study_timer.competency_id);
UPDATE study_break SET
    id = (SELECT new FROM temp.id_map WHERE kind = 'study_break' AND old = study_break.id);
UPDATE portfolio_piece SET
    id = (SELECT new FROM temp.id_map WHERE kind = 'portfolio_piece' AND old = portfolio_piece.id);
UPDATE piece_competency SET
    piece_id = (SELECT new FROM temp.id_map WHERE kind = 'portfolio_piece' AND old = piece_competency.piece_id),
    competency_id = (SELECT new FROM temp.id_map WHERE kind = 'competency' AND old = piece_competency.competency_id);
UPDATE piece_attachment SET
    id = (SELECT new FROM temp.id_map WHERE kind = 'piece_attachment' AND old = piece_attachment.id),
    piece_id = (SELECT new FROM temp.id_map WHERE kind = 'portfolio_piece' AND old = piece_attachment.piece_id);
UPDATE contact SET
    id = (SELECT new FROM temp.id_map WHERE kind = 'contact' AND old = contact.id);
UPDATE interaction SET
    id = (SELECT new FROM temp.id_map WHERE kind = 'interaction' AND old = interaction.id),
    contact_id = (SELECT new FROM temp.id_map WHERE kind = 'contact' AND old = interaction.contact_id);
UPDATE note_version SET
    id = (SELECT new FROM temp.id_map WHERE kind = 'note_version' AND old = note_version.id),
    note_id = (SELECT new FROM temp.id_map WHERE kind = 'note' AND old = note_version.note_id);

DROP TABLE temp.id_map;
DROP TABLE temp.id_start;

-- The search index is keyed by the note's id: built again from the notes, as migration 9 builds it.
DELETE FROM note_search;
INSERT INTO note_search (rowid, title, body, tags)
SELECT n.id, n.title, n.body, (
    SELECT coalesce(group_concat(t.name, ' '), '') FROM note_tag nt JOIN tag t ON t.id = nt.tag_id
    WHERE nt.note_id = n.id
) FROM note n WHERE n.deleted_at IS NULL;

-- From now on a new record without a global id is refused, so a forgotten `cairn_id()` cannot slip a counted
-- id back in (2^32: every id of schema 9 and earlier is below it, every global id above).
CREATE TRIGGER milestone_global_id BEFORE INSERT ON milestone WHEN new.id IS NULL OR new.id < 4294967296 BEGIN
    SELECT RAISE(ABORT, 'a new milestone needs a global id (cairn_id() or cairn_keyed_id())');
END;
CREATE TRIGGER checklist_item_global_id BEFORE INSERT ON checklist_item WHEN new.id IS NULL OR new.id < 4294967296 BEGIN
    SELECT RAISE(ABORT, 'a new checklist_item needs a global id (cairn_id() or cairn_keyed_id())');
END;
CREATE TRIGGER reflection_prompt_global_id BEFORE INSERT ON reflection_prompt WHEN new.id IS NULL OR new.id < 4294967296 BEGIN
    SELECT RAISE(ABORT, 'a new reflection_prompt needs a global id (cairn_id() or cairn_keyed_id())');
END;
CREATE TRIGGER competency_global_id BEFORE INSERT ON competency WHEN new.id IS NULL OR new.id < 4294967296 BEGIN
    SELECT RAISE(ABORT, 'a new competency needs a global id (cairn_id() or cairn_keyed_id())');
END;
CREATE TRIGGER resource_global_id BEFORE INSERT ON resource WHEN new.id IS NULL OR new.id < 4294967296 BEGIN
    SELECT RAISE(ABORT, 'a new resource needs a global id (cairn_id() or cairn_keyed_id())');
END;
CREATE TRIGGER note_global_id BEFORE INSERT ON note WHEN new.id IS NULL OR new.id < 4294967296 BEGIN
    SELECT RAISE(ABORT, 'a new note needs a global id (cairn_id() or cairn_keyed_id())');
END;
CREATE TRIGGER tag_global_id BEFORE INSERT ON tag WHEN new.id IS NULL OR new.id < 4294967296 BEGIN
    SELECT RAISE(ABORT, 'a new tag needs a global id (cairn_id() or cairn_keyed_id())');
END;
CREATE TRIGGER assessment_global_id BEFORE INSERT ON assessment WHEN new.id IS NULL OR new.id < 4294967296 BEGIN
    SELECT RAISE(ABORT, 'a new assessment needs a global id (cairn_id() or cairn_keyed_id())');
END;
CREATE TRIGGER study_session_global_id BEFORE INSERT ON study_session WHEN new.id IS NULL OR new.id < 4294967296 BEGIN
    SELECT RAISE(ABORT, 'a new study_session needs a global id (cairn_id() or cairn_keyed_id())');
END;
CREATE TRIGGER study_break_global_id BEFORE INSERT ON study_break WHEN new.id IS NULL OR new.id < 4294967296 BEGIN
    SELECT RAISE(ABORT, 'a new study_break needs a global id (cairn_id() or cairn_keyed_id())');
END;
CREATE TRIGGER portfolio_piece_global_id BEFORE INSERT ON portfolio_piece WHEN new.id IS NULL OR new.id < 4294967296 BEGIN
    SELECT RAISE(ABORT, 'a new portfolio_piece needs a global id (cairn_id() or cairn_keyed_id())');
END;
CREATE TRIGGER piece_attachment_global_id BEFORE INSERT ON piece_attachment WHEN new.id IS NULL OR new.id < 4294967296 BEGIN
    SELECT RAISE(ABORT, 'a new piece_attachment needs a global id (cairn_id() or cairn_keyed_id())');
END;
CREATE TRIGGER contact_global_id BEFORE INSERT ON contact WHEN new.id IS NULL OR new.id < 4294967296 BEGIN
    SELECT RAISE(ABORT, 'a new contact needs a global id (cairn_id() or cairn_keyed_id())');
END;
CREATE TRIGGER interaction_global_id BEFORE INSERT ON interaction WHEN new.id IS NULL OR new.id < 4294967296 BEGIN
    SELECT RAISE(ABORT, 'a new interaction needs a global id (cairn_id() or cairn_keyed_id())');
END;
CREATE TRIGGER note_version_global_id BEFORE INSERT ON note_version WHEN new.id IS NULL OR new.id < 4294967296 BEGIN
    SELECT RAISE(ABORT, 'a new note_version needs a global id (cairn_id() or cairn_keyed_id())');
END;
