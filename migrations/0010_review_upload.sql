-- The review upload in flight: the outbox step that started it and the file id Slack
-- gave it, so a retry after a lost answer asks Slack whether that file was shared
-- instead of uploading the document twice.
ALTER TABLE reviews ADD COLUMN upload_key text, ADD COLUMN upload_file_id text;
