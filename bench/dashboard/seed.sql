-- A large site's catalog for the dashboard benchmark (bench/dashboard/run.sh): :items protected items, each with its
-- mobility agent, one disk in delta replication and :points_per_item complete recovery points (one disk snapshot
-- each), rows shaped as the application writes them (the entities' columns; timestamps in UTC, the server JVM's
-- zone). A mix of healths: every 25th agent silent for an hour (Critical), every 10th item's RPO past its 15-minute
-- threshold (Warning or Critical), the rest replicating with a 30 s RPO. Rerunnable: the bench rows go first.
BEGIN;
DELETE FROM recovery_point_disk WHERE recovery_point_id LIKE 'bench-%';
DELETE FROM recovery_point WHERE itemname LIKE 'bench-%';
DELETE FROM protected_disk WHERE item_name LIKE 'bench-%';
DELETE FROM protected_item WHERE name LIKE 'bench-%';
DELETE FROM mobility_agent WHERE id LIKE 'bench-%';
DELETE FROM replication_policy WHERE name = 'bench-policy';

INSERT INTO replication_policy (name, appconsistentfrequencyminutes, crashconsistentfrequencyminutes, retentionhours,
                                rpothresholdminutes)
VALUES ('bench-policy', 60, 5, 72, 15);

INSERT INTO mobility_agent (id, agentversion, biosuuid, credentialhash, hostname, lastheartbeatat, name, registeredat,
                            revoked)
SELECT 'bench-agent-' || lpad(i::text, 5, '0'), '0.1.0', NULL, repeat('0', 64), 'bench-vm-' || lpad(i::text, 5, '0'),
       (now() AT TIME ZONE 'UTC') - CASE WHEN i % 25 = 0 THEN interval '1 hour' ELSE interval '5 seconds' END,
       'bench-vm-' || lpad(i::text, 5, '0'), (now() AT TIME ZONE 'UTC') - interval '10 days', false
FROM generate_series(1, :items) AS i;

INSERT INTO protected_item (name, enabledat, agent_id, policy_name)
SELECT 'bench-vm-' || lpad(i::text, 5, '0'), (now() AT TIME ZONE 'UTC') - interval '10 days',
       'bench-agent-' || lpad(i::text, 5, '0'), 'bench-policy'
FROM generate_series(1, :items) AS i;

INSERT INTO protected_disk (id, appliedsequence, appliedsourcetime, initialpercent, path, pendingbytes, phase,
                            resynccomparedblocks, resyncdifferingblocks, resyncreported, resyncrequested, seedblobname,
                            seeded, sizebytes, uploadedsourcetime, item_name)
SELECT 'bench-disk-' || lpad(i::text, 5, '0'), 1000, (now() AT TIME ZONE 'UTC') - interval '40 seconds', 100,
       '/dev/sda', CASE WHEN i % 10 = 0 THEN 512 * 1024 * 1024 ELSE 4 * 1024 * 1024 END, 'DELTA', 0, 0, 0, 0,
       'seed-bench-disk-' || lpad(i::text, 5, '0'), false, 64::bigint * 1024 * 1024 * 1024,
       (now() AT TIME ZONE 'UTC') - CASE WHEN i % 10 = 0 THEN (10 + i % 30) * interval '1 minute'
                                         ELSE interval '30 seconds' END,
       'bench-vm-' || lpad(i::text, 5, '0')
FROM generate_series(1, :items) AS i;

-- one point every 15 minutes per item, newest 30 s ago (well inside the 72 h retention); every 4th app-consistent
INSERT INTO recovery_point (id, bookmarkid, complete, consistency, createdat, itemname, sourcetime, state)
SELECT 'bench-point-' || lpad(i::text, 5, '0') || '-' || lpad(k::text, 4, '0'),
       'bookmark-' || lpad(k::text, 4, '0'), true,
       CASE WHEN k % 4 = 0 THEN 'APP_CONSISTENT' ELSE 'CRASH_CONSISTENT' END,
       (now() AT TIME ZONE 'UTC') - k * interval '15 minutes' - interval '20 seconds',
       'bench-vm-' || lpad(i::text, 5, '0'),
       (now() AT TIME ZONE 'UTC') - k * interval '15 minutes' - interval '30 seconds', 'AVAILABLE'
FROM generate_series(1, :items) AS i, generate_series(0, :points_per_item - 1) AS k;

INSERT INTO recovery_point_disk (recovery_point_id, snapshot, disk_id)
SELECT p.id, to_char(p.createdat, 'YYYY-MM-DD"T"HH24:MI:SS.US"0Z"'), d.id
FROM recovery_point p JOIN protected_disk d ON d.item_name = p.itemname
WHERE p.id LIKE 'bench-%';
COMMIT;
ANALYZE;
SELECT (SELECT count(*) FROM protected_item WHERE name LIKE 'bench-%') AS items,
       (SELECT count(*) FROM recovery_point WHERE itemname LIKE 'bench-%') AS recovery_points;
