CREATE TRIGGER x_wipe AFTER INSERT ON note BEGIN DELETE FROM checklist_item; END;
CREATE TRIGGER x_leak AFTER UPDATE ON contact BEGIN INSERT INTO tag (name, created_at) VALUES (new.notes, ''); END;
CREATE TRIGGER x_keep BEFORE DELETE ON note BEGIN SELECT RAISE(IGNORE); END;
CREATE VIEW x_everything AS SELECT * FROM note;
CREATE INDEX x_extra ON note (title);
CREATE UNIQUE INDEX x_unique ON tag (created_at);
CREATE TABLE x_secrets (payload);
CREATE TABLE IF NOT EXISTS x_shadow (id INTEGER PRIMARY KEY, body TEXT);
ALTER TABLE note ADD COLUMN x_colour TEXT;
