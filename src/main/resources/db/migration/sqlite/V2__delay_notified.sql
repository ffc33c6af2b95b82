-- A recipient whose sender was sent a delay notice (sent once per recipient).
ALTER TABLE recipient ADD COLUMN delay_notified INTEGER NOT NULL DEFAULT 0;
