"""The ten expectations of make_snapshot.py's suite run by Great Expectations (GX Core 1.x, pandas engine) on the
same Parquet file: python great_expectations_equivalent.py ROOT (in the venv docker/local/bench.d/dq-validator.sh
installs). An ephemeral data context with a pandas data source and a Parquet asset: nothing is written to disk.
Result format BASIC (unexpected counts and percentages, as our validator reports). Prints whether every
expectation passed, the GX version and the seconds from read to result."""
import glob
import os
import sys
import time

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

import great_expectations as gx  # noqa: E402
import great_expectations.expectations as gxe  # noqa: E402

path = glob.glob(sys.argv[1] + "/lake/silver/urgent_care/**/*.parquet", recursive=True)[0]
start = time.perf_counter()
context = gx.get_context(mode="ephemeral")
asset = context.data_sources.add_pandas("bench").add_parquet_asset("urgent_care", path=path)
batch = asset.add_batch_definition_whole_dataframe("whole").get_batch()
suite = context.suites.add(gx.ExpectationSuite(name="urgent_care"))
for expectation in [
    gxe.ExpectTableRowCountToBeBetween(min_value=1),
    gxe.ExpectColumnValuesToNotBeNull(column="uc_log_id"),
    gxe.ExpectColumnValuesToBeUnique(column="uc_log_id"),
    gxe.ExpectColumnValuesToNotBeNull(column="patient_sk", mostly=0.8),
    gxe.ExpectColumnValuesToMatchRegex(column="patient_sk", regex="^[0-9a-f]{64}$"),
    gxe.ExpectColumnValuesToNotBeNull(column="arrival_datetime"),
    gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A="departure_datetime", column_B="arrival_datetime",
                                                 or_equal=True),
    gxe.ExpectColumnValuesToBeInSet(column="triage_category", value_set=["Cat 1", "Cat 2", "Cat 3", "Cat 4", "Cat 5"]),
    gxe.ExpectColumnValuesToBeInSet(column="outcome",
                                    value_set=["ADMITTED", "DISCHARGED", "REFERRED", "LEFT_BEFORE_SEEN"]),
    gxe.ExpectColumnValuesToBeBetween(column="arrival_to_discharge_mins", min_value=0, max_value=10000),
]:
    suite.add_expectation(expectation)
result = batch.validate(suite, result_format="BASIC")
elapsed = time.perf_counter() - start
checks = [r.success for r in result.results]
failed = [r.expectation_config.type for r in result.results if not r.success]
print(f"great_expectations {gx.__version__}: {elapsed:.3f}s all_pass={result.success and len(checks) == 10 and all(checks)}"
      f" checks={len(checks)}" + (f" failed={failed}" if failed else ""))
