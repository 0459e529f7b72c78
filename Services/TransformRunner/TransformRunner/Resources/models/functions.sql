-- Helper functions created in every run schema before the models run (dropped with the schema).
-- Casts never fail a whole statement and never truncate: an unparsable value becomes NULL, and the
-- staging models turn "non-blank text that did not parse" into a reject reason.

CREATE FUNCTION is_blank(v text) RETURNS boolean LANGUAGE sql IMMUTABLE AS
$$ SELECT $1 IS NULL OR btrim($1) = '' $$;

-- True when a non-blank value failed to parse.
CREATE FUNCTION bad(v text, parsed anyelement) RETURNS boolean LANGUAGE sql IMMUTABLE AS
$$ SELECT NOT is_blank($1) AND $2 IS NULL $$;

CREATE FUNCTION clean_text(v text) RETURNS text LANGUAGE sql IMMUTABLE AS
$$ SELECT nullif(btrim($1), '') $$;

-- Integers, also written as float text by CSV exporters ("474.0" is 474, never 4740).
CREATE FUNCTION try_bigint(v text) RETURNS bigint LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE t text := btrim(v);
BEGIN
    IF t IS NULL OR t = '' THEN RETURN NULL; END IF;
    IF t ~ '^[+-]?[0-9]+$' THEN RETURN t::bigint; END IF;
    IF t ~ '^[+-]?[0-9]+\.0*$' THEN RETURN split_part(t, '.', 1)::bigint; END IF;
    RETURN NULL;
EXCEPTION WHEN numeric_value_out_of_range THEN RETURN NULL;
END $$;

CREATE FUNCTION try_int(v text) RETURNS integer LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN try_bigint(v)::integer;
EXCEPTION WHEN numeric_value_out_of_range THEN RETURN NULL;
END $$;

-- Date-only values: YYYY-MM-DD, optionally with a midnight time; any other time of day is rejected, not dropped.
CREATE FUNCTION try_date(v text) RETURNS date LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE t text := btrim(v);
BEGIN
    IF t IS NULL OR t = '' THEN RETURN NULL; END IF;
    IF t ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T]00:00(:00(\.0+)?)?)?$' THEN RETURN left(t, 10)::date; END IF;
    IF t ~ '^[0-9]{8}$' THEN RETURN to_date(t, 'YYYYMMDD'); END IF;
    RETURN NULL;
EXCEPTION WHEN others THEN RETURN NULL;
END $$;

-- Wall-clock timestamps (no zone): YYYY-MM-DD[ HH:MM[:SS[.ffffff]]].
CREATE FUNCTION try_timestamp(v text) RETURNS timestamp LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE t text := btrim(v);
BEGIN
    IF t IS NULL OR t = '' THEN RETURN NULL; END IF;
    IF t ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?)?$' THEN
        RETURN replace(t, 'T', ' ')::timestamp;
    END IF;
    RETURN NULL;
EXCEPTION WHEN others THEN RETURN NULL;
END $$;

CREATE FUNCTION try_bool(v text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE lower(btrim($1))
        WHEN 'true' THEN true WHEN 't' THEN true WHEN '1' THEN true WHEN 'yes' THEN true WHEN 'y' THEN true
        WHEN 'false' THEN false WHEN 'f' THEN false WHEN '0' THEN false WHEN 'no' THEN false WHEN 'n' THEN false
    END
$$;

-- Europe/London wall clock -> UTC instant. PostgreSQL's rules at the DST edges (documented in the README):
-- a time in the spring-forward gap (e.g. 2025-03-30 01:30) is read with the offset before the change (GMT),
-- and an ambiguous time in the autumn overlap (2025-10-26 01:30) is read as the later, GMT occurrence.
CREATE FUNCTION london_to_utc(ts timestamp) RETURNS timestamptz LANGUAGE sql IMMUTABLE AS
$$ SELECT $1 AT TIME ZONE 'Europe/London' $$;

-- The Europe/London calendar date / first day of the month of an instant.
CREATE FUNCTION london_date(ts timestamptz) RETURNS date LANGUAGE sql IMMUTABLE AS
$$ SELECT ($1 AT TIME ZONE 'Europe/London')::date $$;

CREATE FUNCTION london_month(ts timestamptz) RETURNS date LANGUAGE sql IMMUTABLE AS
$$ SELECT date_trunc('month', $1 AT TIME ZONE 'Europe/London')::date $$;

-- Whole elapsed minutes between two instants.
CREATE FUNCTION minutes_between(a timestamptz, b timestamptz) RETURNS integer LANGUAGE sql IMMUTABLE AS
$$ SELECT floor(extract(epoch FROM ($2 - $1)) / 60)::integer $$;
