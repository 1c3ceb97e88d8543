-- Flyway callback before clean (tests only: the collector never cleans). Clean drops views with DROP VIEW, which
-- TimescaleDB refuses for continuous aggregates (V9); drop them first, those built on others before those.
DROP MATERIALIZED VIEW IF EXISTS cagg_group_day;
DROP MATERIALIZED VIEW IF EXISTS cagg_group_hour;
DROP MATERIALIZED VIEW IF EXISTS cagg_instance_hour;
-- V10 keeps a V9-converted database's aggregates under these names.
DROP MATERIALIZED VIEW IF EXISTS cagg_group_day_before_v10;
DROP MATERIALIZED VIEW IF EXISTS cagg_group_hour_before_v10;
DROP MATERIALIZED VIEW IF EXISTS cagg_instance_hour_before_v10;
