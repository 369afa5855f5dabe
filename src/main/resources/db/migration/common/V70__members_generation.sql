-- A generation of thread membership: every write transaction that adds or removes a member moves it.
-- The writer keeps the member lists of threads across batches and drops them when the generation it
-- reads at the start of a batch (under the global write lock) is not the one they were read at, so
-- a change made by any node is seen by every other node's next batch.
INSERT INTO counters (name, value) VALUES ('members', 0);
