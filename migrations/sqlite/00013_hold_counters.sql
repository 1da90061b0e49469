-- Counters of the holds, for the statistics page (see the PostgreSQL migration of the same
-- number): the holds waiting and the sum of their placing times (parent 0), and per month of
-- becoming ready (UTC) the holds ready and the sum of their waits until ready, in seconds.
-- SQLite's triggers run per row.

-- +goose Up
-- +goose StatementBegin
CREATE TRIGGER catalog_hold_count_insert AFTER INSERT ON catalog_hold BEGIN
    INSERT INTO catalog_counter (name, parent_id, value)
        SELECT 'hold:waiting', 0, 1 WHERE NEW.status = 'w'
        UNION ALL SELECT 'hold:placed', 0, CAST(strftime('%s', NEW.placed_at) AS INTEGER) WHERE NEW.status = 'w'
        UNION ALL SELECT 'hold:ready', CAST(strftime('%Y%m', NEW.ready_at) AS INTEGER), 1 WHERE NEW.ready_at IS NOT NULL
        UNION ALL SELECT 'hold:wait', CAST(strftime('%Y%m', NEW.ready_at) AS INTEGER),
            CAST(strftime('%s', NEW.ready_at) AS INTEGER) - CAST(strftime('%s', NEW.placed_at) AS INTEGER) WHERE NEW.ready_at IS NOT NULL
        ON CONFLICT (name, parent_id) DO UPDATE SET value = value + excluded.value;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER catalog_hold_count_update AFTER UPDATE OF status, placed_at, ready_at ON catalog_hold
    WHEN OLD.status IS NOT NEW.status OR OLD.placed_at IS NOT NEW.placed_at OR OLD.ready_at IS NOT NEW.ready_at BEGIN
    INSERT INTO catalog_counter (name, parent_id, value)
        SELECT 'hold:waiting', 0, -1 WHERE OLD.status = 'w'
        UNION ALL SELECT 'hold:placed', 0, -CAST(strftime('%s', OLD.placed_at) AS INTEGER) WHERE OLD.status = 'w'
        UNION ALL SELECT 'hold:ready', CAST(strftime('%Y%m', OLD.ready_at) AS INTEGER), -1 WHERE OLD.ready_at IS NOT NULL
        UNION ALL SELECT 'hold:wait', CAST(strftime('%Y%m', OLD.ready_at) AS INTEGER),
            CAST(strftime('%s', OLD.placed_at) AS INTEGER) - CAST(strftime('%s', OLD.ready_at) AS INTEGER) WHERE OLD.ready_at IS NOT NULL
        UNION ALL SELECT 'hold:waiting', 0, 1 WHERE NEW.status = 'w'
        UNION ALL SELECT 'hold:placed', 0, CAST(strftime('%s', NEW.placed_at) AS INTEGER) WHERE NEW.status = 'w'
        UNION ALL SELECT 'hold:ready', CAST(strftime('%Y%m', NEW.ready_at) AS INTEGER), 1 WHERE NEW.ready_at IS NOT NULL
        UNION ALL SELECT 'hold:wait', CAST(strftime('%Y%m', NEW.ready_at) AS INTEGER),
            CAST(strftime('%s', NEW.ready_at) AS INTEGER) - CAST(strftime('%s', NEW.placed_at) AS INTEGER) WHERE NEW.ready_at IS NOT NULL
        ON CONFLICT (name, parent_id) DO UPDATE SET value = value + excluded.value;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER catalog_hold_count_delete AFTER DELETE ON catalog_hold BEGIN
    INSERT INTO catalog_counter (name, parent_id, value)
        SELECT 'hold:waiting', 0, -1 WHERE OLD.status = 'w'
        UNION ALL SELECT 'hold:placed', 0, -CAST(strftime('%s', OLD.placed_at) AS INTEGER) WHERE OLD.status = 'w'
        UNION ALL SELECT 'hold:ready', CAST(strftime('%Y%m', OLD.ready_at) AS INTEGER), -1 WHERE OLD.ready_at IS NOT NULL
        UNION ALL SELECT 'hold:wait', CAST(strftime('%Y%m', OLD.ready_at) AS INTEGER),
            CAST(strftime('%s', OLD.placed_at) AS INTEGER) - CAST(strftime('%s', OLD.ready_at) AS INTEGER) WHERE OLD.ready_at IS NOT NULL
        ON CONFLICT (name, parent_id) DO UPDATE SET value = value + excluded.value;
END;
-- +goose StatementEnd
INSERT INTO catalog_counter (name, parent_id, value)
    SELECT 'hold:waiting', 0, count(*) FROM catalog_hold WHERE status = 'w'
    UNION ALL SELECT 'hold:placed', 0, coalesce(sum(CAST(strftime('%s', placed_at) AS INTEGER)), 0) FROM catalog_hold WHERE status = 'w'
    UNION ALL SELECT 'hold:ready', CAST(strftime('%Y%m', ready_at) AS INTEGER), count(*) FROM catalog_hold WHERE ready_at IS NOT NULL GROUP BY 2
    UNION ALL SELECT 'hold:wait', CAST(strftime('%Y%m', ready_at) AS INTEGER),
        sum(CAST(strftime('%s', ready_at) AS INTEGER) - CAST(strftime('%s', placed_at) AS INTEGER)) FROM catalog_hold WHERE ready_at IS NOT NULL GROUP BY 2;

-- +goose Down
DELETE FROM catalog_counter WHERE name IN ('hold:waiting', 'hold:placed', 'hold:ready', 'hold:wait');
DROP TRIGGER catalog_hold_count_delete;
DROP TRIGGER catalog_hold_count_update;
DROP TRIGGER catalog_hold_count_insert;
