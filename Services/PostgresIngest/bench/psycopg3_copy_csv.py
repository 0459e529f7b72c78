"""A fast pure-Python variant (issue 6): psycopg 3 `COPY (SELECT …) TO STDOUT (FORMAT csv)` streamed into
pyarrow's incremental CSV reader with explicit column types, batches written to Parquet as they come (memory does
not grow with the table), with the codec our Bronze file uses. Usage: see encounters_schema.py."""
import io

import psycopg
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from encounters_schema import SCHEMA, arguments, finish


class CopyStream(io.RawIOBase):
    """A readable stream over psycopg's COPY chunks (one row each)."""

    def __init__(self, copy):
        self.copy, self.pending = copy, b""

    def readable(self):
        return True

    def readinto(self, buffer):
        want = len(buffer)
        parts, size = [self.pending] if self.pending else [], len(self.pending)
        while size < want:
            chunk = self.copy.read()
            if not chunk:
                break
            parts.append(chunk)
            size += len(chunk)
        data = b"".join(parts)
        n = min(want, len(data))
        buffer[:n] = data[:n]
        self.pending = data[n:]
        return n


url, out, expected, codec, sql = arguments()
read = pacsv.ReadOptions(column_names=SCHEMA.names, block_size=4 << 20)
convert = pacsv.ConvertOptions(column_types=SCHEMA, true_values=["t"], false_values=["f"], null_values=[""],
                               strings_can_be_null=True, quoted_strings_can_be_null=False)
rows = 0
with psycopg.connect(url) as conn:
    conn.read_only = True
    with conn.cursor() as cur, cur.copy(f"COPY ({sql}) TO STDOUT (FORMAT csv)") as copy:
        reader = pacsv.open_csv(io.BufferedReader(CopyStream(copy), 1 << 20), read_options=read,
                                convert_options=convert)
        with pq.ParquetWriter(out, SCHEMA, compression=codec) as writer:
            for batch in reader:
                writer.write_table(pa.Table.from_batches([batch]).cast(SCHEMA))
                rows += batch.num_rows
finish(f"psycopg {psycopg.__version__} COPY csv + pyarrow.csv {pa.__version__}", rows, expected)
