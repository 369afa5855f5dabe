-- The sweep of uploads no message carries (Files.sweepUnattached) finds them by age, and then asks
-- which of their storage keys other files still use before their bytes may go.
CREATE INDEX files_by_created ON files (created_at);
CREATE INDEX files_by_storage_key ON files (storage_key);
