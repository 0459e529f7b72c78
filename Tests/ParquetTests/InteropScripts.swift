/// Python programs the interop tests run. Each prints JSON with values in the canonical encoding of the testdata
/// README (ints exact, floats as numbers or "NaN"/"Infinity"/"-Infinity", binary as hex, decimals as strings with
/// all scale digits, dates as days, timestamps as integer ticks).
enum InteropScripts {
    /// argv: parquet path, JSON list of [name, kind]. Reads the file with pyarrow and DuckDB.
    static let readWithPyArrowAndDuckDB = #"""
import sys, json, math, datetime
import pyarrow as pa, pyarrow.parquet as pq, pyarrow.compute as pc
import duckdb

path = sys.argv[1]
spec = json.loads(sys.argv[2])

def canon(kind, v):
    if v is None:
        return None
    if kind == "float":
        if math.isnan(v): return "NaN"
        if math.isinf(v): return "Infinity" if v > 0 else "-Infinity"
        return float(v)
    if kind == "binary":
        return bytes(v).hex()
    if kind == "decimal":
        return format(v, "f")
    return v

table = pq.read_table(path)
pf = pq.ParquetFile(path)
out = {"pyarrow": {"types": {}, "columns": {}}, "duckdb": {"columns": {}},
       "num_row_groups": pf.metadata.num_row_groups, "created_by": pf.metadata.created_by, "stats": {}}
for name, kind in spec:
    col = table.column(name)
    out["pyarrow"]["types"][name] = str(col.type)
    if kind in ("ts_us", "ts_ms"):
        values = col.cast(pa.int64()).to_pylist()
    elif kind == "date":
        values = col.cast(pa.int32()).to_pylist()
    else:
        values = col.to_pylist()
    out["pyarrow"]["columns"][name] = [canon(kind, v) for v in values]
    i = pf.schema_arrow.get_field_index(name)
    st = pf.metadata.row_group(0).column(i).statistics if pf.metadata.num_row_groups > 0 else None
    entry = {"null_count": st.null_count if st is not None else None, "has_min_max": bool(st is not None and st.has_min_max)}
    if st is not None and st.has_min_max and kind in ("int", "date", "ts_us", "ts_ms", "string"):
        entry["min"] = st.min_raw if kind != "string" else st.min_raw
        entry["max"] = st.max_raw if kind != "string" else st.max_raw
        if isinstance(entry["min"], bytes):
            entry["min"] = entry["min"].decode("utf-8"); entry["max"] = entry["max"].decode("utf-8")
    out["stats"][name] = entry

con = duckdb.connect()
exprs = []
for name, kind in spec:
    q = '"' + name + '"'
    if kind == "date": exprs.append(f"CAST({q} - DATE '1970-01-01' AS BIGINT)")
    elif kind == "ts_us": exprs.append(f"epoch_us({q})")
    elif kind == "ts_ms": exprs.append(f"epoch_ms({q})")
    elif kind == "decimal": exprs.append(f"CAST({q} AS VARCHAR)")
    elif kind == "binary": exprs.append(f"lower(hex({q}))")
    else: exprs.append(q)
rows = con.execute("SELECT " + ", ".join(exprs) + " FROM read_parquet(?)", [path]).fetchall()
for j, (name, kind) in enumerate(spec):
    vals = []
    for r in rows:
        v = r[j]
        if kind == "float" and v is not None:
            v = canon("float", v)
        elif kind == "binary" and v is not None:
            v = v
        vals.append(v)
    out["duckdb"]["columns"][name] = vals
print(json.dumps(out))
"""#

    /// argv: output path, compression, data page version, use_dictionary ("1"/"0"). Writes a table with pyarrow and
    /// prints its values canonically.
    static let writeWithPyArrow = #"""
import sys, json, math, random, decimal, datetime
import pyarrow as pa, pyarrow.parquet as pq

path, compression, page_version, use_dict = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1"
rng = random.Random(20260611)
n = 5000
def maybe(v, p=0.15):
    return None if rng.random() < p else v
words = ["alpha", "beta", "gamma", "Zulu", "émile", "naïve", "🩺 stethoscope", "", "x" * 100]
cols = {
    "id": pa.array(list(range(-2500, 2500)), pa.int64()),
    "i32": pa.array([maybe(rng.randint(-2**31, 2**31 - 1)) for _ in range(n)], pa.int32()),
    "i64": pa.array([maybe(rng.choice([0, -1, 2**63 - 1, -2**63, rng.randint(-10**12, 10**12)])) for _ in range(n)], pa.int64()),
    "f32": pa.array([maybe(rng.choice([0.5, -0.0, float("inf"), rng.uniform(-1e6, 1e6)])) for _ in range(n)], pa.float32()),
    "f64": pa.array([maybe(rng.choice([float("nan"), -0.0, 1e-310, rng.uniform(-1e9, 1e9)])) for _ in range(n)], pa.float64()),
    "flag": pa.array([maybe(rng.random() < 0.5) for _ in range(n)], pa.bool_()),
    "s": pa.array([maybe(rng.choice(words)) for _ in range(n)], pa.string()),
    "s_unique": pa.array([maybe("row-%d-%x" % (i, rng.getrandbits(40))) for i in range(n)], pa.string()),
    "bin": pa.array([maybe(bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 12)))) for _ in range(n)], pa.binary()),
    "d": pa.array([maybe(rng.randint(-719162, 2932896)) for _ in range(n)], pa.int32()).cast(pa.date32()),
    "ts_us": pa.array([maybe(rng.randint(-2**52, 2**52)) for _ in range(n)], pa.int64()).cast(pa.timestamp("us", tz="UTC")),
    "ts_ms": pa.array([maybe(rng.randint(-2**40, 2**40)) for _ in range(n)], pa.int64()).cast(pa.timestamp("ms")),
    "dec9": pa.array([maybe(decimal.Decimal(rng.randint(-10**9 + 1, 10**9 - 1)).scaleb(-2)) for _ in range(n)], pa.decimal128(9, 2)),
    "dec18": pa.array([maybe(decimal.Decimal(rng.randint(-10**18 + 1, 10**18 - 1)).scaleb(-4)) for _ in range(n)], pa.decimal128(18, 4)),
    "dec30": pa.array([maybe(decimal.Decimal(rng.randint(-10**30 + 1, 10**30 - 1)).scaleb(-5)) for _ in range(n)], pa.decimal128(30, 5)),
}
table = pa.table(cols)
fields = [f.with_nullable(f.name != "id") for f in table.schema]
table = table.cast(pa.schema(fields))
pq.write_table(table, path, compression=compression, data_page_version=page_version, use_dictionary=use_dict,
               row_group_size=2000, data_page_size=8192, dictionary_pagesize_limit=4096,
               store_decimal_as_integer=(compression == "gzip"))
kinds = {"id": "int", "i32": "int", "i64": "int", "f32": "float", "f64": "float", "flag": "bool", "s": "string",
         "s_unique": "string", "bin": "binary", "d": "date", "ts_us": "ts_us", "ts_ms": "ts_ms",
         "dec9": "decimal", "dec18": "decimal", "dec30": "decimal"}
def canon(kind, v):
    if v is None: return None
    if kind == "float":
        if math.isnan(v): return "NaN"
        if math.isinf(v): return "Infinity" if v > 0 else "-Infinity"
        return float(v)
    if kind == "binary": return v.hex()
    if kind == "decimal": return format(v, "f")
    return v
out = {"kinds": kinds, "columns": {}}
for name, kind in kinds.items():
    col = table.column(name)
    if kind in ("ts_us", "ts_ms"): values = col.cast(pa.int64()).to_pylist()
    elif kind == "date": values = col.cast(pa.int32()).to_pylist()
    else: values = col.to_pylist()
    out["columns"][name] = [canon(kind, v) for v in values]
print(json.dumps(out))
"""#
}
