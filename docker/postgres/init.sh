#!/usr/bin/env bash
# Creates the Trust's databases and the pipeline's roles in the compose PostgreSQL (first start only).
# Passwords come from the mounted secrets folder (docker/compose-secrets/generate writes them).
set -euo pipefail
secrets=/run/secrets/northshire
psql -v ON_ERROR_STOP=1 --username postgres <<SQL
CREATE ROLE trust_owner LOGIN CREATEDB PASSWORD '$(cat "$secrets/pg-trust-owner")';
CREATE ROLE pipeline_reader LOGIN PASSWORD '$(cat "$secrets/pg-pipeline-reader")';
CREATE ROLE warehouse LOGIN PASSWORD '$(cat "$secrets/pg-warehouse")';
CREATE DATABASE ehr OWNER trust_owner;
CREATE DATABASE urgent_care OWNER trust_owner;
CREATE DATABASE warehouse OWNER warehouse;
REVOKE ALL ON DATABASE ehr, urgent_care FROM PUBLIC;
GRANT CONNECT ON DATABASE ehr, urgent_care TO pipeline_reader;
SQL
