import pyarrow.parquet as pq, pyarrow.compute as pc, time, sys, resource, glob
path = glob.glob(sys.argv[1] + "/lake/silver/urgent_care/**/*.parquet", recursive=True)[0]
t0 = time.perf_counter()
t = pq.read_table(path)
r = {}
r["rows"] = t.num_rows >= 1
r["id_nn"] = t["uc_log_id"].null_count == 0
r["id_unique"] = pc.count_distinct(t["uc_log_id"]).as_py() == t.num_rows
r["sk_nn"] = t["patient_sk"].null_count <= 0.2 * t.num_rows
r["sk_regex"] = pc.all(pc.match_substring_regex(t["patient_sk"], "^[0-9a-f]{64}$")).as_py()
r["arr_nn"] = t["arrival_datetime"].null_count == 0
r["pair"] = pc.all(pc.greater_equal(t["departure_datetime"], t["arrival_datetime"])).as_py()
r["triage"] = pc.all(pc.is_in(t["triage_category"], value_set=__import__("pyarrow").array(["Cat 1","Cat 2","Cat 3","Cat 4","Cat 5"]))).as_py()
r["outcome"] = pc.all(pc.is_in(t["outcome"], value_set=__import__("pyarrow").array(["ADMITTED","DISCHARGED","REFERRED","LEFT_BEFORE_SEEN"]))).as_py()
r["between"] = pc.all(pc.and_(pc.greater_equal(t["arrival_to_discharge_mins"], 0), pc.less_equal(t["arrival_to_discharge_mins"], 10000))).as_py()
el = time.perf_counter() - t0
print(f"pyarrow.compute: {el:.3f}s all_pass={all(r.values())} peak_rss={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024:.0f}MiB")
