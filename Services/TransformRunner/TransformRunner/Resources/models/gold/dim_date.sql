-- materialized: table
-- unique_key: date_sk
-- One row per calendar day 2020-01-01 .. 2030-12-31; day_of_week 0 = Sunday .. 6 = Saturday.
SELECT
    to_char(d, 'YYYYMMDD')::integer AS date_sk,
    d::date AS calendar_date,
    extract(year FROM d)::integer AS year,
    extract(month FROM d)::integer AS month,
    extract(quarter FROM d)::integer AS quarter,
    to_char(d, 'YYYY-MM') AS year_month,
    to_char(d, 'Mon YYYY') AS month_label,
    extract(dow FROM d)::integer AS day_of_week,
    extract(dow FROM d) IN (0, 6) AS is_weekend
FROM generate_series(timestamp '2020-01-01', timestamp '2030-12-31', interval '1 day') AS g(d)
