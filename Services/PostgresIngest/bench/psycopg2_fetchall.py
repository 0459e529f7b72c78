"""The issue's reference approach (issue 6): psycopg2 `cursor.fetchall()` of the day's encounter rows, a pyarrow
table built from the Python tuples with explicit types, written to Parquet with the codec our Bronze file uses.
Everything is held in memory at once, as that approach does. Usage: see encounters_schema.py."""
import psycopg2
import pyarrow as pa
import pyarrow.parquet as pq

from encounters_schema import SCHEMA, arguments, finish

url, out, expected, codec, sql = arguments()
conn = psycopg2.connect(url)
conn.set_session(readonly=True)
with conn.cursor() as cur:
    cur.execute(sql)
    rows = cur.fetchall()
conn.close()
columns = list(zip(*rows)) if rows else [()] * len(SCHEMA)
table = pa.Table.from_arrays([pa.array(c, type=f.type) for c, f in zip(columns, SCHEMA)], schema=SCHEMA)
pq.write_table(table, out, compression=codec)
finish(f"psycopg2 {psycopg2.__version__.split()[0]} fetchall + pyarrow {pa.__version__}", table.num_rows, expected)
