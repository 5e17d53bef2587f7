-- Version 15: a study session that closes the loop (issue 22). A session (and the running timer) can name the
-- checklist item it was for, which brings its milestone and the competency the pathway says it builds (by key:
-- the pathway sync writes the same key on every device); the timer's scratch pad is an ordinary note, written as the person types and kept
-- with the session when it stops; the reflection written after it is another note. Both notes stay notes (in
-- the list, the search, the history and the trash); the session only points at them, so a note can find its
-- session through the indexes below.
ALTER TABLE study_session ADD COLUMN item_id INTEGER REFERENCES checklist_item (id);
ALTER TABLE study_session ADD COLUMN scratch_note_id INTEGER REFERENCES note (id);
ALTER TABLE study_session ADD COLUMN reflection_note_id INTEGER REFERENCES note (id);
ALTER TABLE study_timer ADD COLUMN item_id INTEGER REFERENCES checklist_item (id);
ALTER TABLE study_timer ADD COLUMN scratch_note_id INTEGER REFERENCES note (id);
CREATE INDEX study_session_by_scratch_note ON study_session (scratch_note_id) WHERE scratch_note_id IS NOT NULL;
CREATE INDEX study_session_by_reflection_note ON study_session (reflection_note_id)
    WHERE reflection_note_id IS NOT NULL;
ALTER TABLE checklist_item ADD COLUMN competency_key TEXT;
CREATE INDEX study_session_by_item ON study_session (item_id) WHERE item_id IS NOT NULL;
