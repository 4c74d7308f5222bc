#!/usr/bin/env bash
# Classification benchmark: a 200-table schema in PostgreSQL on localhost, classified through the
# API of a running Coffer with default sampling. Prints the wall time of the job and its counts.
#
#   bench/classification/classify-200-tables.sh http://127.0.0.1:8080 DATA_DIR/bootstrap-credentials.json
#
# Needs psql, curl and python3, PostgreSQL on 127.0.0.1:5432 (user postgres, trust; override with
# PGHOST, PGPORT, PGUSER, PGPASSWORD) and a Coffer server with a column classifier. The database
# coffer_bench_classify_<random> is created, filled (TABLES tables x 8 columns x ROWS rows, default
# 200 x 5000 = 1,000,000 rows, ANALYZEd so TABLESAMPLE is sized from real estimates) and dropped
# at the end. SERVER_PID=<pid of the Coffer server> (same machine) also prints the CPU time the
# server used during the job, and the CPU time of all PostgreSQL processes (other sessions included),
# which hold on a machine shared with other work where the wall time does not.
set -euo pipefail

BASE=${1:?usage: $0 COFFER_URL BOOTSTRAP_CREDENTIALS_JSON}
CREDS=${2:?usage: $0 COFFER_URL BOOTSTRAP_CREDENTIALS_JSON}
TABLES=${TABLES:-200}
ROWS=${ROWS:-5000}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
DB=coffer_bench_classify_$(python3 -c 'import uuid; print(uuid.uuid4().hex[:10])')
TOKEN=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["bearer_token"])' "$CREDS")
AUTH="Authorization: Bearer $TOKEN"

cleanup() { psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true; }
trap cleanup EXIT

echo "Loading $TABLES tables x $ROWS rows into $DB ..."
psql -q -d postgres -c "CREATE DATABASE $DB"
psql -q -d "$DB" -v ON_ERROR_STOP=1 >/dev/null <<SQL
CREATE SCHEMA bench;
DO \$\$
BEGIN
  FOR t IN 1..$TABLES LOOP
    EXECUTE format('CREATE TABLE bench.t%s (id INT PRIMARY KEY, email TEXT, phone TEXT, ssn TEXT, card TEXT,
                    notes TEXT, amount NUMERIC(10,2), created_on DATE)', t);
    EXECUTE format('INSERT INTO bench.t%s SELECT g, ''user'' || g || ''@example.com'', ''+1 415 555 '' || lpad((g %% 10000)::text, 4, ''0''),
                    lpad((100 + g %% 800)::text, 3, ''0'') || ''-'' || lpad((10 + g %% 89)::text, 2, ''0'') || ''-'' || lpad((1000 + g %% 9000)::text, 4, ''0''),
                    (ARRAY[''4111 1111 1111 1111'', ''5500-0000-0000-0004'', ''378282246310005''])[1 + g %% 3],
                    ''order '' || g || '' shipped'', g * 0.07, DATE ''2024-01-01'' + g %% 365
                    FROM generate_series(1, $ROWS) g', t);
  END LOOP;
END
\$\$;
ANALYZE;
SQL

DS=$(curl -sf -H "$AUTH" -H 'Content-Type: application/json' -X POST "$BASE/api/v1/data-sources" \
  -d "{\"name\": \"$DB\", \"type\": \"postgresql\", \"jdbc_url\": \"jdbc:postgresql://$PGHOST:$PGPORT/$DB\", \"username\": \"$PGUSER\", \"password\": \"${PGPASSWORD:-}\"}" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
SETTING=$(curl -sf -H "$AUTH" "$BASE/api/v1/settings" | python3 -c 'import json,sys
d = json.load(sys.stdin); items = d["data"] if isinstance(d, dict) and "data" in d else d
print(next((s["value"] for s in items if s["name"] == "classification.max_parallel_tables"), "?"))' || echo "?")

# CPU seconds (user + system) of a process from /proc; with "children", plus that of its exited children
cpu_of() {
  [ -n "${1:-}" ] && [ -r "/proc/$1/stat" ] || { echo 0; return; }
  awk -v hz="$(getconf CLK_TCK)" -v children="${2:-}" \
    '{ sub(/^.*\) /, ""); print ($12 + $13 + (children ? $14 + $15 : 0)) / hz }' "/proc/$1/stat"
}
# all of PostgreSQL: the postmaster with its exited backends, and the live backends
cpu_pg() {
  local main total=0
  main=$(pgrep -o -x postgres 2>/dev/null || true)
  for p in $(pgrep -x postgres 2>/dev/null); do
    total=$(python3 -c "print($total + $(cpu_of "$p" "$([ "$p" = "$main" ] && echo 1)"))")
  done
  echo "$total"
}
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
CPU_START=$(cpu_of "${SERVER_PID:-}"); PG_START=$(cpu_pg)
START=$(date +%s.%N)
JOB=$(curl -sf -H "$AUTH" -H 'Content-Type: application/json' -X POST "$BASE/api/v1/data-sources/$DS/classifications" \
  -d '{"scope": {"schemas": ["bench"]}}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
while true; do
  STATUS=$(curl -sf -H "$AUTH" "$BASE/api/v1/jobs/$JOB" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')
  case $STATUS in succeeded|failed|cancelled) break ;; esac
  sleep 0.2
done
END=$(date +%s.%N)
CPU_END=$(cpu_of "${SERVER_PID:-}"); PG_END=$(cpu_pg)
curl -sf -H "$AUTH" "$BASE/api/v1/jobs/$JOB" | python3 -c '
import json, sys
job = json.load(sys.stdin); r = job.get("result") or {}
print("status", job["status"], "| tables scanned", r.get("tables_scanned"), "failed", r.get("tables_failed"),
      "| columns", r.get("columns_classified"), "sensitive", r.get("columns_sensitive"), "| sample_size", r.get("sample_size"))'
python3 -c "import sys; print(f'classified $TABLES tables in {float(sys.argv[2]) - float(sys.argv[1]):.1f} s (API submit to job end; max_parallel_tables=$SETTING)')" "$START" "$END"
if [ -n "${SERVER_PID:-}" ]; then
  python3 -c "import sys; a = [float(x) for x in sys.argv[1:5]]; print(f'CPU during the job: server {a[1] - a[0]:.1f} s, all postgres processes {a[3] - a[2]:.1f} s')" \
    "$CPU_START" "$CPU_END" "$PG_START" "$PG_END"
fi
echo "load average at the start: $LOAD_START, at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
curl -sf -H "$AUTH" -X DELETE "$BASE/api/v1/data-sources/$DS" >/dev/null
