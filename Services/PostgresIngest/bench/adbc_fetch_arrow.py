"""The other fast Python variant (issue 6): the ADBC PostgreSQL driver (libpq, binary COPY under the hood)
`cursor.fetch_arrow_table()`, cast to our Bronze types, written to Parquet with the codec our Bronze file uses.
The whole table is held in memory. Usage: see encounters_schema.py."""
import adbc_driver_postgresql
import adbc_driver_postgresql.dbapi as dbapi
import pyarrow as pa
import pyarrow.parquet as pq

from encounters_schema import SCHEMA, arguments, finish

url, out, expected, codec, sql = arguments()
with dbapi.connect(url) as conn, conn.cursor() as cur:
    cur.execute(sql)
    table = cur.fetch_arrow_table()
table = table.cast(SCHEMA)
pq.write_table(table, out, compression=codec)
finish(f"ADBC postgresql {adbc_driver_postgresql.__version__} + pyarrow {pa.__version__}", table.num_rows, expected)
